# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""CEC thresholds: 200 h in the year, of which 100 h in one association (parameters)."""

import pytest
from addon_source import load_pure_module

cec = load_pure_module("volunteer_valuation/engine/cec.py")
LAW = cec.Thresholds()
A, B, C = 1, 2, 3


def test_default_thresholds_are_the_law():
    assert (LAW.year_hours, LAW.structure_hours) == (200, 100)


@pytest.mark.parametrize("year, structure", [(0, 100), (200, 0), (-1, -1), (100, 150)])
def test_bad_thresholds_refused(year, structure):
    with pytest.raises(ValueError):
        cec.Thresholds(year, structure)


@pytest.mark.parametrize("rows, eligible, reasons", [
    ([(10, A, 120), (10, B, 90)], True, ()),
    ([(10, A, 200)], True, ()),
    ([(10, A, 100), (10, B, 100)], True, ()),
    ([(10, A, 150)], False, (cec.REASON_YEAR,)),
    ([(10, A, 60), (10, B, 60), (10, C, 90)], False, (cec.REASON_STRUCTURE,)),
    ([(10, A, 50), (10, B, 40)], False, (cec.REASON_YEAR, cec.REASON_STRUCTURE)),
    ([(10, A, 60), (10, A, 45), (10, B, 99)], True, ()),  # rows of one structure add up
])
def test_standings(rows, eligible, reasons):
    standing = cec.standings(rows, LAW)[10]
    assert standing.eligible is eligible
    assert standing.reasons == reasons
    assert standing.total_hours == sum(row[2] for row in rows)


def test_thresholds_are_parameters():
    rows = [(10, A, 150)]
    assert not cec.standings(rows, LAW)[10].eligible
    assert cec.standings(rows, cec.Thresholds(150, 100))[10].eligible


def test_hours_are_compared_to_the_minute():
    # 600 times 20 minutes: float sums land a hair under 200.
    rows = [(10, A, 1 / 3)] * 600
    assert sum(row[2] for row in rows) != 200
    assert cec.standings(rows, LAW)[10].eligible


def test_summary_lines_per_structure_with_totals_from_everywhere():
    # Reported: only structure A (a coordinator of A), by role; totals see B too.
    rows = [(10, A, "governance", 70.0), (10, A, "supervision", 50.0), (10, A, "other", 500.0),
            (11, A, "governance", 30.0)]
    everywhere = [(10, A, 120.0), (10, B, 90.0), (11, A, 30.0), (11, B, 180.0)]
    lines = cec.summarize(rows, everywhere, LAW)
    assert [(line.partner_id, line.structure_id) for line in lines] == [(10, A), (11, A)]
    first, second = lines
    assert (first.hours, first.total_hours, first.eligible) == (120.0, 210.0, True)
    assert first.role_hours("governance") == 70.0
    assert first.role_hours("supervision") == 50.0
    assert (second.hours, second.total_hours, second.eligible) == (30.0, 210.0, True)


def test_summary_sorted_by_volunteer_then_hours():
    rows = [(10, A, "governance", 10.0), (10, B, "governance", 30.0), (9, C, "supervision", 5.0)]
    everywhere = [(10, A, 10.0), (10, B, 30.0), (9, C, 5.0)]
    lines = cec.summarize(rows, everywhere, LAW)
    assert [(line.partner_id, line.structure_id) for line in lines] == [(9, C), (10, B), (10, A)]
    assert not any(line.eligible for line in lines)


@pytest.mark.parametrize("rna, siren, missing", [
    ("W751234567", "732829320", ()),
    ("", "732829320", ("RNA",)),
    ("W751234567", None, ("SIREN",)),
    (None, "  ", ("RNA", "SIREN")),
])
def test_missing_identifiers_are_reported(rna, siren, missing):
    assert cec.missing_identifiers(rna, siren) == missing
