# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Forgetting a member keeps the ledger exact: amounts and dates never change, balances
go where the currency says, and only the dedicated path may replace a member."""

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.volunteer_valuation.tests.erasure_common import ErasureMixin

from .common import CurrencyCase

LEDGER_FIELDS = ("currency_id", "amount", "date", "move_type", "sequence", "balance_after",
                 "contribution_id", "reversed_move_id", "structure_id", "credit_round",
                 "reference", "company_id")


@tagged("post_install", "-at_install")
class TestErasureLedger(ErasureMixin, CurrencyCase):
    """Paul earned 2 h and 2.40 LU, then gave 0.50 h to Alice. The time bank sends the
    balances of forgotten members to Association A's account; the local units keep them
    on the anonymous account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = cls.env["res.partner"].create({"name": "Association A office"})
        cls.association_a.partner_id = cls.office
        cls.time_bank.erasure_structure_id = cls.association_a
        cls.paul_food = cls._validated()
        cls.time_bank.with_user(cls.portal_a).transfer(
            cls.volunteer_a.id, cls.volunteer_a2.id, "0.5", "Thanks")
        cls.Move = cls.env["volunteer.currency.move"].sudo()
        cls.placeholder = cls.env["res.partner"].create(
            {"name": "Anonymous volunteer TEST", "volunteer_anonymous": True, "active": False})

    def ledger(self, moves):
        """What the ledger says of ``moves``; records by id (a description may go)."""
        moves.invalidate_recordset()
        return {row["id"]: {key: value[0] if isinstance(value, tuple) else value
                            for key, value in row.items()}
                for row in moves.read(list(LEDGER_FIELDS))}

    def circulation(self):
        return dict(self.Move._read_group([], ["currency_id"], ["amount:sum"]))

    def test_every_other_write_is_refused_superuser_included(self):
        move = self._moves(currency=self.time_bank, partner_id=self.volunteer_a.id)[:1]
        before = self.ledger(move)
        for records in (move.sudo(), move.with_user(SUPERUSER_ID)):
            for vals in ({"partner_id": self.placeholder.id}, {"amount": 9.0},
                         {"date": date(2026, 1, 1)}):
                with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "posted for good"):
                    records.write(vals)
        for vals in ({"amount": 9.0}, {"partner_id": self.placeholder.id, "date": date(2026, 1, 1)},
                     {}, {"sequence": 7}):
            with self.subTest(path=vals), self.assertRaisesRegex(UserError, "only replaces"):
                move._write_anonymised(vals)
        with self.assertRaisesRegex(UserError, "anonymous placeholder"):
            move._write_anonymised({"partner_id": self.volunteer_b.id})
        self.assertEqual(self.ledger(move), before)

        move._write_anonymised({"partner_id": self.placeholder.id})
        self.assertEqual(move.partner_id, self.placeholder)
        self.assertEqual(self.ledger(move), before, "nothing else changed")

    def test_forgetting_a_member_keeps_the_ledger_exact(self):
        moves = self.Move.search(["|", ("partner_id", "=", self.volunteer_a.id),
                                  ("counterpart_partner_id", "=", self.volunteer_a.id)])
        before = self.ledger(moves)
        circulation = self.circulation()
        notices = self.env["volunteer.erasure"]._erasure_notices(self.volunteer_a)
        self.assertIn(f"Your balance of {self.units(1.5)} h in Time bank is transferred to the "
                      "account of Federation / Region / Association A.", notices)
        self.assertIn(f"Your balance of {self.units(2.4)} LU in Local units stays in the ledger, "
                      "on an anonymous account that nobody uses.", notices)

        self.volunteer_a.with_user(self.manager).action_volunteer_anonymise()

        self.assertEqual(self.ledger(moves), before, "amounts, dates and numbers unchanged")
        self.assertEqual(self.circulation(), circulation)
        placeholder = self.paul_food.partner_id
        self.assertTrue(placeholder.volunteer_anonymous)
        self.assertFalse(self.Move.search_count(["|", ("partner_id", "=", self.volunteer_a.id),
                                                 ("counterpart_partner_id", "=",
                                                  self.volunteer_a.id)]))
        alice_in = self._moves(currency=self.time_bank, partner_id=self.volunteer_a2.id)
        self.assertEqual(alice_in.counterpart_partner_id, placeholder)
        self.assertEqual(self._balance(self.time_bank, placeholder), 0.0)
        self.assertEqual(self._balance(self.time_bank, self.office), 1.5)
        self.assertEqual(self._balance(self.local, placeholder), 2.4)
        [closing] = self._moves(currency=self.time_bank, partner_id=placeholder.id,
                                move_type="transfer", counterpart_partner_id=self.office.id)
        self.assertEqual((closing.amount, closing.sequence, closing.balance_after), (-1.5, 3, 0.0))
        self.assertLedgerConsistent()
        log = self.env["volunteer.erasure.log"].sudo().search([])
        # 2 credits, Paul's transfer out and Alice's in, Paul's closing transfer and the office's
        self.assertEqual(log.move_count, 6)
        self.assertForgotten(self.volunteer_a, "Paul Portal")

    def test_a_draft_the_ledger_cites_is_kept(self):
        self.paul_food.with_user(self.manager).action_reset_to_draft("Wrong day")
        self.volunteer_a.with_user(self.manager).action_volunteer_anonymise()
        self.assertTrue(self.paul_food.exists())
        self.assertTrue(self.paul_food.partner_id.volunteer_anonymous)
        self.assertEqual(self.env["volunteer.erasure.log"].sudo().search([]).deleted_count, 0)

    def test_my_data_lists_my_moves(self):
        partner = self.volunteer_a.sudo()
        contributions = self.env["volunteer.contribution"].sudo().search(
            [("partner_id", "=", partner.id)])
        rows = partner._volunteer_personal_data(contributions)["currency_moves"]
        self.assertEqual(sorted((row["currency"], row["amount"]) for row in rows), [
            ("Local units", 2.4), ("Time bank", -0.5), ("Time bank", 2.0)])
        self.assertIn("Transfer to Alice Second", [row["description"] for row in rows])
        content = partner._volunteer_personal_data_file(contributions, "csv").decode("utf-8-sig")
        self.assertIn("My currency moves", content)

    def test_the_receiving_structure_needs_a_contact_in_the_currency(self):
        with self.assertRaises(ValidationError) as catcher:
            self.local.erasure_structure_id = self.association_b
        self.assertIn("has no contact", str(catcher.exception))
        self.association_b.partner_id = self.env["res.partner"].create({"name": "B office"})
        self.local.structure_ids = self.association_a
        with self.assertRaises(ValidationError) as catcher:
            self.local.erasure_structure_id = self.association_b
        self.assertIn("is not used in", str(catcher.exception))
        self.assertFalse(self.local.erasure_structure_id)

    def test_a_recent_move_is_recent_activity(self):
        long_ago = fields.Date.context_today(self.local) - relativedelta(years=5)
        self.env["volunteer.rate"].create({
            "name": "Flat rate", "date_from": date(2015, 1, 1), "date_to": date(2023, 12, 31),
            "method": "fixed", "fixed_amount": 15.0, "company_id": self.company.id})
        olga = self.env["res.partner"].create({
            "name": "Olga Old", "volunteer_structure_ids": [(6, 0, self.association_a.ids)]})
        old = self._validated(name="Olga's stand", partner_id=olga.id, date=long_ago)
        then = datetime.combine(long_ago, time(12))
        self.backdate(olga, then)
        self.backdate(old, then)
        credits = self._moves(contribution=old)
        self.backdate(credits, then)
        self.backdate(credits, long_ago, "date")
        Erasure = self.env["volunteer.erasure"]
        self.assertIn(olga.id, Erasure._retention_due())
        self.time_bank.adjust(olga.id, 1, "Gift for the party")
        self.assertNotIn(olga.id, Erasure._retention_due(), "a move today is activity")
