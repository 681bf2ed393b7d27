# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Compte d'engagement citoyen (CEC): which volunteers reach the thresholds.

Pure Python, no Odoo import.

A volunteer earns CEC rights for a calendar year when their hours in the
governing body or supervising other volunteers reach a yearly threshold
(200 h) of which a part (100 h) in one same association. Both thresholds are
parameters: the law changes them. Eligibility belongs to the person: each
association where they gave such hours declares its share of the total.
"""

from dataclasses import dataclass

from .contribution_keys import GOVERNANCE, SUPERVISION

ROLES = (GOVERNANCE, SUPERVISION)
DEFAULT_YEAR_HOURS = 200.0
DEFAULT_STRUCTURE_HOURS = 100.0
# Hours are sums of floats (2 h 20 = 2.333...): compare them to the minute.
PRECISION = 4

REASON_YEAR = "year"
REASON_STRUCTURE = "structure"
MISSING_RNA = "RNA"
MISSING_SIREN = "SIREN"


@dataclass(frozen=True)
class Thresholds:
    """Hours needed in the year, and in one association."""

    year_hours: float = DEFAULT_YEAR_HOURS
    structure_hours: float = DEFAULT_STRUCTURE_HOURS

    def __post_init__(self):
        if self.year_hours <= 0 or self.structure_hours <= 0:
            raise ValueError("CEC thresholds must be greater than zero")
        if self.structure_hours > self.year_hours:
            raise ValueError("the threshold in one association cannot exceed the yearly one")


@dataclass(frozen=True)
class Standing:
    """A volunteer's CEC hours over every structure in the year."""

    total_hours: float
    best_hours: float
    eligible: bool
    reasons: tuple = ()


@dataclass(frozen=True)
class CecLine:
    """One volunteer in one structure for the year."""

    partner_id: int
    structure_id: int
    hours: float
    total_hours: float
    eligible: bool
    hours_by_role: tuple = ()
    reasons: tuple = ()

    def role_hours(self, role):
        return dict(self.hours_by_role).get(role, 0.0)


def _hours(value):
    return round(float(value or 0.0), PRECISION)


def standings(rows, thresholds):
    """{partner id: Standing} from (partner id, structure id, hours) rows.

    ``rows`` must hold the volunteer's CEC hours in every structure (the
    thresholds look at all of them), several rows per pair are added up.
    """
    per_pair = {}
    for partner_id, structure_id, hours in rows:
        key = (partner_id, structure_id)
        per_pair[key] = per_pair.get(key, 0.0) + float(hours or 0.0)
    totals, best = {}, {}
    for (partner_id, _structure_id), hours in per_pair.items():
        totals[partner_id] = totals.get(partner_id, 0.0) + hours
        best[partner_id] = max(best.get(partner_id, 0.0), hours)
    result = {}
    for partner_id, total in totals.items():
        total, top = _hours(total), _hours(best[partner_id])
        reasons = []
        if total < thresholds.year_hours:
            reasons.append(REASON_YEAR)
        if top < thresholds.structure_hours:
            reasons.append(REASON_STRUCTURE)
        result[partner_id] = Standing(total, top, not reasons, tuple(reasons))
    return result


def summarize(rows, all_rows, thresholds):
    """CEC lines, one per volunteer and structure of ``rows``.

    ``rows`` are (partner id, structure id, role, hours) for the structures
    being reported; ``all_rows`` are (partner id, structure id, hours) over
    every structure, from which totals and eligibility come. Lines are sorted
    by volunteer, then by hours (most first).
    """
    by_pair = {}
    for partner_id, structure_id, role, hours in rows:
        if role not in ROLES:
            continue
        roles = by_pair.setdefault((partner_id, structure_id), {})
        roles[role] = roles.get(role, 0.0) + float(hours or 0.0)
    standing = standings(all_rows, thresholds)
    lines = []
    for (partner_id, structure_id), roles in by_pair.items():
        person = standing.get(partner_id) or Standing(0.0, 0.0, False, (REASON_YEAR,))
        hours = _hours(sum(roles.values()))
        lines.append(CecLine(
            partner_id=partner_id,
            structure_id=structure_id,
            hours=hours,
            total_hours=person.total_hours,
            eligible=person.eligible,
            hours_by_role=tuple((role, _hours(roles.get(role, 0.0))) for role in ROLES),
            reasons=person.reasons,
        ))
    lines.sort(key=lambda line: (line.partner_id, -line.hours, line.structure_id))
    return lines


def missing_identifiers(rna, siren):
    """Which of the identifiers a CEC declaration asks for are missing."""
    missing = []
    if not (rna or "").strip():
        missing.append(MISSING_RNA)
    if not (siren or "").strip():
        missing.append(MISSING_SIREN)
    return tuple(missing)
