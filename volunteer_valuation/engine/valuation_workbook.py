# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The valuation workbook (XLSX) for funders, auditors and the accounts: the drawing.

Pure Python, no Odoo import. :mod:`valuation_sheets` and :mod:`cec_sheet` say
what each sheet holds, as blocks of plain values; this module draws them with
xlsxwriter in constant-memory mode: rows go to disk as they are written, and
the detail of a year of 300 000 contributions streams through
:class:`xlsx_stream.StreamingWorksheet` without ever sitting in memory.

Every cell of the small sheets is written through
:func:`spreadsheet.write_cell`, and the detail's text as inline strings: text
stays text (a name starting with "=" never becomes a formula), numbers stay
numbers and dates stay dates.
"""

import itertools

from .cec_sheet import CecRow, CecWorkbookData, cec_sheet
from .sheet_layout import Facts, Gap, Indented, Label, Note, Period, Table, Title
from .spreadsheet import write_cell
from .valuation_figures import WorkbookData
from .valuation_sheets import workbook_sheets
from .xlsx_stream import FastZipWorkbook, StreamingWorksheet

# The API of this module: the two writers and the data they take.
__all__ = ["CecRow", "CecWorkbookData", "WorkbookData", "write_cec_workbook", "write_workbook"]

# Rows of a sheet (Excel's limit); a longer table goes on in another sheet.
ROW_LIMIT = 1_048_576
CONTINUED = "{name} ({number})"
NUMBER_FORMATS = {
    "hours": "#,##0.00",
    "fte": "#,##0.00",
    "int": "#,##0",
    "pct": "0.0%",
    "rate": "#,##0.0000",
    "date": "dd/mm/yyyy",
    "month": "[$-40C]mmmm yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}


class _Writer:
    """The formats of one xlsxwriter workbook, and the drawing of each kind of block."""

    def __init__(self, output, company, currency_symbol="€"):
        self.workbook = FastZipWorkbook(output, {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": NUMBER_FORMATS["date"],
        })
        self.workbook.set_properties({
            "title": "Valorisation du bénévolat",
            "company": company,
            "comments": "Volunteer Valuation (Odoo)",
        })
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        formats = dict(NUMBER_FORMATS)
        formats["money"] = f'#,##0.00 "{currency_symbol.replace(chr(34), "")}"'
        self.formats, self.total_formats = {}, {}
        for kind, num_format in [("text", None), *formats.items()]:
            spec = dict(base, num_format=num_format) if num_format else dict(base)
            self.formats[kind] = self.workbook.add_format(spec)
            self.total_formats[kind] = self.workbook.add_format(dict(spec, bold=True, top=1))
        # A label is text from a short list, drawn as text (see write_rows' shared strings).
        self.formats["label"], self.total_formats["label"] = (
            self.formats["text"], self.total_formats["text"])
        self.header = self.workbook.add_format(dict(
            base, bold=True, text_wrap=True, bg_color="#DCE6F1", bottom=1, valign="vcenter"))
        self.title = self.workbook.add_format(dict(base, bold=True, font_size=14))
        self.label = self.workbook.add_format(dict(base, bold=True))
        self.note = self.workbook.add_format(dict(base, italic=True))  # spills to the right
        self.indents = [self.workbook.add_format(dict(base, indent=depth, bold=depth == 0))
                        for depth in range(10)]
        self.streamed_rows = 0

    def close(self):
        self.workbook.close()

    def draw(self, sheet):
        """Add ``sheet`` to the workbook and write its blocks one under the other."""
        worksheet = self._add_sheet(sheet.name, sheet.widths)
        row = 0
        for block in sheet.blocks:
            if isinstance(block, Table) and block.streamed:
                row = self._streamed_table(sheet, worksheet, row, block)
            else:
                row = self._block(worksheet, row, block)

    def _add_sheet(self, name, widths):
        worksheet = self.workbook.add_worksheet(name, worksheet_class=StreamingWorksheet)
        for index, width in enumerate(widths):
            worksheet.set_column(index, index, width)
        return worksheet

    def _block(self, worksheet, row, block):
        """Write ``block`` from ``row``; return the first row below it."""
        if isinstance(block, Gap):
            return row + block.rows
        if isinstance(block, Title):
            write_cell(worksheet, row, 0, block.text, self.title)
        elif isinstance(block, Label):
            write_cell(worksheet, row, 0, block.text, self.label)
        elif isinstance(block, Note):
            write_cell(worksheet, row, 0, block.text, self.note)
        elif isinstance(block, Period):
            write_cell(worksheet, row, 0, "Période du", self.label)
            write_cell(worksheet, row, 1, block.date_from, self.formats["date"])
            write_cell(worksheet, row, 2, "au", self.label)
            write_cell(worksheet, row, 3, block.date_to, self.formats["date"])
        elif isinstance(block, Facts):
            for label, value, kind in block.rows:
                write_cell(worksheet, row, 0, label, self.label)
                write_cell(worksheet, row, 1, value, self.formats[kind])
                row += 1
            return row
        elif isinstance(block, Table):
            return self._table(worksheet, row, block)
        else:
            raise TypeError(f"unknown block {block!r}")
        return row + 1

    def _cells(self, worksheet, row, values, kinds, total=False):
        formats = self.total_formats if total else self.formats
        for col, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            if isinstance(value, Indented):
                write_cell(worksheet, row, col, value.text, self.indents[min(value.depth, 9)])
            else:
                write_cell(worksheet, row, col, value, formats[kind])

    def _header(self, worksheet, row, table):
        for col, column in enumerate(table.columns):
            write_cell(worksheet, row, col, column.header, self.header)
        if table.freeze is not None:
            worksheet.freeze_panes(row + 1, table.freeze)

    def _total(self, worksheet, row, table):
        """The total row of ``table`` at ``row``, if it has one; return the row below."""
        total = table.total_row()
        if total is None:
            return row
        kinds = table.total_kinds or [column.kind for column in table.columns]
        self._cells(worksheet, row, total, kinds, total=True)
        return row + 1

    def _streamed_table(self, sheet, worksheet, row, table):
        """Rows read once from an iterator. More than a sheet holds go on in
        "<name> (2)", "<name> (3)"..., each with its header; the total ends the last."""
        # Text in the default format: the widths are set, and it keeps the file small.
        styles = [None if column.kind in ("text", "label") else self.formats[column.kind]
                  for column in table.columns]
        shared = {col for col, column in enumerate(table.columns) if column.kind == "label"}
        rows, number = iter(table.rows), 1
        while True:
            self._header(worksheet, row, table)
            first = row + 1
            room = ROW_LIMIT - first - 1  # a row is kept for the total
            written = worksheet.write_rows(first, itertools.islice(rows, room), styles,
                                           shared=shared)
            self.streamed_rows += written
            row += written
            if table.autofilter:
                worksheet.autofilter(first - 1, 0, max(row, first), len(styles) - 1)
            following = next(rows, None) if written == room else None
            if following is None:
                return self._total(worksheet, row + 1, table)
            number += 1
            worksheet = self._add_sheet(CONTINUED.format(name=sheet.name, number=number),
                                        sheet.widths)
            rows, row = itertools.chain([following], rows), 0

    def _table(self, worksheet, row, table):
        kinds = [column.kind for column in table.columns]
        self._header(worksheet, row, table)
        first = row + 1
        if any(isinstance(values[0], Indented) for values in table.rows if values):
            for values in table.rows:
                row += 1
                self._cells(worksheet, row, values, kinds)
        else:  # whole rows at once: a sheet of persons has as many rows as volunteers
            row += worksheet.write_rows(
                first, table.rows, [self.formats[kind] for kind in kinds], blanks=True)
        if table.autofilter:
            worksheet.autofilter(first - 1, 0, max(row, first), len(kinds) - 1)
        return self._total(worksheet, row + 1, table)


def write_workbook(output, data):
    """Write the valuation workbook of ``data`` to ``output`` (a path or a binary file).

    Returns the number of detail rows written.
    """
    sheets = workbook_sheets(data)
    writer = _Writer(output, data.company, data.currency_symbol)
    try:
        for sheet in sheets:
            writer.draw(sheet)
    finally:
        writer.close()
    return writer.streamed_rows


def write_cec_workbook(output, data):
    """The export for the association's "valideur CEC": one line per volunteer and structure."""
    writer = _Writer(output, data.company)
    try:
        writer.draw(cec_sheet(data))
    finally:
        writer.close()
