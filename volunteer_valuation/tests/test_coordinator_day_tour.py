# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

# A Monday in the past, after the SMIC of 1 January 2026.
DAY = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestCoordinatorDayTour(HttpCase):
    """A coordinator's normal day in the web client (see volunteer_coordinator_day_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator = new_test_user(
            cls.env, login="vv_day_coordinator", name="Day Coordinator",
            groups="volunteer_valuation.group_volunteer_coordinator")
        Partner = cls.env["res.partner"]
        cls.alice, cls.bruno, cls.chloe = Partner.create([
            {"name": "Day Volunteer Alice"}, {"name": "Day Volunteer Bruno"},
            {"name": "Day Volunteer Chloé"}])
        cls.structure = cls.env["volunteer.structure"].create({
            "name": "Day Food Bank", "company_id": cls.env.ref("base.main_company").id,
            "coordinator_ids": [Command.set(cls.coordinator.ids)],
            "volunteer_ids": [Command.set(
                (cls.alice | cls.bruno | cls.chloe | cls.coordinator.partner_id).ids)],
        })
        elsewhere = cls.env["volunteer.structure"].create({"name": "Day Elsewhere"})
        Contribution = cls.env["volunteer.contribution"]
        cls.sorting, cls.stocktaking, cls.duplicate, cls.own, cls.outside = (
            Contribution.create([
                {"name": name, "partner_id": partner.id, "structure_id": structure.id,
                 "date": DAY, "duration": 2.0, "state": "submitted"}
                for name, partner, structure in (
                    ("Day: sorting parcels", cls.alice, cls.structure),
                    ("Day: stocktaking", cls.bruno, cls.structure),
                    ("Day: duplicate entry", cls.chloe, cls.structure),
                    ("Day: my own report", cls.coordinator.partner_id, cls.structure),
                    ("Day: not mine to see", cls.alice, elsewhere),
                )]))

    def test_coordinator_day_tour(self):
        self.start_tour("/odoo", "volunteer_coordinator_day_tour", login=self.coordinator.login)

        self.assertRecordValues(self.sorting | self.stocktaking, [
            {"state": "validated", "validated_by_id": self.coordinator.id}] * 2)
        self.assertRecordValues(self.duplicate, [
            {"state": "rejected", "rejection_reason": "Already recorded on Monday"}])
        # Four eyes: the coordinator's own time still waits for someone else.
        self.assertRecordValues(self.own, [{"state": "submitted", "validated_by_id": False}])
        self.assertEqual(self.outside.state, "submitted")
        collected = self.env["volunteer.contribution"].search(
            [("name", "=", "Day: food collection")])
        self.assertEqual(collected.partner_id, self.alice | self.bruno)
        self.assertEqual(set(collected.mapped("state")), {"validated"})
        self.assertEqual(collected.structure_id, self.structure)
        self.assertEqual(collected.mapped("duration"), [3.0, 3.0])
