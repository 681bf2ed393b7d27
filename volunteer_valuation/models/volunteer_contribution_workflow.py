# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The workflow of a contribution: submit, validate, reject, reset to draft.

Every path that validates or rejects (buttons, the batch wizard, the imports, RPC)
goes through these methods, so the four-eyes rule holds everywhere: nobody validates
or rejects the time of their own partner, unless the company allows a manager to.
"""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..engine.odoo_names import COORDINATOR_GROUP, MANAGER_GROUP


class VolunteerContribution(models.Model):
    _inherit = "volunteer.contribution"

    def _check_coordinator(self):
        if not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(self.env._(
                "Only the coordinators of a structure can validate or reject its contributions."))
        self.check_access("write")

    def _own_contributions(self):
        """The contributions of ``self`` that are the current user's own time."""
        partner = self.env.user.partner_id
        return self.filtered(lambda rec: rec.partner_id and rec.partner_id == partner)

    def _check_four_eyes(self, action):
        """Refuse to let a user decide on their own time; returns the contributions a
        manager decides on under the company's self-validation setting."""
        own = self._own_contributions()
        if not own:
            return own
        allowed = self.env.user.has_group(MANAGER_GROUP) and all(
            own.sudo().company_id.mapped("volunteer_allow_self_validation"))
        if not allowed:
            raise UserError(self.env._(
                "%(action)s your own time is not possible: another coordinator checks it "
                "(%(names)s).", action=action, names=", ".join(own.mapped("name"))))
        return own

    def _clean_reason(self, reason):
        """The reason typed for a rejection or a reopening, checked like any stored text."""
        if reason in (None, False):
            return ""
        self._check_input_values({"rejection_reason": reason})
        return reason.strip()

    def _check_states(self, allowed, action):
        wrong = self.filtered(lambda rec: rec.state not in allowed)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(self.env._(
                "%(action)s is not possible for contributions that are %(states)s: %(names)s.",
                action=action, states=", ".join(sorted({labels[rec.state] for rec in wrong})),
                names=", ".join(wrong.mapped("name"))))

    def _post_self_decision(self, own, decision):
        for contribution in own:
            contribution.message_post(body=self.env._(
                "%(decision)s by %(user)s, whose own time this is: the company allows its "
                "volunteering managers to do so (Settings).",
                decision=decision, user=self.env.user.name))

    def action_submit(self):
        """Send drafts (or corrected rejected ones) to the coordinators."""
        self._check_states(("draft", "rejected"), self.env._("Submitting"))
        self.check_access("write")
        self._write_workflow({"state": "submitted", "rejection_reason": False})
        return True

    def action_validate(self):
        """Validate: the value is computed with today's scale, then frozen."""
        self._check_coordinator()
        self._check_states(("draft", "submitted"), self.env._("Validating"))
        own = self._check_four_eyes(self.env._("Validating"))
        self.env.add_to_compute(self._fields["amount"], self)
        self.flush_recordset(["rate_id", "hourly_rate", "amount"])
        unrated = self.filtered(lambda rec: not rec.rate_id)
        if unrated:
            raise UserError(self.env._(
                "No valuation rate applies to %(names)s. Add a rate line (Configuration > "
                "Rates) covering their date, structure and level, or check the reference wage.",
                names=", ".join(unrated.mapped("name"))))
        self._write_workflow({
            "state": "validated", "rejection_reason": False,
            "validated_by_id": self.env.user.id, "validation_date": fields.Datetime.now(),
        })
        self._post_self_decision(own, self.env._("Validated"))
        return True

    def action_reject(self, reason):
        """Reject with a reason the volunteer will see."""
        self._check_coordinator()
        reason = self._clean_reason(reason)
        if not reason:
            raise UserError(self.env._("Say why the contribution is rejected."))
        self._check_states(("draft", "submitted"), self.env._("Rejecting"))
        own = self._check_four_eyes(self.env._("Rejecting"))
        self._write_workflow({"state": "rejected", "rejection_reason": reason})
        for contribution in self:
            contribution.message_post(body=self.env._("Rejected: %(reason)s", reason=reason))
        self._post_self_decision(own, self.env._("Rejected"))
        return True

    def action_reset_to_draft(self, reason=None):
        """Back to draft; for a validated contribution a manager gives the reason."""
        reason = self._clean_reason(reason)
        validated = self.filtered(lambda rec: rec.state == "validated")
        if validated:
            if not self.env.user.has_group(MANAGER_GROUP):
                raise AccessError(self.env._(
                    "Only a volunteering manager can reopen a validated contribution."))
            if not reason:
                raise UserError(self.env._(
                    "Say why this validated contribution is reopened: the reason stays in its "
                    "history."))
        self.check_access("write")
        self._write_workflow({
            "state": "draft", "rejection_reason": False,
            "validated_by_id": False, "validation_date": False,
        })
        if reason:
            for contribution in self:
                contribution.message_post(body=self.env._(
                    "Reset to draft: %(reason)s", reason=reason))
        return True

    def action_open_reason_wizard(self):
        """Ask the reason of a rejection or of a reset to draft."""
        operation = self.env.context.get("reason_operation", "reject")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reset to draft") if operation == "reset" else self.env._("Reject"),
            "res_model": "volunteer.contribution.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_contribution_ids": self.ids,
                "default_operation": operation,
            },
        }
