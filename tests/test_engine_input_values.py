# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Values sent by clients, checked before they reach the database."""

import doctest
from datetime import date, datetime

import pytest
from addon_source import load_pure_module

input_values = load_pure_module("volunteer_valuation/engine/input_values.py")
problem = input_values.problem


@pytest.mark.parametrize("kind, value", [
    ("char", "Food bank"), ("char", "é" * 1000), ("text", "line\nline"), ("selection", "draft"),
    ("integer", 0), ("integer", -5), ("integer", 2**31 - 1), ("many2one", 1),
    ("float", 2.5), ("float", 3), ("monetary", 0.0), ("date", date(2026, 3, 2)),
    ("date", datetime(2026, 3, 2, 10, 0)), ("date", "2026-03-02"), ("boolean", True),
    ("char", False), ("many2one", None), ("one2many", [(6, 0, [1])]),
])
def test_values_that_fit(kind, value):
    assert problem(kind, value) is None


@pytest.mark.parametrize("kind, value, code", [
    ("char", 12, "not_text"), ("char", ["a"], "not_text"), ("char", "a\x00b", "nul"),
    ("char", "x" * 1001, "too_long"), ("text", "x" * 100_001, "too_long"),
    ("integer", "3", "not_integer"), ("integer", 2.5, "not_integer"),
    ("integer", True, "not_integer"), ("integer", 2**31, "out_of_range"),
    ("integer", -(2**31) - 1, "out_of_range"), ("many2one", 0, "out_of_range"),
    ("many2one", -3, "out_of_range"), ("many2one", "7", "not_integer"),
    ("float", "2", "not_number"), ("float", True, "not_number"),
    ("float", float("nan"), "not_finite"), ("float", float("-inf"), "not_finite"),
    ("date", "02/03/2026", "not_date"), ("date", 20260302, "not_date"),
    ("date", "2026-02-30", "not_date"), ("date", "x" * 40, "not_date"),
])
def test_values_that_do_not_fit(kind, value, code):
    assert problem(kind, value) == code


def test_dates_of_year_1_and_9999_are_dates():
    """Their limits are business rules (2000 to today), checked by the models."""
    assert input_values.parse_date("0001-01-01") == date(1, 1, 1)
    assert input_values.parse_date("9999-12-31") == date(9999, 12, 31)


def test_docstring_examples():
    assert doctest.testmod(input_values).failed == 0
