# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    volunteer_fte_annual_hours = fields.Integer(
        string="Hours of one full-time job a year",
        config_parameter="volunteer_valuation.fte_annual_hours", default=1607,
        help="Full-time equivalents are hours divided by this figure (1607 h in France).",
    )

    @api.constrains("volunteer_fte_annual_hours")
    def _check_volunteer_fte_annual_hours(self):
        if any(settings.volunteer_fte_annual_hours <= 0 for settings in self):
            raise ValidationError(self.env._(
                "The hours of one full-time job a year must be greater than zero."))
