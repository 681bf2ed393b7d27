# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Every refusal says why and writes nothing; the ledger is append-only for everybody."""

from contextlib import contextmanager
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CurrencyCase


@tagged("post_install", "-at_install")
class TestRefusals(CurrencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paul_food = cls._validated()  # Paul: 2 h, 2.40 LU
        cls.Move = cls.env["volunteer.currency.move"]

    @contextmanager
    def assertRefused(self, message, exception=UserError, model="volunteer.currency.move"):
        """The block fails with ``message`` and leaves ``model`` as it was."""
        Model = self.env[model].sudo().with_context(active_test=False)
        before = Model.search_count([])
        exceptions = exception if isinstance(exception, tuple) else (exception,)
        with self.assertRaisesAny(*exceptions) as catcher:
            yield catcher
        if message:
            self.assertIn(message, str(catcher.exception))
        self.assertEqual(Model.search_count([]), before, "nothing should have been written")

    def _transfer(self, amount, recipient=None, user=None, sender=None, currency=None):
        currency = (currency or self.time_bank).with_user(user or self.portal_a)
        return currency.transfer((sender or self.volunteer_a).id,
                                 (recipient or self.volunteer_a2).id, amount, "note")

    # Transfers -------------------------------------------------------------

    def test_transfer_of_nothing_or_less(self):
        for amount in (0, "0", -1, "-1,5"):
            with self.subTest(amount=amount), self.assertRefused("greater than zero"):
                self._transfer(amount)
        with self.assertRefused("is not an amount"):
            self._transfer("two")

    def test_transfer_to_oneself(self):
        with self.assertRefused("to yourself"):
            self._transfer(1, recipient=self.volunteer_a)

    def test_transfer_outside_ones_structures(self):
        # A volunteer is not told the name of whoever they typed the id of.
        for outsider in (self.volunteer_b, self.volunteer_region,
                         self.env["res.partner"].create({"name": "Nobody"})):
            with self.subTest(outsider=outsider.name), \
                    self.assertRefused("does not share with you a structure"):
                self._transfer(1, recipient=outsider)
        with self.assertRefused("not a member of one of the structures"):
            self._transfer(1, recipient=self.volunteer_b, user=self.manager)

    def test_transfer_outside_the_currency_structures(self):
        """Paul and Alice share association A, where the local units are not used."""
        self.local.structure_ids = self.association_b
        with self.assertRefused("does not share with you a structure"):
            self._transfer(1, currency=self.local)

    def test_transfer_with_too_many_decimals(self):
        with self.assertRefused("counts with 2 decimal(s): 1.255 has more"):
            self._transfer("1.255")
        minutes = self.env["volunteer.currency"].create({
            "name": "Minutes", "symbol": "min", "decimal_places": 0,
            "rule_ids": [Command.create({"date_from": date(2020, 1, 1), "rate": 60})]})
        minutes._credit(self.paul_food)
        with self.assertRefused("counts with 0 decimal(s): 1.5 has more"):
            self._transfer(1.5, currency=minutes)

    def test_transfer_beyond_the_minimum(self):
        # 2 h, overdraft down to -5: 7 is fine, 7.01 is not
        with self.assertRefused(f"cannot go under the minimum of {self.units(-5)} h"):
            self._transfer("7.01")
        self._transfer("7")
        self.assertEqual(self._balance(self.time_bank, self.volunteer_a), -5.0)

    def test_transfer_beyond_the_maximum(self):
        self.env["volunteer.currency.rule"].create({
            "currency_id": self.local.id, "structure_id": self.association_a.id,
            "date_from": date(2020, 1, 1), "rate": 2})
        self._validated(partner_id=self.volunteer_a2.id, duration=2.0)  # Alice: 48.08 LU
        # Nor the balance of the recipient.
        with self.assertRefused(f"the recipient cannot hold more than {self.units(50)} LU"):
            self._transfer(2, currency=self.local)
        self._transfer("1.92", currency=self.local)
        self.assertEqual(self._balance(self.local, self.volunteer_a2), 50.0)

    def test_transfer_from_someone_else(self):
        with self.assertRefused("from your own account", AccessError):
            self._transfer(1, sender=self.volunteer_a2, recipient=self.volunteer_a)
        with self.assertRefused("from your own account", AccessError):
            self._transfer(1, user=self.coordinator_a)

    def test_transfer_in_an_archived_currency(self):
        self.time_bank.active = False
        with self.assertRefused(None, (UserError, AccessError)):
            self._transfer(1, user=self.manager)

    # Spending and adjustments -----------------------------------------------

    def test_spending_beyond_the_minimum(self):
        with self.assertRefused(f"cannot go under the minimum of {self.units(0)} LU"):
            self.local.with_user(self.manager).spend(self.volunteer_a.id, 2.41, "Ticket 1")
        self.local.with_user(self.manager).spend(self.volunteer_a.id, 2.40, "Ticket 1")
        self.assertEqual(self._balance(self.local, self.volunteer_a), 0.0)

    def test_spending_needs_a_reference(self):
        for reference in (False, "", "   "):
            with self.subTest(reference=reference), self.assertRefused("Give a reference"):
                self.time_bank.with_user(self.manager).spend(self.volunteer_a.id, 1, reference)

    def test_spending_of_nothing(self):
        with self.assertRefused("greater than zero"):
            self.time_bank.with_user(self.manager).spend(self.volunteer_a.id, 0, "Ticket 2")
        with self.assertRefused("cannot be zero"):
            self.time_bank.with_user(self.manager).adjust(self.volunteer_a.id, 0, "Decision 1")

    def test_spending_by_a_non_member(self):
        outsider = self.env["res.partner"].create({"name": "Passer-by"})
        with self.assertRefused("not a member of a structure where"):
            self.time_bank.with_user(self.manager).spend(outsider.id, 1, "Ticket 3")

    def test_spending_and_adjusting_by_coordinators_and_volunteers(self):
        for user in (self.coordinator_a, self.portal_a):
            with self.subTest(user=user.name), self.assertRefused("Only a volunteering manager",
                                                                   AccessError):
                self.time_bank.with_user(user).spend(self.volunteer_a.id, 1, "Ticket 4")
            with self.subTest(user=user.name), self.assertRefused("Only a volunteering manager",
                                                                   AccessError):
                self.time_bank.with_user(user).adjust(self.volunteer_a.id, 1, "Decision 2")

    def test_adjustment_beyond_the_maximum(self):
        with self.assertRefused(f"cannot go over the maximum of {self.units(50)} LU"):
            self.local.with_user(self.manager).adjust(self.volunteer_a.id, 47.61, "Decision 3")
        self.local.with_user(self.manager).adjust(self.volunteer_a.id, -2.4, "Decision 3")
        self.assertEqual(self._balance(self.local, self.volunteer_a), 0.0)

    # Rules -------------------------------------------------------------------

    def test_rules_that_tie_are_refused(self):
        Rule = self.env["volunteer.currency.rule"]
        with self.assertRefused("would both apply", ValidationError, "volunteer.currency.rule"):
            Rule.create({"currency_id": self.time_bank.id, "date_from": date(2026, 1, 1),
                         "rate": 2})
        Rule.create({"currency_id": self.time_bank.id, "date_from": date(2026, 1, 1),
                     "rate": 2, "level_id": self.level_supervision.id})
        with self.assertRefused("would both apply", ValidationError, "volunteer.currency.rule"):
            Rule.create({"currency_id": self.time_bank.id, "date_from": date(2025, 1, 1),
                         "date_to": date(2026, 2, 1), "rate": 4,
                         "category_id": self.category_events.id})
        # the same rule in another currency does not tie
        Rule.create({"currency_id": self.local.id, "date_from": date(2026, 1, 1),
                     "rate": 2, "level_id": self.level_supervision.id})

    def test_overlapping_rule_changed_into_a_tie(self):
        rule = self.env["volunteer.currency.rule"].create({
            "currency_id": self.time_bank.id, "date_from": date(2026, 1, 1), "rate": 2,
            "structure_id": self.association_a.id})
        with self.assertRefused("would both apply", ValidationError, "volunteer.currency.rule"):
            rule.structure_id = False
        rule.invalidate_recordset()
        self.assertEqual(rule.structure_id, self.association_a)

    def test_rules_with_a_negative_rate_or_upside_down(self):
        Rule = self.env["volunteer.currency.rule"]
        base = {"currency_id": self.time_bank.id, "level_id": self.level_expertise.id}
        # The database's CHECK stops the row first; RPC callers get the constraint's message.
        with self.assertRefused(None, (ValidationError, IntegrityError),
                                "volunteer.currency.rule") as catcher:
            Rule.create(dict(base, date_from=date(2026, 1, 1), rate=-1))
        self.assertIn("non_negative", str(catcher.exception))
        with self.assertRefused(None, (ValidationError, IntegrityError),
                                "volunteer.currency.rule"):
            Rule.create(dict(base, date_from=date(2026, 1, 1), date_to=date(2025, 1, 1),
                             rate=1))

    def test_rule_where_the_currency_is_not_used(self):
        self.local.structure_ids = self.association_a
        with self.assertRefused("is not used in", ValidationError, "volunteer.currency.rule"):
            self.env["volunteer.currency.rule"].create({
                "currency_id": self.local.id, "structure_id": self.association_b.id,
                "date_from": date(2026, 1, 1), "rate": 1})

    def test_used_rule_cannot_be_deleted(self):
        with self.assertRefused("kept as evidence", UserError, "volunteer.currency.rule"):
            self.time_bank.rule_ids.unlink()
        self.time_bank.rule_ids.active = False
        self.assertFalse(self.time_bank.rule_ids)

    # Currencies --------------------------------------------------------------

    def test_euro_backed_currency_crediting_volunteers_needs_an_acknowledgement(self):
        Currency = self.env["volunteer.currency"].with_user(self.manager)
        with self.assertRefused("must acknowledge the requalification risk", ValidationError,
                                "volunteer.currency"):
            Currency.create({"name": "Eusko-like", "symbol": "EK", "euro_backed": True})
        # inactive, it can be prepared; it becomes active once a manager acknowledges
        currency = Currency.create({"name": "Eusko-like", "symbol": "EK", "euro_backed": True,
                                    "active": False})
        self.assertTrue(currency.requalification_risk)
        with self.assertRefused("must acknowledge", ValidationError, "volunteer.currency"):
            currency.active = True
        currency.write({"risk_acknowledged": True, "active": True})
        self.assertEqual(currency.risk_acknowledged_by_id, self.manager)
        self.assertTrue(currency.risk_acknowledged_date)
        with self.assertRefused("must acknowledge", ValidationError, "volunteer.currency"):
            currency.risk_acknowledged = False
        # crediting only civic service volunteers carries no such risk
        Currency.create({"name": "Civic units", "symbol": "CU", "euro_backed": True,
                         "credit_volunteer": False, "credit_civic_service": True})

    def test_only_managers_acknowledge(self):
        currency = self.env["volunteer.currency"].create({
            "name": "Eusko-like", "symbol": "EK", "euro_backed": True, "active": False})
        with self.assertRaises(AccessError):
            currency.with_user(self.coordinator_a).write({"risk_acknowledged": True})
        self.assertFalse(currency.risk_acknowledged)

    def test_currency_settings_refused(self):
        Currency = self.env["volunteer.currency"]
        for vals, message in (({"decimal_places": 5}, "from 0 to 4"),
                              ({"decimal_places": -1}, "from 0 to 4"),
                              ({"min_balance": 1}, "minimum balance is 0 or a negative"),
                              ({"max_balance": -1}, "cannot be negative")):
            with self.subTest(vals=vals), self.assertRefused(message, ValidationError,
                                                             "volunteer.currency"):
                Currency.create(dict(vals, name="Bad", symbol="B"))

    def test_posted_currency_keeps_its_decimals_and_company(self):
        with self.assertRaisesRegex(UserError, "can no longer change"):
            self.time_bank.decimal_places = 1
        self.assertEqual(self.time_bank.decimal_places, 2)
        with self.assertRefused("Archive the currency", UserError, "volunteer.currency"):
            self.time_bank.unlink()
        self.env["volunteer.currency"].create({"name": "Unused", "symbol": "U"}).unlink()

    def test_currency_structures_of_another_company(self):
        other = self.env["res.company"].create({"name": "Other network"})
        with self.assertRefused("must belong to its company", ValidationError,
                                "volunteer.currency"):
            self.env["volunteer.currency"].create({
                "name": "Mixed", "symbol": "M", "company_id": other.id,
                "structure_ids": [Command.set(self.association_a.ids)]})

    # The ledger is append-only ----------------------------------------------------

    def test_moves_are_never_written(self):
        move = self._moves(self.paul_food, self.time_bank)
        for env in (self.env, self.env(user=self.env.ref("base.user_admin")),
                    self.env(user=self.manager)):
            for vals in ({"amount": 100}, {"note": "edited"}, {"partner_id": self.volunteer_b.id}):
                with self.subTest(user=env.user.name, vals=vals), \
                        self.assertRaisesRegex((UserError, AccessError), "cannot be changed|not"):
                    move.with_env(env).write(vals)
        move.invalidate_recordset()
        self.assertEqual((move.amount, move.note, move.partner_id), (2.0, False, self.volunteer_a))

    def test_moves_are_never_deleted(self):
        move = self._moves(self.paul_food, self.time_bank)
        for env in (self.env, self.env(user=self.env.ref("base.user_admin")),
                    self.env(user=self.manager)):
            with self.subTest(user=env.user.name), \
                    self.assertRefused(None, (UserError, AccessError)):
                move.with_env(env).unlink()
        with self.assertRefused("cannot be deleted"):
            move.sudo().unlink()
        self.assertTrue(move.exists())

    def test_moves_are_never_created_directly(self):
        vals = {"currency_id": self.time_bank.id, "partner_id": self.volunteer_a.id,
                "amount": 100, "move_type": "adjustment", "reference": "Gift", "sequence": 99,
                "company_id": self.company.id}
        for user in (self.env.ref("base.user_admin"), self.manager, self.coordinator_a,
                     self.portal_a):
            with self.subTest(user=user.name), self.assertRefused(None, AccessError):
                self.Move.with_user(user).create(vals)

    def test_reversing_a_move(self):
        spend = self.time_bank.with_user(self.manager).spend(self.volunteer_a.id, 1, "Ticket 5")
        credit = self._moves(self.paul_food, self.time_bank)
        with self.assertRefused("resetting its contribution to draft"):
            credit.with_user(self.manager).action_reverse()
        with self.assertRefused("Only a volunteering manager", AccessError):
            spend.with_user(self.coordinator_a).action_reverse()
        reversal = spend.with_user(self.manager).action_reverse()
        self.assertEqual((reversal.move_type, reversal.amount, reversal.reversed_move_id),
                         ("reversal", 1.0, spend))
        with self.assertRefused("already reversed"):
            spend.with_user(self.manager).action_reverse()
        self.assertEqual(self._balance(self.time_bank, self.volunteer_a), 2.0)
