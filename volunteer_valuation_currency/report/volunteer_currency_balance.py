# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models
from odoo.tools import SQL


class VolunteerCurrencyBalance(models.Model):
    """Each member's current balance in each currency: the sum of their moves."""

    _name = "volunteer.currency.balance"
    _description = "Complementary currency balance"
    _auto = False
    _order = "currency_id, balance desc, partner_id"

    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    currency_id = fields.Many2one(
        "volunteer.currency", string="Complementary currency", readonly=True)
    symbol = fields.Char(related="currency_id.symbol")
    company_id = fields.Many2one("res.company", readonly=True)
    balance = fields.Float(digits=(16, 4), readonly=True, aggregator="sum")
    move_count = fields.Integer(string="Moves", readonly=True, aggregator="sum")
    last_move_date = fields.Date(string="Last move", readonly=True, aggregator="max")

    @property
    def _table_query(self):
        return SQL("""
            SELECT MIN(move.id) AS id,
                   move.partner_id,
                   move.currency_id,
                   move.company_id,
                   SUM(move.amount) AS balance,
                   COUNT(*) AS move_count,
                   MAX(move.date) AS last_move_date
              FROM volunteer_currency_move move
          GROUP BY move.partner_id, move.currency_id, move.company_id
        """)

    def action_view_statement(self):
        """The moves behind this balance."""
        self.ensure_one()
        action = self.partner_id.action_view_volunteer_currency_statement()
        action["domain"] = [("partner_id", "=", self.partner_id.id),
                            ("currency_id", "=", self.currency_id.id)]
        return action
