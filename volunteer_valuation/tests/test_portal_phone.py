# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Every page of the volunteering space on a 390 x 844 phone, in English and in French,
and the list on a desktop screen."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .portal_common import PortalCommon

LONG_REASON = ("These hours look like a duplicate of the declaration of the week before; "
               "check your diary and declare them again if they are new.")


class PortalPagesCommon(PortalCommon):
    """Paul Portal (volunteer of Association A) with more contributions than a page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.association_a.show_amount_to_volunteers = True
        today = fields.Date.context_today(cls.env["volunteer.contribution"])
        for day in range(22):
            cls._contribution(
                name=f"Sorting food parcels for the families of the village, week {day}",
                date=today - relativedelta(days=3 * day + 1), duration=1.5 + day % 4,
                project_id=cls.project_a.id if day % 2 else False)
        cls.validated = cls._validated(name="Welcoming the new families", date=today,
                                       duration=2.5)
        cls.rejected = cls._contribution(name="Board meeting", date=today, duration=3.0)
        cls.rejected.action_submit()
        cls.rejected.action_reject(LONG_REASON)


@tagged("post_install", "-at_install")
class TestPortalPhonePages(PortalPagesCommon, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_every_page_fits_a_phone(self):
        self.start_tour("/my/volunteering", "volunteer_portal_phone_pages",
                        login=self.portal_a.login)


@tagged("post_install", "-at_install")
class TestPortalFrench(PortalPagesCommon, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["web", "portal", "volunteer_valuation"], ["fr_FR"])
        cls.portal_a.lang = "fr_FR"

    def test_a_french_volunteer_declares_in_french(self):
        self.start_tour("/my/volunteering", "volunteer_portal_french", login=self.portal_a.login)
        contribution = self.env["volunteer.contribution"].search(
            [("name", "=", "Tri des colis alimentaires")])
        self.assertEqual(len(contribution), 1)
        self.assertEqual(contribution.partner_id, self.volunteer_a)
        self.assertEqual(contribution.state, "submitted")
        self.assertAlmostEqual(contribution.duration, 2.0)


@tagged("post_install", "-at_install")
class TestPortalDesktop(PortalPagesCommon, HttpCase):
    browser_size = "1440x900"

    def test_a_desktop_keeps_a_table(self):
        self.start_tour("/my/volunteering", "volunteer_portal_desktop_table",
                        login=self.portal_a.login)
