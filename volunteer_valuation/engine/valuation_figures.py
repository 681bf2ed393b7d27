# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The figures of the valuation workbook: what the models gather, and the totals.

Pure Python, no Odoo import and no spreadsheet library. The models fill a
:class:`WorkbookData` with plain values (aggregated facts, the structure tree,
distinct-people counts, per-person totals, the valuation scale and an iterator
of detail rows); this module adds them up::

    rows, grand, people = structure_tree(data.structures, data.facts, data.structure_people)
    grand.total_hours              # detailed + estimated hours of the whole tree
    breakdown(data.facts, "month")  # {month: Totals}

:mod:`valuation_sheets` lays the figures out as the sheets of the workbook and
:mod:`valuation_workbook` draws them. The workbook is a French document, like
the CERFA forms and the annexe of the accounts it feeds: the labels of the keys
are French constants here.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from .accounting import DEFAULT_JOURNAL, default_mapping
from .contribution_keys import (
    CIVIC_SERVICE,
    DECLARED,
    DETAILED,
    DRAFT,
    ESTIMATE,
    GOVERNANCE,
    OTHER_ROLE,
    REJECTED,
    SKILLS_SPONSORSHIP,
    SUBMITTED,
    SUPERVISION,
    VALIDATED,
    VOLUNTEER,
)

CONTRIBUTOR_TYPE_PLURAL = {
    VOLUNTEER: "Bénévoles",
    CIVIC_SERVICE: "Volontaires",
    SKILLS_SPONSORSHIP: "Mécénat de compétences",
}
CONTRIBUTOR_TYPE_LABELS = {
    VOLUNTEER: "Bénévole",
    CIVIC_SERVICE: "Volontaire",
    SKILLS_SPONSORSHIP: "Mécénat de compétences",
}
ROLE_LABELS = {
    GOVERNANCE: "Gouvernance (conseil, bureau)",
    SUPERVISION: "Encadrement de bénévoles",
    OTHER_ROLE: "Autre activité",
}
DECLARED_LABEL = "Déclaré par les structures membres"
DECLARED_VALUE_LABEL = "Valeur déclarée par les structures membres"
ENTRY_MODE_LABELS = {DETAILED: "Détaillée", ESTIMATE: "Estimation", DECLARED: DECLARED_LABEL}
# Slot of each entry mode in Totals: detailed, estimates, declared by member structures.
MODE_SLOTS = {DETAILED: 0, ESTIMATE: 1, DECLARED: 2}
STATE_LABELS = {
    DRAFT: "Brouillon",
    SUBMITTED: "À valider",
    VALIDATED: "Validée",
    REJECTED: "Rejetée",
}
YES, NO = "Oui", "Non"
VOLUNTEERING_LINES = ("870", "875")
CERFA_VOLUNTEERING = "Bénévolat"
CERFA_GIFTS = "Dons en nature"
CERFA_SERVICES = ("871", "Prestations en nature")


class Fact(NamedTuple):
    """Contributions added up by structure, month, contributor type and entry mode."""

    structure_id: int
    month: date
    contributor_type: str
    entry_mode: str
    hours: float
    amount: float
    headcount: int
    count: int


class BreakdownRow(NamedTuple):
    """Contributions added up by one value of a dimension (project, level...) and entry mode."""

    key: object
    entry_mode: str
    hours: float
    amount: float
    headcount: int
    count: int
    people: int = 0


class DetailRow(NamedTuple):
    """One contribution, with names already resolved (person: name or pseudonym).

    ``headcount`` is given for estimates only (a detailed contribution is one
    person); the rate line of each contribution is in the Méthode sheet. The
    fields are the columns of the Détail sheet, in order.
    """

    date: date
    date_end: date | None
    structure: str
    person: str
    contributor_type: str
    role: str
    level: str
    category: str
    project: str
    task: str
    description: str
    entry_mode: str
    headcount: int
    hours: float
    distance_km: float
    hourly_rate: float
    amount: float
    state: str


@dataclass(frozen=True)
class StructureInfo:
    """A structure of the tree; ``parent_id`` is None for a root of the report."""

    id: int
    name: str
    parent_id: int | None = None
    rna: str = ""
    siren: str = ""


