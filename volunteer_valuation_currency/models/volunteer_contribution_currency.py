# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError


class VolunteerContribution(models.Model):
    """Validated contributions credit the volunteer's currency accounts."""

    _inherit = "volunteer.contribution"

    volunteer_currency_move_ids = fields.One2many(
        "volunteer.currency.move", "contribution_id", string="Currency moves",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_currency_moves(self):
        if self.env["volunteer.currency.move"].sudo().search_count(
                [("contribution_id", "in", self.ids)], limit=1):
            raise UserError(self.env._(
                "This contribution was credited in a currency: the ledger keeps referring to "
                "it, so it cannot be deleted. Reject it instead."))

    def action_validate(self):
        """Validate, then credit the volunteer in every currency that applies."""
        result = super().action_validate()
        self._volunteer_currency_credit()
        return result

    def action_reset_to_draft(self, reason=None):
        """Reopen; the credits of a validated contribution are reversed."""
        validated = self.filtered(lambda rec: rec.state == "validated")
        result = super().action_reset_to_draft(reason=reason)
        validated._volunteer_currency_reverse(reason)
        return result

    def _volunteer_currency_credit(self):
        """Credit these validated contributions in the active currencies of their companies."""
        currencies = self.env["volunteer.currency"].sudo().search(
            [("company_id", "in", self.company_id.ids)])
        return currencies._credit(self)

    def _volunteer_currency_reverse(self, reason=None):
        """Reverse the credits (not reversed yet) of these contributions."""
        credits = self.env["volunteer.currency.move"].sudo().search([
            ("move_type", "=", "credit"), ("contribution_id", "in", self.ids),
            ("reversal_ids", "=", False),
        ])
        return credits._reverse(note=(reason or "").strip() or False)
