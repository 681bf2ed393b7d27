# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Currencies on top of the core's network fixtures (federation > region > associations)."""

from datetime import date

from odoo.tests import TransactionCase
from odoo.tools.misc import formatLang

from odoo.addons.volunteer_valuation.tests.common import VolunteerCommon

RULES_FROM = date(2020, 1, 1)


class CurrencyCommon(VolunteerCommon):
    """Two currencies of the main company, used everywhere in the network.

    - ``time_bank``: 1 unit per hour, 2 decimals, overdraft down to -5, no maximum;
    - ``local``: 0.1 unit per euro of valued time, 2 decimals, no debt, at most 50.

    The core's default scale values an hour at the SMIC (12.02 € on DAY).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Currency = cls.env["volunteer.currency"]
        # The demo currencies (when demo data is installed) stay out of the way.
        Currency.search([]).write({"active": False})
        cls.time_bank = Currency.create({
            "name": "Time bank", "symbol": "h", "sequence": 1, "basis": "hours",
            "decimal_places": 2, "min_balance": -5,
            "rule_ids": [(0, 0, {"date_from": RULES_FROM, "rate": 1})],
        })
        cls.local = Currency.create({
            "name": "Local units", "symbol": "LU", "sequence": 2, "basis": "value",
            "decimal_places": 2,
            "min_balance": 0, "max_balance": 50,
            "rule_ids": [(0, 0, {"date_from": RULES_FROM, "rate": 0.1})],
        })
        cls.currencies = cls.time_bank | cls.local

    @classmethod
    def _moves(cls, contribution=None, currency=None, **domain):
        """Moves (as superuser), filtered on a contribution, a currency, or fields."""
        search = [(name, "=", value) for name, value in domain.items()]
        if contribution:
            search.append(("contribution_id", "=", contribution.id))
        if currency:
            search.append(("currency_id", "=", currency.id))
        return cls.env["volunteer.currency.move"].sudo().search(search, order="id")

    def _balance(self, currency, partner, day=None):
        [row] = currency.sudo().get_balances([partner.id], day)
        return row["balance"]

    def assertLedgerConsistent(self, currencies=None):
        """Every account's balance equals the sum of its moves, numbered 1..n."""
        Move = self.env["volunteer.currency.move"].sudo()
        domain = [("currency_id", "in", currencies.ids)] if currencies else []
        rows = Move._read_group(domain, ["currency_id", "partner_id"],
                                ["amount:sum", "sequence:max", "__count"])
        for currency, partner, total, last, count in rows:
            self.assertEqual(last, count, f"{partner.name}: moves are numbered 1..n")
            final = Move.search([("currency_id", "=", currency.id),
                                 ("partner_id", "=", partner.id), ("sequence", "=", last)])
            self.assertAlmostEqual(final.balance_after, total, places=4)
            self.assertAlmostEqual(self._balance(currency, partner), round(total, 4), places=4)
        return rows

    def units(self, value):
        """An amount of units as messages print it: 2.40, or 2,40 in a French database."""
        return formatLang(self.env, value, digits=2)


class CurrencyCase(CurrencyCommon, TransactionCase):
    """TransactionCase with the network and two currencies."""


