# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Entries of in-kind contributions (contributions volontaires en nature) for the books.

Pure Python, no Odoo import. The export wizard gathers :class:`Row` values
(validated hours and frozen values by structure, month, contributor type and
entry mode) and the account mapping of the company; :func:`build_entries`
groups them into balanced entries, one per structure, step (a month or the
whole period) and pair of accounts. :mod:`.fec` writes them as a FEC file, and
:func:`write_odoo_csv` / :func:`write_paheko_csv` as CSV for the journal-entry
imports of Odoo and Paheko.

Money is :class:`~decimal.Decimal`, exact to the cent: an entry is the sum of
the frozen amounts of its contributions, so the entries add up to the
selection with no rounding drift.

>>> pair = AccountPair("864", "Personnel bénévole", "875", "Bénévolat")
>>> rows = [Row(7, date(2025, 3, 1), "volunteer", "detailed", 412.5, Decimal("4900.50"),
...             Decimal("11.88"), Decimal("11.88"))]
>>> entries = build_entries(rows, {("volunteer", "detailed"): pair}, {7: "Foyer rural"},
...                         date(2025, 1, 1), date(2025, 12, 31), "month", "CVN")
>>> entries[0].label
'Bénévolat 03/2025 — Foyer rural — 412h30 à 11,88 €/h'
>>> entries[0].day, entries[0].amount
(datetime.date(2025, 3, 31), Decimal('4900.50'))
"""

import calendar
import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from .contribution_keys import (
    CIVIC_SERVICE,
    CONTRIBUTOR_TYPES,
    DECLARED,
    ENTRY_MODES,
    ESTIMATE,
    SKILLS_SPONSORSHIP,
    VOLUNTEER,
)
from .durations import format_duration
from .rates import round_money
from .spreadsheet import csv_cell

MONTH, PERIOD = "month", "period"
# What an entry's label calls the time of each contributor type.
TYPE_WORDS = {
    VOLUNTEER: "Bénévolat",
    CIVIC_SERVICE: "Volontariat",
    SKILLS_SPONSORSHIP: "Mécénat de compétences",
}
# Accounts of the plan comptable associatif (règlement ANC 2018-06).
VOLUNTEER_STAFF = ("864", "Personnel bénévole")
SERVICES_USED = ("862", "Prestations")
SERVICES_GIVEN = ("871", "Prestations en nature")
VOLUNTEERING_ACCOUNTS = ("870", "875")
VOLUNTEERING_LABEL = "Bénévolat"
DEFAULT_JOURNAL = ("CVN", "Contributions volontaires en nature")


@dataclass(frozen=True)
class AccountPair:
    """The accounts of an entry: a use (class 86, debit) and its resource (class 87, credit)."""

    debit_code: str
    debit_label: str
    credit_code: str
    credit_label: str


class Row(NamedTuple):
    """Validated time of a structure in a month, for one contributor type and entry mode.

    ``month`` is the first day of the month; ``amount`` the sum of the frozen
    values; ``rate_min`` / ``rate_max`` the lowest and highest hourly values
    (None when unknown: the label then gives the average).
    """

    structure_id: int
    month: date
    contributor_type: str
    entry_mode: str
    hours: float
    amount: Decimal
    rate_min: Decimal | None = None
    rate_max: Decimal | None = None


class Entry(NamedTuple):
    """A balanced entry: ``amount`` to the debit of one account and the credit of the other."""

    number: str
    day: date
    reference: str
    label: str
    structure: str
    accounts: AccountPair
    amount: Decimal
    hours: float


class AccountTotal(NamedTuple):
    """What an account receives: debits and credits."""

    code: str
    label: str
    debit: Decimal
    credit: Decimal


def default_accounts(contributor_type, volunteering_code="875"):
    """Default accounts of a contributor type.

    Volunteers and civic-service volunteers: 864 Personnel bénévole / the
    volunteering account of class 87 (870 or 875, a setting: the CERFA forms
    and CRC 99-01 print 870 Bénévolat, the chart of ANC 2018-06 875 Bénévolat).
    Skills sponsorship: 862 Prestations / 871 Prestations en nature.
    """
    if volunteering_code not in VOLUNTEERING_ACCOUNTS:
        raise ValueError(f"volunteering goes to 870 or 875, not {volunteering_code!r}")
    if contributor_type == SKILLS_SPONSORSHIP:
        return AccountPair(*SERVICES_USED, *SERVICES_GIVEN)
    return AccountPair(*VOLUNTEER_STAFF, volunteering_code, VOLUNTEERING_LABEL)


def default_mapping(volunteering_code="875"):
    """{(contributor type, entry mode): AccountPair} of the defaults: all time is posted."""
    return {(contributor_type, entry_mode): default_accounts(contributor_type, volunteering_code)
            for contributor_type in CONTRIBUTOR_TYPES for entry_mode in ENTRY_MODES}


def to_money(value):
    """``value`` (float, Decimal, int or None) as a Decimal to the cent; None stays None.

    Floats come from sums PostgreSQL made exactly on cents: their shortest
    representation is those cents.
    """
    if value is None or value is False:
        return None
    return round_money(value)


def french_money(value):
    """12.5 -> '12,50' (no thousands separator, as accounting files want)."""
    return f"{to_money(value):.2f}".replace(".", ",")


def _month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_label(start, end):
    """'2025' for a calendar year, '03/2025' for a whole month, else 'du ... au ...'."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    if start.day == 1 and end == _month_end(start):
        return f"{start:%m/%Y}"
    return f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}"


