# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Spreadsheet cells: text stays text, numbers stay numbers, dates stay dates."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from addon_source import load_pure_module

spreadsheet = load_pure_module("volunteer_valuation/engine/spreadsheet.py")
HOSTILE = ["=1+1", "+33 6 12", "-2", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "\t=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_formula_like_text_is_quoted(text):
    buffer = io.StringIO()
    csv.writer(buffer).writerow([spreadsheet.csv_cell(text)])
    cell = next(csv.reader(io.StringIO(buffer.getvalue())))[0]
    assert cell == "'" + text


@pytest.mark.parametrize("value, expected", [
    ("Réunion", "Réunion"), (2.5, 2.5), (None, ""), (False, ""), ("a=b", "a=b"), (0, 0),
])
def test_csv_other_values_unchanged(value, expected):
    assert spreadsheet.csv_cell(value) == expected


def test_xlsx_cells_keep_their_type(tmp_path):
    path = tmp_path / "cells.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    values = [*HOSTILE, 2.5, Decimal("12.02"), 7, date(2026, 3, 2),
              datetime(2026, 3, 2, 10, 30), None, True, "Bénévole"]
    for row, value in enumerate(values):
        spreadsheet.write_cell(sheet, row, 0, value, date_format=date_format)
    workbook.close()

    cells = [row[0] for row in openpyxl.load_workbook(path).active.iter_rows()]
    for cell, text in zip(cells, HOSTILE, strict=False):
        assert cell.data_type == "s" and cell.value == text
    numbers = cells[len(HOSTILE):len(HOSTILE) + 3]
    assert [cell.value for cell in numbers] == [2.5, 12.02, 7]
    assert all(cell.data_type == "n" for cell in numbers)
    assert cells[len(HOSTILE) + 3].value == datetime(2026, 3, 2)
    assert cells[len(HOSTILE) + 3].number_format == "dd/mm/yyyy"
    assert cells[len(HOSTILE) + 4].value == datetime(2026, 3, 2, 10, 30)
    assert cells[len(HOSTILE) + 5].value is None
    assert cells[len(HOSTILE) + 6].value is True
    assert cells[len(HOSTILE) + 7].value == "Bénévole"
