# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The limits of a contribution's days and hours, and the names shared with Odoo,
each written once."""

import doctest
import re
from datetime import date

import pytest
from addon_source import REPO_ROOT, load_pure_module

limits = load_pure_module("volunteer_valuation/engine/contribution_limits.py")
names = load_pure_module("volunteer_valuation/engine/odoo_names.py")
TODAY = date(2026, 3, 1)
ADDONS = ("volunteer_valuation", "volunteer_valuation_currency")


def test_doctest():
    assert doctest.testmod(limits).failed == 0


@pytest.mark.parametrize("day, day_end, problem", [
    (date(2000, 1, 1), None, None),  # the first day allowed
    (date(1999, 12, 31), None, limits.TOO_EARLY),
    (date(1999, 12, 31), date(2000, 1, 2), limits.TOO_EARLY),
    (TODAY, None, None),
    (date(2026, 3, 2), None, limits.IN_FUTURE),
    (date(2026, 2, 27), date(2026, 3, 2), limits.IN_FUTURE),
    (date(2026, 2, 27), date(2026, 2, 26), limits.END_BEFORE_START),
    (date(2026, 2, 27), date(2026, 2, 27), None),
])
def test_period_problem(day, day_end, problem):
    assert limits.period_problem(day, day_end, TODAY) == problem


def test_hours_a_day():
    assert limits.period_days(date(2026, 2, 27)) == 1
    assert limits.period_days(date(2026, 2, 27), date(2026, 3, 1)) == 3
    assert limits.max_hours() == 24
    assert limits.max_hours(3) == 72
    assert limits.max_hours(2, people=5) == 240


def _business_sources():
    """The Python files of both addons, without their Odoo tests."""
    for addon in ADDONS:
        for path in sorted((REPO_ROOT / addon).rglob("*.py")):
            if "tests" not in path.relative_to(REPO_ROOT / addon).parts:
                yield path


@pytest.mark.parametrize("name", [
    "COORDINATOR_GROUP", "MANAGER_GROUP", "FTE_ANNUAL_HOURS_PARAM", "CEC_YEAR_HOURS_PARAM",
    "CEC_STRUCTURE_HOURS_PARAM", "CERFA_LINE_PARAM", "CERFA_ACCOUNT_PARAM",
    "SHOW_AMOUNT_PARAM", "PSEUDONYM_KEY_PARAM", "XLSX_MIMETYPE",
])
def test_names_written_once(name):
    """A group, setting or file type is typed in odoo_names.py only."""
    value = f'"{getattr(names, name)}"'
    found = [str(path.relative_to(REPO_ROOT)) for path in _business_sources()
             if value in path.read_text(encoding="utf-8") and path.name != "odoo_names.py"]
    assert not found, f"{name} retyped in {found}: import it from engine/odoo_names.py"


def test_date_and_day_limits_written_once():
    """The first day and the 24 hours a day live in contribution_limits.py only (the SQL
    constraints are built from them)."""
    retyped = re.compile(r"date\(2000, 1, 1\)|2000-01-01|\b24 \*|\* 24\b|> 24\b|<= 24\b")
    found = [f"{path.relative_to(REPO_ROOT)}:{number}"
             for path in _business_sources() if path.name != "contribution_limits.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if retyped.search(line.split("#")[0])]
    assert not found, f"date or day limit retyped in {found}"
