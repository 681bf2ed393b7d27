# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Who sees which moves and balances: volunteers their own; coordinators the moves made in
their branch and the balances of the currencies used only inside it (never because of
whom they enrolled); managers their company."""

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CurrencyCase


@tagged("post_install", "-at_install")
class TestCurrencyAccess(CurrencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._validated(name="Paul")
        cls._validated(name="Alice", partner_id=cls.volunteer_a2.id)
        cls._validated(name="Béa", partner_id=cls.volunteer_b.id,
                       structure_id=cls.association_b.id)
        cls._validated(name="Roger", partner_id=cls.volunteer_region.id,
                       structure_id=cls.region.id)
        cls.everybody = (cls.volunteer_a | cls.volunteer_a2 | cls.volunteer_b
                         | cls.volunteer_region)

    def _visible(self, user, model="volunteer.currency.move", currency=None):
        return self.env[model].with_user(user).search(
            [("currency_id", "=", (currency or self.time_bank).id)]).partner_id

    def _a_units(self):
        """A currency used only in Association A, credited for the validated time there."""
        currency = self.env["volunteer.currency"].create({
            "name": "A units", "symbol": "AU", "basis": "hours",
            "structure_ids": [Command.set(self.association_a.ids)],
            "rule_ids": [(0, 0, {"date_from": fields.Date.to_date("2020-01-01"), "rate": 1})],
        })
        currency.action_credit_validated_contributions()
        return currency

    def test_volunteer_sees_only_their_own_moves(self):
        self.assertEqual(self._visible(self.portal_a), self.volunteer_a)
        self.assertEqual(self._visible(self.portal_b), self.volunteer_b)
        other = self._moves(currency=self.time_bank, partner_id=self.volunteer_a2.id)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_a).read(["amount"])

    def test_volunteer_balances(self):
        currency = self.time_bank.with_user(self.portal_a)
        self.assertEqual(currency.get_balances([self.volunteer_a.id]),
                         [{"partner_id": self.volunteer_a.id, "balance": 2.0}])
        for other in (self.volunteer_a2, self.volunteer_b):
            with self.subTest(other=other.name), \
                    self.assertRaisesRegex(AccessError, "your own balance"):
                currency.get_balances([self.volunteer_a.id, other.id])
        with self.assertRaises(AccessError):
            self.env["volunteer.currency.balance"].with_user(self.portal_a).search([])

    def test_coordinator_sees_the_moves_of_their_branch(self):
        self.assertEqual(self._visible(self.coordinator_a),
                         self.volunteer_a | self.volunteer_a2)
        self.assertEqual(self._visible(self.coordinator_region), self.everybody)
        other = self._moves(currency=self.time_bank, partner_id=self.volunteer_b.id)
        with self.assertRaises(AccessError):
            other.with_user(self.coordinator_a).read(["amount"])

    def test_coordinator_sees_the_balances_of_the_currencies_of_their_branch(self):
        """A balance adds up moves made anywhere the currency is used: a coordinator sees
        it for a currency used only inside their branch. (Before, the balances of the
        members of their structures in any currency: enrolling someone opened them.)"""
        self.assertFalse(self._visible(self.coordinator_a, "volunteer.currency.balance"))
        a_units = self._a_units()
        self.assertEqual(
            self._visible(self.coordinator_a, "volunteer.currency.balance", a_units),
            self.volunteer_a | self.volunteer_a2)
        self.assertFalse(self._visible(self._coordinator_b(), "volunteer.currency.balance",
                                       a_units))

    def _coordinator_b(self):
        return new_test_user(
            self.env, login="vv_coord_b", groups="volunteer_valuation.group_volunteer_coordinator",
            volunteer_coordinated_structure_ids=[Command.set(self.association_b.ids)])

    def test_coordinator_balances(self):
        currency = self._a_units().with_user(self.coordinator_a)
        rows = currency.get_balances((self.volunteer_a | self.volunteer_a2).ids)
        self.assertEqual([row["balance"] for row in rows], [2.0, 2.0])
        with self.assertRaisesRegex(AccessError, "used beyond them"):
            self.time_bank.with_user(self.coordinator_a).get_balances([self.volunteer_a.id])
        with self.assertRaisesRegex(AccessError, "used beyond them"):
            self.time_bank.with_user(self.coordinator_region).get_balances(self.everybody.ids)
        # The coordinators of the whole scope of a currency see every balance of it.
        self.time_bank.structure_ids = self.federation
        self.federation.coordinator_ids = self.coordinator_region
        self.assertEqual(
            len(self.time_bank.with_user(self.coordinator_region).get_balances(
                self.everybody.ids)), 4)

    def test_coordinator_exports_only_their_members(self):
        a_units = self._a_units()
        rows = a_units.with_user(self.coordinator_a)._balance_rows(fields.Date.today())
        self.assertEqual({partner for partner, _balance in rows},
                         {self.volunteer_a, self.volunteer_a2})
        self.assertFalse(
            self.time_bank.with_user(self.coordinator_a)._balance_rows(fields.Date.today()))
        partner_names = self.volunteer_a.with_user(self.coordinator_a).volunteer_currency_balances
        self.assertEqual(partner_names, f"{self.units(2)} AU")
        self.assertEqual(self.volunteer_b.with_user(self.coordinator_a).volunteer_currency_count, 0)

    def test_coordinator_reads_but_does_not_configure(self):
        currency = self.time_bank.with_user(self.coordinator_a)
        self.assertEqual(currency.name, "Time bank")
        with self.assertRaises(AccessError):
            currency.write({"min_balance": -100})
        with self.assertRaises(AccessError):
            currency.rule_ids.write({"rate": 10})
        with self.assertRaises(AccessError):
            self.env["volunteer.currency"].with_user(self.coordinator_a).create(
                {"name": "Mine", "symbol": "M"})
        with self.assertRaises(AccessError):
            self.env["volunteer.currency.operation"].with_user(self.coordinator_a).create({
                "currency_id": self.time_bank.id, "partner_id": self.volunteer_a.id,
                "amount": 1, "reference": "x"})

    def test_manager_sees_the_whole_company(self):
        self.assertEqual(self._visible(self.manager), self.everybody)
        rows = self.time_bank.with_user(self.manager).get_balances(self.everybody.ids)
        self.assertEqual(len(rows), 4)

    def test_internal_user_without_volunteering_rights(self):
        with self.assertRaises(AccessError):
            self.env["volunteer.currency.move"].with_user(self.internal).search([])
        with self.assertRaises(AccessError):
            self.time_bank.with_user(self.internal).get_balances([self.volunteer_a.id])

    def test_other_company_is_invisible(self):
        other_company = self.env["res.company"].create({"name": "Other network"})
        other_manager = new_test_user(
            self.env, login="vv_other_manager", name="Otto Other",
            groups="volunteer_valuation.group_volunteer_manager",
            company_id=other_company.id, company_ids=[Command.set(other_company.ids)])
        self.assertFalse(self.env["volunteer.currency.move"].with_user(other_manager).search([]))
        self.assertFalse(self.env["volunteer.currency"].with_user(other_manager).search([]))
        with self.assertRaises(AccessError):
            self.time_bank.with_user(other_manager).get_balances([self.volunteer_a.id])

    def test_manager_operation_wizard(self):
        wizard = self.env["volunteer.currency.operation"].with_user(self.manager).create({
            "operation": "transfer", "currency_id": self.time_bank.id,
            "partner_id": self.volunteer_a.id, "recipient_id": self.volunteer_a2.id,
            "amount": 0.5, "note": "On behalf of Paul",
        })
        self.assertEqual(wizard.balance, 2.0)
        wizard.action_confirm()
        wizard = self.env["volunteer.currency.operation"].with_user(self.manager).create({
            "operation": "spend", "currency_id": self.time_bank.id,
            "partner_id": self.volunteer_a2.id, "amount": 1, "reference": "Ticket 9",
            "structure_id": self.association_a.id,
        })
        wizard.action_confirm()
        self.assertEqual(
            [row["balance"] for row in self.time_bank.get_balances(
                [self.volunteer_a.id, self.volunteer_a2.id])], [1.5, 1.5])
