# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The CEC (compte d'engagement citoyen): governance and supervision hours of volunteers.

Everything here reads as the current user: record rules decide which hours a
coordinator or a manager sees, and nothing is added up with sudo.
"""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import cec
from ..engine import contribution_keys as keys
from ..engine.odoo_names import CEC_STRUCTURE_HOURS_PARAM, CEC_YEAR_HOURS_PARAM


class VolunteerContribution(models.Model):
    _inherit = "volunteer.contribution"

    @api.model
    @api.readonly
    def get_cec_summary(self, year):
        """CEC hours of ``year``, one dict per volunteer and structure I may see.

        ``hours``: governance and supervision hours in that structure;
        ``total_hours``: the volunteer's such hours in every structure I may see
        that year; ``eligible``: whether those hours reach the thresholds
        (settings). What I may not see is never counted (see :meth:`_cec_lines`).
        """
        return [{
            "partner_id": line.partner_id,
            "structure_id": line.structure_id,
            "hours": line.hours,
            "total_hours": line.total_hours,
            "eligible": line.eligible,
        } for line in self._cec_lines(year)]

    @api.model
    def _cec_year(self, year):
        try:
            year = int(year)
        except (TypeError, ValueError):
            year = 0
        if not 2000 <= year <= fields.Date.context_today(self).year:
            raise UserError(self.env._(
                "Choose a year between 2000 and this year for the CEC (got %(year)s).",
                year=year))
        return year

    @api.model
    def _cec_domain(self, year):
        """Validated hours of volunteers in governance or supervision roles during ``year``."""
        year = self._cec_year(year)
        return [
            ("state", "=", keys.VALIDATED), ("entry_mode", "=", keys.DETAILED),
            ("contributor_type", "=", keys.VOLUNTEER), ("role", "in", list(cec.ROLES)),
            ("date", ">=", date(year, 1, 1)), ("date", "<=", date(year, 12, 31)),
        ]

    @api.model
    def _cec_lines(self, year, domain=()):
        """Engine CEC lines for the structures I may see (and ``domain``).

        The rule of the totals: a volunteer's total and eligibility count their
        hours in every structure that my record rules let me read (of my
        allowed companies), whether or not ``domain`` chose it, and nothing
        else. The law looks at all of a person's hours, but a coordinator of
        one branch must not learn what was given in another: there, a
        volunteer who reaches the thresholds only with hours elsewhere shows
        as not eligible (each association declares its own share to the CEC
        platform). A manager sees the hours of every structure of the company.
        """
        base = self._cec_domain(year)
        rows = [
            (partner.id, structure.id, role, hours)
            for partner, structure, role, hours in self._read_group(
                base + list(domain), ["partner_id", "structure_id", "role"], ["duration:sum"])
        ]
        partner_ids = sorted({row[0] for row in rows})
        if not domain:
            everywhere = [(partner_id, structure_id, hours)
                          for partner_id, structure_id, _role, hours in rows]
        elif partner_ids:
            everywhere = [
                (partner.id, structure.id, hours)
                for partner, structure, hours in self._read_group(
                    base + [("partner_id", "in", partner_ids)], ["partner_id", "structure_id"],
                    ["duration:sum"])
            ]
        else:
            everywhere = []
        return cec.summarize(rows, everywhere, self._cec_thresholds())

    @api.model
    def _cec_thresholds(self):
        params = self.env["ir.config_parameter"].sudo()
        try:
            return cec.Thresholds(
                float(params.get_param(CEC_YEAR_HOURS_PARAM, cec.DEFAULT_YEAR_HOURS)),
                float(params.get_param(CEC_STRUCTURE_HOURS_PARAM, cec.DEFAULT_STRUCTURE_HOURS)),
            )
        except ValueError:
            raise UserError(self.env._(
                "The CEC thresholds of the settings are not valid: the hours in the year and "
                "in one association must be numbers greater than zero, the second one not "
                "above the first."))
