# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Which contributions credit which currencies, with which rule, and never twice."""

from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.volunteer_valuation.tests.common import DAY

from .common import CurrencyCase


@tagged("post_install", "-at_install")
class TestCrediting(CurrencyCase):

    def test_validation_credits_each_currency_once(self):
        contribution = self._validated()
        moves = self._moves(contribution)
        self.assertEqual({(m.currency_id, m.move_type, m.amount, m.partner_id) for m in moves}, {
            (self.time_bank, "credit", 2.0, self.volunteer_a),
            (self.local, "credit", 2.4, self.volunteer_a),
        })
        self.assertEqual(set(moves.mapped("structure_id")), {self.association_a})

    def test_validating_again_credits_nothing_more(self):
        contribution = self._validated()
        with self.assertRaises(UserError):
            contribution.action_validate()
        self.currencies.with_user(self.manager).action_credit_validated_contributions()
        contribution._volunteer_currency_credit()
        self.assertEqual(len(self._moves(contribution)), 2)

    def test_one_credit_per_validation_round_in_the_database(self):
        """Even a caller skipping the Python check cannot post a second credit."""
        contribution = self._validated()
        credit = self._moves(contribution, self.time_bank)
        Move = self.env["volunteer.currency.move"]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, \
                self.env.cr.savepoint():
            Move._post([{
                "currency_id": self.time_bank.id, "partner_id": self.volunteer_a.id,
                "amount": 2, "move_type": "credit", "contribution_id": contribution.id,
                "credit_round": credit.credit_round,
            }])
        self.assertEqual(caught.exception.diag.constraint_name,
                         "volunteer_currency_move_credit_once")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, \
                self.env.cr.savepoint():
            Move._post([
                {"currency_id": self.time_bank.id, "partner_id": self.volunteer_a.id,
                 "amount": -2, "move_type": "reversal", "reversed_move_id": credit.id}
                for _ in range(2)])
        self.assertEqual(caught.exception.diag.constraint_name,
                         "volunteer_currency_move_reversed_once")
        self.assertEqual(len(self._moves(contribution)), 2)

    def test_reset_posts_reversals_and_revalidation_uses_the_rule_then_in_force(self):
        contribution = self._validated()
        contribution.with_user(self.manager).action_reset_to_draft("Wrong structure")
        moves = self._moves(contribution, self.time_bank)
        self.assertEqual([(m.move_type, m.amount) for m in moves],
                         [("credit", 2.0), ("reversal", -2.0)])
        self.assertEqual(moves[1].reversed_move_id, moves[0])
        self.time_bank.rule_ids.rate = 3
        contribution.action_validate()
        moves = self._moves(contribution, self.time_bank)
        self.assertEqual([(m.move_type, m.amount, m.credit_round) for m in moves],
                         [("credit", 2.0, 1), ("reversal", -2.0, 0), ("credit", 6.0, 2)])
        self.assertEqual(self._balance(self.time_bank, self.volunteer_a), 6.0)
        # a second reset reverses the second credit only
        contribution.with_user(self.manager).action_reset_to_draft("Again")
        self.assertEqual(self._moves(contribution, self.time_bank).mapped("amount"),
                         [2.0, -2.0, 6.0, -6.0])
        self.assertEqual(self._balance(self.time_bank, self.volunteer_a), 0.0)
        self.assertLedgerConsistent(self.currencies)

    def test_reset_of_an_open_contribution_posts_nothing(self):
        contribution = self._contribution()
        contribution.action_submit()
        contribution.action_reset_to_draft()
        self.assertFalse(self._moves(contribution))

    def test_estimates_and_contributions_without_volunteer_credit_nobody(self):
        estimate = self._validated(entry_mode="estimate", partner_id=False, headcount=12,
                                   duration=40.0)
        self.assertEqual(estimate.state, "validated")
        self.assertFalse(self._moves(estimate))

    def test_contributor_types(self):
        civic = self._validated(contributor_type="civic_service")
        sponsored = self._validated(contributor_type="skills_sponsorship")
        self.assertFalse(self._moves(civic) | self._moves(sponsored))
        self.time_bank.credit_civic_service = True
        self.time_bank.with_user(self.manager).action_credit_validated_contributions()
        self.assertEqual(self._moves(civic).currency_id, self.time_bank)
        self.assertFalse(self._moves(sponsored))

    def test_structures_where_a_currency_applies(self):
        """A currency of association A credits it and its sections, not its parent or
        neighbours."""
        self.local.structure_ids = self.association_a
        in_a = self._validated(name="In A")
        in_section = self._validated(name="In A1", structure_id=self.section_a1.id)
        in_b = self._validated(name="In B", structure_id=self.association_b.id,
                               partner_id=self.volunteer_b.id)
        in_region = self._validated(name="In the region", structure_id=self.region.id,
                                    partner_id=self.volunteer_region.id)
        credited = {c.name for c in (in_a | in_section | in_b | in_region)
                    if self._moves(c, self.local)}
        self.assertEqual(credited, {"In A", "In A1"})
        self.assertEqual(len(self._moves(in_b, self.time_bank)), 1, "the time bank is everywhere")

    def test_rule_in_force_on_the_contribution_date(self):
        rule = self.time_bank.rule_ids
        rule.date_to = date(2025, 12, 31)
        self.env["volunteer.currency.rule"].create({
            "currency_id": self.time_bank.id, "date_from": date(2026, 1, 1), "rate": 2})
        old = self._validated(name="Old", date=date(2025, 6, 2))
        new = self._validated(name="New")
        self.assertEqual(self._moves(old, self.time_bank).amount, 2.0)
        self.assertEqual(self._moves(new, self.time_bank).amount, 4.0)
        self.assertEqual(self._moves(old, self.time_bank).rule_id, rule)

    def test_most_specific_rule_wins(self):
        Rule = self.env["volunteer.currency.rule"]
        Rule.create({"currency_id": self.time_bank.id, "date_from": date(2020, 1, 1),
                     "rate": 3, "level_id": self.level_supervision.id})
        Rule.create({"currency_id": self.time_bank.id, "date_from": date(2020, 1, 1),
                     "rate": 5, "structure_id": self.association_a.id})
        plain_b = self._validated(structure_id=self.association_b.id,
                                  partner_id=self.volunteer_b.id)
        supervision_b = self._validated(structure_id=self.association_b.id,
                                        partner_id=self.volunteer_b.id,
                                        level_id=self.level_supervision.id)
        supervision_a = self._validated(level_id=self.level_supervision.id)
        self.assertEqual(self._moves(plain_b, self.time_bank).rate, 1)
        self.assertEqual(self._moves(supervision_b, self.time_bank).rate, 3)
        # the deepest structure wins over criteria
        self.assertEqual(self._moves(supervision_a, self.time_bank).rate, 5)

    def test_no_rule_no_credit(self):
        self.time_bank.rule_ids.date_from = date(2026, 6, 1)
        contribution = self._validated()
        self.assertFalse(self._moves(contribution, self.time_bank))
        self.assertTrue(self._moves(contribution, self.local))

    def test_zero_rate_credits_nothing(self):
        self.time_bank.rule_ids.rate = 0
        self.assertFalse(self._moves(self._validated(), self.time_bank))

    def test_rounding_to_the_currency(self):
        self.time_bank.decimal_places = 0
        contribution = self._validated(duration=1.5)
        self.assertEqual(self._moves(contribution, self.time_bank).amount, 2.0)
        # 1.75 h valued 21.04 € (1.75 x 12.02 = 21.035): 2.10 units
        self.assertEqual(self._moves(self._validated(duration=1.75), self.local).amount, 2.1)

    def test_archived_and_other_company_currencies_credit_nobody(self):
        other_company = self.env["res.company"].create({"name": "Other network"})
        self.env["volunteer.currency"].create({
            "name": "Elsewhere", "symbol": "E", "company_id": other_company.id,
            "rule_ids": [Command.create({"date_from": date(2020, 1, 1), "rate": 1})],
        })
        self.local.active = False
        contribution = self._validated()
        self.assertEqual(self._moves(contribution).currency_id, self.time_bank)

    def test_backfill_credits_past_contributions_once(self):
        contribution = self._validated()
        late = self.env["volunteer.currency"].create({
            "name": "Late bank", "symbol": "LB",
            "rule_ids": [Command.create({"date_from": date(2020, 1, 1), "rate": 2})],
        })
        self.assertFalse(self._moves(contribution, late))
        late.with_user(self.manager).action_credit_validated_contributions()
        late.with_user(self.manager).action_credit_validated_contributions()
        self.assertEqual(self._moves(contribution, late).mapped("amount"), [4.0])

    def test_many_contributions_validated_at_once(self):
        contributions = self.env["volunteer.contribution"].create([
            self._contribution_vals(name=f"Shift {index}", duration=1.0 + index % 3)
            for index in range(30)])
        contributions.action_validate()
        credits = self._moves(currency=self.time_bank, partner_id=self.volunteer_a.id)
        self.assertEqual(len(credits), 30)
        self.assertEqual(sorted(credits.mapped("sequence")), list(range(1, 31)))
        self.assertEqual(self._balance(self.time_bank, self.volunteer_a),
                         sum(contributions.mapped("duration")))
        self.assertLedgerConsistent(self.currencies)

    def test_credited_contribution_cannot_be_deleted(self):
        contribution = self._validated()
        contribution.with_user(self.manager).action_reset_to_draft("To delete")
        with self.assertRaisesRegex(UserError, "credited in a currency"):
            contribution.unlink()
        self.assertTrue(contribution.exists())
        self.assertEqual(DAY, contribution.date)
