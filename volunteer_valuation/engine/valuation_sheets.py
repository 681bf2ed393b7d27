# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The sheets of the valuation workbook, as plain data.

Pure Python, no Odoo import and no spreadsheet library: each sheet is a list
of blocks (a title, label-value facts, tables with their totals, notes) whose
cells are plain values with a kind ("text", "hours", "money", "date"...).
:mod:`valuation_workbook` draws them block after block; tests read them
without opening a file::

    sheets = workbook_sheets(data)
    sheets[0].as_dict()["blocks"][1]   # {"type": "facts", "rows": [...]}

The Détail sheet is the one exception to "everything in memory": its rows are
an iterator streamed into the file, its total computed on the way.
"""

from .contribution_keys import CONTRIBUTOR_TYPES, ROLES
from .sheet_layout import Column, Facts, Gap, Indented, Note, Sheet, Table, Title, widths
from .valuation_accounts_sheets import cerfa_sheet, method_sheet
from .valuation_figures import (
    CONTRIBUTOR_TYPE_PLURAL,
    DECLARED_LABEL,
    DECLARED_VALUE_LABEL,
    NO,
    ROLE_LABELS,
    YES,
    DetailTotals,
    Totals,
    breakdown,
    fte,
    states_label,
    structure_tree,
)

SHEET_SUMMARY = "Synthèse"
SHEET_STRUCTURES = "Par structure"
SHEET_MONTHS = "Par mois"
SHEET_PROJECTS = "Par projet"
SHEET_LEVELS = "Par niveau"
SHEET_CATEGORIES = "Par catégorie"
SHEET_ROLES = "Par rôle"
SHEET_PERSONS = "Par personne"
SHEET_DETAIL = "Détail"
ALL_STRUCTURES = "Toutes les structures visibles"
NO_PROJECT = "Sans projet"
NO_LEVEL = "Sans niveau"
NO_CATEGORY = "Sans catégorie"
NO_ROLE = "Sans rôle (déclarations des structures membres)"


BREAKDOWN_COLUMNS = (
    Column("Heures détaillées", "hours", 14),
    Column("Heures estimées", "hours", 14),
    Column(DECLARED_LABEL, "hours", 16),
    Column("Heures", "hours", 12),
    Column("Valeur détaillée", "money", 16),
    Column("Valeur estimée", "money", 16),
    Column(DECLARED_VALUE_LABEL, "money", 18),
    Column("Valeur", "money", 16),
    Column("ETP", "fte", 9),
    Column("Personnes distinctes", "int", 12),
    Column("Contributions", "int", 13),
)


def summary_sheet(data, grand):
    annual = data.fte_annual_hours
    people_total = data.people.get("total", 0)
    estimate_people = sum(data.estimate_people.values())
    declared_people = sum(data.declared_people.values())
    facts = Facts((
        ("Organisation", data.company, "text"),
        ("Période du", data.date_from, "date"),
        ("Période au", data.date_to, "date"),
        ("Structures", data.structures_label, "text"),
        ("Structures membres incluses", YES if data.include_children else NO, "text"),
        ("Contributions retenues", states_label(data.states), "text"),
        ("Base d'un équivalent temps plein (heures par an)", annual, "hours"),
        ("Établi le", data.generated_at, "datetime"),
        ("Établi par", data.generated_by, "text"),
    ))
    by_mode = Table(
        (Column("Mode de saisie", "text"), Column("Heures", "hours"), Column("Valeur", "money"),
         Column("ETP", "fte"), Column("Personnes", "int"), Column("Contributions", "int")),
        [[label, grand.hours[index], grand.amount[index], fte(grand.hours[index], annual),
          people, grand.count[index]]
         for index, (label, people) in enumerate((
             ("Contributions détaillées", people_total),
             ("Estimations (à l'estime)", estimate_people),
             (DECLARED_LABEL, declared_people)))],
        ["Total", grand.total_hours, grand.total_amount, fte(grand.total_hours, annual),
         people_total + estimate_people + declared_people, grand.total_count])
    by_type = breakdown(data.facts, "contributor_type")
    type_people = data.people.get("contributor_type", {})
    rows = []
    for contributor_type in CONTRIBUTOR_TYPES:
        totals = by_type.get(contributor_type, Totals())
        rows.append([
            CONTRIBUTOR_TYPE_PLURAL[contributor_type], totals.hours[0], totals.hours[1],
            totals.hours[2], totals.total_hours, totals.total_amount,
            fte(totals.total_hours, annual),
            type_people.get(contributor_type, 0), data.estimate_people.get(contributor_type, 0),
            totals.total_count])
    by_contributor = Table(
        (Column("Type de contributeur", "text"), Column("Heures détaillées", "hours"),
         Column("Heures estimées", "hours"), Column(DECLARED_LABEL, "hours"),
         Column("Heures", "hours"), Column("Valeur", "money"), Column("ETP", "fte"),
         Column("Personnes distinctes", "int"),
         Column("Personnes (estimations, au moins)", "int"), Column("Contributions", "int")),
        rows,
        ["Total", grand.hours[0], grand.hours[1], grand.hours[2], grand.total_hours,
         grand.total_amount,
         fte(grand.total_hours, annual), people_total, estimate_people, grand.total_count])
    notes = [Note(text) for text in (
        "Les estimations (temps déclaré globalement par une structure pour plusieurs "
        "personnes) sont comptées à part des contributions détaillées, dans chaque feuille.",
        "Déclaré par les structures membres : totaux envoyés par des structures membres qui "
        "tiennent leurs propres comptes (questionnaire annuel, lien personnel, leur propre "
        "Odoo), acceptés et valorisés par le barème de la fédération ; comptés quand leur "
        "période tient dans celle du classeur, dans le mois où elle commence.",
        "Personnes distinctes : bénévoles nommés dans des contributions détaillées, chacun "
        "compté une fois. Estimations : plus grand effectif déclaré dans une même structure, "
        "additionné sur les structures (un minimum).",
        "Les montants sont ceux figés à la validation de chaque contribution (feuille Méthode).",
        "Une personne n'apparaît par son nom qu'aux gestionnaires, aux coordinateurs d'une "
        "structure dont elle est membre directe, ou si elle l'a accepté ; sinon sous un "
        "pseudonyme stable (« Bénévole XXXX-XXXX »), le même dans tous les exports.",
    )]
    return Sheet(SHEET_SUMMARY, (34, 16, 16, 16, 16, 12, 14, 16, 16, 14), [
        Title("Valorisation du bénévolat"), Gap(), facts, Gap(), by_mode, Gap(), by_contributor,
        Gap(), *notes])


STRUCTURE_COLUMNS = (
    Column("Structure", "text", 40), Column("Niveau", "int", 7),
    Column("Structure parente", "text", 26), Column("RNA", "text", 12),
    Column("SIREN", "text", 11),
    Column("Heures propres détaillées", "hours", 13),
    Column("Heures propres estimées", "hours", 13),
    Column(f"{DECLARED_LABEL} (heures propres)", "hours", 15),
    Column("Valeur propre détaillée", "money", 15),
    Column("Valeur propre estimée", "money", 15),
    Column(f"{DECLARED_VALUE_LABEL} (propre)", "money", 17),
    Column("Heures détaillées (avec membres)", "hours", 14),
    Column("Heures estimées (avec membres)", "hours", 14),
    Column(f"{DECLARED_LABEL} (heures avec membres)", "hours", 15),
    Column("Heures (avec membres)", "hours", 13),
    Column("Valeur détaillée (avec membres)", "money", 16),
    Column("Valeur estimée (avec membres)", "money", 16),
    Column(f"{DECLARED_VALUE_LABEL} (avec membres)", "money", 17),
    Column("Valeur (avec membres)", "money", 16),
    Column("ETP (avec membres)", "fte", 10),
    Column("Personnes distinctes (avec membres)", "int", 13),
    Column("Contributions (avec membres)", "int", 13),
)


def structures_sheet(data, tree_rows, grand, people_total):
    annual = data.fte_annual_hours
    rows = []
    for tree_row in tree_rows:
        structure, own, total = tree_row.structure, tree_row.own, tree_row.total
        rows.append([
            Indented(structure.name, tree_row.depth), tree_row.depth + 1,
            tree_row.parent_name or None, structure.rna or None, structure.siren or None,
            own.hours[0], own.hours[1], own.hours[2], own.amount[0], own.amount[1],
            own.amount[2], total.hours[0], total.hours[1], total.hours[2], total.total_hours,
            total.amount[0], total.amount[1], total.amount[2], total.total_amount,
            fte(total.total_hours, annual), tree_row.people, total.total_count,
        ])
    total = ["Total", None, None, None, None, None, None, None, None, None, None,
             grand.hours[0], grand.hours[1], grand.hours[2], grand.total_hours,
             grand.amount[0], grand.amount[1], grand.amount[2], grand.total_amount,
             fte(grand.total_hours, annual), people_total, grand.total_count]
    return Sheet(SHEET_STRUCTURES, widths(STRUCTURE_COLUMNS), [
        Table(STRUCTURE_COLUMNS, rows, total, freeze=1, autofilter=True), Gap(),
        Note("Chaque structure montre ses propres heures puis le sous-total de sa branche : "
             "ses heures et celles de toutes ses structures membres, listées en dessous. Le "
             "total d'une fédération est la somme de ceux de ses membres et de ses propres "
             "heures."),
    ])


def _breakdown_values(totals, people, annual_hours):
    return [
        totals.hours[0], totals.hours[1], totals.hours[2], totals.total_hours,
        totals.amount[0], totals.amount[1], totals.amount[2], totals.total_amount,
        fte(totals.total_hours, annual_hours), people, totals.total_count,
    ]


def breakdown_sheet(data, name, key_column, keys, totals_by_key, people_by_key, grand):
    """A sheet of one breakdown: ``keys`` are (key, label) in display order."""
    columns = (key_column, *BREAKDOWN_COLUMNS)
    annual = data.fte_annual_hours
    rows = [[label, *_breakdown_values(totals_by_key[key], people_by_key.get(key, 0), annual)]
            for key, label in keys if key in totals_by_key]
    total = ["Total", *_breakdown_values(grand, data.people.get("total", 0), annual)]
    return Sheet(name, widths(columns), [
        Table(columns, rows, total, freeze=1, autofilter=True)])


def ordered_keys(present, names, empty_label):
    """(key, label) of ``present`` keys in the order of ``names``, then by label, None last."""
    order = {key: index for index, key in enumerate(names)}
    keys = sorted((key for key in present if key is not None),
                  key=lambda key: (order.get(key, len(order)),
                                   str(names.get(key, "")).casefold(), key))
    result = [(key, names.get(key, str(key))) for key in keys]
    if None in present:
        result.append((None, empty_label))
    return result


def breakdown_sheets(data, grand):
    """Par mois, Par projet, Par niveau, Par catégorie, Par rôle."""
    months = breakdown(data.facts, "month")
    sheets = [breakdown_sheet(data, SHEET_MONTHS, Column("Mois", "month", 16),
                              [(month, month) for month in sorted(months)], months,
                              data.people.get("month", {}), grand)]
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
            keys = [(role, ROLE_LABELS[role]) for role in ROLES] + (
                [(None, NO_ROLE)] if None in totals else [])
        else:
            keys = ordered_keys(totals, data.names.get(dimension, {}), empty)
        sheets.append(breakdown_sheet(data, sheet_name, Column(header, "text", 34), keys,
                                      totals, dimension_people, grand))
    return sheets


def persons_sheet(data):
    columns = (Column("Personne", "text", 30), Column("Nominatif", "text", 10),
               Column("Structures", "text", 40), Column("Heures", "hours", 12),
               Column("Valeur", "money", 15), Column("ETP", "fte", 9),
               Column("Contributions", "int", 13))
    annual = data.fte_annual_hours
    persons = sorted(data.persons, key=lambda person: (person.label.casefold(), person.label))
    rows = [[person.label, YES if person.named else NO, person.structures, person.hours,
             person.amount, fte(person.hours, annual), person.count] for person in persons]
    hours = sum(person.hours for person in persons)
    total = [f"Total ({len(persons)} personnes)", None, None, hours,
             sum(person.amount for person in persons), fte(hours, annual),
             sum(person.count for person in persons)]
    return Sheet(SHEET_PERSONS, widths(columns), [
        Table(columns, rows, total, freeze=1, autofilter=True), Gap(),
        Note("Contributions détaillées seulement : une estimation ne nomme personne. Un "
             "pseudonyme désigne toujours la même personne."),
    ])


# "label": a text from a short list (names of structures, persons, types...), written once
# in the file and referred to by each row; "text" is free text, written in each row.
DETAIL_COLUMNS = (
    Column("Date", "date", 11), Column("Date de fin", "date", 11),
    Column("Structure", "label", 32), Column("Personne", "label", 24),
    Column("Type de contributeur", "label", 14), Column("Rôle", "label", 16),
    Column("Niveau", "label", 14), Column("Catégorie", "label", 20),
    Column("Projet", "label", 20), Column("Tâche", "label", 20),
    Column("Description", "text", 36), Column("Mode de saisie", "label", 11),
    Column("Personnes (estimation)", "int", 11), Column("Heures", "hours", 9),
    Column("Distance (km)", "hours", 9), Column("Taux horaire", "money", 11),
    Column("Valeur", "money", 12), Column("État", "label", 10),
)
DETAIL_HOURS, DETAIL_DISTANCE, DETAIL_AMOUNT = 13, 14, 16


def detail_sheet(data):
    """The contributions one by one, streamed from ``data.detail``.

    The status column is left out when only validated contributions are
    exported (the summary says so). The total row is known once every row is
    written.
    """
    columns = DETAIL_COLUMNS[:-1] if data.only_validated else DETAIL_COLUMNS
    totals = DetailTotals()

    def total():
        row = [None] * len(columns)
        row[0] = f"Total ({totals.rows} contributions)"
        row[DETAIL_HOURS], row[DETAIL_DISTANCE] = totals.hours, totals.distance_km
        row[DETAIL_AMOUNT] = totals.amount
        return row

    return Sheet(SHEET_DETAIL, widths(columns), [Table(
        columns, totals.counted(data.detail), total, freeze=0, autofilter=True,
        total_kinds=("text", *(column.kind for column in columns[1:])), streamed=True)])


def workbook_sheets(data):
    """The sheets of the workbook of ``data``, in order (the last one streamed)."""
    tree_rows, grand, people_total = structure_tree(
        data.structures, data.facts, data.structure_people)
    return [
        summary_sheet(data, grand),
        structures_sheet(data, tree_rows, grand, people_total),
        *breakdown_sheets(data, grand),
        persons_sheet(data),
        cerfa_sheet(data),
        method_sheet(data, grand),
        detail_sheet(data),
    ]
