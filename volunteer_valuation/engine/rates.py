# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Valuation scale: which rate line applies to a contribution, and what it is worth.

Pure Python, no Odoo import: the models gather records into these plain
objects and call the functions below.

Precedence: a line matches a contribution when its structure is the
contribution's structure or one of its ancestors (or is empty), each of its
other criteria is empty or equal, and the contribution's date lies in its
period. Among matching lines the deepest structure wins, then the line with
the most criteria set. Two lines that would tie for some contribution are a
configuration error, reported by :func:`find_ties`.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CRITERIA = ("level_id", "category_id", "contributor_type")
METHOD_FIXED = "fixed"
METHOD_WAGE = "wage"


@dataclass(frozen=True)
class RateLine:
    """One line of the valuation scale (a ``volunteer.rate``)."""

    id: int
    date_from: date
    date_to: date | None = None
    structure_id: int | None = None
    structure_depth: int = -1
    level_id: int | None = None
    category_id: int | None = None
    contributor_type: str | None = None
    method: str = METHOD_FIXED
    fixed_amount: float = 0.0
    coefficient: float = 1.0
    apply_charges: bool = False
    name: str = ""

    @property
    def criteria_count(self):
        """How many of the non-structure criteria are set."""
        return sum(1 for name in CRITERIA if getattr(self, name))

    @property
    def specificity(self):
        """Sort key of precedence: structure depth first, then criteria set."""
        return (self.structure_depth, self.criteria_count)


@dataclass(frozen=True)
class WagePeriod:
    """A reference hourly wage (such as the SMIC) in force from ``date_from``."""

    date_from: date
    hourly_amount: float
    charges_multiplier: float = 1.0


@dataclass(frozen=True)
class ContributionFacts:
    """What the scale looks at in a contribution.

    ``structure_path`` lists the contribution's structure and its ancestors.
    """

    day: date
    structure_path: frozenset = field(default_factory=frozenset)
    level_id: int | None = None
    category_id: int | None = None
    contributor_type: str | None = None


@dataclass(frozen=True)
class Valuation:
    """The outcome of valuing some hours: the line used, hourly value, amount."""

    rate: RateLine | None
    hourly_rate: Decimal
    amount: Decimal

    @property
    def found(self):
        return self.rate is not None


class RateTieError(ValueError):
    """Two lines match a contribution with the same precedence."""

    def __init__(self, first, second):
        super().__init__(first, second)
        self.first = first
        self.second = second


def line_matches(line, facts):
    """Whether a rate line applies to a contribution."""
    if facts.day < line.date_from or (line.date_to and facts.day > line.date_to):
        return False
    if line.structure_id and line.structure_id not in facts.structure_path:
        return False
    return all(
        not getattr(line, name) or getattr(line, name) == getattr(facts, name)
        for name in CRITERIA
    )


def select_rate(lines, facts):
    """Return the most specific line matching ``facts``, or None.

    Raises :class:`RateTieError` when two lines share the best precedence.
    """
    best = None
    tied = None
    for line in lines:
        if not line_matches(line, facts):
            continue
        if best is None or line.specificity > best.specificity:
            best, tied = line, None
        elif line.specificity == best.specificity:
            tied = line
    if tied is not None:
        raise RateTieError(best, tied)
    return best


def wage_in_force(wages, day):
    """The reference wage holding on ``day``: the latest one started by then."""
    current = None
    for wage in wages:
        if wage.date_from <= day and (current is None or wage.date_from > current.date_from):
            current = wage
    return current


def to_decimal(value):
    """Exact decimal of a float as typed (0.1 stays 0.1)."""
    return Decimal(str(value))


def round_money(value, digits=2):
    """Round half away from zero to ``digits`` decimals, as accountants do."""
    return to_decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def hourly_value(line, wages, day, digits=2):
    """Hourly value of ``line`` on ``day``; None when it needs a wage and none holds."""
    if line.method == METHOD_FIXED:
        return round_money(line.fixed_amount, digits)
    wage = wage_in_force(wages, day)
    if wage is None:
        return None
    value = to_decimal(line.coefficient) * to_decimal(wage.hourly_amount)
    if line.apply_charges:
        value *= to_decimal(wage.charges_multiplier)
    return round_money(value, digits)


def valuate(lines, wages, facts, hours, digits=2):
    """Value ``hours`` given on ``facts``: the line used, hourly rate and amount.

    The hourly rate is rounded to the currency first, then the amount is
    hours times that rounded rate, rounded again, so that an auditor can
    recompute every amount from the two printed figures.
    """
    zero = round_money(0, digits)
    line = select_rate(lines, facts)
    if line is None:
        return Valuation(None, zero, zero)
    rate = hourly_value(line, wages, facts.day, digits)
    if rate is None:
        return Valuation(None, zero, zero)
    return Valuation(line, rate, round_money(to_decimal(hours) * rate, digits))


def _compatible(first, second):
    """Whether some contribution could match both lines' criteria."""
    return all(
        not getattr(first, name) or not getattr(second, name)
        or getattr(first, name) == getattr(second, name)
        for name in CRITERIA
    )


def _overlap(first, second):
    """The period both lines cover, as (start, end or None), or None."""
    start = max(first.date_from, second.date_from)
    ends = [d for d in (first.date_to, second.date_to) if d]
    end = min(ends) if ends else None
    if end is not None and end < start:
        return None
    return start, end


def _covers(line, criteria):
    """Whether ``line`` matches every contribution having ``criteria``."""
    return all(
        not getattr(line, name) or getattr(line, name) == criteria.get(name)
        for name in CRITERIA
    )


def _uncovered(period, lines):
    """Whether some day of ``period`` is covered by none of ``lines``."""
    start, end = period
    for line in sorted(lines, key=lambda rec: rec.date_from):
        if line.date_from > start:
            break
        if line.date_to is None:
            return False
        if line.date_to >= start:
            start = line.date_to + timedelta(days=1)
            if end is not None and start > end:
                return False
    return True


def find_ties(lines):
    """Pairs of lines that would tie for at least one contribution.

    Two lines of the same structure, with as many criteria set, compatible
    criteria and overlapping periods tie, unless a more specific line of the
    same structure covers every contribution they share over the whole
    overlap (that line then wins).
    """
    ties = []
    by_structure = {}
    for line in lines:
        by_structure.setdefault(line.structure_id, []).append(line)
    for siblings in by_structure.values():
        for index, first in enumerate(siblings):
            for second in siblings[index + 1:]:
                if first.criteria_count != second.criteria_count:
                    continue
                if not _compatible(first, second):
                    continue
                period = _overlap(first, second)
                if period is None:
                    continue
                shared = {
                    name: getattr(first, name) or getattr(second, name) for name in CRITERIA
                }
                winners = [
                    line for line in siblings
                    if line.criteria_count > first.criteria_count and _covers(line, shared)
                ]
                if _uncovered(period, winners):
                    ties.append((first, second))
    return ties


def full_time_equivalents(hours, annual_hours):
    """Full-time equivalents of ``hours`` for a job of ``annual_hours`` a year."""
    if not annual_hours or annual_hours <= 0:
        raise ValueError("annual_hours must be positive")
    return to_decimal(hours) / to_decimal(annual_hours)
