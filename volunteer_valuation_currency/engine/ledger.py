# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Ledger arithmetic of a complementary currency or time bank.

Pure Python, no Odoo import: the models gather moves into the plain objects
below and call these functions. Amounts are Decimals rounded to the
currency's decimal places; a member's balance is the sum of their moves, and
each move of a member's account carries the next number of that account and
the balance after it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

BASIS_HOURS = "hours"
BASIS_VALUE = "value"
MAX_DECIMAL_PLACES = 4
GRANULARITIES = ("month", "quarter", "year")

# What a move counts as in the circulation report (a reversal counts as the
# kind of move it cancels).
ISSUED = "credit"
SPENT = "spend"
ADJUSTED = "adjustment"
TRANSFERRED = "transfer"


class LedgerError(ValueError):
    """A move the ledger refuses; ``code`` says why, ``details`` give the figures."""

    def __init__(self, code, **details):
        super().__init__(code, details)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Move:
    """One posted move, as the reports see it."""

    partner_id: int
    amount: Decimal
    day: date
    kind: str = ISSUED
    structure_id: int | None = None
    sequence: int = 0
    id: int = 0


def to_decimal(value):
    """Exact decimal of a number as typed (0.1 stays 0.1)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def quantum(decimal_places):
    """The smallest unit of a currency with ``decimal_places`` decimals."""
    return Decimal(1).scaleb(-decimal_places)


def round_units(value, decimal_places):
    """Round half away from zero to the currency's decimal places."""
    return to_decimal(value).quantize(quantum(decimal_places), rounding=ROUND_HALF_UP)


def decimals_used(value):
    """How many decimals ``value`` really needs (1.50 needs 1, 2.0 needs 0)."""
    exponent = to_decimal(value).normalize().as_tuple().exponent
    return max(0, -exponent)


def parse_amount(text, decimal_places):
    """A positive amount typed by a member: "1,5", "1.5" or "2".

    Raises :class:`LedgerError` with code ``invalid``, ``not_positive`` or
    ``too_many_decimals``; never rounds silently.
    """
    cleaned = str(text if text is not None else "").strip().replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise LedgerError("invalid", text=text)
    if not amount.is_finite():
        raise LedgerError("invalid", text=text)
    if amount <= 0:
        raise LedgerError("not_positive", amount=amount)
    if decimals_used(amount) > decimal_places:
        raise LedgerError("too_many_decimals", amount=amount, decimal_places=decimal_places)
    return round_units(amount, decimal_places)


def credit_amount(basis, rate, hours, value, decimal_places):
    """Units earned by a contribution: hours x rate, or valued amount x rate."""
    base = hours if basis == BASIS_HOURS else value
    return round_units(to_decimal(base or 0) * to_decimal(rate), decimal_places)


def limit_breach(balance, amount, min_balance, max_balance=None):
    """Which limit ``amount`` would cross from ``balance``: "min", "max" or None.

    A debit is only checked against the minimum, a credit only against the
    maximum (None: no maximum), so that a member already beyond a limit can
    always come back towards it.
    """
    new_balance = to_decimal(balance) + to_decimal(amount)
    if to_decimal(amount) < 0 and new_balance < to_decimal(min_balance):
        return "min"
    if to_decimal(amount) > 0 and max_balance is not None and new_balance > to_decimal(
            max_balance):
        return "max"
    return None


def check_transfer(amount, decimal_places, sender_balance, recipient_balance, min_balance,
                   max_balance=None, same_member=False):
    """The two signed amounts of a transfer (sender's, recipient's), or LedgerError.

    Codes: ``same_member``, ``not_positive``, ``too_many_decimals``, ``min``
    (the sender would go under the minimum), ``max`` (the recipient would go
    over the maximum).
    """
    if same_member:
        raise LedgerError("same_member")
    amount = to_decimal(amount)
    if amount <= 0:
        raise LedgerError("not_positive", amount=amount)
    if decimals_used(amount) > decimal_places:
        raise LedgerError("too_many_decimals", amount=amount, decimal_places=decimal_places)
    if limit_breach(sender_balance, -amount, min_balance, max_balance):
        raise LedgerError("min", balance=to_decimal(sender_balance), limit=min_balance)
    if limit_breach(recipient_balance, amount, min_balance, max_balance):
        raise LedgerError("max", balance=to_decimal(recipient_balance), limit=max_balance)
    return -amount, amount


