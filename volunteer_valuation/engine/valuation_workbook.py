# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The valuation workbook (XLSX) for funders, auditors and the accounts.

Pure Python, no Odoo import. The models gather plain data (aggregated facts,
the structure tree, distinct-people counts, per-person totals, the valuation
scale and an iterator of detail rows); this module computes every breakdown
from the facts and writes the sheets with xlsxwriter in constant-memory mode:
rows go to disk as they are written, so the detail of a year of 300 000
contributions never sits in memory.

The workbook is a French document, like the CERFA forms and the annexe of the
accounts it feeds: sheet names, headers and notes are French constants here.
Every cell is written through :func:`spreadsheet.write_cell`, so text stays
text (a name starting with "=" never becomes a formula), numbers stay numbers
and dates stay dates.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

import xlsxwriter

from . import cec
from .spreadsheet import write_cell

SHEET_SUMMARY = "Synthèse"
SHEET_STRUCTURES = "Par structure"
SHEET_MONTHS = "Par mois"
SHEET_PROJECTS = "Par projet"
SHEET_LEVELS = "Par niveau"
SHEET_CATEGORIES = "Par catégorie"
SHEET_ROLES = "Par rôle"
SHEET_PERSONS = "Par personne"
SHEET_CERFA = "CERFA 86-87"
SHEET_METHOD = "Méthode"
SHEET_DETAIL = "Détail"
SHEETS = (
    SHEET_SUMMARY, SHEET_STRUCTURES, SHEET_MONTHS, SHEET_PROJECTS, SHEET_LEVELS,
    SHEET_CATEGORIES, SHEET_ROLES, SHEET_PERSONS, SHEET_CERFA, SHEET_METHOD, SHEET_DETAIL,
)

DETAILED = "detailed"
ESTIMATE = "estimate"
CONTRIBUTOR_TYPES = ("volunteer", "civic_service", "skills_sponsorship")
CONTRIBUTOR_TYPE_PLURAL = {
    "volunteer": "Bénévoles",
    "civic_service": "Volontaires",
    "skills_sponsorship": "Mécénat de compétences",
}
CONTRIBUTOR_TYPE_LABELS = {
    "volunteer": "Bénévole",
    "civic_service": "Volontaire",
    "skills_sponsorship": "Mécénat de compétences",
}
ROLES = ("governance", "supervision", "other")
ROLE_LABELS = {
    "governance": "Gouvernance (conseil, bureau)",
    "supervision": "Encadrement de bénévoles",
    "other": "Autre activité",
}
ENTRY_MODE_LABELS = {DETAILED: "Détaillée", ESTIMATE: "Estimation"}
STATE_LABELS = {
    "draft": "Brouillon",
    "submitted": "À valider",
    "validated": "Validée",
    "rejected": "Rejetée",
}
METHOD_LABELS = {
    "fixed": "Montant horaire fixe",
    "wage": "Multiple du salaire de référence",
}
ALL_STRUCTURES = "Toutes les structures visibles"
NO_PROJECT = "Sans projet"
NO_LEVEL = "Sans niveau"
NO_CATEGORY = "Sans catégorie"
YES, NO = "Oui", "Non"
MISSING = "MANQUANT"

CERFA_USE_LINES = (
    ("860", "Secours en nature"),
    ("861", "Mise à disposition gratuite de biens"),
    ("862", "Prestations"),
    ("864", "Personnel bénévole"),
)
CERFA_VOLUNTEERING = "Bénévolat"
CERFA_GIFTS = "Dons en nature"
CERFA_SERVICES = ("871", "Prestations en nature")
VOLUNTEERING_LINES = ("870", "875")


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
    person); the rate line of each contribution is in the Méthode sheet.
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
    states: tuple = ("validated",)
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
    # {"project": {id: name}, "level": {id: name}, "category": {id: name}};
    # levels and categories in their configured order.
    names: dict = field(default_factory=dict)
    persons: list = field(default_factory=list)
    rates: list = field(default_factory=list)
    wages: list = field(default_factory=list)
    cerfa: CerfaMapping = field(default_factory=CerfaMapping)
    detail: object = ()