def _steps(row_month, date_from, date_to, granularity):
    """(first day, last day) of the step of a row: its month, or the whole period."""
    if granularity == PERIOD:
        return date_from, date_to
    if granularity != MONTH:
        raise ValueError(f"unknown granularity {granularity!r}")
    return max(row_month, date_from), min(_month_end(row_month), date_to)


def _types_words(types):
    words = [TYPE_WORDS[kind] for kind in CONTRIBUTOR_TYPES if kind in types]
    words[1:] = [word[0].lower() + word[1:] for word in words[1:]]
    if len(words) > 1:
        return ", ".join(words[:-1]) + " et " + words[-1]
    return words[0]


def _rate_text(hours, amount, rates, currency):
    """How the hours were valued: one hourly value, or the average of several."""
    if not hours:
        return ""
    if rates and rates[0] == rates[1]:
        return f" à {french_money(rates[0])} {currency}/h"
    return f", {french_money(Decimal(amount) / Decimal(repr(hours)))} {currency}/h en moyenne"


@dataclass
class _Group:
    """What the rows of one entry add up to."""

    hours: float = 0.0
    amount: Decimal = Decimal("0.00")
    rates: tuple | None = ()  # (lowest, highest) hourly value; None when one is unknown
    types: set = None

    def add(self, row):
        self.hours += row.hours or 0.0
        self.amount += to_money(row.amount)
        self.types = (self.types or set()) | {row.contributor_type}
        if self.rates is None or row.rate_min is None or row.rate_max is None:
            self.rates = None
        elif not self.rates:
            self.rates = (row.rate_min, row.rate_max)
        else:
            self.rates = (min(self.rates[0], row.rate_min), max(self.rates[1], row.rate_max))


def account_pair(mapping, contributor_type, entry_mode):
    """The :class:`AccountPair` of time of ``entry_mode``, or None when it is not posted.

    Totals declared by member structures post with the accounts of estimates:
    both are time of people the federation does not name.
    """
    return mapping.get((contributor_type, ESTIMATE if entry_mode == DECLARED else entry_mode))


