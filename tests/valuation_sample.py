# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A small network with known totals for the tests of the valuation workbook.

Federation (1) > Region (2) > Association A (3) > Section A1 (4); Region >
Association B (5); Federation > Empty region (6), without any contribution.
"""

from datetime import date, datetime

from addon_source import load_pure_module

fig = load_pure_module("volunteer_valuation/engine/valuation_figures.py")
S = fig.StructureInfo
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
HOSTILE = '=HYPERLINK("http://evil.example","clic")'

STRUCTURES = [
    S(1, "Fédération"), S(2, "Région", 1), S(3, "Association A", 2, "W751234567", "732829320"),
    S(4, "Section A1", 3), S(5, "Association B", 2), S(6, "Région vide", 1),
]
# Contributions, one per line: structure, month, type, role, level, category, project, mode,
# hours, amount, headcount.
CONTRIBUTIONS = [
    (3, JAN, "volunteer", "other", None, 11, 21, "detailed", 3.0, 36.06, 1),
    (3, FEB, "volunteer", "governance", 31, 12, None, "detailed", 2.5, 60.10, 1),
    (4, FEB, "volunteer", "supervision", None, None, None, "detailed", 4.0, 48.08, 1),
    (5, MAR, "civic_service", "other", 32, None, None, "detailed", 5.0, 90.15, 1),
    (5, JAN, "skills_sponsorship", "other", None, None, 21, "detailed", 1.5, 18.03, 1),
    (2, FEB, "volunteer", "other", None, None, None, "detailed", 2.0, 24.04, 1),
    (3, MAR, "volunteer", "other", None, 11, None, "estimate", 30.0, 360.60, 12),
    (5, MAR, "volunteer", "other", None, None, None, "estimate", 10.0, 120.20, 5),
]
FACTS = [fig.Fact(c[0], c[1], c[2], c[7], c[8], c[9], c[10], 1) for c in CONTRIBUTIONS]
# One person per detailed contribution here (the database counts them in real life).
BREAKDOWNS = {
    dimension: [fig.BreakdownRow(c[index], c[7], c[8], c[9], c[10], 1,
                                 int(c[7] == "detailed")) for c in CONTRIBUTIONS]
    for dimension, index in (("role", 3), ("level", 4), ("category", 5), ("project", 6))
}
PAIRS = [(3, 100), (3, 101), (4, 102), (5, 103), (5, 104), (2, 105), (4, 100)]


def detail_rows(count=3):
    rows = [fig.DetailRow(
        date(2026, 1, 10), None, "Fédération / Région / Association A", HOSTILE, "Bénévole",
        "Autre activité", None, "Événements", "=cmd|' /C calc'!A0", None, "+33 6 12 34 56 78",
        "Détaillée", None, 3.0, None, 12.02, 36.06, "Validée")]
    rows += [fig.DetailRow(
        date(2026, 2, 1), date(2026, 2, 2), "Association B", "Bénévole 7KQ2-M9XD", "Bénévole",
        "Gouvernance (conseil, bureau)", "Supervision", None, None, "-tâche", "@SUM(A1)",
        "Détaillée", None, 2.0, 12.5, 24.04, 48.08, "Validée")] * (count - 1)
    return rows


def data(**values):
    """The WorkbookData of the sample, with ``values`` replacing its fields."""
    fields = {
        "company": "Fédération test", "date_from": date(2026, 1, 1),
        "date_to": date(2026, 6, 30), "structures_label": "Toutes les structures visibles",
        "generated_at": datetime(2026, 7, 1, 9, 30), "generated_by": "=Admin",
        "facts": FACTS, "structures": STRUCTURES, "structure_people": PAIRS,
        "breakdowns": BREAKDOWNS,
        "people": {"total": 6, "month": {JAN: 2, FEB: 3, MAR: 1},
                   "contributor_type": {"volunteer": 4, "civic_service": 1,
                                        "skills_sponsorship": 1}},
        "estimate_people": {"volunteer": 17},
        "names": {"project": {21: "=Projet"}, "level": {31: "Supervision", 32: "Qualifié"},
                  "category": {11: "Événements", 12: "Formation"}},
        "persons": [fig.PersonTotal("Alice", True, "Association A", 2.5, 60.10, 1),
                    fig.PersonTotal(HOSTILE, False, "Section A1", 4.0, 48.08, 1)],
        "rates": [fig.RateInfo("SMIC", date(2024, 1, 1), None, None, None, None, None, "wage",
                               0.0, 1.0, False, 7.5, 90.15, 3),
                  fig.RateInfo("Forfait", date(2026, 1, 1), date(2026, 3, 31),
                               "Association B", None, None, "skills_sponsorship", "fixed",
                               12.02, 1.0, False, 1.5, 18.03, 1)],
        "wages": [fig.WageInfo("SMIC horaire brut", date(2026, 1, 1), None, 12.02, 1.0,
                               "Décret")],
        "detail": detail_rows(),
    }
    fields.update(values)
    return fig.WorkbookData(**fields)
