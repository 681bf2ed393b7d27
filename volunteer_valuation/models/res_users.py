# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    volunteer_coordinated_structure_ids = fields.Many2many(
        "volunteer.structure", "volunteer_structure_coordinator_rel", "user_id", "structure_id",
        string="Coordinated structures",
        help="Structures whose contributions this user sees and approves, with their members.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "volunteer_coordinated_structure_ids" in vals:
            self.env["volunteer.structure"]._flush_memberships()
        return result
