# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Entries of aggregate declarations: what is refused, what supersedes what."""

from datetime import date

import pytest
from addon_source import load_pure_module

rules = load_pure_module("volunteer_valuation/engine/aggregate_declarations.py")
TODAY = date(2026, 6, 30)


def entry(**values):
    base = {
        "structure": "W751234567", "date_from": "2025-01-01", "date_to": "2025-12-31",
        "contributor_type": "volunteer", "hours": 1200, "headcount": 35,
        "external_ref": "2025-volunteer",
    }
    base.update(values)
    return base


def codes(problems):
    return [problem.code for problem in problems]


def test_good_entry_is_cleaned():
    values, problems = rules.check_entry(
        entry(hours="1 200,5", amount="14400", category=" Events "), TODAY)
    assert problems == []
    assert values["hours"] == 1200.5
    assert values["amount"] == 14400.0
    assert values["date_from"] == date(2025, 1, 1)
    assert values["category"] == "Events"
    assert values["headcount"] == 35


@pytest.mark.parametrize("changes, code", [
    ({"hours": -1}, "bad_number"),
    ({"amount": -10}, "bad_number"),
    ({"distance_km": "far"}, "bad_number"),
    ({"hours": float("nan")}, "bad_number"),
    ({"hours": True}, "bad_number"),
    ({"headcount": 2.5}, "bad_headcount"),
    ({"headcount": -3}, "bad_headcount"),
    ({"contributor_type": "staff"}, "bad_type"),
    ({"date_from": "2025-13-01"}, "bad_date"),
    ({"date_from": "1999-12-31"}, "too_old"),
    ({"date_from": "2026-07-01", "date_to": "2026-07-31"}, "future"),
    ({"date_to": "2024-12-31"}, "period_order"),
    ({"headcount": 0}, "no_people"),
    ({"hours": 10_000, "headcount": 1, "date_to": "2025-01-31"}, "too_many_hours"),
    ({"colour": "blue"}, "unknown_keys"),
])
def test_bad_entries_are_named(changes, code):
    _values, problems = rules.check_entry(entry(**changes), TODAY)
    assert code in codes(problems)


def test_every_missing_key_is_listed():
    _values, problems = rules.check_entry({}, TODAY)
    missing = {problem.params["key"] for problem in problems if problem.code == "missing"}
    assert missing == set(rules.REQUIRED_KEYS)


def test_not_an_object():
    assert codes(rules.check_entry(["hours", 3], TODAY)[1]) == ["not_object"]


def test_running_period_may_end_later():
    _values, problems = rules.check_entry(
        entry(date_from="2026-01-01", date_to="2026-12-31"), TODAY)
    assert problems == []


def test_supersede_plan_replaces_same_key_only():
    live = [(1, 10, "2025"), (2, 10, "2024"), (3, 11, "2025")]
    assert rules.supersede_plan(live, [(10, "2025")]) == [1]
    assert rules.supersede_plan(live, [(12, "2025")]) == []


def test_duplicate_keys():
    assert rules.duplicate_keys([(1, "a"), (2, "a"), (1, "a"), (1, "b")]) == [2]


@pytest.mark.parametrize("first, second, overlap", [
    ((date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 12, 31), date(2026, 1, 5)), True),
    ((date(2025, 1, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2025, 7, 1)), False),
])
def test_periods_overlap(first, second, overlap):
    assert rules.periods_overlap(*first, *second) is overlap
