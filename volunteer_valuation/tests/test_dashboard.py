# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The dashboard of the Volunteering app: each reader's figures, from their own rights."""

import json

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import VolunteerCase


@tagged("post_install", "-at_install")
class TestDashboard(VolunteerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Everyone in one time zone: "today" is the same date for the contributions and
        # for each reader's dashboard, whatever the hour of the run.
        cls.env = cls.env(context=dict(cls.env.context, tz="Europe/Paris"))
        cls.today = fields.Date.context_today(cls.env["volunteer.contribution"])
        cls.last_year = cls.today - relativedelta(years=1)
        submit = cls._submitted
        submit(name="A today", date=cls.today, duration=2.0)
        submit(name="B today", date=cls.today, duration=5.0, partner_id=cls.volunteer_b.id,
               structure_id=cls.association_b.id)
        submit(name="A estimate", date=cls.today, duration=10.0, entry_mode="estimate",
               partner_id=False, headcount=4)
        cls._validated(name="A last year", date=cls.last_year, duration=1.0)
        # Neither drafts nor rejected contributions count.
        cls._contribution(name="A draft", date=cls.today, duration=7.0)
        submit(name="A rejected", date=cls.today, duration=3.0).action_reject("Duplicate")

    @classmethod
    def _submitted(cls, **vals):
        contribution = cls._contribution(**vals)
        contribution.action_submit()
        return contribution

    def _tiles(self, user):
        self.env.invalidate_all()
        tiles = self.env["volunteer.dashboard"].with_user(user).search([])
        return {tile.kind: tile for tile in tiles}

    def test_a_coordinator_sees_their_branch_only(self):
        tiles = self._tiles(self.coordinator_a)
        self.assertEqual(list(tiles), [
            "month", "year", "to_validate", "volunteers", "estimates", "months"])
        month = tiles["month"]
        self.assertAlmostEqual(month.hours, 12.0, msg="2 h detailed + 10 h estimated, in A")
        self.assertAlmostEqual(month.previous_hours, 1.0)
        self.assertTrue(month.has_previous)
        self.assertAlmostEqual(month.change, 11.0, msg="12 h against 1 h: +1100 %")
        self.assertGreater(month.amount, 0)
        self.assertEqual(month.currency_id, self.env.company.currency_id)
        self.assertAlmostEqual(tiles["year"].hours, 12.0)
        self.assertEqual(tiles["year"].period_label, str(self.today.year))
        self.assertEqual(tiles["year"].previous_label, str(self.today.year - 1))
        self.assertEqual((tiles["to_validate"].count, tiles["to_validate"].hours), (2, 12.0))
        self.assertEqual(tiles["volunteers"].count, 1, "Paul only; an estimate names nobody")
        self.assertEqual(tiles["volunteers"].previous_count, 1)
        self.assertAlmostEqual(tiles["estimates"].share, 10 / 12)
        self.assertAlmostEqual(tiles["estimates"].hours, 10.0)

    def test_a_region_coordinator_sees_every_association_of_the_region(self):
        tiles = self._tiles(self.coordinator_region)
        self.assertAlmostEqual(tiles["month"].hours, 17.0)
        self.assertEqual((tiles["to_validate"].count, tiles["to_validate"].hours), (3, 17.0))
        self.assertEqual(tiles["volunteers"].count, 2)
        self.assertAlmostEqual(tiles["estimates"].share, 10 / 17)

    def test_a_manager_sees_a_new_contribution_counted(self):
        def figures():
            tiles = self._tiles(self.manager)
            return (tiles["month"].hours, tiles["year"].hours, tiles["to_validate"].count)

        month, year, waiting = figures()
        self._submitted(name="B later today", date=self.today, duration=1.5,
                        partner_id=self.volunteer_b.id, structure_id=self.association_b.id)
        new_month, new_year, new_waiting = figures()
        self.assertAlmostEqual(new_month, month + 1.5)
        self.assertAlmostEqual(new_year, year + 1.5)
        self.assertEqual(new_waiting, waiting + 1)

    def test_the_graph_shows_twelve_months_ending_with_this_one(self):
        tiles = self._tiles(self.coordinator_a)
        [series] = json.loads(tiles["months"].graph)
        values = series["values"]
        self.assertEqual(len(values), 12)
        self.assertEqual(values[-1]["type"], "future", "this month stands out")
        self.assertEqual(values[-1]["value"], 12.0)
        self.assertEqual({value["type"] for value in values[:-1]}, {"past"})
        self.assertFalse(series["is_sample_data"])

    def test_the_queries_do_not_grow_with_the_contributions(self):
        def queries():
            self.env.invalidate_all()
            tiles = self.env["volunteer.dashboard"].with_user(self.coordinator_region).search([])
            start = self.env.cr.sql_log_count
            tiles.mapped("graph")
            return self.env.cr.sql_log_count - start

        queries()  # the first reading fills Odoo's caches (rules, access rights)
        few = queries()
        for day in range(40):
            self._submitted(name=f"Day {day}", date=self.today - relativedelta(days=day * 9),
                            duration=1.0, partner_id=self.volunteer_b.id,
                            structure_id=self.association_b.id)
        self.assertEqual(queries(), few)

    def test_each_tile_opens_its_contributions(self):
        tiles = self._tiles(self.coordinator_a)
        to_validate = tiles["to_validate"].action_open()
        self.assertIn("search_default_to_validate", to_validate["context"])
        month = tiles["month"].action_open()
        self.assertEqual(month["res_model"], "volunteer.contribution")
        self.assertIn(("date", ">=", self.today.replace(day=1)), month["domain"])
        records = self.env["volunteer.contribution"].with_user(self.coordinator_a).search(
            month["domain"])
        self.assertEqual(sorted(records.mapped("name")), ["A estimate", "A today"])

    def test_volunteers_and_employees_have_no_dashboard(self):
        for user in (self.portal_a, self.internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["volunteer.dashboard"].with_user(user).search([]).mapped("hours")

