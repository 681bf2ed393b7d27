# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models


class VolunteerCurrencyOperation(models.TransientModel):
    """A manager records spending, an adjustment or a transfer between members."""

    _name = "volunteer.currency.operation"
    _inherit = ["volunteer.input.mixin"]
    _description = "Record a currency operation"

    operation = fields.Selection(
        [("spend", "Spending"), ("adjustment", "Adjustment"), ("transfer", "Transfer")],
        required=True, default="spend",
    )
    currency_id = fields.Many2one(
        "volunteer.currency", string="Complementary currency", required=True,
        domain=[("active", "=", True)],
        default=lambda self: self.env["volunteer.currency"].search([], limit=1),
    )
    symbol = fields.Char(related="currency_id.symbol")
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True,
        domain=[("volunteer_structure_ids", "!=", False)],
        help="For a transfer: the member who gives the units.",
    )
    recipient_id = fields.Many2one(
        "res.partner", domain=[("volunteer_structure_ids", "!=", False)],
    )
    amount = fields.Float(
        digits=(16, 4),
        help="Units. For an adjustment, negative to take units away.",
    )
    reference = fields.Char(help="Receipt, decision or event the operation refers to.")
    note = fields.Text()
    structure_id = fields.Many2one(
        "volunteer.structure", string="Where",
        help="The structure where the units are spent or adjusted.",
    )
    balance = fields.Float(string="Current balance", digits=(16, 4), compute="_compute_balance")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_values(vals)
        return super().create(vals_list)

    @api.depends("currency_id", "partner_id")
    def _compute_balance(self):
        for wizard in self:
            if wizard.currency_id and wizard.partner_id:
                balances = wizard.currency_id.sudo()._balances(wizard.partner_id)
                wizard.balance = float(balances[wizard.partner_id.id])
            else:
                wizard.balance = 0.0

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and not self.structure_id:
            self.structure_id = self.partner_id.volunteer_structure_ids[:1]

    def action_confirm(self):
        """Post the operation through the currency's business methods."""
        self.ensure_one()
        currency = self.currency_id
        if self.operation == "transfer":
            currency.transfer(self.partner_id.id, self.recipient_id.id, self.amount, self.note)
        elif self.operation == "spend":
            currency.spend(self.partner_id.id, self.amount, self.reference, self.note,
                           self.structure_id.id)
        else:
            currency.adjust(self.partner_id.id, self.amount, self.reference, self.note,
                            self.structure_id.id)
        return self.partner_id.action_view_volunteer_currency_statement()
