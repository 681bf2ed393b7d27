# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Aggregate declarations of member structures: checking an entry, superseding, totals.

Pure Python. A member structure (in another database, on a yearly form, or by
API) declares totals for a period; the federation keeps one live version per
``(structure, external_ref)``. The model turns each :class:`Problem` into a
translated message::

    values, problems = check_entry({"structure": "W751234567", ...}, today)
    if problems: ...                       # [Problem("missing", {"key": "hours"})]
    plan = supersede_plan(live, [(12, "2025")])   # ids of versions replaced

``structure``, ``category`` and ``level`` stay as given: only the database can
say what they name.
"""

import math
from datetime import date, timedelta
from typing import NamedTuple

from .contribution_keys import CONTRIBUTOR_TYPES
from .contribution_limits import EARLIEST_DATE, max_hours

ENTRY_KEYS = frozenset({
    "structure", "date_from", "date_to", "contributor_type", "category", "level", "hours",
    "headcount", "distance_km", "amount", "external_ref",
})
REQUIRED_KEYS = ("structure", "date_from", "date_to", "contributor_type", "hours", "headcount",
                 "external_ref")
NUMBER_KEYS = ("hours", "distance_km", "amount")
MAX_NUMBER = 100_000_000  # hours, km or euros of one structure: anything above is a typo
# States of a declaration; only accepted ones count, only live ones can be superseded.
SUBMITTED, ACCEPTED, REJECTED, SUPERSEDED = "submitted", "accepted", "rejected", "superseded"
LIVE_STATES = (SUBMITTED, ACCEPTED)


class Problem(NamedTuple):
    """What is wrong in an entry: a code the model translates, and its values."""

    code: str
    params: dict


def _empty(value):
    """Not given (0 is a figure, not an absence)."""
    return value is None or value is False or (isinstance(value, str) and not value.strip())


def _number(value):
    """A finite number >= 0 from a number or a text such as "12,5"; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().replace(",", ".").replace("\u202f", "").replace(" ", "")
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and 0 <= number <= MAX_NUMBER else None


def _day(value):
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def check_entry(entry, today):
    """(clean values, problems) of one entry; the values are usable only without problems.

    Every problem of the entry is listed, not only the first: the sender fixes
    them all at once.
    """
    if not isinstance(entry, dict):
        return {}, [Problem("not_object", {})]
    problems = []
    unknown = sorted(set(entry) - ENTRY_KEYS)
    if unknown:
        problems.append(Problem("unknown_keys", {
            "keys": ", ".join(map(str, unknown)), "known": ", ".join(sorted(ENTRY_KEYS))}))
    missing = [key for key in REQUIRED_KEYS if _empty(entry.get(key))]
    problems += [Problem("missing", {"key": key}) for key in missing]
    values = {}
    for key in ("structure", "external_ref"):
        if key not in missing:
            values[key] = str(entry[key]).strip()
    for key in ("category", "level"):
        if not _empty(entry.get(key)):
            values[key] = entry[key].strip() if isinstance(entry[key], str) else entry[key]
    for key in ("date_from", "date_to"):
        if key in missing:
            continue
        day = _day(entry[key])
        if day is None:
            problems.append(Problem("bad_date", {"key": key, "value": entry[key]}))
        elif day < EARLIEST_DATE:
            problems.append(Problem("too_old", {"key": key, "value": day.isoformat()}))
        elif key == "date_from" and day > today:
            # A period may still be running (this year so far), not start in the future.
            problems.append(Problem("future", {"key": key, "value": day.isoformat()}))
        else:
            values[key] = day
    if values.get("date_from") and values.get("date_to") and (
            values["date_to"] < values["date_from"]):
        problems.append(Problem("period_order", {}))
    kind = entry.get("contributor_type")
    if "contributor_type" not in missing:
        if kind in CONTRIBUTOR_TYPES:
            values["contributor_type"] = kind
        else:
            problems.append(Problem("bad_type", {
                "value": kind, "known": ", ".join(CONTRIBUTOR_TYPES)}))
    for key in NUMBER_KEYS:
        if key in missing or _empty(entry.get(key)):
            continue
        number = _number(entry[key])
        if number is None:
            problems.append(Problem("bad_number", {"key": key, "value": entry[key]}))
        else:
            values[key] = number
    headcount = entry.get("headcount")
    if "headcount" not in missing:
        number = _number(headcount)
        if number is None or number != int(number):
            problems.append(Problem("bad_headcount", {"value": headcount}))
        else:
            values["headcount"] = int(number)
    problems += _check_figures(values)
    return values, problems


def _check_figures(values):
    """Figures that cannot be true together: time without people, more than 24 h a day."""
    hours, people = values.get("hours"), values.get("headcount")
    if hours is None or people is None:
        return []
    if hours > 0 and people == 0:
        return [Problem("no_people", {})]
    if values.get("date_from") and values.get("date_to"):
        days = (values["date_to"] - values["date_from"]).days + 1
        if hours > max_hours(days, people=people):
            return [Problem("too_many_hours", {
                "hours": hours, "people": people, "days": days,
                "max": max_hours(days, people=people)})]
    return []


def duplicate_keys(keys):
    """Positions (0-based) of the keys already seen earlier in ``keys``."""
    seen, duplicates = set(), []
    for index, key in enumerate(keys):
        if key in seen:
            duplicates.append(index)
        seen.add(key)
    return duplicates


def supersede_plan(live, incoming):
    """Ids of the live versions replaced by ``incoming`` keys.

    ``live`` is [(id, structure id, external_ref)] of submitted or accepted
    declarations; ``incoming`` [(structure id, external_ref)] of a new sending.
    A resend replaces the previous version (kept as history): the same key is
    never counted twice.
    """
    wanted = set(incoming)
    return sorted(record_id for record_id, structure_id, ref in live
                  if (structure_id, ref) in wanted)


def periods_overlap(first_from, first_to, second_from, second_to):
    """Whether two closed date ranges share at least one day."""
    return first_from <= second_to and second_from <= first_to


class MemberTotal(NamedTuple):
    """Validated time of a member structure for a period, by type (and category)."""

    contributor_type: str
    category: str | None
    hours: float
    people: int
    distance_km: float
    amount: float


def member_entries(reference, date_from, date_to, totals, link_key):
    """The entries a member's own database sends to its federation's declare_aggregates.

    ``link_key`` tells this member's sendings apart; the external_ref of an entry
    is stable for a period, type and category, so a resend replaces the entry
    at the federation instead of adding to it.
    """
    entries = []
    for total in sorted(totals, key=lambda item: (item.contributor_type, item.category or "")):
        if not total.hours and not total.distance_km:
            continue
        entry = {
            "structure": reference, "date_from": date_from.isoformat(),
            "date_to": date_to.isoformat(), "contributor_type": total.contributor_type,
            "hours": round(total.hours, 4), "headcount": total.people,
            "distance_km": round(total.distance_km, 4), "amount": round(total.amount, 2),
            "external_ref": "/".join((link_key, date_from.isoformat(), date_to.isoformat(),
                                      total.contributor_type, total.category or "-")),
        }
        if total.category:
            entry["category"] = total.category
        entries.append(entry)
    return entries


def previous_period(today, period):
    """(first day, last day) of the last closed month or year before ``today``."""
    if period == "yearly":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    last = date(today.year, today.month, 1) - timedelta(days=1)
    return last.replace(day=1), last
