# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    """The Volunteering app opens on its dashboard, on a laptop screen."""

    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator = new_test_user(
            cls.env, login="vv_dashboard_coordinator", name="Dana Dashboard",
            groups="volunteer_valuation.group_volunteer_coordinator")
        network = cls.env["volunteer.structure"].create({"name": "Tour Network"})
        kitchen = cls.env["volunteer.structure"].create({
            "name": "Tour Soup Kitchen", "parent_id": network.id,
            "coordinator_ids": [Command.set(cls.coordinator.ids)],
        })
        volunteer = cls.env["res.partner"].create({
            "name": "Bernadette Le Villemarqué",
            "volunteer_structure_ids": [Command.set(kitchen.ids)],
        })
        # Today where the coordinator is: the dashboard's month is theirs.
        today = fields.Date.context_today(
            cls.env["volunteer.contribution"].with_user(cls.coordinator))
        Contribution = cls.env["volunteer.contribution"]
        values = {"partner_id": volunteer.id, "structure_id": kitchen.id, "date": today}
        waiting = Contribution.create([
            dict(values, name="Serving soup to forty guests", duration=4.0),
            dict(values, name="Washing up", duration=8.0),
        ])
        waiting.action_submit()
        Contribution.create(dict(values, name="Last year's soup", duration=3.0,
                                 date=today - relativedelta(years=1))).action_validate()

    def test_dashboard_tour(self):
        self.start_tour("/odoo", "volunteer_dashboard_tour", login=self.coordinator.login)
