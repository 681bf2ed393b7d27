# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Totals declared by member structures: their own column in every sheet, exact totals."""

import pytest
from addon_source import load_pure_module
from valuation_sample import BREAKDOWNS, FACTS, JAN, data

fig = load_pure_module("volunteer_valuation/engine/valuation_figures.py")
sheets = load_pure_module("volunteer_valuation/engine/valuation_sheets.py")
DECLARED = "Déclaré par les structures membres"
# Section A1 (4) declares 100 h by 8 people for January, valued 1 202 by the federation.
DECLARED_FACT = fig.Fact(4, JAN, "volunteer", "declared", 100.0, 1202.0, 8, 1)


@pytest.fixture(scope="module")
def grids():
    breakdowns = {dimension: [*rows, fig.BreakdownRow(None, "declared", 100.0, 1202.0, 8, 1)]
                  for dimension, rows in BREAKDOWNS.items()}
    book = data(facts=[*FACTS, DECLARED_FACT], breakdowns=breakdowns,
                declared_people={"volunteer": 8})
    return {sheet.name: sheet.grid() for sheet in sheets.workbook_sheets(book)}


def _row(grid, label):
    return next(row for row in grid if row and row[0] == label)


def test_summary_has_its_own_line_and_total_adds_up(grids):
    grid = grids["Synthèse"]
    assert _row(grid, DECLARED)[1:6] == [100.0, 1202.0, pytest.approx(100 / 1607), 8, 1]
    total = _row(grid, "Total")
    assert total[1] == 158.0 and total[2] == pytest.approx(757.26 + 1202.0)
    header = next(row for row in grid if row and row[0] == "Type de contributeur")
    assert header[3] == DECLARED
    assert _row(grid, "Bénévoles")[1:5] == [11.5, 40.0, 100.0, 151.5]


def test_structures_sheet_rolls_declarations_up(grids):
    grid = grids["Par structure"]
    header = grid[0]
    own = header.index(f"{DECLARED} (heures propres)")
    branch = header.index(f"{DECLARED} (heures avec membres)")
    total = header.index("Heures (avec membres)")
    assert _row(grid, "Section A1")[own] == 100.0
    assert _row(grid, "Fédération")[branch] == 100.0
    assert _row(grid, "Fédération")[total] == _row(grid, "Total")[total] == 158.0


@pytest.mark.parametrize("sheet", ["Par mois", "Par projet", "Par niveau", "Par catégorie",
                                   "Par rôle"])
def test_breakdowns_have_the_column_and_add_up(grids, sheet):
    grid = grids[sheet]
    header, body, total = grid[0], grid[1:-1], grid[-1]
    column = header.index(DECLARED)
    assert total[column] == 100.0
    assert sum(row[column] for row in body) == 100.0
    assert total[header.index("Heures")] == 158.0


def test_cerfa_counts_declared_value_apart(grids):
    grid = grids["CERFA 86-87"]
    line = _row(grid, "864")
    assert line[2] == pytest.approx(739.23 + 1202.0)
    assert line[5] == pytest.approx(1202.0)
    assert _row(grid, "Bénévoles")[3] == 8
