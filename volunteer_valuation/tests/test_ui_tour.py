# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestContributionTour(HttpCase):
    """A coordinator records, submits and validates a contribution in the web client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator = new_test_user(
            cls.env, login="vv_tour_coordinator", name="Tour Coordinator",
            groups="volunteer_valuation.group_volunteer_coordinator",
        )
        cls.volunteer = cls.env["res.partner"].create({"name": "Tour Volunteer Alice"})
        cls.structure = cls.env["volunteer.structure"].create({
            "name": "Tour Food Bank",
            "company_id": cls.env.ref("base.main_company").id,
            "coordinator_ids": [(6, 0, cls.coordinator.ids)],
            "volunteer_ids": [(6, 0, cls.volunteer.ids)],
        })

    def test_contribution_tour(self):
        self.start_tour("/odoo", "volunteer_contribution_tour", login=self.coordinator.login)

        contribution = self.env["volunteer.contribution"].search(
            [("name", "=", "Sorting food parcels")])
        self.assertEqual(len(contribution), 1)
        self.assertEqual(contribution.state, "validated")
        self.assertEqual(contribution.partner_id, self.volunteer)
        self.assertEqual(contribution.structure_id, self.structure)
        self.assertEqual(
            contribution.level_id, self.env.ref("volunteer_valuation.volunteer_level_qualified"))
        self.assertEqual(contribution.source, "backend")
        self.assertEqual(contribution.validated_by_id, self.coordinator)
        self.assertAlmostEqual(contribution.duration, 2.5)
        self.assertTrue(contribution.rate_id)
        self.assertGreater(contribution.hourly_rate, 0)
        self.assertAlmostEqual(
            contribution.amount, contribution.currency_id.round(2.5 * contribution.hourly_rate))

        quick = self.env["volunteer.contribution"].search([("name", "=", "Unloading the truck")])
        self.assertEqual(len(quick), 1)
        self.assertEqual(quick.state, "draft")
        self.assertEqual(quick.partner_id, self.volunteer)
        self.assertAlmostEqual(quick.duration, 1.25)