def post(previous_sequence, previous_balance, amounts):
    """Number the new moves of one account and give the balance after each.

    Returns a list of (sequence, balance after) pairs, one per amount.
    """
    sequence, balance = previous_sequence, to_decimal(previous_balance)
    posted = []
    for amount in amounts:
        sequence += 1
        balance += to_decimal(amount)
        posted.append((sequence, balance))
    return posted


def balances(moves, partner_ids, day=None):
    """Balance of each member on ``day`` (included; None: all moves).

    Every partner asked gets a balance, zero when they have no move.
    """
    result = dict.fromkeys(partner_ids, Decimal(0))
    for move in moves:
        if move.partner_id in result and (day is None or move.day <= day):
            result[move.partner_id] += to_decimal(move.amount)
    return result


def statement(moves, opening=0):
    """Moves in order (date, number) with the running balance after each."""
    balance = to_decimal(opening)
    lines = []
    for move in sorted(moves, key=lambda rec: (rec.day, rec.sequence)):
        balance += to_decimal(move.amount)
        lines.append((move, balance))
    return lines


def period_start(day, granularity):
    """First day of the month, quarter or year holding ``day``."""
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if granularity == "year":
        return date(day.year, 1, 1)
    raise ValueError(f"unknown granularity {granularity!r}")


def next_period(start, granularity):
    """First day of the period after the one starting on ``start``."""
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def periods(date_from, date_to, granularity):
    """(first day, last day) of each period from ``date_from`` to ``date_to``."""
    start = period_start(date_from, granularity)
    result = []
    while start <= date_to:
        following = next_period(start, granularity)
        result.append((start, following - timedelta(days=1)))
        start = following
    return result


@dataclass(frozen=True)
class CirculationRow:
    """Units issued, spent and adjusted in a period at a structure, and in circulation
    at its end."""

    period_start: date
    period_end: date
    structure_id: int | None
    issued: Decimal
    spent: Decimal
    adjusted: Decimal
    circulating: Decimal


def kind_of(move_type, reversed_type=None):
    """What a move counts as in the circulation report: a reversal counts as the
    kind of move it cancels."""
    return reversed_type if move_type == "reversal" else move_type


def circulation(moves, date_from, date_to, granularity):
    """Per period and structure: units issued, spent, adjusted, and in circulation.

    Issued are credits net of their reversals, spent the units spent (a
    positive number) net of reversed spends, adjusted the net adjustments;
    ``circulating`` sums every move of the structure up to the end of the
    period. Transfers move units between members without changing what
    circulates, so they are left out; the circulating units of all the
    structures (and of moves without structure) add up to the members'
    balances. A row is given for each structure with units in circulation or
    moves in the period.
    """
    zero = Decimal(0)
    opening = defaultdict(lambda: zero)
    in_period = defaultdict(lambda: defaultdict(lambda: [zero, zero, zero]))
    spans = periods(date_from, date_to, granularity)
    first_day = spans[0][0] if spans else date_from
    for move in moves:
        if move.kind == TRANSFERRED or move.day > date_to:
            continue
        amount = to_decimal(move.amount)
        if move.day < first_day:
            opening[move.structure_id] += amount
            continue
        figures = in_period[period_start(move.day, granularity)][move.structure_id]
        if move.kind == ISSUED:
            figures[0] += amount
        elif move.kind == SPENT:
            figures[1] -= amount
        else:
            figures[2] += amount
    rows = []
    running = dict(opening)
    for start, end in spans:
        activity = in_period.get(start, {})
        for structure_id in sorted(set(running) | set(activity), key=_structure_key):
            issued, spent, adjusted = activity.get(structure_id, (zero, zero, zero))
            running[structure_id] = running.get(structure_id, zero) + issued - spent + adjusted
            if structure_id in activity or running[structure_id]:
                rows.append(CirculationRow(
                    start, end, structure_id, issued, spent, adjusted, running[structure_id]))
    return rows


def _structure_key(structure_id):
    """Sort key putting moves without structure last."""
    return (structure_id is None, structure_id or 0)
