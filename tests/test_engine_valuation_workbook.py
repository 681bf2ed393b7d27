# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The valuation workbook as drawn, re-opened with openpyxl: cells, formats, streaming."""

import io
import tracemalloc
from datetime import date, datetime

import openpyxl
import pytest
from addon_source import load_pure_module
from valuation_sample import HOSTILE, data, detail_rows

cec = load_pure_module("volunteer_valuation/engine/cec.py")
sheets = load_pure_module("volunteer_valuation/engine/valuation_sheets.py")
wb = load_pure_module("volunteer_valuation/engine/valuation_workbook.py")


def _open(workbook_data):
    output = io.BytesIO()
    wb.write_workbook(output, workbook_data)
    return openpyxl.load_workbook(io.BytesIO(output.getvalue()))


def _rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def _row(sheet, label, column=0):
    """The first row whose ``column`` holds ``label``."""
    for row in sheet.iter_rows(values_only=True):
        if row[column] == label:
            return row
    raise AssertionError(f"no row {label!r} in {sheet.title}")


def _as_file(value):
    """A value of the sheet data as openpyxl reads it back (dates become datetimes)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


@pytest.fixture(scope="module")
def book():
    return _open(data())


def test_every_sheet_shows_its_figures_cell_by_cell(book):
    expected = sheets.workbook_sheets(data())
    assert book.sheetnames == [sheet.name for sheet in expected]
    for sheet in expected:
        grid = sheet.grid()
        written = _rows(book[sheet.name])
        assert len(written) == len(grid), sheet.name
        for number, (values, row) in enumerate(zip(grid, written, strict=True), 1):
            shown = list(row)
            while shown and shown[-1] is None:
                shown.pop()
            wanted = [_as_file(value) for value in values]
            while wanted and wanted[-1] is None:
                wanted.pop()
            assert shown == pytest.approx(wanted), f"{sheet.name} row {number}"


def test_structure_tree_layout(book):
    sheet = book["Par structure"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:V6"
    federation, association = sheet["A2"], sheet["A4"]
    assert (federation.value, federation.font.b, federation.alignment.indent) == (
        "Fédération", True, 0)
    assert (association.value, association.font.b, association.alignment.indent) == (
        "Association A", False, 2)
    assert sheet["A7"].value == "Total" and sheet["A7"].font.b
    assert sheet.column_dimensions["A"].width == pytest.approx(40.71, abs=0.01)


def test_month_cells_are_dates_with_french_month_format(book):
    sheet = book["Par mois"]
    cell = sheet["A2"]
    assert cell.value == datetime(2026, 1, 1)
    assert cell.number_format == "[$-40C]mmmm yyyy"
    assert sheet["G2"].number_format == '#,##0.00 "€"'
    assert book["Synthèse"]["B10"].number_format == "dd/mm/yyyy hh:mm"


def test_currency_symbol_of_the_company():
    book = _open(data(currency_symbol='F"CFA'))
    assert book["Par mois"]["G2"].number_format == '#,##0.00 "FCFA"'


def test_detail_types_and_formula_looking_text_stays_text(book):
    sheet = book["Détail"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Date", "Date de fin", "Structure", "Personne"]
    first = sheet[2]
    assert first[0].value == datetime(2026, 1, 10) and first[0].number_format == "dd/mm/yyyy"
    for cell in (first[3], first[8], first[10], sheet[3][9], sheet[3][10]):
        assert cell.data_type == "s", cell.value
    assert first[3].value == HOSTILE
    assert sheet[3][10].value == "@SUM(A1)"
    assert first[13].data_type == "n" and first[13].value == 3.0
    assert first[15].number_format == '#,##0.00 "€"'
    total = _row(sheet, "Total (3 contributions)")
    assert total[13] == 7.0 and total[16] == pytest.approx(132.22)
    assert sheet["A5"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Q4"  # no status column: validated only
    assert book["Synthèse"]["B11"].value == "=Admin"


def test_detail_status_column_when_not_only_validated():
    sheet = _open(data(states=("validated", "submitted")))["Détail"]
    assert sheet["R1"].value == "État" and sheet["R2"].value == "Validée"
    assert sheet.auto_filter.ref == "A1:R4"


def test_no_formula_anywhere(book):
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"


def _peak_memory(count):
    """Peak Python memory of writing ``count`` detail rows from a generator; the file."""
    template = detail_rows(2)[1]

    def rows():
        for index in range(count):
            yield template._replace(hours=float(index % 7), description=f"Tâche {index}")

    output = io.BytesIO()
    tracemalloc.start()
    try:
        written = wb.write_workbook(output, data(detail=rows()))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == count
    return peak - len(output.getvalue()), output


def test_detail_is_streamed_in_constant_memory():
    """Ten times more detail rows, about the same memory: rows are not kept."""
    small, _output = _peak_memory(1000)
    large, output = _peak_memory(10000)
    # Holding 10 000 rows of 17 cells would take several megabytes more.
    assert large < small + 512 * 1024, (small, large)
    sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()), read_only=True)["Détail"]
    last = next(sheet.iter_rows(min_row=10002, max_row=10002, values_only=True))
    assert last[0] == "Total (10000 contributions)"
    assert last[13] == sum(float(index % 7) for index in range(10000))


def test_cec_workbook_reports_missing_identifiers():
    lines = cec.summarize(
        [(10, 3, "governance", 120.0), (10, 5, "supervision", 90.0), (11, 5, "governance", 40.0)],
        [(10, 3, 120.0), (10, 5, 90.0), (11, 5, 40.0)], cec.Thresholds())
    names = {10: "Alice", 11: "=Bénévole AB12-CD34"}
    structures = {3: ("Association A", "W751234567", "732829320"), 5: ("Association B", "", "")}
    data_cec = wb.CecWorkbookData(
        company="Fédération", year=2026, thresholds=cec.Thresholds(),
        generated_at=datetime(2027, 1, 15, 10, 0), generated_by="Anne",
        rows=[wb.CecRow(names[line.partner_id], *structures[line.structure_id], line)
              for line in lines])
    output = io.BytesIO()
    wb.write_cec_workbook(output, data_cec)
    sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()))["CEC"]
    assert sheet["A1"].value == "Compte d'engagement citoyen — année 2026"
    assert _row(sheet, "Structures sans RNA ou SIREN")[1] == 1
    assert _row(sheet, "Établi le")[1] == datetime(2027, 1, 15, 10, 0)
    header = _rows(sheet)[7]
    assert header[8] == "Heures dans l'année (structures visibles)"
    alice_b = next(row for row in _rows(sheet) if row[0] == "Alice" and row[1] == "Association B")
    assert alice_b[2:5] == ("MANQUANT", "MANQUANT", "RNA, SIREN")
    assert alice_b[6:10] == (90.0, 90.0, 210.0, "Oui")
    other = _row(sheet, "=Bénévole AB12-CD34")
    assert other[9] == "Non" and "année" in other[10] and "même association" in other[10]
    assert sheet.freeze_panes == "B9"
    assert any("celles que vous pouvez voir" in (row[0] or "") for row in _rows(sheet))


def test_detail_longer_than_a_sheet_goes_on_in_other_sheets(monkeypatch):
    """Excel holds 1,048,576 rows a sheet: the rows go on, none is lost."""
    monkeypatch.setattr(wb, "ROW_LIMIT", 5)  # a header, three rows and a total
    rows = [row._replace(hours=float(index)) for index, row in enumerate(detail_rows(7))]
    book = _open(data(detail=iter(rows)))
    assert book.sheetnames[-3:] == ["Détail", "Détail (2)", "Détail (3)"]
    hours = []
    for name in book.sheetnames[-3:]:
        sheet = book[name]
        assert sheet["A1"].value == "Date" and sheet.freeze_panes == "A2"
        hours += [row[13] for row in _rows(sheet)[1:] if isinstance(row[0], datetime)]
    assert hours == [float(index) for index in range(7)]
    assert _rows(book["Détail (3)"])[-1][:1] == ("Total (7 contributions)",)
    assert book["Détail (3)"].auto_filter.ref == "A1:Q2"
    assert _rows(book["Détail"])[-1][0] == datetime(2026, 2, 1)  # no total before the end
