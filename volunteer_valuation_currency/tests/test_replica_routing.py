# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Balances, statements and the portal page are read on the read replica; transfers
are written on the primary."""

import json
from datetime import datetime, timedelta

from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.volunteer_valuation.tests.replica_common import ReplicaRoutingMixin

from .common import CurrencyCommon

LOGIN = PASSWORD = "vv_portal_a"  # new_test_user gives logins of 8+ characters as password
ROUTES = {
    "/my/volunteering/currency": True,
    "/my/volunteering/currency/page/<int:page>": True,
    "/my/volunteering/currency/statement.xlsx": True,
    "/my/volunteering/currency/transfer": False,
}
RPC_READONLY = {
    ("volunteer.currency", "get_balances"),
    # Smart buttons: they only open a list.
    ("volunteer.currency", "action_view_moves"),
    ("volunteer.currency", "action_view_balances"),
    ("res.partner", "action_view_volunteer_currency_statement"),
}


@tagged("post_install", "-at_install")
class TestCurrencyReplicaRouting(CurrencyCommon, ReplicaRoutingMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._validated(name="Stock taking", duration=4.0)  # Paul: 4 h in the time bank

    def setUp(self):
        super().setUp()
        self.authenticate(LOGIN, PASSWORD)

    def test_routes_and_methods_marked(self):
        self.assertEqual(self.route_modes("volunteer_valuation_currency"), ROUTES)
        self.assertEqual(self.rpc_readonly_methods("volunteer_valuation_currency"),
                         RPC_READONLY)

    def test_portal_page_and_statement_read_on_the_replica(self):
        page = self.assertServedReadonly(lambda: self.url_open(
            f"/my/volunteering/currency?currency_id={self.time_bank.id}"))
        self.assertEqual(page.status_code, 200)
        self.assertIn("Stock taking", page.text)
        response = self.assertServedReadonly(lambda: self.url_open(
            f"/my/volunteering/currency/statement.xlsx?currency_id={self.time_bank.id}"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"), "an XLSX file")

    def test_transfer_writes_on_the_primary(self):
        response = self.assertServedReadonly(lambda: self.url_open(
            "/my/volunteering/currency/transfer", allow_redirects=False, data={
                "currency_id": self.time_bank.id, "recipient_id": self.volunteer_a2.id,
                "amount": "1.5", "note": "", "csrf_token": http.Request.csrf_token(self),
            }), readonly=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._balance(self.time_bank, self.volunteer_a2), 1.5)

    def test_balances_read_on_the_replica(self):
        """Through the web client's JSON-RPC and through JSON-2 with an API key."""
        expected = [{"partner_id": self.volunteer_a.id, "balance": 4.0}]
        self.authenticate(self.manager.login, self.manager.login)
        result = self.assertServedReadonly(lambda: self.make_jsonrpc_request(
            "/web/dataset/call_kw/volunteer.currency/get_balances", {
                "model": "volunteer.currency", "method": "get_balances",
                "args": [[self.time_bank.id], [self.volunteer_a.id]], "kwargs": {},
            }))
        self.assertEqual(result, expected)
        self.logout()
        key = self.env["res.users.apikeys"].with_user(self.manager)._generate(
            None, "Replica check", datetime.now() + timedelta(hours=1))
        response = self.assertServedReadonly(lambda: self.url_open(
            "/json/2/volunteer.currency/get_balances",
            data=json.dumps({"ids": [self.time_bank.id], "partner_ids": [self.volunteer_a.id]}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}",
                     "X-Odoo-Database": self.env.cr.dbname}))
        self.assertEqual(response.json(), expected)