class Totals:
    """Hours, value, entries (detailed and estimates apart) and estimated headcount."""

    __slots__ = ("amount", "count", "headcount", "hours")

    def __init__(self):
        self.hours = [0.0, 0.0]
        self.amount = [0.0, 0.0]
        self.count = [0, 0]
        self.headcount = 0

    def add(self, fact):
        index = 1 if fact.entry_mode == ESTIMATE else 0
        self.hours[index] += fact.hours or 0.0
        self.amount[index] += fact.amount or 0.0
        self.count[index] += fact.count or 0
        if index:
            self.headcount += fact.headcount or 0

    def merge(self, other):
        for index in (0, 1):
            self.hours[index] += other.hours[index]
            self.amount[index] += other.amount[index]
            self.count[index] += other.count[index]
        self.headcount += other.headcount

    @property
    def total_hours(self):
        return self.hours[0] + self.hours[1]

    @property
    def total_amount(self):
        return self.amount[0] + self.amount[1]

    @property
    def total_count(self):
        return self.count[0] + self.count[1]


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


class Column(NamedTuple):
    header: str
    kind: str
    width: float


NUMBER_FORMATS = {
    "hours": "#,##0.00",
    "fte": "#,##0.00",
    "int": "#,##0",
    "pct": "0.0%",
    "rate": "#,##0.0000",
    "date": "dd/mm/yyyy",
    "month": "[$-40C]mmmm yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}

BREAKDOWN_COLUMNS = (
    Column("Heures détaillées", "hours", 14),
    Column("Heures estimées", "hours", 14),
    Column("Heures", "hours", 12),
    Column("Valeur détaillée", "money", 16),
    Column("Valeur estimée", "money", 16),
    Column("Valeur", "money", 16),
    Column("ETP", "fte", 9),
    Column("Personnes distinctes", "int", 12),
    Column("Contributions", "int", 13),
)


class _Writer:
    """Formats and table helpers over one xlsxwriter workbook."""

    def __init__(self, output, data):
        self.data = data
        self.workbook = xlsxwriter.Workbook(output, {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": NUMBER_FORMATS["date"],
        })
        self.workbook.set_properties({
            "title": "Valorisation du bénévolat",
            "company": data.company,
            "comments": "Volunteer Valuation (Odoo)",
        })
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        formats = dict(NUMBER_FORMATS)
        symbol = getattr(data, "currency_symbol", "€").replace('"', "")
        formats["money"] = f'#,##0.00 "{symbol}"'
        self.formats, self.total_formats = {}, {}
        for kind, num_format in [("text", None), *formats.items()]:
            spec = dict(base, num_format=num_format) if num_format else dict(base)
            self.formats[kind] = self.workbook.add_format(spec)
            self.total_formats[kind] = self.workbook.add_format(dict(spec, bold=True, top=1))
        self.header = self.workbook.add_format(dict(
            base, bold=True, text_wrap=True, bg_color="#DCE6F1", bottom=1, valign="vcenter"))
        self.title = self.workbook.add_format(dict(base, bold=True, font_size=14))
        self.label = self.workbook.add_format(dict(base, bold=True))
        self.note = self.workbook.add_format(dict(base, italic=True))  # spills to the right
        self.indents = [self.workbook.add_format(dict(base, indent=depth, bold=depth == 0))
                        for depth in range(10)]

    def close(self):
        self.workbook.close()

    def sheet(self, name, columns=(), first_widths=()):
        worksheet = self.workbook.add_worksheet(name)
        widths = [*first_widths, *(column.width for column in columns)]
        for index, width in enumerate(widths):
            worksheet.set_column(index, index, width)
        return worksheet

    def cell(self, worksheet, row, col, value, kind="text", total=False):
        formats = self.total_formats if total else self.formats
        return write_cell(worksheet, row, col, value, formats[kind])

    def cells(self, worksheet, row, values, kinds, total=False, first_col=0):
        for offset, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            self.cell(worksheet, row, first_col + offset, value, kind, total)

    def headers(self, worksheet, row, columns):
        for col, column in enumerate(columns):
            write_cell(worksheet, row, col, column.header, self.header)

    def titled(self, worksheet, title):
        """Title and period on top of a sheet; returns the next free row."""
        write_cell(worksheet, 0, 0, title, self.title)
        write_cell(worksheet, 1, 0, "Période du", self.label)
        self.cell(worksheet, 1, 1, self.data.date_from, "date")
        write_cell(worksheet, 1, 2, "au", self.label)
        self.cell(worksheet, 1, 3, self.data.date_to, "date")
        return 3

    def table(self, worksheet, row, columns, rows, total=None, freeze=True):
        """Header, rows and an optional total row; autofilter, header frozen if ``freeze``."""
        kinds = [column.kind for column in columns]
        self.headers(worksheet, row, columns)
        if freeze:
            worksheet.freeze_panes(row + 1, 1)
        first = row + 1
        for values in rows:
            row += 1
            self.cells(worksheet, row, values, kinds)
        worksheet.autofilter(first - 1, 0, max(row, first), len(columns) - 1)
        if total is not None:
            row += 1
            self.cells(worksheet, row, total, kinds, total=True)
        return row + 1


def _breakdown_values(totals, people, annual_hours):
    return [
        totals.hours[0], totals.hours[1], totals.total_hours,
        totals.amount[0], totals.amount[1], totals.total_amount,
        fte(totals.total_hours, annual_hours), people, totals.total_count,
    ]


def _write_summary(writer, data, grand):
    sheet = writer.sheet(SHEET_SUMMARY, first_widths=(34, 16, 16, 16, 12, 14, 16, 16, 14))
    annual = data.fte_annual_hours
    write_cell(sheet, 0, 0, "Valorisation du bénévolat", writer.title)
    facts_rows = [
        ("Organisation", data.company, "text"),
        ("Période du", data.date_from, "date"),
        ("Période au", data.date_to, "date"),
        ("Structures", data.structures_label, "text"),
        ("Structures membres incluses", YES if data.include_children else NO, "text"),
        ("Contributions retenues", states_label(data.states), "text"),
        ("Base d'un équivalent temps plein (heures par an)", annual, "hours"),
        ("Établi le", data.generated_at, "datetime"),
        ("Établi par", data.generated_by, "text"),
    ]
    row = 2
    for label, value, kind in facts_rows:
        write_cell(sheet, row, 0, label, writer.label)
        writer.cell(sheet, row, 1, value, kind)
        row += 1

    row += 1
    columns = (Column("Mode de saisie", "text", 34), Column("Heures", "hours", 0),
               Column("Valeur", "money", 0), Column("ETP", "fte", 0),
               Column("Personnes", "int", 0), Column("Contributions", "int", 0))
    kinds = [column.kind for column in columns]
    writer.headers(sheet, row, columns)
    people_total = data.people.get("total", 0)
    estimate_people = sum(data.estimate_people.values())
    for index, (label, people) in enumerate((("Contributions détaillées", people_total),
                                             ("Estimations (à l'estime)", estimate_people))):
        row += 1
        writer.cells(sheet, row, [label, grand.hours[index], grand.amount[index],
                                  fte(grand.hours[index], annual), people,
                                  grand.count[index]], kinds)
    row += 1
    writer.cells(sheet, row, ["Total", grand.total_hours, grand.total_amount,
                              fte(grand.total_hours, annual), people_total + estimate_people,
                              grand.total_count], kinds, total=True)

    row += 2
    columns = (Column("Type de contributeur", "text", 0), Column("Heures détaillées", "hours", 0),
               Column("Heures estimées", "hours", 0), Column("Heures", "hours", 0),
               Column("Valeur", "money", 0), Column("ETP", "fte", 0),
               Column("Personnes distinctes", "int", 0),
               Column("Personnes (estimations, au moins)", "int", 0),
               Column("Contributions", "int", 0))
    kinds = [column.kind for column in columns]
    writer.headers(sheet, row, columns)
    by_type = breakdown(data.facts, "contributor_type")
    type_people = data.people.get("contributor_type", {})
    for contributor_type in CONTRIBUTOR_TYPES:
        totals = by_type.get(contributor_type, Totals())
        row += 1
        writer.cells(sheet, row, [
            CONTRIBUTOR_TYPE_PLURAL[contributor_type], totals.hours[0], totals.hours[1],
            totals.total_hours, totals.total_amount, fte(totals.total_hours, annual),
            type_people.get(contributor_type, 0), data.estimate_people.get(contributor_type, 0),
            totals.total_count], kinds)
    row += 1
    writer.cells(sheet, row, [
        "Total", grand.hours[0], grand.hours[1], grand.total_hours, grand.total_amount,
        fte(grand.total_hours, annual), people_total, estimate_people, grand.total_count,
    ], kinds, total=True)

    row += 2
    for note in (
        "Les estimations (temps déclaré globalement par une structure pour plusieurs "
        "personnes) sont comptées à part des contributions détaillées, dans chaque feuille.",
        "Personnes distinctes : bénévoles nommés dans des contributions détaillées, chacun "
        "compté une fois. Estimations : plus grand effectif déclaré dans une même structure, "
        "additionné sur les structures (un minimum).",
        "Les montants sont ceux figés à la validation de chaque contribution (feuille Méthode).",
        "Une personne n'apparaît par son nom qu'aux gestionnaires, aux coordinateurs d'une "
        "structure dont elle est membre directe, ou si elle l'a accepté ; sinon sous un "
        "pseudonyme stable (« Bénévole XXXX-XXXX »), le même dans tous les exports.",
    ):
        write_cell(sheet, row, 0, note, writer.note)
        row += 1


def _write_structures(writer, data, tree_rows, grand, people_total):
    columns = (
        Column("Structure", "text", 40), Column("Niveau", "int", 7),
        Column("Structure parente", "text", 26), Column("RNA", "text", 12),
        Column("SIREN", "text", 11),
        Column("Heures propres détaillées", "hours", 13),
        Column("Heures propres estimées", "hours", 13),
        Column("Valeur propre détaillée", "money", 15),
        Column("Valeur propre estimée", "money", 15),
        Column("Heures détaillées (avec membres)", "hours", 14),
        Column("Heures estimées (avec membres)", "hours", 14),
        Column("Heures (avec membres)", "hours", 13),
        Column("Valeur détaillée (avec membres)", "money", 16),
        Column("Valeur estimée (avec membres)", "money", 16),
        Column("Valeur (avec membres)", "money", 16),
        Column("ETP (avec membres)", "fte", 10),
        Column("Personnes distinctes (avec membres)", "int", 13),
        Column("Contributions (avec membres)", "int", 13),
    )
    sheet = writer.sheet(SHEET_STRUCTURES, columns)
    annual = data.fte_annual_hours
    kinds = [column.kind for column in columns]
    writer.headers(sheet, 0, columns)
    sheet.freeze_panes(1, 1)
    row = 0
    for tree_row in tree_rows:
        row += 1
        structure, own, total = tree_row.structure, tree_row.own, tree_row.total
        write_cell(sheet, row, 0, structure.name, writer.indents[min(tree_row.depth, 9)])
        writer.cells(sheet, row, [
            tree_row.depth + 1, tree_row.parent_name or None, structure.rna or None,
            structure.siren or None,
            own.hours[0], own.hours[1], own.amount[0], own.amount[1],
            total.hours[0], total.hours[1], total.total_hours,
            total.amount[0], total.amount[1], total.total_amount,
            fte(total.total_hours, annual), tree_row.people, total.total_count,
        ], kinds[1:], first_col=1)
    sheet.autofilter(0, 0, max(row, 1), len(columns) - 1)
    row += 1
    writer.cells(sheet, row, [
        "Total", None, None, None, None, None, None, None, None,
        grand.hours[0], grand.hours[1], grand.total_hours,
        grand.amount[0], grand.amount[1], grand.total_amount,
        fte(grand.total_hours, annual), people_total, grand.total_count,
    ], kinds, total=True)
    row += 2
    write_cell(sheet, row, 0, "Chaque structure montre ses propres heures puis le sous-total de "
               "sa branche : ses heures et celles de toutes ses structures membres, listées "
               "en dessous. Le total d'une fédération est la somme de ceux de ses membres "
               "et de ses propres heures.", writer.note)


def _write_breakdown(writer, data, name, key_column, keys, totals_by_key, people_by_key, grand):
    """A sheet of one breakdown: ``keys`` are (key, label) in display order."""
    columns = (key_column, *BREAKDOWN_COLUMNS)
    sheet = writer.sheet(name, columns)
    annual = data.fte_annual_hours
    rows = [[label, *_breakdown_values(totals_by_key[key], people_by_key.get(key, 0), annual)]
            for key, label in keys if key in totals_by_key]
    total = ["Total", *_breakdown_values(grand, data.people.get("total", 0), annual)]
    writer.table(sheet, 0, columns, rows, total)


def _ordered_keys(present, names, empty_label):
    """(key, label) of ``present`` keys in the order of ``names``, then by label, None last."""
    order = {key: index for index, key in enumerate(names)}
    keys = sorted((key for key in present if key is not None),
                  key=lambda key: (order.get(key, len(order)),
                                   str(names.get(key, "")).casefold(), key))
    result = [(key, names.get(key, str(key))) for key in keys]
    if None in present:
        result.append((None, empty_label))
    return result


def _write_breakdowns(writer, data, grand):
    people = data.people
    names = data.names
    months = breakdown(data.facts, "month")
    _write_breakdown(writer, data, SHEET_MONTHS, Column("Mois", "month", 16),
                     [(month, month) for month in sorted(months)], months,
                     people.get("month", {}), grand)
    for sheet_name, dimension, header, empty in (
        (SHEET_PROJECTS, "project", "Projet", NO_PROJECT),
        (SHEET_LEVELS, "level", "Niveau de compétence", NO_LEVEL),
        (SHEET_CATEGORIES, "category", "Catégorie", NO_CATEGORY),
        (SHEET_ROLES, "role", "Rôle", None),
    ):
        rows = data.breakdowns.get(dimension, [])
        totals = breakdown(rows, "key")
        dimension_people = {}
        for row in rows:
            dimension_people[row.key] = dimension_people.get(row.key, 0) + row.people
        if dimension == "role":
            keys = [(role, ROLE_LABELS[role]) for role in ROLES]
        else:
            keys = _ordered_keys(totals, names.get(dimension, {}), empty)
        _write_breakdown(writer, data, sheet_name, Column(header, "text", 34), keys, totals,
                         dimension_people, grand)


def _write_persons(writer, data):
    columns = (Column("Personne", "text", 30), Column("Nominatif", "text", 10),
               Column("Structures", "text", 40), Column("Heures", "hours", 12),
               Column("Valeur", "money", 15), Column("ETP", "fte", 9),
               Column("Contributions", "int", 13))
    sheet = writer.sheet(SHEET_PERSONS, columns)
    annual = data.fte_annual_hours
    persons = sorted(data.persons, key=lambda person: (person.label.casefold(), person.label))
    rows = [[person.label, YES if person.named else NO, person.structures, person.hours,
             person.amount, fte(person.hours, annual), person.count] for person in persons]
    hours = sum(person.hours for person in persons)
    total = [f"Total ({len(persons)} personnes)", None, None, hours,
             sum(person.amount for person in persons), fte(hours, annual),
             sum(person.count for person in persons)]
    row = writer.table(sheet, 0, columns, rows, total)
    write_cell(sheet, row + 1, 0, "Contributions détaillées seulement : une estimation ne "
               "nomme personne. Un pseudonyme désigne toujours la même personne.", writer.note)


def _write_cerfa(writer, data):
    sheet = writer.sheet(SHEET_CERFA, first_widths=(34, 34, 16, 16, 16, 16, 60))
    annual = data.fte_annual_hours
    row = writer.titled(sheet, "Contributions volontaires en nature — CERFA 12156 et 15059")
    by_type = breakdown(data.facts, "contributor_type")
    volunteers = by_type.get("volunteer", Totals())
    skills = by_type.get("skills_sponsorship", Totals())
    civic = by_type.get("civic_service", Totals())
    columns = (Column("Compte", "text", 0), Column("Libellé", "text", 0),
               Column("Montant", "money", 0), Column("Dont contributions détaillées", "money", 0),
               Column("Dont estimations", "money", 0), Column("Heures", "hours", 0),
               Column("Commentaire", "text", 0))
    kinds = [column.kind for column in columns]
    by_line = {"862": (skills, "Mécénat de compétences, valorisé par le barème (le coût "
                               "retenu par l'entreprise peut différer)."),
               "864": (volunteers, "Temps des bénévoles valorisé selon la feuille Méthode.")}

    def line(code, label, totals, comment, bold=False):
        nonlocal row
        values = [code, label, None, None, None, None, comment]
        if totals is not None:
            values[2:6] = [totals.total_amount, totals.amount[0], totals.amount[1],
                           totals.total_hours]
        writer.cells(sheet, row, values, kinds, total=bold)
        row += 1

    write_cell(sheet, row, 0, "86 — Emplois des contributions volontaires en nature", writer.label)
    row += 1
    writer.headers(sheet, row, columns)
    row += 1
    for code, label in CERFA_USE_LINES:
        totals, comment = by_line.get(code, (None, "Hors bénévolat : à compléter s'il y a lieu."))
        line(code, label, totals, comment)
    uses = Totals()
    uses.merge(volunteers)
    uses.merge(skills)
    line("86", "Total des emplois", uses, None, bold=True)

    row += 1
    write_cell(sheet, row, 0, "87 — Contributions volontaires en nature", writer.label)
    row += 1
    writer.headers(sheet, row, columns)
    row += 1
    for code, label in CerfaMapping.resource_lines(data.cerfa.volunteer_line):
        if label == CERFA_VOLUNTEERING:
            line(code, label, volunteers, "Contrepartie de la ligne 864.")
        elif code == CERFA_SERVICES[0]:
            line(code, label, skills, "Contrepartie de la ligne 862.")
        else:
            line(code, label, None, "Hors bénévolat : à compléter s'il y a lieu.")
    line("87", "Total des contributions", uses, None, bold=True)

    row += 1
    write_cell(sheet, row, 0, "Effectifs", writer.label)
    row += 1
    columns = (Column("Catégorie", "text", 0), Column("Personnes identifiées", "int", 0),
               Column("Personnes (estimations, au moins)", "int", 0),
               Column("Heures", "hours", 0), Column("Valeur", "money", 0),
               Column("ETP", "fte", 0))
    kinds = [column.kind for column in columns]
    writer.headers(sheet, row, columns)
    type_people = data.people.get("contributor_type", {})
    for contributor_type in CONTRIBUTOR_TYPES:
        totals = by_type.get(contributor_type, Totals())
        row += 1
        writer.cells(sheet, row, [
            CONTRIBUTOR_TYPE_PLURAL[contributor_type], type_people.get(contributor_type, 0),
            data.estimate_people.get(contributor_type, 0), totals.total_hours,
            totals.total_amount, fte(totals.total_hours, annual)], kinds)
    row += 2

    account = dict(CerfaMapping.resource_lines(data.cerfa.volunteer_account))
    write_cell(sheet, row, 0, "Écritures (plan comptable, règlement ANC 2018-06)", writer.label)
    row += 1
    entry_columns = (Column("Débit", "text", 0), Column("Crédit", "text", 0),
                     Column("Montant", "money", 0))
    writer.headers(sheet, row, entry_columns)
    for debit, credit, amount in (
        ("864 Personnel bénévole", f"{data.cerfa.volunteer_account} "
                                   f"{account[data.cerfa.volunteer_account]}",
         volunteers.total_amount),
        ("862 Prestations", "871 Prestations en nature", skills.total_amount),
    ):
        row += 1
        writer.cells(sheet, row, [debit, credit, amount], ["text", "text", "money"])
    row += 2
    for note in (
        "Volontaires (service civique, volontariat associatif) : leur temps n'est pas du "
        "bénévolat (ils perçoivent une indemnité) ; il n'est pas reporté en 86/87. "
        f"Pour information : {french_number(civic.total_hours)} h, valeur "
        f"{french_number(civic.total_amount)} {data.currency_symbol}.",
        "Effectifs : personnes identifiées = personnes distinctes nommées dans des "
        "contributions détaillées. Une estimation donne un nombre de personnes sans les "
        "nommer, et les mêmes personnes reviennent d'une estimation à l'autre : on retient "
        "le plus grand effectif déclaré dans chaque structure, additionné sur les structures "
        "(un minimum, qui peut recouper les personnes identifiées).",
        f"Ligne du budget CERFA pour le bénévolat : {data.cerfa.volunteer_line} ; compte de "
        f"la comptabilité : {data.cerfa.volunteer_account} (paramètres : les sources "
        "divergent sur 870 et 875).",
    ):
        write_cell(sheet, row, 0, note, writer.note)
        row += 1


def _write_method(writer, data, grand):
    sheet = writer.sheet(SHEET_METHOD, first_widths=(
        34, 14, 14, 26, 18, 18, 20, 26, 14, 12, 12, 14, 16, 13))
    row = writer.titled(sheet, "Méthode de valorisation")
    for label, value, kind in (
        ("Principe", "Chaque contribution est valorisée à sa validation par la ligne du barème "
                     "la plus précise (structure, niveau de compétence, catégorie, type de "
                     "contributeur) : un montant horaire fixe, ou le salaire horaire de "
                     "référence en vigueur multiplié par un coefficient (et par le "
                     "multiplicateur de charges quand la ligne le demande). La valeur est "
                     "alors figée : un changement de barème ne modifie pas les heures déjà "
                     "validées.", "text"),
        ("Contributions retenues", states_label(data.states), "text"),
        ("Base d'un équivalent temps plein (heures par an)", data.fte_annual_hours, "hours"),
        ("Part des estimations dans les heures", share(grand.hours[1], grand.total_hours), "pct"),
        ("Part des estimations dans la valeur", share(grand.amount[1], grand.total_amount),
         "pct"),
    ):
        write_cell(sheet, row, 0, label, writer.label)
        writer.cell(sheet, row, 1, value, kind)
        row += 1
    if set(data.states) - {"validated"}:
        write_cell(sheet, row, 0, "Les contributions non validées sont valorisées avec le "
                   "barème du jour ; leur valeur n'est figée qu'à la validation.", writer.note)
        row += 1

    row += 1
    write_cell(sheet, row, 0, "Lignes du barème en vigueur ou utilisées sur la période",
               writer.label)
    row += 1
    columns = (
        Column("Ligne", "text", 0), Column("Du", "date", 0), Column("Au", "date", 0),
        Column("Structure", "text", 0), Column("Niveau", "text", 0),
        Column("Catégorie", "text", 0), Column("Type de contributeur", "text", 0),
        Column("Méthode", "text", 0), Column("Montant horaire fixe", "money", 0),
        Column("Coefficient", "rate", 0), Column("Charges incluses", "text", 0),
        Column("Heures valorisées", "hours", 0), Column("Valeur", "money", 0),
        Column("Contributions", "int", 0),
    )
    rates = sorted(data.rates, key=lambda rate: (rate.date_from, rate.name.casefold()))
    row = writer.table(sheet, row, columns, [[
        rate.name, rate.date_from, rate.date_to, rate.structure or "Toutes",
        rate.level or "Tous", rate.category or "Toutes",
        CONTRIBUTOR_TYPE_LABELS.get(rate.contributor_type, "Tous"),
        METHOD_LABELS.get(rate.method, rate.method),
        rate.fixed_amount if rate.method == "fixed" else None,
        rate.coefficient if rate.method == "wage" else None,
        (YES if rate.apply_charges else NO) if rate.method == "wage" else None,
        rate.hours, rate.amount, rate.count,
    ] for rate in rates], freeze=False)

    row += 1
    write_cell(sheet, row, 0, "Salaires horaires de référence en vigueur sur la période",
               writer.label)
    row += 1
    columns = (Column("Nom", "text", 0), Column("Du", "date", 0), Column("Au", "date", 0),
               Column("Salaire horaire", "money", 0),
               Column("Multiplicateur de charges", "rate", 0), Column("Source", "text", 0))
    kinds = [column.kind for column in columns]
    writer.headers(sheet, row, columns)
    for wage in sorted(data.wages, key=lambda wage: wage.date_from):
        row += 1
        writer.cells(sheet, row, [wage.name, wage.date_from, wage.date_to, wage.hourly_amount,
                                  wage.charges_multiplier, wage.note], kinds)


DETAIL_COLUMNS = (
    Column("Date", "date", 11), Column("Date de fin", "date", 11),
    Column("Structure", "text", 32), Column("Personne", "text", 24),
    Column("Type de contributeur", "text", 14), Column("Rôle", "text", 16),
    Column("Niveau", "text", 14), Column("Catégorie", "text", 20),
    Column("Projet", "text", 20), Column("Tâche", "text", 20),
    Column("Description", "text", 36), Column("Mode de saisie", "text", 11),
    Column("Personnes (estimation)", "int", 11), Column("Heures", "hours", 9),
    Column("Distance (km)", "hours", 9), Column("Taux horaire", "money", 11),
    Column("Valeur", "money", 12), Column("État", "text", 10),
)
DETAIL_KINDS = tuple(column.kind for column in DETAIL_COLUMNS)


def _write_detail(writer, data):
    """Stream the detail rows; returns (rows, hours, amount) as written.

    The inner loop of a large export: empty cells are not written at all, text
    cells take the default format (the column widths are set), and the status
    column is left out when only validated contributions are exported (the
    summary says so). A year of 300 000 contributions then fits in a minute.
    """
    columns = DETAIL_COLUMNS if set(data.states) - {"validated"} else DETAIL_COLUMNS[:-1]
    sheet = writer.sheet(SHEET_DETAIL, columns)
    writer.headers(sheet, 0, columns)
    sheet.freeze_panes(1, 0)
    formats = [None if kind == "text" else writer.formats[kind] for kind in DETAIL_KINDS]
    indexes = range(len(columns))
    row = hours = amount = distance = 0
    for detail in data.detail:
        row += 1
        for col in indexes:
            value = detail[col]
            if value is not None:
                write_cell(sheet, row, col, value, formats[col])
        hours += detail.hours or 0.0
        amount += detail.amount or 0.0
        distance += detail.distance_km or 0.0
    sheet.autofilter(0, 0, max(row, 1), len(columns) - 1)
    total = [None] * len(columns)
    total[0] = f"Total ({row} contributions)"
    total[13], total[14], total[16] = hours, distance, amount
    writer.cells(sheet, row + 1, total, ["text", *DETAIL_KINDS[1:len(columns)]], total=True)
    return row, hours, amount


def write_workbook(output, data):
    """Write the valuation workbook of ``data`` to ``output`` (a path or a binary file).

    Returns the number of detail rows written.
    """
    tree_rows, grand, people_total = structure_tree(
        data.structures, data.facts, data.structure_people)
    writer = _Writer(output, data)
    try:
        _write_summary(writer, data, grand)
        _write_structures(writer, data, tree_rows, grand, people_total)
        _write_breakdowns(writer, data, grand)
        _write_persons(writer, data)
        _write_cerfa(writer, data)
        _write_method(writer, data, grand)
        detail_rows, _hours, _amount = _write_detail(writer, data)
    finally:
        writer.close()
    return detail_rows


# --- CEC --------------------------------------------------------------------------

SHEET_CEC = "CEC"
REASON_LABELS = {
    cec.REASON_YEAR: "moins que le seuil d'heures de l'année",
    cec.REASON_STRUCTURE: "moins que le seuil d'heures dans une même association",
}


@dataclass(frozen=True)
class CecRow:
    """A CEC line with names resolved (person: name or pseudonym)."""

    person: str
    structure: str
    rna: str
    siren: str
    line: cec.CecLine


@dataclass
class CecWorkbookData:
    company: str
    year: int
    thresholds: cec.Thresholds
    generated_at: datetime
    generated_by: str
    rows: list = field(default_factory=list)


def write_cec_workbook(output, data):
    """The export for the association's "valideur CEC": one line per volunteer and structure."""
    writer = _Writer(output, data)
    try:
        columns = (
            Column("Bénévole", "text", 26), Column("Structure", "text", 34),
            Column("RNA", "text", 12), Column("SIREN", "text", 11),
            Column("Identifiants manquants", "text", 18),
            Column("Heures de gouvernance", "hours", 13),
            Column("Heures d'encadrement", "hours", 13),
            Column("Heures dans la structure", "hours", 13),
            Column("Heures dans l'année (toutes structures)", "hours", 15),
            Column("Éligible", "text", 9), Column("Motif", "text", 50),
        )
        sheet = writer.sheet(SHEET_CEC, columns)
        write_cell(sheet, 0, 0, f"Compte d'engagement citoyen — année {data.year}", writer.title)
        missing_structures = {row.structure for row in data.rows
                              if cec.missing_identifiers(row.rna, row.siren)}
        infos = [
            ("Seuils", f"{data.thresholds.year_hours:g} h dans l'année, dont "
                       f"{data.thresholds.structure_hours:g} h dans une même association"),
            ("Heures retenues", "Contributions validées de bénévoles, en gouvernance (conseil, "
                                "bureau) ou en encadrement de bénévoles"),
            ("Structures sans RNA ou SIREN", len(missing_structures)),
            ("Établi le", data.generated_at),
            ("Établi par", data.generated_by),
        ]
        row = 1
        for label, value in infos:
            write_cell(sheet, row, 0, label, writer.label)
            kind = "datetime" if isinstance(value, datetime) else (
                "int" if isinstance(value, int) else "text")
            writer.cell(sheet, row, 1, value, kind)
            row += 1
        row += 1
        rows = []
        for cec_row in data.rows:
            line = cec_row.line
            missing = cec.missing_identifiers(cec_row.rna, cec_row.siren)
            rows.append([
                cec_row.person, cec_row.structure, cec_row.rna or MISSING,
                cec_row.siren or MISSING, ", ".join(missing),
                line.role_hours("governance"), line.role_hours("supervision"), line.hours,
                line.total_hours, YES if line.eligible else NO,
                " ; ".join(REASON_LABELS[reason] for reason in line.reasons),
            ])
        writer.table(sheet, row, columns, rows)
    finally:
        writer.close()
