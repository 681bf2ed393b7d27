# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The yearly survey of a member structure with no software: its lines and their keys.

Pure Python. One line per contributor type (and optionally category) with hours,
people and kilometres for a calendar year. Each line becomes an aggregate
declaration whose key is stable for the structure, year, type and category, so
sending the survey again replaces the previous figures::

    survey_ref(12, 2025, "volunteer", None)      # "survey-12-2025-volunteer"
    lines_to_send(posted, live_keys)               # blank lines out, removed ones at 0
    with_every_type(lines)                         # a line for each kind of contributor
    copied_lines(previous_year_rows)               # "copy last year"
"""

from datetime import date
from typing import NamedTuple

from .aggregate_declarations import SUPERSEDED
from .contribution_keys import CONTRIBUTOR_TYPES

LINE_KEYS = ("contributor_type", "category_id", "hours", "headcount", "distance_km")
FIGURE_KEYS = ("hours", "headcount", "distance_km")
YEARS_OFFERED = 6  # this year and the five before


class SurveyLine(NamedTuple):
    """One line of the survey as shown: texts or numbers, category id or None."""

    contributor_type: str
    category_id: int | None
    hours: float | str
    headcount: int | str
    distance_km: float | str


def survey_ref(structure_id, year, contributor_type, category_id):
    """The sender's key of a survey line: the same line of the same year replaces itself."""
    ref = f"survey-{structure_id}-{year}-{contributor_type}"
    return f"{ref}-{category_id}" if category_id else ref


def survey_prefix(structure_id, year):
    """What the keys of a structure's survey for ``year`` start with."""
    return f"survey-{structure_id}-{year}-"


def year_period(year):
    """(1 January, 31 December) of ``year``."""
    return date(year, 1, 1), date(year, 12, 31)


def offered_years(today):
    """The years the survey can be filled for, the latest first."""
    return [today.year - offset for offset in range(YEARS_OFFERED)]


def _blank(value):
    return value is None or value is False or (isinstance(value, str) and not value.strip())


def lines_to_send(lines, live_keys):
    """The lines to declare: blank lines left out, lines sent before and now left empty at 0.

    ``lines`` are dicts with :data:`LINE_KEYS`; ``live_keys`` the (type, category id)
    of the lines of the same year already declared. A line that disappears is sent
    again with nothing in it, so that it no longer counts.
    """
    kept = [line for line in lines if not all(_blank(line.get(key)) for key in FIGURE_KEYS)]
    given = {(line.get("contributor_type"), line.get("category_id") or None) for line in kept}
    emptied = [
        {"contributor_type": kind, "category_id": category, "hours": 0, "headcount": 0,
         "distance_km": 0}
        for kind, category in sorted(live_keys, key=lambda key: (key[0], key[1] or 0))
        if (kind, category) not in given
    ]
    return kept + emptied


def with_every_type(lines):
    """``lines`` with a line (blank) for each contributor type that has none of its own:
    the form always asks about every kind of contributor."""
    given = {line.contributor_type for line in lines if not line.category_id}
    blank = [SurveyLine(kind, None, "", "", "") for kind in CONTRIBUTOR_TYPES if kind not in given]
    return sorted([*lines, *blank], key=_line_order)


def _line_order(line):
    kinds = {kind: index for index, kind in enumerate(CONTRIBUTOR_TYPES)}
    return (line.category_id is not None, kinds.get(line.contributor_type, 99),
            line.category_id or 0)


class PastDeclaration(NamedTuple):
    """A declaration of the year before, as "copy last year" reads it."""

    id: int
    external_ref: str
    state: str
    date_from: date
    date_to: date
    contributor_type: str
    category_id: int | None
    hours: float
    headcount: int
    distance_km: float


def copied_lines(declarations):
    """Survey lines from the declarations of the year before, whatever their source.

    The latest version of each key that was not replaced counts; the hours and
    kilometres of several periods add up, the people do not (the same people come
    back each month): the busiest period's number is kept.
    """
    latest = {}
    for declaration in sorted(declarations, key=lambda item: item.id):
        if declaration.state != SUPERSEDED:
            latest[declaration.external_ref] = declaration
    hours, distance, people = {}, {}, {}
    for declaration in latest.values():
        key = (declaration.contributor_type, declaration.category_id or None)
        hours[key] = hours.get(key, 0.0) + declaration.hours
        distance[key] = distance.get(key, 0.0) + declaration.distance_km
        period = people.setdefault(key, {})
        span = (declaration.date_from, declaration.date_to)
        period[span] = period.get(span, 0) + declaration.headcount
    return sorted((
        SurveyLine(kind, category, round(hours[kind, category], 2),
                   max(people[kind, category].values()), round(distance[kind, category], 2))
        for kind, category in hours), key=_line_order)
