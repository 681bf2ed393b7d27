# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The attacks of the issue “Trust boundaries” that involve currencies, tried again over
XML-RPC and plain HTTP: refused, nothing written, no name given away."""

import re

from odoo import Command, http
from odoo.tests import HttpCase, tagged

from odoo.addons.volunteer_valuation.tests.common import DAY
from odoo.addons.volunteer_valuation.tests.security_common import RoleCommon, XmlRpcMixin

from .common import RULES_FROM

C = "volunteer.contribution"


@tagged("post_install", "-at_install")
class TestCurrencySecurityAttacks(RoleCommon, XmlRpcMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Currency = cls.env["volunteer.currency"]
        Currency.search([]).write({"active": False})
        cls.time_bank = Currency.create({
            "name": "Time bank", "symbol": "h", "basis": "hours", "decimal_places": 2,
            "min_balance": -5, "rule_ids": [(0, 0, {"date_from": RULES_FROM, "rate": 1})],
        })
        cls.coordinator_a.partner_id.volunteer_structure_ids = cls.association_a
        cls.volunteer_a2.volunteer_share_identity = False
        cls.paul = cls._validated(name="Paul in A", duration=2.0)
        cls.bea = cls._validated(name="Béa in B", partner_id=cls.volunteer_b.id,
                                 structure_id=cls.association_b.id, duration=3.0)

    def _moves(self, **domain):
        return self.env["volunteer.currency.move"].sudo().search(
            [(name, "=", value) for name, value in domain.items()])

    def test_1_no_credit_for_validating_oneself(self):
        own = self.coordinator_a.partner_id
        new_id = self.assertXmlRpcAllowed(self.coordinator_a, C, "create", {
            "name": "My own afternoon", "partner_id": own.id, "state": "submitted",
            "structure_id": self.association_a.id, "date": DAY.isoformat(), "duration": 4.0})
        self.assertXmlRpcRefused(self.coordinator_a, C, "action_validate", [new_id],
                                 message="your own time")
        self.assertFalse(self._moves(partner_id=own.id))
        self.assertEqual(self.env[C].browse(new_id).state, "submitted")

    def test_3_currency_export_stays_with_its_user(self):
        model = "volunteer.currency.report.wizard"
        wizard = self.env[model].with_user(self.manager).create(
            {"currency_id": self.time_bank.id})
        action = wizard.action_export()
        attachment_id = int(re.search(r"/web/content/(\d+)", action["url"]).group(1))
        mine = self.env[model].with_user(self.coordinator_a).create(
            {"currency_id": self.time_bank.id, "report": "statement",
             "partner_id": self.coordinator_a.partner_id.id})
        self.assertXmlRpcRefused(self.coordinator_b, model, "read", [mine.id], ["partner_id"])
        self.assertXmlRpcRefused(self.coordinator_b, model, "write", [mine.id],
                                 {"report": "balances"})
        self.assertEqual(mine.report, "statement")
        self.assertXmlRpcAllowed(self.manager, model, "read", [mine.id], ["report"])
        # The workbook of the manager's export is theirs too.
        self.authenticate("vv_coord_b", "vv_coord_b")
        response = self.url_open(f"/web/content/{attachment_id}?download=true")
        self.assertNotEqual(response.status_code, 200)

    def test_9_enrolling_someone_does_not_open_their_account(self):
        """Coordinator A enrols Béa (of B) in A: her moves earned in B stay out of sight,
        and so does her balance in a currency used beyond A."""
        self.assertXmlRpcAllowed(
            self.coordinator_a, "res.partner", "write", [self.volunteer_b.id],
            {"volunteer_structure_ids": [Command.link(self.association_a.id)]})
        found = self.assertXmlRpcAllowed(
            self.coordinator_a, "volunteer.currency.move", "search_read",
            [("partner_id", "=", self.volunteer_b.id)], ["amount"])
        self.assertEqual(found, [])
        credit = self._moves(contribution_id=self.bea.id)
        self.assertXmlRpcRefused(self.coordinator_a, "volunteer.currency.move", "read",
                                 credit.ids, ["amount"])
        self.assertXmlRpcRefused(self.coordinator_a, "volunteer.currency", "get_balances",
                                 [self.time_bank.id], [self.volunteer_b.id],
                                 message="used beyond them")
        self.assertEqual(self.assertXmlRpcAllowed(
            self.coordinator_a, "volunteer.currency.balance", "search_read",
            [("partner_id", "=", self.volunteer_b.id)], ["balance"]), [])
        # What she earns in A from now on is seen in A.
        in_a = self._validated(name="Béa in A", partner_id=self.volunteer_b.id, duration=1.0)
        found = self.assertXmlRpcAllowed(
            self.coordinator_a, "volunteer.currency.move", "search_read",
            [("partner_id", "=", self.volunteer_b.id)], ["contribution_id"])
        self.assertEqual([row["contribution_id"][0] for row in found], in_a.ids)

    def test_9_currency_of_the_branch_shows_every_balance(self):
        """A currency used only in A: its coordinators see all of its balances."""
        local = self.env["volunteer.currency"].create({
            "name": "A units", "symbol": "AU", "basis": "hours",
            "structure_ids": [Command.set(self.association_a.ids)],
            "rule_ids": [(0, 0, {"date_from": RULES_FROM, "rate": 1})],
        })
        local.action_credit_validated_contributions()
        rows = self.assertXmlRpcAllowed(self.coordinator_a, "volunteer.currency", "get_balances",
                                        [local.id], [self.volunteer_a.id])
        self.assertEqual(rows, [{"partner_id": self.volunteer_a.id, "balance": 2.0}])
        self.assertXmlRpcRefused(self.coordinator_b, "volunteer.currency", "get_balances",
                                 [local.id], [self.volunteer_a.id])

    def test_9_transfer_form_names_only_who_agreed(self):
        self.volunteer_a2.volunteer_share_identity = False
        named = self.env["res.partner"].create({
            "name": "Nora Named", "volunteer_share_identity": True,
            "volunteer_structure_ids": [Command.set(self.association_a.ids)]})
        self.authenticate("vv_portal_a", "vv_portal_a")
        html = self.url_open(f"/my/volunteering/currency?currency_id={self.time_bank.id}").text
        options = re.search(r'name="recipient_id".*?</select>', html, re.S).group(0)
        self.assertIn("Nora Named", options)
        self.assertNotIn("Alice Second", options)
        self.assertNotIn("Anne Coordinator", options)
        self.assertIn("Bénévole", options)
        self.assertIn(f'value="{named.id}"', options)
        self.assertIn(f'value="{self.volunteer_a2.id}"', options)
        # An id that is not in the list gives no name away.
        response = self.url_open("/my/volunteering/currency/transfer", data={
            "currency_id": self.time_bank.id, "recipient_id": self.volunteer_b.id,
            "amount": "1", "csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.volunteer_b.name, response.text)
        self.assertIn("choose the recipient in the list", response.text)
        self.assertFalse(self._moves(move_type="transfer", currency_id=self.time_bank.id))
        # After a transfer, the statement names the recipient as the form did.
        self.url_open("/my/volunteering/currency/transfer", data={
            "currency_id": self.time_bank.id, "recipient_id": self.volunteer_a2.id,
            "amount": "1", "csrf_token": http.Request.csrf_token(self)})
        statement = self.url_open(
            f"/my/volunteering/currency?currency_id={self.time_bank.id}").text
        self.assertIn("Transfer to Bénévole", statement)
        self.assertNotIn("Alice Second", statement)
        sent = self._moves(move_type="transfer", partner_id=self.volunteer_a.id,
                           currency_id=self.time_bank.id)
        self.assertEqual(sent.structure_id, self.association_a)
