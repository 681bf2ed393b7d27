# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models

DEFAULT_RETENTION_YEARS = 3


class ResCompany(models.Model):
    _inherit = "res.company"

    volunteer_retention_years = fields.Integer(
        string="Retention of volunteers' data (years)", default=DEFAULT_RETENTION_YEARS,
        help="Volunteers with no contribution, no login to their volunteering space and no "
             "currency move for this many years are forgotten: their hours stay in the "
             "accounts under an anonymous name, their personal data is erased. 0: data is "
             "kept until the volunteer or a manager asks for its erasure.",
    )

    _volunteer_retention_years_range = models.Constraint(
        "CHECK(volunteer_retention_years >= 0 AND volunteer_retention_years <= 100)",
        "The retention period of volunteers' data goes from 0 (no limit) to 100 years.",
    )
