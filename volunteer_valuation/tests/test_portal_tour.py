# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The volunteering space in a real browser, on a phone-size screen."""

import time

from odoo.tests import HttpCase, tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalTour(PortalCommon, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def _contributions(self, name):
        return self.env["volunteer.contribution"].search([("name", "=", name)])

    def test_declare_edit_submit_on_a_phone(self):
        start = time.monotonic()
        self.start_tour("/my", "volunteer_portal_declare", login=self.portal_a.login)
        self.assertLess(time.monotonic() - start, 60, "declaring takes less than a minute")
        contribution = self._contributions("Sorting food parcels")
        self.assertEqual(len(contribution), 1)
        self.assertEqual(contribution.partner_id, self.volunteer_a)
        self.assertEqual(contribution.structure_id, self.association_a)
        self.assertEqual(contribution.state, "submitted")
        self.assertEqual(contribution.source, "portal")
        self.assertAlmostEqual(contribution.duration, 3.25)

    def test_volunteer_of_two_structures_chooses_one(self):
        self.association_b.portal_use_tasks = True
        self.start_tour("/my/volunteering/new", "volunteer_portal_two_structures",
                        login=self.portal_two.login)
        contribution = self._contributions("Coaching the under-12s")
        self.assertEqual(len(contribution), 1)
        self.assertEqual(contribution.partner_id, self.volunteer_two)
        self.assertEqual(contribution.structure_id, self.association_b)
        self.assertEqual(contribution.project_id, self.project_b)
        self.assertEqual(contribution.task_id, self.task_b)
        self.assertAlmostEqual(contribution.duration, 0.75)
        self.assertEqual(contribution.state, "submitted")

    def test_personal_link(self):
        self.start_tour(f"/volunteering/link/{self.link_a2.token}", "volunteer_portal_link")
        contribution = self._contributions("Welcoming families")
        self.assertEqual(len(contribution), 1)
        self.assertEqual(contribution.partner_id, self.volunteer_a2)
        self.assertEqual(contribution.structure_id, self.association_a)
        self.assertEqual(contribution.source, "portal")
        self.assertEqual(contribution.state, "submitted")
        self.assertAlmostEqual(contribution.duration, 1.5, msg="the 1 h 30 button")
        self.assertTrue(self.link_a2.last_use_date)

    def test_export_downloads(self):
        self._contribution(name="Exported stand")
        self.start_tour("/my/volunteering", "volunteer_portal_export", login=self.portal_a.login)
        self.assertTrue(self.volunteer_a.volunteer_reminder_opt_out)
