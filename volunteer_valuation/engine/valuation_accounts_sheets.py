# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The sheets of the valuation workbook for the accounts and the auditors.

Pure Python, no Odoo import: the CERFA 86-87 lines (uses and resources of
contributions in kind by account, headcounts and the journal entries) and the
valuation method (the scale, the reference wages and the accounts), as
:mod:`sheet_layout` blocks. The amounts by account are those of the accounting
export (:func:`accounting.account_totals` with the same mapping), to the cent.
"""

from collections import defaultdict
from decimal import Decimal

from .accounting import account_pair, account_totals, to_money
from .contribution_keys import (
    CIVIC_SERVICE,
    CONTRIBUTOR_TYPES,
    DECLARED,
    ENTRY_MODES,
    SKILLS_SPONSORSHIP,
    VOLUNTEER,
)
from .rates import METHOD_FIXED, METHOD_WAGE
from .sheet_layout import Column, Facts, Gap, Label, Note, Sheet, Table, titled
from .valuation_figures import (
    CONTRIBUTOR_TYPE_LABELS,
    CONTRIBUTOR_TYPE_PLURAL,
    DECLARED_VALUE_LABEL,
    ENTRY_MODE_LABELS,
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
ACCOUNTS_MENU = "Bénévolat > Configuration > Comptes des contributions en nature"
CERFA_COLUMNS = (
    Column("Compte", "text"), Column("Libellé", "text"), Column("Montant", "money"),
    Column("Dont contributions détaillées", "money"), Column("Dont estimations", "money"),
    Column(f"Dont {DECLARED_VALUE_LABEL[0].lower()}{DECLARED_VALUE_LABEL[1:]}", "money"),
    Column("Heures", "hours"), Column("Commentaire", "text"),
)


class AccountFigures:
    """The facts of the workbook through the account mapping, as the export posts them.

    ``exact``: {code: accounting.AccountTotal}, to the cent; ``totals``: {code:
    Totals} (hours, detailed and estimated value); ``types``: {code: contributor
    types it receives}; ``pairs``: {AccountPair: amount}; ``posted``: Totals of
    the time posted; ``left_out``: {contributor type: Totals} of time not posted.
    """

    def __init__(self, facts, mapping):
        self.exact = {total.code: total for total in account_totals(
            ((fact.contributor_type, fact.entry_mode, fact.amount) for fact in facts), mapping)}
        self.totals, self.types = defaultdict(Totals), defaultdict(set)
        self.pairs, self.posted = defaultdict(Decimal), Totals()
        self.left_out = defaultdict(Totals)
        for fact in facts:
            pair = account_pair(mapping, fact.contributor_type, fact.entry_mode)
            if pair is None:
                self.left_out[fact.contributor_type].add(fact)
                continue
            self.posted.add(fact)
            self.pairs[pair] += to_money(fact.amount)
            for code in (pair.debit_code, pair.credit_code):
                self.totals[code].add(fact)
                self.types[code].add(fact.contributor_type)

    def receives(self, code):
        """'Bénévoles, Volontaires': who the time of an account comes from."""
        return ", ".join(CONTRIBUTOR_TYPE_PLURAL[kind] for kind in CONTRIBUTOR_TYPES
                         if kind in self.types[code])

    def counterparts(self, code):
        """The debit accounts whose credit goes to ``code``."""
        return sorted({pair.debit_code for pair in self.pairs if pair.credit_code == code})


def _cerfa_line(code, label, amount, totals, comment):
    values = [code, label, None, None, None, None, None, comment]
    if totals is not None:
        values[2:7] = [float(amount), totals.amount[0], totals.amount[1], totals.amount[2],
                       totals.total_hours]
    return values


def _use_lines(accounts):
    """Lines 86: the CERFA uses, and any other debit account of the mapping."""
    standard = dict(CERFA_USE_LINES)
    codes = sorted(standard.keys() | {code for code, total in accounts.exact.items()
                                      if total.debit})
    lines = []
    for code in codes:
        total = accounts.exact.get(code)
        if total is None or not total.debit:
            lines.append(_cerfa_line(code, standard[code], None, None, OUTSIDE_VOLUNTEERING))
            continue
        comment = f"{accounts.receives(code)}, valorisés selon la feuille Méthode."
        if SKILLS_SPONSORSHIP in accounts.types[code]:
            comment += " Le coût retenu par l'entreprise mécène peut différer."
        lines.append(_cerfa_line(code, total.label, total.debit, accounts.totals[code], comment))
    return lines


def _resource_lines(data, accounts):
    """Lines 87: the CERFA resources, and any other credit account of the mapping."""
    standard = dict(CerfaMapping.resource_lines(data.cerfa.volunteer_account))
    codes = sorted(standard.keys() | {code for code, total in accounts.exact.items()
                                      if total.credit})
    lines = []
    for code in codes:
        total = accounts.exact.get(code)
        if total is None or not total.credit:
            lines.append(_cerfa_line(code, standard[code], None, None, OUTSIDE_VOLUNTEERING))
            continue
        comment = (f"Contrepartie de {', '.join(accounts.counterparts(code))} : "
                   f"{accounts.receives(code)}.")
        if VOLUNTEER in accounts.types[code]:
            comment += f" Budget CERFA 12156 : ligne {data.cerfa.volunteer_line}."
        lines.append(_cerfa_line(code, total.label, total.credit, accounts.totals[code],
                                 comment))
    return lines


def _cerfa_notes(data, accounts, civic):
    notes = []
    for contributor_type, totals in sorted(accounts.left_out.items()):
        if totals.total_count:
            notes.append(
                f"{CONTRIBUTOR_TYPE_PLURAL[contributor_type]} : temps non comptabilisé (voir "
                f"les comptes de la feuille Méthode), donc absent des lignes 86 et 87 ; pour "
                f"information : {french_number(totals.total_hours)} h, valeur "
                f"{french_number(totals.total_amount)} {data.currency_symbol}.")
    if civic.total_count and CIVIC_SERVICE not in accounts.left_out:
        notes.append(
            "Volontaires (service civique, volontariat associatif) : leur temps est reporté en "
            "86/87 avec les comptes de la feuille Méthode ; pour l'en exclure, décochez "
            f"« Comptabilisé » sur leurs lignes ({ACCOUNTS_MENU}).")
    notes.append(
        "Les montants par compte sont ceux de l'export comptable (FEC ou CSV) de la même "
        "période et des mêmes structures." if data.only_validated else
        "Cette feuille compte aussi des contributions non validées : l'export comptable (FEC "
        "ou CSV) ne reprend que les contributions validées.")
    notes.append(
        "Effectifs : personnes identifiées = personnes distinctes nommées dans des "
        "contributions détaillées. Une estimation donne un nombre de personnes sans les "
        "nommer, et les mêmes personnes reviennent d'une estimation à l'autre : on retient "
        "le plus grand effectif déclaré dans chaque structure, additionné sur les structures "
        "(un minimum, qui peut recouper les personnes identifiées).")
    notes.append(
        f"Ligne du budget CERFA pour le bénévolat : {data.cerfa.volunteer_line} (paramètres : "
        "les sources divergent sur 870 et 875).")
    return notes


def cerfa_sheet(data):
    """Uses (86) and resources (87) of contributions in kind by account, headcounts, entries."""
    annual = data.fte_annual_hours
    by_type = breakdown(data.facts, "contributor_type")
    accounts = AccountFigures(data.facts, data.accounts)
    debit = sum((total.debit for total in accounts.exact.values()), Decimal())
    credit = sum((total.credit for total in accounts.exact.values()), Decimal())
    type_people = data.people.get("contributor_type", {})
    headcounts = []
    for contributor_type in CONTRIBUTOR_TYPES:
        totals = by_type.get(contributor_type, Totals())
        headcounts.append([
            CONTRIBUTOR_TYPE_PLURAL[contributor_type], type_people.get(contributor_type, 0),
            data.estimate_people.get(contributor_type, 0),
            data.declared_people.get(contributor_type, 0), totals.total_hours,
            totals.total_amount, fte(totals.total_hours, annual)])
    entries = [
        [f"{pair.debit_code} {pair.debit_label}", f"{pair.credit_code} {pair.credit_label}",
         float(amount)]
        for pair, amount in sorted(accounts.pairs.items(), key=lambda item: (
            item[0].debit_code, item[0].credit_code))
    ]
    notes = _cerfa_notes(data, accounts, by_type.get(CIVIC_SERVICE, Totals()))
    return Sheet(SHEET_CERFA, (34, 34, 16, 16, 16, 18, 16, 60), [
        *titled("Contributions volontaires en nature — CERFA 12156 et 15059", data),
        Label("86 — Emplois des contributions volontaires en nature"),
        Table(CERFA_COLUMNS, _use_lines(accounts),
              _cerfa_line("86", "Total des emplois", debit, accounts.posted, None)), Gap(),
        Label("87 — Contributions volontaires en nature"),
        Table(CERFA_COLUMNS, _resource_lines(data, accounts),
              _cerfa_line("87", "Total des contributions", credit, accounts.posted, None)),
        Gap(),
        Label("Effectifs"),
        Table((Column("Catégorie", "text"), Column("Personnes identifiées", "int"),
               Column("Personnes (estimations, au moins)", "int"),
               Column("Personnes (déclarées par les structures membres)", "int"),
               Column("Heures", "hours"),
               Column("Valeur", "money"), Column("ETP", "fte")), headcounts), Gap(),
        Label(f"Écritures du journal {data.journal[0]} (comptes de la feuille Méthode)"),
        Table((Column("Débit", "text"), Column("Crédit", "text"), Column("Montant", "money")),
              entries), Gap(),
        *(Note(note) for note in notes),
    ])


ACCOUNT_COLUMNS = (
    Column("Type de contributeur", "text"), Column("Saisie", "text"),
    Column("Compte de débit", "text"), Column("Libellé du débit", "text"),
    Column("Compte de crédit", "text"), Column("Libellé du crédit", "text"),
    Column("Comptabilisé", "text"), Column("Valeur de la période", "money"),
)


def _account_rows(data):
    """One row per contributor type and entry mode: its accounts and the value it posts
    (rows of totals declared by member structures when the period has some)."""
    values = defaultdict(Decimal)
    for fact in data.facts:
        values[fact.contributor_type, fact.entry_mode] += to_money(fact.amount)
    modes = ENTRY_MODES + ((DECLARED,) if any(mode == DECLARED for _type, mode in values) else ())
    rows = []
    for contributor_type in CONTRIBUTOR_TYPES:
        for entry_mode in modes:
            pair = account_pair(data.accounts, contributor_type, entry_mode)
            accounts = ([pair.debit_code, pair.debit_label, pair.credit_code, pair.credit_label]
                        if pair else [None] * 4)
            rows.append([CONTRIBUTOR_TYPE_PLURAL[contributor_type],
                         ENTRY_MODE_LABELS[entry_mode], *accounts, YES if pair else NO,
                         float(values[contributor_type, entry_mode])])
    return rows


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
        ("Journal des écritures", " — ".join(data.journal), "text"),
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
        Label(f"Comptes des contributions en nature ({ACCOUNTS_MENU})"),
        Table(ACCOUNT_COLUMNS, _account_rows(data)),
        Note("Chaque compte de la feuille CERFA 86-87 additionne la valeur des lignes qui y "
             "vont ; l'export comptable (FEC ou CSV) passe les mêmes écritures, au centime "
             "près, pour les contributions validées."), Gap(),
        Label("Lignes du barème en vigueur ou utilisées sur la période"),
        Table(RATE_COLUMNS, rate_rows, autofilter=True), Gap(),
        Label("Salaires horaires de référence en vigueur sur la période"),
        Table(WAGE_COLUMNS, wage_rows),
    ])
