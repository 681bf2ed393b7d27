# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models


class VolunteerDeclarationRejectWizard(models.TransientModel):
    """Asks why declarations of member structures are rejected (read by the member)."""

    _name = "volunteer.declaration.reject.wizard"
    _description = "Reason for rejecting declarations of member structures"

    declaration_ids = fields.Many2many(
        "volunteer.aggregate.declaration", "volunteer_declaration_reject_wizard_rel",
        "wizard_id", "declaration_id", string="Declarations")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.declaration_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
