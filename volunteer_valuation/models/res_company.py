# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    volunteer_allow_self_validation = fields.Boolean(
        string="Managers may validate their own time",
        help="Off by default: nobody validates or rejects a contribution of their own, so that "
             "every hour is checked by a second person. On: a volunteering manager may, and "
             "the contribution's history says so.",
    )
    volunteer_structure_ids = fields.One2many(
        "volunteer.structure", "company_id", string="Volunteering structures",
    )
