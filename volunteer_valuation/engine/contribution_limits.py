# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The limits of a contribution's days and hours, written once.

Pure Python, no Odoo import. The model's constraints, the volunteering space, the
declaration API, the batch wizard and the Bénévalibre import all check these limits
with the functions below, each with its own words for its own reader; the SQL
constraints of ``volunteer.contribution`` are built from the same constants.

>>> from datetime import date
>>> period_problem(date(1999, 12, 31), None, date(2026, 3, 1))
'too_early'
>>> period_problem(date(2026, 2, 1), date(2026, 1, 31), date(2026, 3, 1))
'end_before_start'
>>> period_days(date(2026, 2, 1), date(2026, 2, 3)), max_hours(3, people=2)
(3, 144)
"""

from datetime import date

EARLIEST_DATE = date(2000, 1, 1)
HOURS_PER_DAY = 24

TOO_EARLY = "too_early"
IN_FUTURE = "in_future"
END_BEFORE_START = "end_before_start"


def period_problem(day, day_end, today):
    """The first limit the period from ``day`` to ``day_end`` (or None) breaks, or None.

    Time is declared once given (nothing after ``today``), from 1 January 2000 on, and
    a period cannot end before it starts.
    """
    if day < EARLIEST_DATE:
        return TOO_EARLY
    if max(day, day_end or day) > today:
        return IN_FUTURE
    if day_end and day_end < day:
        return END_BEFORE_START
    return None


def period_days(day, day_end=None):
    """How many days the period covers, both ends included."""
    return ((day_end or day) - day).days + 1


def max_hours(days=1, people=1):
    """The most hours ``people`` can give in ``days``: 24 hours a day each."""
    return HOURS_PER_DAY * days * people