@dataclass(frozen=True)
class PersonTotal:
    """One person's detailed contributions (``label``: a name or a pseudonym)."""

    label: str
    named: bool
    structures: str
    hours: float
    amount: float
    count: int


@dataclass(frozen=True)
class RateInfo:
    """A rate line of the scale, with what it valued in the period."""

    name: str
    date_from: date
    date_to: date | None
    structure: str
    level: str
    category: str
    contributor_type: str | None
    method: str
    fixed_amount: float
    coefficient: float
    apply_charges: bool
    hours: float = 0.0
    amount: float = 0.0
    count: int = 0


@dataclass(frozen=True)
class WageInfo:
    """A reference hourly wage in force during the period."""

    name: str
    date_from: date
    date_to: date | None
    hourly_amount: float
    charges_multiplier: float
    note: str = ""


@dataclass(frozen=True)
class CerfaMapping:
    """Where valued volunteering goes: the CERFA budget line and the account.

    Sources disagree on 870 and 875: the CERFA 12156 budget (and CRC 99-01)
    print 870 Bénévolat / 875 Dons en nature, the chart of ANC 2018-06 has
    870 Dons en nature / 875 Bénévolat. Both are settings.
    """

    volunteer_line: str = "870"
    volunteer_account: str = "875"

    def __post_init__(self):
        if {self.volunteer_line, self.volunteer_account} - set(VOLUNTEERING_LINES):
            raise ValueError("volunteering goes to 870 or 875")

    @staticmethod
    def resource_lines(volunteering_code):
        """The 87 lines, the volunteering one labelled as such."""
        lines = [(code, CERFA_VOLUNTEERING if code == volunteering_code else CERFA_GIFTS)
                 for code in VOLUNTEERING_LINES]
        return sorted([*lines, CERFA_SERVICES])


@dataclass
class WorkbookData:
    """Everything the workbook shows, as plain values."""

    company: str
    date_from: date
    date_to: date
    structures_label: str
    generated_at: datetime
    generated_by: str
    facts: list
    structures: list
    include_children: bool = True
    states: tuple = (VALIDATED,)
    currency_symbol: str = "€"
    fte_annual_hours: float = 1607.0
    # (structure id, person id) pairs of detailed contributions: distinct people
    # of each branch of the tree (a person in two member structures counts once).
    structure_people: list = field(default_factory=list)
    # {"project" | "level" | "category" | "role": [BreakdownRow]}, with distinct
    # people of detailed contributions in each row.
    breakdowns: dict = field(default_factory=dict)
    # Distinct people of detailed contributions counted by the database:
    # {"total": n, "month": {date: n}, "contributor_type": {type: n}}
    people: dict = field(default_factory=dict)
    # Estimates: largest headcount declared in one structure, added over the
    # structures, by contributor type (a lower bound of the people involved).
    estimate_people: dict = field(default_factory=dict)
    # Accepted declarations of member structures: people they declare, by contributor type.
    declared_people: dict = field(default_factory=dict)
    # {"project": {id: name}, "level": {id: name}, "category": {id: name}};
    # levels and categories in their configured order.
    names: dict = field(default_factory=dict)
    persons: list = field(default_factory=list)
    rates: list = field(default_factory=list)
    wages: list = field(default_factory=list)
    cerfa: CerfaMapping = field(default_factory=CerfaMapping)
    # The accounts of the accounting export: {(contributor type, entry mode):
    # accounting.AccountPair, or None for time that is not posted}, and its journal.
    accounts: dict = field(default_factory=default_mapping)
    journal: tuple = DEFAULT_JOURNAL
    # An iterable of DetailRow, read once (a generator streaming from the database).
    detail: object = ()

    @property
    def only_validated(self):
        return not set(self.states) - {VALIDATED}


