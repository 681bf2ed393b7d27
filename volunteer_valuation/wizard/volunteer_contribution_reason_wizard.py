# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models


class VolunteerContributionReasonWizard(models.TransientModel):
    """Asks the reason of a rejection or of a reset to draft, for one or many contributions."""

    _name = "volunteer.contribution.reason.wizard"
    _inherit = ["volunteer.input.mixin"]
    _description = "Reason for rejecting or reopening contributions"

    contribution_ids = fields.Many2many("volunteer.contribution", string="Contributions")
    operation = fields.Selection(
        [("reject", "Reject"), ("reset", "Reset to draft")], required=True, default="reject",
    )
    reason = fields.Text(required=True)
    contribution_count = fields.Integer(compute="_compute_contribution_count")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_values(vals)
        return super().create(vals_list)

    def _compute_contribution_count(self):
        for wizard in self:
            wizard.contribution_count = len(wizard.contribution_ids)

    def action_confirm(self):
        self.ensure_one()
        if self.operation == "reject":
            self.contribution_ids.action_reject(self.reason)
        else:
            self.contribution_ids.action_reset_to_draft(self.reason)
        return {"type": "ir.actions.act_window_close"}
