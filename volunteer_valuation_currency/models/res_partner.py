# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models


class ResPartner(models.Model):
    """Balances of a member in each complementary currency."""

    _inherit = "res.partner"

    volunteer_currency_move_ids = fields.One2many(
        "volunteer.currency.move", "partner_id", string="Currency moves",
    )
    volunteer_currency_balances = fields.Char(
        string="Currency balances", compute="_compute_volunteer_currency_balances",
        help="Balance in each currency where this member has moves.",
    )
    volunteer_currency_count = fields.Integer(
        string="Complementary currencies held", compute="_compute_volunteer_currency_balances",
    )

    def _compute_volunteer_currency_balances(self):
        """Whole balances only: one's own, and those of the currencies whose every balance
        the user may see (a sum of the moves one sees would be a wrong balance)."""
        ids = self._origin.ids
        Currency = self.env["volunteer.currency"]
        rows = []
        if ids and Currency.has_access("read"):
            # The few currencies of the companies I may read, filtered in Python.
            full = Currency.search([]).filtered(  # pylint: disable=no-search-all
                lambda currency: currency._sees_all_balances())
            rows = self.env["volunteer.currency.move"].sudo()._read_group(
                [("partner_id", "in", ids), "|", ("currency_id", "in", full.ids),
                 ("partner_id", "=", self.env.user.partner_id.id)],
                ["partner_id", "currency_id"], ["amount:sum"], order="currency_id")
        texts = {}
        for partner, currency, total in rows:
            texts.setdefault(partner.id, []).append(currency._format_units(total))
        for partner in self:
            balances = texts.get(partner._origin.id, [])
            partner.volunteer_currency_balances = " · ".join(balances)
            partner.volunteer_currency_count = len(balances)

    @api.readonly
    def action_view_volunteer_currency_statement(self):
        """This member's moves, grouped by currency, with the balance after each."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation_currency.volunteer_currency_move_action_statement")
        action["domain"] = [("partner_id", "=", self.id)]
        action["display_name"] = self.env._("Statement of %(partner)s", partner=self.name)
        return action
