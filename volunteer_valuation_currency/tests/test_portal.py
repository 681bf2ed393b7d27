# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""/my/volunteering/currency: balance, statement and transfers of a portal volunteer."""

import io

import openpyxl

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import CurrencyCommon

LOGIN = PASSWORD = "vv_portal_a"  # new_test_user gives logins of 8+ characters as password


@tagged("post_install", "-at_install")
class TestCurrencyPortal(CurrencyCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._validated(name="Tour food distribution", duration=4.0)  # Paul: 4 h, 4.81 LU
        # Alice agreed to be named: the transfer form shows her name, not a pseudonym.
        cls.volunteer_a2.volunteer_share_identity = True

    def _transfer_moves(self):
        return self._moves(currency=self.time_bank, move_type="transfer")

    def test_portal_transfer_tour(self):
        self.start_tour("/my", "volunteer_currency_portal_tour", login=LOGIN)
        sent, received = self._transfer_moves()
        self.assertEqual((sent.partner_id, sent.amount, sent.counterpart_partner_id),
                         (self.volunteer_a, -1.5, self.volunteer_a2))
        self.assertEqual((received.partner_id, received.amount, received.counterpart_partner_id),
                         (self.volunteer_a2, 1.5, self.volunteer_a))
        self.assertEqual(received.note, "Thanks for the ride")
        self.assertEqual(self._balance(self.time_bank, self.volunteer_a), 2.5)
        self.assertLedgerConsistent(self.currencies)

    def _post_transfer(self, **values):
        data = {"currency_id": self.time_bank.id, "recipient_id": self.volunteer_a2.id,
                "amount": "1", "note": "", "csrf_token": http.Request.csrf_token(self)}
        data.update(values)
        return self.url_open("/my/volunteering/currency/transfer", data=data)

    def test_refusals_are_shown_and_write_nothing(self):
        self.authenticate(LOGIN, PASSWORD)
        cases = [
            ({"amount": "0"}, "greater than zero"),
            ({"amount": "-2"}, "greater than zero"),
            ({"amount": "1.001"}, "has more"),
            ({"amount": "lots"}, "is not an amount"),
            ({"amount": "9.01"}, "cannot go under the minimum"),
            ({"recipient_id": str(self.volunteer_a.id)}, "to yourself"),
            ({"recipient_id": str(self.volunteer_b.id)}, "does not share with you a structure"),
            ({"recipient_id": "abc"}, "Choose the member"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                response = self._post_transfer(**values)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn("o_volunteer_currency_error", response.text)
        self.assertFalse(self._transfer_moves())

    def test_other_currency_or_anonymous(self):
        self.authenticate(LOGIN, PASSWORD)
        elsewhere = self.env["volunteer.currency"].create({
            "name": "B units", "symbol": "BU", "structure_ids": self.association_b.ids})
        self.env.flush_all()
        response = self._post_transfer(currency_id=str(elsewhere.id))
        self.assertEqual(response.status_code, 404)
        response = self.url_open(
            f"/my/volunteering/currency/statement.xlsx?currency_id={elsewhere.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("B units", self.url_open("/my/volunteering/currency").text)
        self.logout()
        response = self.url_open("/my/volunteering/currency", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_page_and_statement_download(self):
        self.authenticate(LOGIN, PASSWORD)
        page = self.url_open("/my/volunteering/currency").text
        self.assertIn("Tour food distribution", page)
        self.assertIn("4.00", page)
        self.assertIn("Alice Second", page, "a member of association A can receive units")
        self.assertNotIn("Béa Portal", page)
        page = self.url_open(f"/my/volunteering/currency?currency_id={self.local.id}").text
        self.assertIn("4.81", page)
        response = self.url_open(
            f"/my/volunteering/currency/statement.xlsx?currency_id={self.time_bank.id}")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        self.assertIn("Tour food distribution", values)
        self.assertIn(4, values)

    def test_portal_home_counts_the_currencies(self):
        self.authenticate(LOGIN, PASSWORD)
        self.assertIn('href="/my/volunteering/currency"', self.url_open("/my").text)
        result = self.make_jsonrpc_request("/my/counters",
                                           {"counters": ["volunteer_currency_count"]})
        self.assertEqual(result["volunteer_currency_count"], 2)

    def test_employee_without_volunteering_rights(self):
        """/my keeps working for an employee who has no access to currencies."""
        self.authenticate("vv_internal", "vv_internal")
        result = self.make_jsonrpc_request("/my/counters",
                                           {"counters": ["volunteer_currency_count"]})
        self.assertEqual(result["volunteer_currency_count"], 0)
        page = self.url_open("/my/volunteering/currency").text
        self.assertIn("No time bank or currency is used in your structures yet.", page)

    def test_volunteer_without_currency(self):
        self.authenticate("vv_portal_b", "vv_portal_b")
        self.time_bank.structure_ids = self.association_a
        self.local.structure_ids = self.association_a
        self.env.flush_all()
        page = self.url_open("/my/volunteering/currency").text
        self.assertIn("No time bank or currency is used in your structures yet.", page)