def build_entries(rows, mapping, structure_names, date_from, date_to, granularity, journal_code,
                  currency="€"):
    """Balanced entries of ``rows``, numbered in date order.

    ``mapping`` gives the :class:`AccountPair` of each (contributor type, entry
    mode), or None for time that is not posted. One entry per structure, step
    and pair of accounts; an entry of zero is left out. Entries are dated the
    last day of their step and sorted by date, structure and accounts.
    """
    groups = defaultdict(_Group)
    for row in rows:
        pair = account_pair(mapping, row.contributor_type, row.entry_mode)
        if pair is None:
            continue
        start, end = _steps(row.month, date_from, date_to, granularity)
        key = (start, end, row.structure_id, pair)
        groups[key].add(row)

    def sort_key(key):
        start, end, structure_id, pair = key
        name = structure_names[structure_id]
        return (end, start, name.casefold(), name, structure_id, pair.debit_code, pair.credit_code)

    entries = []
    for key in sorted(groups, key=sort_key):
        start, end, structure_id, pair = key
        group = groups[key]
        if not group.amount:
            continue
        name = structure_names[structure_id]
        label = (f"{_types_words(group.types)} {period_label(start, end)} — {name} — "
                 f"{format_duration(group.hours)}"
                 f"{_rate_text(group.hours, group.amount, group.rates, currency)}")
        step = f"{start:%Y-%m}" if granularity == MONTH and start.day == 1 else (
            f"{start:%Y%m%d}-{end:%Y%m%d}")
        entries.append(Entry(
            number=f"{journal_code}-{len(entries) + 1:05d}",
            day=end,
            reference=f"{journal_code}-{step}-S{structure_id}",
            label=label,
            structure=name,
            accounts=pair,
            amount=group.amount,
            hours=group.hours,
        ))
    return entries


def account_totals(amounts, mapping):
    """Debits and credits by account of ``amounts``, as :class:`AccountTotal` sorted by code.

    ``amounts`` are (contributor type, entry mode, amount) triples, such as the
    rows of an export or the facts of the valuation workbook: the same mapping
    gives the same totals everywhere.
    """
    debits, credits, labels = defaultdict(Decimal), defaultdict(Decimal), {}
    for contributor_type, entry_mode, amount in amounts:
        pair = account_pair(mapping, contributor_type, entry_mode)
        if pair is None:
            continue
        amount = to_money(amount)
        debits[pair.debit_code] += amount
        credits[pair.credit_code] += amount
        labels.setdefault(pair.debit_code, pair.debit_label)
        labels.setdefault(pair.credit_code, pair.credit_label)
    return [
        AccountTotal(code, labels[code], to_money(debits.get(code, 0)),
                     to_money(credits.get(code, 0)))
        for code in sorted(labels)
    ]


# ----------------------------------------------------------------------
# CSV for the journal-entry imports of Odoo and Paheko
# ----------------------------------------------------------------------

# Technical names: Odoo's import matches them whatever the user's language.
# Odoo imports an analytic distribution by ids only, so the structure column is
# left for the accountant (the import leaves it aside; the label names it too).
ODOO_COLUMNS = (
    "date", "journal_id", "ref", "line_ids/account_id", "line_ids/name", "line_ids/debit",
    "line_ids/credit", "Structure (analytique)",
)
# Paheko's "simplified" import: one line per entry, the accounts side by side.
PAHEKO_COLUMNS = (
    "Numéro pièce comptable", "Date", "Libellé", "Compte de débit", "Compte de crédit",
    "Montant",
)


def _csv(header, rows, delimiter):
    """CSV text of ``rows`` under ``header``; every cell goes through the formula-safe writer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def write_odoo_csv(entries, journal_code):
    """Entries for Odoo's journal-entry import: two lines each, the entry's fields on the first.

    Dates are ISO, amounts use a dot: the import's default options read them.
    """
    def lines():
        for entry in entries:
            pair, amount = entry.accounts, f"{entry.amount:.2f}"
            yield (entry.day.isoformat(), journal_code, entry.reference, pair.debit_code,
                   entry.label, amount, "", entry.structure)
            yield ("", "", "", pair.credit_code, entry.label, "", amount, entry.structure)
    return _csv(ODOO_COLUMNS, lines(), ",")


def write_paheko_csv(entries):
    """Entries for Paheko's simplified import (French dates and decimal comma)."""
    return _csv(PAHEKO_COLUMNS, (
        (entry.reference, f"{entry.day:%d/%m/%Y}", entry.label, entry.accounts.debit_code,
         entry.accounts.credit_code, french_money(entry.amount))
        for entry in entries), ";")
