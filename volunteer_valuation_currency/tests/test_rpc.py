# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""get_balances over the external API, and the ledger refusing changes from there too."""

import xmlrpc.client

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CurrencyCommon

QUIET_LOGGERS = ("odoo.http", "odoo.sql_db", "odoo.addons.rpc.controllers.xmlrpc")


@tagged("post_install", "-at_install")
class TestCurrencyRpc(CurrencyCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.move = cls._moves(cls._validated(), cls.time_bank)

    def setUp(self):
        super().setUp()
        self.env.flush_all()
        self.db = self.env.cr.dbname

    def _call(self, login, model, method, *args, **kwargs):
        with mute_logger(*QUIET_LOGGERS):
            uid = self.xmlrpc_common.authenticate(self.db, login, login, {})
            return self.xmlrpc_object.execute_kw(
                self.db, uid, login, model, method, list(args), kwargs)

    def test_balances_of_a_list_of_partners(self):
        result = self._call("vv_manager", "volunteer.currency", "get_balances",
                            [self.time_bank.id], [self.volunteer_a.id, self.volunteer_b.id])
        self.assertEqual(result, [{"partner_id": self.volunteer_a.id, "balance": 2.0},
                                  {"partner_id": self.volunteer_b.id, "balance": 0.0}])
        result = self._call("vv_manager", "volunteer.currency", "get_balances",
                            [self.time_bank.id], [self.volunteer_a.id], date="2000-01-01")
        self.assertEqual(result, [{"partner_id": self.volunteer_a.id, "balance": 0.0}])

    def test_volunteer_asks_for_their_own_balance_only(self):
        result = self._call("vv_portal_a", "volunteer.currency", "get_balances",
                            [self.time_bank.id], [self.volunteer_a.id])
        self.assertEqual(result, [{"partner_id": self.volunteer_a.id, "balance": 2.0}])
        with self.assertRaises(xmlrpc.client.Fault):
            self._call("vv_portal_a", "volunteer.currency", "get_balances",
                       [self.time_bank.id], [self.volunteer_a2.id])

    def test_ledger_refuses_changes_over_rpc(self):
        for method, args in (("write", [[self.move.id], {"amount": 50}]),
                             ("unlink", [[self.move.id]]),
                             ("create", [{"currency_id": self.time_bank.id,
                                          "partner_id": self.volunteer_a.id, "amount": 50,
                                          "move_type": "adjustment", "reference": "x",
                                          "sequence": 9, "company_id": self.company.id}])):
            with self.subTest(method=method), self.assertRaises(xmlrpc.client.Fault):
                self._call("vv_manager", "volunteer.currency.move", method, *args)
        self.move.invalidate_recordset()
        self.assertEqual(self.move.amount, 2.0)
        self.assertEqual(len(self._moves(currency=self.time_bank)), 1)
