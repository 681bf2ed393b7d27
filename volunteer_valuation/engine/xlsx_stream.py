# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Rows of a large sheet written straight as XML into xlsxwriter's file.

Pure Python, no Odoo import. In constant-memory mode xlsxwriter writes each
row as XML to a temporary file, but it spends about ten microseconds a cell
in the checks and bookkeeping of its generic ``write_*`` calls: a year of
300 000 contributions (four million cells) took most of a minute. A sheet
whose columns each hold one kind of value can skip all of that::

    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet("Détail", worksheet_class=StreamingWorksheet)
    sheet.write_string(0, 0, "Date")                       # the header, as usual
    count = sheet.write_rows(1, rows, [date_format, None])  # then whole rows

The cells are those xlsxwriter writes itself (inline strings, numbers, dates
as serial numbers with their format), and text is always text: a value such
as ``=HYPERLINK(...)`` is never a formula.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_STRING = 32767  # characters in one cell
CHUNK_ROWS = 1000
INFINITY = float("inf")
# Cells already written, by value (labels and dates repeat); emptied when full.
CACHE_SIZE = 4096
# What a text may hold that its XML must not show as is: markup, characters that XML
# cannot hold (Excel writes them _xHHHH_), a literal "_xHHHH_" (escaped as
# "_x005F_xHHHH_"), and spaces at either end (kept by xml:space="preserve").
_SPECIAL = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\\s|\\s$")
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_LEADING, _TRAILING = re.compile(r"^\s"), re.compile(r"\s$")


def escape_text(text):
    """(attribute of the ``<t>`` element, its content) of an inline string cell of ``text``."""
    text = text[:MAX_STRING]
    if not _SPECIAL.search(text):
        return "", text
    text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    preserve = _LEADING.search(text) or _TRAILING.search(text)
    return (' xml:space="preserve"' if preserve else ""), text


def _tail(value):
    """The end of the XML of a cell of ``value``, after its reference and style."""
    if isinstance(value, str):
        attribute, text = escape_text(value)
        return f' t="inlineStr"><is><t{attribute}>{text}</t></is></c>'
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    number = excel_serial(value) if isinstance(value, date) else float(value)
    return f"><v>{number:.16G}</v></c>"


def excel_serial(value):
    """A date or a naive datetime as Excel's serial number (1900 date system)."""
    if not isinstance(value, datetime):
        return float(value.toordinal() - EXCEL_EPOCH.toordinal())
    return (value - EXCEL_EPOCH).total_seconds() / 86400


class StreamingWorksheet(Worksheet):
    """A worksheet that also takes whole rows at once (constant-memory workbooks only)."""

    def write_rows(self, first_row, rows, styles, blanks=False):
        """Write ``rows`` (sequences of values) from ``first_row`` down; return how many.

        ``styles`` gives the format of each column (None: the default one); values
        beyond the last style are left out. None and False leave the cell empty,
        with its column's format if ``blanks`` (as ``write_blank`` does). Text,
        numbers, dates and booleans are written as such. Nothing may be written
        above the last row afterwards.
        """
        if not self.constant_memory:
            raise ValueError("write_rows() needs a workbook in constant_memory mode")
        if first_row < self.previous_row or (first_row == self.previous_row and self.table):
            raise ValueError("write_rows() must start below the rows already written")
        self._write_single_row(first_row)  # flushes the row xlsxwriter still holds
        # Each cell is <c r="{column}{row}" s="{style}" ...>: the parts before and after
        # the row number are the same down a column.
        columns = [(col, f'<c r="{xl_col_to_name(col)}',
                    f'" s="{style._get_xf_index()}"' if style is not None else '"')
                   for col, style in enumerate(styles)]
        # The end of a cell after its style, by value: labels and dates repeat.
        tails, buffer = {}, []
        count = max_col = last_col = 0
        for count, values in enumerate(rows, 1):
            line = f"{first_row + count}"
            cells = []
            for (col, start, style), value in zip(columns, values, strict=False):
                kind = type(value)
                if kind is str or kind is date:
                    tail = tails.get(value)
                    if tail is None:
                        if len(tails) >= CACHE_SIZE:
                            tails.clear()
                        tail = tails[value] = _tail(value)
                    cells.append(f"{start}{line}{style}{tail}")
                elif kind is float or kind is int:
                    if not -INFINITY < value < INFINITY:
                        raise TypeError("NAN/INF not supported in a spreadsheet cell")
                    cells.append(f"{start}{line}{style}><v>{value:.16G}</v></c>")
                elif value is None or value is False:
                    if not blanks or len(style) == 1:
                        continue
                    cells.append(f"{start}{line}{style}/>")
                elif isinstance(value, bool | Decimal | date):
                    cells.append(f"{start}{line}{style}{_tail(value)}")
                else:
                    raise TypeError(f"cannot write a {kind.__name__} in a spreadsheet cell")
                last_col = col
            if cells:
                buffer.append(f'<row r="{line}">{"".join(cells)}</row>')
                if last_col > max_col:
                    max_col = last_col
            if len(buffer) >= CHUNK_ROWS:
                self.fh.write("".join(buffer))
                buffer.clear()
        self.fh.write("".join(buffer))
        if count:
            last_row = first_row + count - 1
            self._check_dimensions(last_row, max_col)
            self.previous_row = last_row
        return count
