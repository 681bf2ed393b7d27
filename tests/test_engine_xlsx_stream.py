# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Whole rows written as XML: the same cells as xlsxwriter's own, text always text."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from addon_source import load_pure_module
from xlsxwriter.worksheet import Worksheet

stream = load_pure_module("volunteer_valuation/engine/xlsx_stream.py")

# Texts as a spreadsheet program reads them back (openpyxl does not decode Excel's
# _xHHHH_ escapes of control characters: those are compared as XML only).
READABLE = [
    "plain", "=SUM(A1:A9)", "+33 6 12 34 56 78", "@cmd", "-1", " leading", "trailing\t",
    "a & b < c > d \"quoted\"", "_x00zz_ not hex", "émoji 🙂 et accents",
]
TEXTS = [*READABLE, "bell\x07 and nul\x00", "_x0041_ literal", "non\ufffecharacter\uffff",
         "", "x" * 40000]
ROWS = [
    [date(2026, 1, 10), None, TEXTS[index], 3.25, 7, Decimal("12.02"), datetime(2026, 1, 10, 18),
     index % 2 == 0 or None]
    for index in range(len(TEXTS))
]


def _book(fill, worksheet_class=stream.StreamingWorksheet, workbook_class=xlsxwriter.Workbook):
    output = io.BytesIO()
    workbook = workbook_class(output, {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Data", worksheet_class=worksheet_class)
    formats = [workbook.add_format({"num_format": "dd/mm/yyyy"}), None, None,
               workbook.add_format({"num_format": "#,##0.00"}), None, None,
               workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"}), None]
    sheet.write_string(0, 0, "Header")
    last = fill(sheet, formats)
    sheet.write_string(last + 1, 0, "Total")
    workbook.close()
    return output.getvalue()


def _by_xlsxwriter(sheet, formats):
    for row, values in enumerate(ROWS, 1):
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(row, col, value, formats[col])
            elif isinstance(value, bool):
                sheet.write_boolean(row, col, value, formats[col])
            elif isinstance(value, date):
                sheet.write_datetime(row, col, value, formats[col])
            else:
                sheet.write_number(row, col, value, formats[col])
    return len(ROWS)


def _by_rows(sheet, formats):
    assert sheet.write_rows(1, iter(ROWS), formats) == len(ROWS)
    return len(ROWS)


def _sheet_xml(content):
    return zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()


def test_rows_are_the_xml_xlsxwriter_writes():
    assert _sheet_xml(_book(_by_rows)) == _sheet_xml(_book(_by_xlsxwriter))


def test_markup_in_text_is_escaped():
    """xlsxwriter copies a text written "<r>...</r>" as raw XML (rich text); rows never do."""
    def fill(sheet, formats):
        return sheet.write_rows(1, [["<r><t>injected</t></r>"]], [None])

    content = _book(fill)
    assert "&lt;r&gt;&lt;t&gt;injected" in _sheet_xml(content)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Data"]
    assert sheet["A2"].value == "<r><t>injected</t></r>"


def test_text_stays_text_when_read_back():
    sheet = openpyxl.load_workbook(io.BytesIO(_book(_by_rows)))["Data"]
    for row, text in enumerate(READABLE, 2):
        cell = sheet.cell(row, 3)
        assert cell.data_type == "s" and cell.value == text, row
    assert sheet.cell(len(TEXTS) + 1, 3).value == "x" * 32767  # a cell's limit
    assert sheet["A2"].value == datetime(2026, 1, 10)
    assert sheet["A2"].number_format == "dd/mm/yyyy"
    assert sheet["G2"].value == datetime(2026, 1, 10, 18)
    assert (sheet["D2"].value, sheet["E2"].value, sheet["F2"].value) == (3.25, 7, 12.02)
    assert sheet["H2"].value is True and sheet["H3"].value is None
    assert sheet.cell(len(TEXTS) + 2, 1).value == "Total"
    assert sheet.dimensions == f"A1:H{len(TEXTS) + 2}"


def test_values_beyond_the_styles_are_left_out():
    def fill(sheet, formats):
        return sheet.write_rows(1, [["a", "b", "c"]], [None, None])

    sheet = openpyxl.load_workbook(io.BytesIO(_book(fill)))["Data"]
    assert [cell.value for cell in sheet[2]] == ["a", "b"]


def test_refusals():
    workbook = xlsxwriter.Workbook(io.BytesIO())
    sheet = workbook.add_worksheet(worksheet_class=stream.StreamingWorksheet)
    with pytest.raises(ValueError):
        sheet.write_rows(1, [[1.0]], [None])
    workbook = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    sheet = workbook.add_worksheet(worksheet_class=stream.StreamingWorksheet)
    sheet.write_string(5, 0, "written")
    with pytest.raises(ValueError):
        sheet.write_rows(2, [[1.0]], [None])
    for value in (float("nan"), float("inf"), object()):
        with pytest.raises(TypeError):
            sheet.write_rows(6, [[value]], [None])
    workbook.close()


def test_blank_cells_keep_their_format_when_asked():
    def by_xlsxwriter(sheet, formats):
        sheet.write_blank(1, 0, None, formats[0])
        sheet.write_string(1, 2, "x")
        sheet.write_blank(1, 3, None, formats[3])
        return 1

    def by_rows(sheet, formats):
        return sheet.write_rows(1, [[None, None, "x", False]], formats[:4], blanks=True)

    assert _sheet_xml(_book(by_rows)) == _sheet_xml(_book(by_xlsxwriter))


def test_sheet_file_is_the_one_xlsxwriter_makes():
    """The rows are copied into the sheet's file as bytes: the same file as xlsxwriter's."""
    assert _sheet_xml(_book(_by_xlsxwriter)) == _sheet_xml(
        _book(_by_xlsxwriter, worksheet_class=Worksheet))


# Names repeated down a column, a text xlsxwriter would take for rich text, and free text.
SHARED_ROWS = [[f"Structure {index % 3}", "<r><t>injected</t></r>" if index == 4 else "Bénévole",
                f"note {index}", index * 1.5] for index in range(8)]


def _shared(sheet, formats):
    return sheet.write_rows(1, iter(SHARED_ROWS), [None, None, None, formats[3]], shared={0, 1})


def test_shared_strings_read_back_as_inline_ones():
    def inline(sheet, formats):
        return sheet.write_rows(1, iter(SHARED_ROWS), [None, None, None, formats[3]])

    shared, inline = _book(_shared), _book(inline)
    assert _sheet_xml(shared).count('t="s"') == 15  # 8 + 7: the rich-looking text is inline
    assert "&lt;r&gt;&lt;t&gt;injected" in _sheet_xml(shared)
    read = [[cell.value for cell in row] for row in
            openpyxl.load_workbook(io.BytesIO(shared))["Data"].iter_rows()]
    assert read == [[cell.value for cell in row] for row in
                    openpyxl.load_workbook(io.BytesIO(inline))["Data"].iter_rows()]
    assert read[1:-1] == SHARED_ROWS


def test_shared_strings_are_the_table_xlsxwriter_writes():
    """Same table as xlsxwriter's own (outside constant-memory mode), counts included."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output)
    sheet = workbook.add_worksheet("Data")
    for row, values in enumerate(SHARED_ROWS, 1):
        for col in (0, 1):
            if not values[col].startswith("<r>"):
                sheet.write_string(row, col, values[col])
    workbook.close()

    def table(content):
        return zipfile.ZipFile(io.BytesIO(content)).read("xl/sharedStrings.xml")

    assert table(_book(_shared)) == table(output.getvalue())


def test_fast_zip_holds_the_same_parts():
    fast = zipfile.ZipFile(io.BytesIO(_book(_by_rows, workbook_class=stream.FastZipWorkbook)))
    usual = zipfile.ZipFile(io.BytesIO(_book(_by_rows)))
    assert fast.namelist() == usual.namelist()
    for name in usual.namelist():
        assert fast.read(name) == usual.read(name), name
        assert fast.getinfo(name).compress_type == zipfile.ZIP_DEFLATED
    # The level is applied: zlib's fastest deflate packs this sheet less tightly.
    sheet = "xl/worksheets/sheet1.xml"
    assert fast.getinfo(sheet).compress_size > usual.getinfo(sheet).compress_size
    openpyxl.load_workbook(io.BytesIO(_book(_by_rows, workbook_class=stream.FastZipWorkbook)))


def test_xlsxwriter_still_creates_its_zip_by_name():
    """FastZipWorkbook relies on xlsxwriter looking ``ZipFile`` up when it stores a workbook."""
    assert "ZipFile" in xlsxwriter.Workbook._store_workbook.__code__.co_names
