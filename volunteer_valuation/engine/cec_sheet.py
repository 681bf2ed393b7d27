# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The CEC export for the association's "valideur CEC", as a sheet of plain data.

Pure Python, no Odoo import: one line per volunteer and structure, with the
identifiers (RNA, SIREN) the CEC platform asks for, as :mod:`sheet_layout`
blocks that :func:`valuation_workbook.write_cec_workbook` draws.
"""

from dataclasses import dataclass, field
from datetime import datetime

from . import cec
from .contribution_keys import GOVERNANCE, SUPERVISION
from .sheet_layout import Column, Facts, Gap, Note, Sheet, Table, Title, widths
from .valuation_figures import NO, YES

SHEET_CEC = "CEC"
MISSING = "MANQUANT"
REASON_LABELS = {
    cec.REASON_YEAR: "moins que le seuil d'heures de l'année",
    cec.REASON_STRUCTURE: "moins que le seuil d'heures dans une même association",
}
CEC_COLUMNS = (
    Column("Bénévole", "text", 26), Column("Structure", "text", 34),
    Column("RNA", "text", 12), Column("SIREN", "text", 11),
    Column("Identifiants manquants", "text", 18),
    Column("Heures de gouvernance", "hours", 13),
    Column("Heures d'encadrement", "hours", 13),
    Column("Heures dans la structure", "hours", 13),
    Column("Heures dans l'année (structures visibles)", "hours", 15),
    Column("Éligible", "text", 9), Column("Motif", "text", 50),
)


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


def _kind(value):
    if isinstance(value, datetime):
        return "datetime"
    return "int" if isinstance(value, int) else "text"


def cec_sheet(data):
    """One line per volunteer and structure, under the thresholds and who made the file."""
    missing_structures = {row.structure for row in data.rows
                          if cec.missing_identifiers(row.rna, row.siren)}
    infos = (
        ("Seuils", f"{data.thresholds.year_hours:g} h dans l'année, dont "
                   f"{data.thresholds.structure_hours:g} h dans une même association"),
        ("Heures retenues", "Contributions validées de bénévoles, en gouvernance (conseil, "
                            "bureau) ou en encadrement de bénévoles"),
        ("Structures sans RNA ou SIREN", len(missing_structures)),
        ("Établi le", data.generated_at),
        ("Établi par", data.generated_by),
    )
    rows = []
    for cec_row in data.rows:
        line = cec_row.line
        missing = cec.missing_identifiers(cec_row.rna, cec_row.siren)
        rows.append([
            cec_row.person, cec_row.structure, cec_row.rna or MISSING,
            cec_row.siren or MISSING, ", ".join(missing),
            line.role_hours(GOVERNANCE), line.role_hours(SUPERVISION), line.hours,
            line.total_hours, YES if line.eligible else NO,
            " ; ".join(REASON_LABELS[reason] for reason in line.reasons),
        ])
    return Sheet(SHEET_CEC, widths(CEC_COLUMNS), [
        Title(f"Compte d'engagement citoyen — année {data.year}"),
        Facts(tuple((label, value, _kind(value)) for label, value in infos)), Gap(),
        Table(CEC_COLUMNS, rows, freeze=1, autofilter=True), Gap(),
        Note("Heures dans l'année : celles que vous pouvez voir (vos structures et leurs "
             "membres). Un bénévole qui a aussi donné des heures ailleurs peut atteindre les "
             "seuils sans que ce fichier le montre : chaque association déclare sa part."),
    ])
