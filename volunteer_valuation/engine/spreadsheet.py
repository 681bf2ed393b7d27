# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Spreadsheet cells that stay what they are: text never becomes a formula.

Pure Python, no Odoo import. Every CSV or XLSX export of the project writes its
cells through :func:`csv_cell` or :func:`write_cell`, so a volunteer's name or
description starting with "=", "+", "-" or "@" is never run by a spreadsheet
program (formula injection).
"""

from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text):
    """Whether a spreadsheet program would read ``text`` as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A value ready for csv.writer: text that looks like a formula gets a quote."""
    if value is None or value is False:
        return ""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def write_cell(worksheet, row, col, value, cell_format=None, date_format=None):
    """Write ``value`` to an xlsxwriter worksheet with its own type.

    Text is always written as a string (never parsed as a formula), numbers as
    numbers, dates with ``date_format``, and None/False as a blank cell.
    """
    if value is None or value is False:
        return worksheet.write_blank(row, col, None, cell_format)
    if isinstance(value, bool):
        return worksheet.write_boolean(row, col, value, cell_format)
    if isinstance(value, int | float | Decimal):
        return worksheet.write_number(row, col, float(value), cell_format)
    if isinstance(value, datetime | date):
        if not isinstance(value, datetime):
            value = datetime(value.year, value.month, value.day)
        return worksheet.write_datetime(row, col, value, date_format or cell_format)
    return worksheet.write_string(row, col, str(value), cell_format)