class Totals:
    """Hours, value, entries and headcount, apart by slot of MODE_SLOTS: detailed,
    estimates and declared by member structures (headcount: estimates and declared)."""

    __slots__ = ("amount", "count", "headcount", "hours")

    def __init__(self):
        self.hours = [0.0, 0.0, 0.0]
        self.amount = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self.headcount = 0

    def add(self, fact):
        index = MODE_SLOTS.get(fact.entry_mode, 0)
        self.hours[index] += fact.hours or 0.0
        self.amount[index] += fact.amount or 0.0
        self.count[index] += fact.count or 0
        if index:
            self.headcount += fact.headcount or 0

    def merge(self, other):
        for index in (0, 1, 2):
            self.hours[index] += other.hours[index]
            self.amount[index] += other.amount[index]
            self.count[index] += other.count[index]
        self.headcount += other.headcount

    @property
    def total_hours(self):
        return sum(self.hours)

    @property
    def total_amount(self):
        return sum(self.amount)

    @property
    def total_count(self):
        return sum(self.count)


@dataclass
class TreeRow:
    """A structure of the tree: its own figures and those of its whole branch."""

    structure: StructureInfo
    depth: int
    parent_name: str
    own: Totals
    total: Totals
    people: int


def breakdown(facts, attribute):
    """{value of ``attribute``: Totals} over ``facts``."""
    result = defaultdict(Totals)
    for fact in facts:
        result[getattr(fact, attribute)].add(fact)
    return dict(result)


def grand_total(facts):
    totals = Totals()
    for fact in facts:
        totals.add(fact)
    return totals


def structure_tree(structures, facts, pairs=()):
    """Rows of the structure tree, parents before their members (sorted by name).

    Each row holds its own figures and the subtotal of its branch, which is
    its own plus its members' subtotals. Branches without any contribution
    are left out (roots always stay). Returns (rows, grand total, people).
    """
    by_id = {structure.id: structure for structure in structures}
    unknown = {fact.structure_id for fact in facts} - by_id.keys()
    if unknown:
        raise ValueError(f"facts of structures outside the tree: {sorted(unknown)}")
    children, roots = defaultdict(list), []
    for structure in structures:
        if structure.parent_id in by_id:
            children[structure.parent_id].append(structure)
        else:
            roots.append(structure)
    own = breakdown(facts, "structure_id")
    people = defaultdict(set)
    for structure_id, person in pairs:
        people[structure_id].add(person)

    def sort_key(structure):
        return (structure.name.casefold(), structure.id)

    def visit(structure, depth, parent_name):
        row = TreeRow(structure, depth, parent_name, own.get(structure.id, Totals()), Totals(), 0)
        total, persons = Totals(), set(people.get(structure.id, ()))
        total.merge(row.own)
        branch = [row]
        for child in sorted(children.get(structure.id, ()), key=sort_key):
            child_rows, child_total, child_people = visit(child, depth + 1, structure.name)
            if child_total.total_count:
                branch += child_rows
            total.merge(child_total)
            persons |= child_people
        row.total, row.people = total, len(persons)
        return branch, total, persons

    rows, grand, everyone = [], Totals(), set()
    for root in sorted(roots, key=sort_key):
        root_rows, root_total, root_people = visit(root, 0, "")
        rows += root_rows
        grand.merge(root_total)
        everyone |= root_people
    return rows, grand, len(everyone)


class DetailTotals:
    """Rows, hours, distance and value of the detail rows seen so far."""

    __slots__ = ("amount", "distance_km", "hours", "rows")

    def __init__(self):
        self.rows = 0
        self.hours = self.distance_km = self.amount = 0.0

    def counted(self, rows):
        """Yield ``rows`` unchanged, adding each one up on the way."""
        for row in rows:
            self.rows += 1
            self.hours += row.hours or 0.0
            self.amount += row.amount or 0.0
            self.distance_km += row.distance_km or 0.0
            yield row


def fte(hours, annual_hours):
    """Full-time equivalents of ``hours``."""
    return hours / annual_hours if annual_hours else 0.0


def share(part, whole):
    return part / whole if whole else 0.0


def french_number(value, digits=2):
    """``value`` written the French way: 1 234,50."""
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def states_label(states):
    return ", ".join(STATE_LABELS.get(state, state) for state in states)
