# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The analysis (SQL view): its rows, its totals, and who may read them."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import COORDINATOR_GROUP, MANAGER_GROUP
from .report_common import ReportCommon

VALIDATED = [("state", "=", "validated")]
# Expected rights of each role: r = read, w = write, c = create, u = unlink; "-" = refused.
ACCESS_TABLE = {
    "volunteer.valuation.report": {
        "internal": "----", "portal": "----", "coordinator": "r---", "manager": "r---"},
    "volunteer.valuation.report.wizard": {
        "internal": "----", "portal": "----", "coordinator": "rwcu", "manager": "rwcu"},
    "volunteer.attestation.wizard": {
        "internal": "----", "portal": "----", "coordinator": "rwcu", "manager": "rwcu"},
}


@tagged("post_install", "-at_install")
class TestReportAnalysis(ReportCommon, TransactionCase):

    def report(self, user):
        return self.env["volunteer.valuation.report"].with_user(user)

    def totals(self, user, model, domain, groupby, hours_field):
        return {
            tuple(value.id if hasattr(value, "id") else value for value in key): (hours, amount)
            for *key, hours, amount in self.env[model].with_user(user)._read_group(
                domain, groupby, [f"{hours_field}:sum", "amount:sum"])
        }

    def test_rows_are_the_validated_contributions(self):
        rows = self.report(self.manager).search([("structure_id", "=", self.association_a.id)])
        april = rows.filtered(lambda row: row.date.month == 4)
        # Paul's two April contributions, each with its frozen value.
        self.assertEqual(set(april.ids), set((self.c_before | self.c_after).ids))
        self.assertEqual(sum(april.mapped("hours")), 4.0)
        self.assertAlmostEqual(sum(april.mapped("amount")), 84.14, places=2)
        self.assertEqual(april.mapped("contribution_count"), [1, 1])
        self.assertEqual(april.level_id, self.level_qualified)
        self.assertEqual(set(april.mapped("entry_mode")), {"detailed"})
        self.assertEqual(april.parent_structure_id, self.region)
        self.assertEqual(april.root_structure_id, self.federation)
        self.assertEqual(april.currency_id, self.company.currency_id)
        self.assertAlmostEqual(april[0].fte, 2.0 / 1607)
        estimate = rows.filtered(lambda row: row.entry_mode == "estimate")
        self.assertEqual((estimate.hours, estimate.contribution_count), (30.0, 1))
        # No pending, rejected or other company's hours.
        self.assertFalse(rows.filtered(lambda row: row.date.month == 5))
        self.assertNotIn(self.c_other_company.id, self.report(self.manager).search([]).ids)

    def test_totals_equal_contributions_by_every_dimension(self):
        dimensions = ["structure_id", "date:month", "contributor_type", "level_id",
                      "category_id", "project_id", "entry_mode"]
        for user in (self.manager, self.coordinator_region, self.coordinator_a):
            for groupby in (["structure_id", "date:month"], dimensions, ["entry_mode"]):
                with self.subTest(user=user.name, groupby=groupby):
                    self.assertEqual(
                        self.totals(user, "volunteer.valuation.report", [], groupby, "hours"),
                        self.totals(user, "volunteer.contribution", VALIDATED, groupby,
                                    "duration"))

    def test_federation_roll_up_in_the_pivot(self):
        groups = [group for group in self.report(self.manager).formatted_read_group(
            [("date", ">=", "2026-01-01"), ("date", "<=", "2026-06-30")],
            ["root_structure_id"], ["hours:sum", "amount:sum"])
            if group["root_structure_id"][0] == self.federation.id]
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["hours:sum"], 62.0)
        self.assertAlmostEqual(groups[0]["amount:sum"], 841.40, places=2)
        # What the pivot asks: rows by structure, columns by month, in one request.
        sets = self.report(self.coordinator_region).formatted_read_grouping_sets(
            [], [[], ["structure_id"], ["date:year"], ["structure_id", "date:year"]],
            ["hours:sum"])
        self.assertEqual(sets[0][0]["hours:sum"], 62.0 + 3.0)  # with December 2025

    def test_what_the_pivot_asks_with_its_currency_measures(self):
        """Rows by structure (in the order of their names), columns by year, the value with
        its currency and converted sum, and the count: as the web client asks."""
        measures = ["hours:sum", "amount:sum", "currency_id:array_agg_distinct",
                    "amount:sum_currency", "__count"]
        sets = self.report(self.coordinator_region).formatted_read_grouping_sets(
            [("date", ">=", "2026-01-01")], [[], ["structure_id"], ["structure_id", "date:year"]],
            measures)
        total = sets[0][0]
        self.assertEqual(total["hours:sum"], 62.0)
        self.assertEqual(total["currency_id:array_agg_distinct"], self.company.currency_id.ids)
        # Converted as Odoo's own sum_currency does: divided by the currency's latest rate.
        rate = self.env["res.currency.rate"].search([
            ("currency_id", "=", self.company.currency_id.id), ("name", "<=", date.today()),
            ("company_id", "in", [False, self.company.root_id.id])], order="name desc", limit=1)
        self.assertAlmostEqual(total["amount:sum_currency"],
                               total["amount:sum"] / (rate.rate or 1.0), places=2)
        self.assertEqual(total["__count"], 10)
        names = [group["structure_id"][1] for group in sets[1]]
        self.assertEqual(names, sorted(names))
        self.assertEqual(len(names), 4)
        self.assertEqual(sum(group["__count"] for group in sets[2]), 10)

    def test_currencies_of_several_companies(self):
        """Companies in two currencies: each group says which currencies it adds up."""
        usd = self.env.ref("base.USD")
        usd.active = True
        self.company_2.currency_id = usd
        both = new_test_user(
            self.env, login="vv_manager_usd", groups=MANAGER_GROUP, name="Ursula Usd",
            company_ids=[Command.set((self.company | self.company_2).ids)])
        Report = self.report(both).with_context(
            allowed_company_ids=(self.company | self.company_2).ids)
        groups = Report.formatted_read_group(
            [], ["company_id"], ["amount:sum", "currency_id:array_agg_distinct"])
        currencies = {group["company_id"][0]: group["currency_id:array_agg_distinct"]
                      for group in groups}
        self.assertEqual(currencies[self.company_2.id], usd.ids)
        self.assertEqual(currencies[self.company.id], self.company.currency_id.ids)
        total = Report.formatted_read_group([], [], ["currency_id:array_agg_distinct"])
        self.assertEqual(sorted(total[0]["currency_id:array_agg_distinct"]),
                         sorted((usd | self.company.currency_id).ids))

    def test_coordinators_see_their_branch_only(self):
        seen = {
            user: set(self.report(user).search([]).structure_id)
            for user in (self.coordinator_a, self.coordinator_region, self.manager)
        }
        self.assertEqual(seen[self.coordinator_a], set(self.association_a | self.section_a1))
        self.assertEqual(seen[self.coordinator_region], set(
            self.region | self.association_a | self.section_a1 | self.association_b))
        self.assertLessEqual(seen[self.coordinator_region], seen[self.manager])
        self.assertNotIn(self.structure_2, seen[self.manager])

    def test_multi_company(self):
        other = new_test_user(
            self.env, login="vv_manager_2", groups=MANAGER_GROUP, name="Otto Other",
            company_id=self.company_2.id, company_ids=[Command.set(self.company_2.ids)])
        rows = self.report(other).search([])
        self.assertEqual(rows.structure_id, self.structure_2)
        self.assertEqual(sum(rows.mapped("amount")), 40.0)
        both = new_test_user(
            self.env, login="vv_manager_both", groups=MANAGER_GROUP, name="Bea Both",
            company_ids=[Command.set((self.company | self.company_2).ids)])
        Report = self.report(both)
        self.assertIn(self.structure_2, Report.search([]).structure_id)
        self.assertNotIn(self.structure_2, Report.with_context(
            allowed_company_ids=self.company.ids).search([]).structure_id)

    def test_no_access_without_a_volunteering_role(self):
        for user in (self.internal, self.portal_a):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                self.report(user).search([])

    def test_access_table(self):
        users = {"internal": self.internal, "portal": self.portal_a,
                 "coordinator": self.coordinator_a, "manager": self.manager}
        for model, rights in ACCESS_TABLE.items():
            for role, expected in rights.items():
                Model = self.env[model].with_user(users[role])
                for letter, mode in zip("rwcu", ("read", "write", "create", "unlink"),
                                        strict=True):
                    allowed = expected["rwcu".index(letter)] == letter
                    with self.subTest(model=model, role=role, mode=mode):
                        self.assertEqual(Model.has_access(mode), allowed)

    def test_wizards_belong_to_their_author(self):
        other = new_test_user(self.env, login="vv_coord_other", groups=COORDINATOR_GROUP,
                              name="Odile Other")
        for model, vals in (("volunteer.valuation.report.wizard", {}),
                            ("volunteer.attestation.wizard",
                             {"partner_ids": [Command.set(self.volunteer_a.ids)]})):
            with self.subTest(model=model):
                wizard = self.env[model].with_user(self.coordinator_a).create(vals)
                self.assertTrue(wizard.read(["date_from"]))
                with self.assertRaises(AccessError):
                    wizard.with_user(other).read(["date_from"])
