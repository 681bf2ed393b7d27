# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The sheets of the valuation workbook for the accounts and the auditors.

Pure Python, no Odoo import: the CERFA 86-87 lines (uses and resources of
contributions in kind, headcounts and the journal entries) and the valuation
method (the scale and reference wages in force), as :mod:`sheet_layout` blocks.
"""

from .contribution_keys import CIVIC_SERVICE, CONTRIBUTOR_TYPES, SKILLS_SPONSORSHIP, VOLUNTEER
from .rates import METHOD_FIXED, METHOD_WAGE
from .sheet_layout import Column, Facts, Gap, Label, Note, Sheet, Table, titled
from .valuation_figures import (
    CERFA_SERVICES,
    CERFA_VOLUNTEERING,
    CONTRIBUTOR_TYPE_LABELS,
    CONTRIBUTOR_TYPE_PLURAL,
    DECLARED_VALUE_LABEL,
    NO,
    YES,
    CerfaMapping,
    Totals,
    breakdown,
    french_number,
    fte,
    share,
    states_label,
)

SHEET_CERFA = "CERFA 86-87"
SHEET_METHOD = "Méthode"
CERFA_USE_LINES = (
    ("860", "Secours en nature"),
    ("861", "Mise à disposition gratuite de biens"),
    ("862", "Prestations"),
    ("864", "Personnel bénévole"),
)
METHOD_LABELS = {
    METHOD_FIXED: "Montant horaire fixe",
    METHOD_WAGE: "Multiple du salaire de référence",
}
OUTSIDE_VOLUNTEERING = "Hors bénévolat : à compléter s'il y a lieu."
CERFA_COLUMNS = (
    Column("Compte", "text"), Column("Libellé", "text"), Column("Montant", "money"),
    Column("Dont contributions détaillées", "money"), Column("Dont estimations", "money"),
    Column(f"Dont {DECLARED_VALUE_LABEL[0].lower()}{DECLARED_VALUE_LABEL[1:]}", "money"),
    Column("Heures", "hours"), Column("Commentaire", "text"),
)


def _cerfa_line(code, label, totals, comment):
    values = [code, label, None, None, None, None, None, comment]
    if totals is not None:
        values[2:7] = [totals.total_amount, totals.amount[0], totals.amount[1],
                       totals.amount[2], totals.total_hours]
    return values


def cerfa_sheet(data):
    """Uses (86) and resources (87) of contributions in kind, headcounts, entries."""
    annual = data.fte_annual_hours
    by_type = breakdown(data.facts, "contributor_type")
    volunteers = by_type.get(VOLUNTEER, Totals())
    skills = by_type.get(SKILLS_SPONSORSHIP, Totals())
    civic = by_type.get(CIVIC_SERVICE, Totals())
    uses = Totals()
    uses.merge(volunteers)
    uses.merge(skills)
    by_line = {"862": (skills, "Mécénat de compétences, valorisé par le barème (le coût "
                               "retenu par l'entreprise peut différer)."),
               "864": (volunteers, "Temps des bénévoles valorisé selon la feuille Méthode.")}
    use_lines = [_cerfa_line(code, label, *by_line.get(code, (None, OUTSIDE_VOLUNTEERING)))
                 for code, label in CERFA_USE_LINES]
    resource_lines = []
    for code, label in CerfaMapping.resource_lines(data.cerfa.volunteer_line):
        if label == CERFA_VOLUNTEERING:
            resource_lines.append(_cerfa_line(code, label, volunteers,
                                              "Contrepartie de la ligne 864."))
        elif code == CERFA_SERVICES[0]:
            resource_lines.append(_cerfa_line(code, label, skills,
                                              "Contrepartie de la ligne 862."))
        else:
            resource_lines.append(_cerfa_line(code, label, None, OUTSIDE_VOLUNTEERING))

    type_people = data.people.get("contributor_type", {})
    headcounts = []
    for contributor_type in CONTRIBUTOR_TYPES:
        totals = by_type.get(contributor_type, Totals())
        headcounts.append([
            CONTRIBUTOR_TYPE_PLURAL[contributor_type], type_people.get(contributor_type, 0),
            data.estimate_people.get(contributor_type, 0),
            data.declared_people.get(contributor_type, 0), totals.total_hours,
            totals.total_amount, fte(totals.total_hours, annual)])
    account = dict(CerfaMapping.resource_lines(data.cerfa.volunteer_account))
    entries = [
        ["864 Personnel bénévole",
         f"{data.cerfa.volunteer_account} {account[data.cerfa.volunteer_account]}",
         volunteers.total_amount],
        ["862 Prestations", "871 Prestations en nature", skills.total_amount],
    ]
    notes = (
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
    )
    return Sheet(SHEET_CERFA, (34, 34, 16, 16, 16, 18, 16, 60), [
        *titled("Contributions volontaires en nature — CERFA 12156 et 15059", data),
        Label("86 — Emplois des contributions volontaires en nature"),
        Table(CERFA_COLUMNS, use_lines,
              _cerfa_line("86", "Total des emplois", uses, None)), Gap(),
        Label("87 — Contributions volontaires en nature"),
        Table(CERFA_COLUMNS, resource_lines,
              _cerfa_line("87", "Total des contributions", uses, None)), Gap(),
        Label("Effectifs"),
        Table((Column("Catégorie", "text"), Column("Personnes identifiées", "int"),
               Column("Personnes (estimations, au moins)", "int"),
               Column("Personnes (déclarées par les structures membres)", "int"),
               Column("Heures", "hours"),
               Column("Valeur", "money"), Column("ETP", "fte")), headcounts), Gap(),
        Label("Écritures (plan comptable, règlement ANC 2018-06)"),
        Table((Column("Débit", "text"), Column("Crédit", "text"), Column("Montant", "money")),
              entries), Gap(),
        *(Note(note) for note in notes),
    ])


RATE_COLUMNS = (
    Column("Ligne", "text"), Column("Du", "date"), Column("Au", "date"),
    Column("Structure", "text"), Column("Niveau", "text"), Column("Catégorie", "text"),
    Column("Type de contributeur", "text"), Column("Méthode", "text"),
    Column("Montant horaire fixe", "money"), Column("Coefficient", "rate"),
    Column("Charges incluses", "text"), Column("Heures valorisées", "hours"),
    Column("Valeur", "money"), Column("Contributions", "int"),
)
WAGE_COLUMNS = (
    Column("Nom", "text"), Column("Du", "date"), Column("Au", "date"),
    Column("Salaire horaire", "money"), Column("Multiplicateur de charges", "rate"),
    Column("Source", "text"),
)


def method_sheet(data, grand):
    """How hours were valued: the principle, the rate lines and the reference wages."""
    facts = Facts((
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
    ))
    pending = [] if data.only_validated else [Note(
        "Les contributions non validées sont valorisées avec le barème du jour ; leur valeur "
        "n'est figée qu'à la validation.")]
    rates = sorted(data.rates, key=lambda rate: (rate.date_from, rate.name.casefold()))
    rate_rows = [[
        rate.name, rate.date_from, rate.date_to, rate.structure or "Toutes",
        rate.level or "Tous", rate.category or "Toutes",
        CONTRIBUTOR_TYPE_LABELS.get(rate.contributor_type, "Tous"),
        METHOD_LABELS.get(rate.method, rate.method),
        rate.fixed_amount if rate.method == METHOD_FIXED else None,
        rate.coefficient if rate.method == METHOD_WAGE else None,
        (YES if rate.apply_charges else NO) if rate.method == METHOD_WAGE else None,
        rate.hours, rate.amount, rate.count,
    ] for rate in rates]
    wage_rows = [[wage.name, wage.date_from, wage.date_to, wage.hourly_amount,
                  wage.charges_multiplier, wage.note]
                 for wage in sorted(data.wages, key=lambda wage: wage.date_from)]
    return Sheet(SHEET_METHOD, (34, 14, 14, 26, 18, 18, 20, 26, 14, 12, 12, 14, 16, 13), [
        *titled("Méthode de valorisation", data), facts, *pending, Gap(),
        Label("Lignes du barème en vigueur ou utilisées sur la période"),
        Table(RATE_COLUMNS, rate_rows, autofilter=True), Gap(),
        Label("Salaires horaires de référence en vigueur sur la période"),
        Table(WAGE_COLUMNS, wage_rows),
    ])
