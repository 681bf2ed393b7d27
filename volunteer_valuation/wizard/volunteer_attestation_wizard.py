# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SHOW_AMOUNT_PARAM = "volunteer_valuation.attestation_show_amount"


class VolunteerAttestationWizard(models.TransientModel):
    """Choose the period, the signatory and whether to show values, then print."""

    _name = "volunteer.attestation.wizard"
    _description = "Volunteering certificate"

    def _default_date_from(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    def _default_show_amount(self):
        return bool(self.env["ir.config_parameter"].sudo().get_param(SHOW_AMOUNT_PARAM))

    partner_ids = fields.Many2many(
        "res.partner", "volunteer_attestation_wizard_partner_rel", "wizard_id", "partner_id",
        string="Volunteers", required=True,
    )
    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    show_amount = fields.Boolean(
        string="Show the valued amount", default=_default_show_amount,
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

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._(
                    "The period ends (%(date_to)s) before it starts (%(date_from)s).",
                    date_from=wizard.date_from, date_to=wizard.date_to))

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
