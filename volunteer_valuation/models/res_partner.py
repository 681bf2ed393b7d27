# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "volunteer.totals.mixin"]
    _volunteer_contribution_field = "partner_id"

    volunteer_structure_ids = fields.Many2many(
        "volunteer.structure", "volunteer_structure_partner_rel", "partner_id", "structure_id",
        string="Volunteers in",
        help="The structures this person volunteers in; one person may belong to several.",
    )
    volunteer_contribution_ids = fields.One2many(
        "volunteer.contribution", "partner_id", string="Volunteer contributions",
    )
    volunteer_share_identity = fields.Boolean(
        string="Named in shared reports",
        help="The volunteer agrees to appear by name in reports shared beyond the structures "
             "they volunteer in (a federation, a funder). Otherwise those reports show a "
             "pseudonym.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "volunteer_structure_ids" in vals:
            self.env.registry.clear_cache()  # record rules read these memberships
        return result

    def _volunteer_contribution_defaults(self):
        return dict(super()._volunteer_contribution_defaults(),
                    default_structure_id=self.volunteer_structure_ids[:1].id)
