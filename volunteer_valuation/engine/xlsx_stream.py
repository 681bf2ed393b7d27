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

:class:`FastZipWorkbook` zips the finished parts at a faster deflate level than
zlib's default: a year's detail is about 200 MB of XML, which the default level
took seconds to compress, for a file only a quarter smaller.
"""

import os
import re
import shutil
import types
import zipfile
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from xlsxwriter import workbook as xlsxwriter_workbook
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_STRING = 32767  # characters in one cell
CHUNK_ROWS = 1000
INFINITY = float("inf")
ZIP_LEVEL = 1  # zlib's fastest deflate
COPY_BUFFER = 1 << 20
# Cells already written, by value (labels, dates and numbers repeat); emptied when full.
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

    def write_rows(self, first_row, rows, styles, blanks=False, shared=()):
        """Write ``rows`` (sequences of values) from ``first_row`` down; return how many.

        ``styles`` gives the format of each column (None: the default one); values
        beyond the last style are left out. None and False leave the cell empty,
        with its column's format if ``blanks`` (as ``write_blank`` does). Text,
        numbers, dates and booleans are written as such. The text of the columns
        in ``shared`` (indexes) goes once into the workbook's shared strings, as
        Excel does, and each cell refers to it: for names repeated down a long
        sheet, not for free text (the table of shared strings stays in memory).
        Nothing may be written above the last row afterwards.
        """
        if not self.constant_memory:
            raise ValueError("write_rows() needs a workbook in constant_memory mode")
        if first_row < self.previous_row or (first_row == self.previous_row and self.table):
            raise ValueError("write_rows() must start below the rows already written")
        self._write_single_row(first_row)  # flushes the row xlsxwriter still holds
        # Each cell is <c r="{column}{row}" s="{style}" ...>: the parts before and after
        # the row number are the same down a column, and so is, for one value, all that
        # follows the row number (labels and dates repeat): each column keeps those.
        columns = [(col, f'<c r="{xl_col_to_name(col)}',
                    f'" s="{style._get_xf_index()}"' if style is not None else '"',
                    {}, col in shared)
                   for col, style in enumerate(styles)]
        strings = _SharedStrings(self.str_table)
        buffer = []
        count = max_col = last_col = 0
        for count, values in enumerate(rows, 1):
            line = f"{first_row + count}"
            cells = []
            for (col, start, style, ends, in_table), value in zip(columns, values, strict=False):
                kind = type(value)
                if kind is str or kind is date:
                    end = ends.get(value)
                    if in_table and kind is str:
                        strings.used += 1
                        if end is None:
                            end = strings.end(value, style, ends)
                    elif end is None:
                        if len(ends) >= CACHE_SIZE:
                            ends.clear()
                        end = ends[value] = style + _tail(value)
                    cells.append(f"{start}{line}{end}")
                elif kind is float or kind is int:
                    end = ends.get(value)  # hours and rates repeat too
                    if end is None:
                        if not -INFINITY < value < INFINITY:
                            raise TypeError("NAN/INF not supported in a spreadsheet cell")
                        if len(ends) >= CACHE_SIZE:
                            ends.clear()
                        end = ends[value] = f"{style}><v>{value:.16G}</v></c>"
                    cells.append(f"{start}{line}{end}")
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
        strings.count_uses()
        if count:
            last_row = first_row + count - 1
            self._check_dimensions(last_row, max_col)
            self.previous_row = last_row
        return count


    def _write_optimized_sheet_data(self):
        """xlsxwriter's own copy of the rows into the sheet's file, as bytes: it decoded
        and encoded them again as text, about a tenth of the time of a large workbook."""
        if self.dim_rowmin is None or not hasattr(self.fh, "buffer"):
            return super()._write_optimized_sheet_data()  # nothing written, or in memory
        self._xml_start_tag("sheetData")
        self.fh.flush()
        self.row_data_fh.flush()
        self.row_data_fh.seek(0)
        shutil.copyfileobj(self.row_data_fh.buffer, self.fh.buffer, COPY_BUFFER)
        self.row_data_fh.close()
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")
        return None


class _SharedStrings:
    """The cells of one ``write_rows`` call that refer to the workbook's shared strings."""

    __slots__ = ("looked_up", "table", "used")

    def __init__(self, table):
        self.table = table
        self.used = self.looked_up = 0

    def end(self, value, style, ends):
        """What follows the row number in a cell of the text ``value``: kept in ``ends``."""
        text = value[:MAX_STRING]
        if text.startswith("<r>") and text.endswith("</r>"):
            # xlsxwriter would copy it into its table as raw XML (rich text): inline,
            # and not kept, so that each such cell is taken off the count.
            self.used -= 1
            return style + _tail(text)
        self.looked_up += 1
        if len(ends) >= CACHE_SIZE:
            ends.clear()
        ends[value] = end = f'{style} t="s"><v>{self.table._get_shared_string_index(text)}</v></c>'
        return end

    def count_uses(self):
        """Count every use in the table, as xlsxwriter does (its lookups counted one each)."""
        self.table.count += self.used - self.looked_up


def _store_workbook_at(level):
    """xlsxwriter's own ``Workbook._store_workbook``, creating its ZipFile at ``level``.

    xlsxwriter takes no option for the level: its method is run as written, with
    the name ``ZipFile`` it looks up bound to a ZipFile of that level. Nothing
    global changes, so other workbooks (Odoo's own exports) keep the default.
    """
    store = xlsxwriter_workbook.Workbook._store_workbook
    names = dict(vars(xlsxwriter_workbook),
                 ZipFile=partial(zipfile.ZipFile, compresslevel=level))
    return types.FunctionType(store.__code__, names, store.__name__, store.__defaults__,
                              store.__closure__)


class FastZipWorkbook(xlsxwriter_workbook.Workbook):
    """An xlsxwriter workbook zipped at :data:`ZIP_LEVEL`: the same parts, read alike."""

    _store_workbook = _store_workbook_at(ZIP_LEVEL)
