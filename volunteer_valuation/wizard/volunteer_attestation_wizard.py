# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models

from ..engine.odoo_names import SHOW_AMOUNT_PARAM


class VolunteerAttestationWizard(models.TransientModel):
    """Choose the period, the signatory and whether to show values, then print."""

    _name = "volunteer.attestation.wizard"
    _inherit = ["volunteer.period.mixin"]
    _description = "Volunteering certificate"

    def _default_show_amount(self):
        return bool(self.env["ir.config_parameter"].sudo().get_param(SHOW_AMOUNT_PARAM))

    partner_ids = fields.Many2many(
        "res.partner", "volunteer_attestation_wizard_partner_rel", "wizard_id", "partner_id",
        string="Volunteers", required=True,
    )
    show_amount = fields.Boolean(
        string="Show the valued amount", default=lambda self: self._default_show_amount(),
        help="Print the value of the hours given, computed with the valuation scale.",
    )
    signatory_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    signatory_function = fields.Char(
        string="Function of the signatory",
        help="Printed with the signatory's name, such as President or Volunteer coordinator.",
    )

    def action_print(self):
        """The attestations of the chosen volunteers (PDF)."""
        self.ensure_one()
        report = self.env.ref("volunteer_valuation.report_volunteer_attestation")
        # Refused before anything is printed when a volunteer may not be named.
        self.env[f"report.{report.report_name}"]._check_attestation_access(self.partner_ids)
        return report.report_action(self.partner_ids, data={
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "show_amount": self.show_amount,
            "signatory_id": self.signatory_id.id,
            "signatory_function": self.signatory_function or "",
        })
