# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A volunteer's own data: everything in "my data", and "Erase my data" from the portal."""

import io
import json
from datetime import datetime, time

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .erasure_common import ErasureMixin
from .portal_common import PortalCommon, PortalHttpMixin

PASSWORD = "vv_portal_a"  # new_test_user gives logins of 8+ characters as password


class ErasurePortalCommon(ErasureMixin, PortalCommon):
    """Paul (portal, paul@example.com) has a validated contribution with chatter, a
    submitted one and a draft, a personal link and a history of choices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive_currencies()
        cls.volunteer_a.email = "paul@example.com"
        cls.stand = cls._contribution(name="Paul's stand", duration=3.0)
        cls.pending = cls._contribution(name="Paul's poster", duration=1.0, state="submitted")
        cls.draft = cls._contribution(name="Paul's idea", duration=0.5)
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        cls.stand.with_user(cls.coordinator_a).action_validate()
        cls.stand.with_user(cls.coordinator_a).message_post(body="Great stand, thanks!")
        cls.link = cls.env["volunteer.access.link"].create({
            "partner_id": cls.volunteer_a.id, "structure_id": cls.association_a.id})
        cls.volunteer_a.volunteer_share_identity = True
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    def erasure_mail(self):
        template = self.env.ref("volunteer_valuation.mail_template_volunteer_erasure")
        return self.env["mail.mail"].sudo().search([
            ("email_to", "ilike", "paul@example.com"), ("subject", "=", template.subject)])


@tagged("post_install", "-at_install")
class TestErasurePortal(ErasurePortalCommon, PortalHttpMixin, HttpCase):

    def erase(self, password=PASSWORD, confirm="1"):
        data = {"password": password}
        if confirm:
            data["confirm"] = confirm
        return self._post("/my/volunteering/erase", data)

    def assertNothingErased(self):
        self.env.invalidate_all()
        self.assertEqual(self.volunteer_a.name, "Paul Portal")
        self.assertTrue(self.portal_a.active)
        self.assertEqual(self.stand.partner_id, self.volunteer_a)
        self.assertTrue(self.draft.exists())
        self.assertFalse(self.env["volunteer.erasure.log"].sudo().search([]))
        self.assertFalse(self.erasure_mail())

    def test_my_data_explains_the_retention_period(self):
        self.authenticate(self.portal_a.login, PASSWORD)
        page = self._get("/my/volunteering/data").text
        self.assertIn("3 years", page)
        self.assertIn('href="/my/volunteering/erase"', page)
        self.company.volunteer_retention_years = 0
        page = self._get("/my/volunteering/data").text
        self.assertIn("until you ask for it to be erased", page)

    def test_the_page_says_what_happens(self):
        self.authenticate(self.portal_a.login, PASSWORD)
        page = self._get("/my/volunteering/erase").text
        self.assertIn("Your 2 submitted, validated or rejected contribution(s) stay", page)
        self.assertIn("Your 1 draft(s) are deleted", page)
        self.assertIn("paul@example.com", page)
        self.assertIn('name="password"', page)

    def test_wrong_password_erases_nothing(self):
        self.authenticate(self.portal_a.login, PASSWORD)
        response = self.erase(password="not the password")
        self.assertEqual(response.status_code, 400)
        self.assertIn("This is not your password: nothing was erased.", response.text)
        self.assertNothingErased()

    def test_without_confirmation_nothing_is_erased(self):
        self.authenticate(self.portal_a.login, PASSWORD)
        response = self.erase(confirm=None)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Tick the box", response.text)
        self.assertNothingErased()

    def test_staff_cannot_erase_here(self):
        self.coordinator_a.partner_id.volunteer_structure_ids = self.association_a
        self.authenticate(self.coordinator_a.login, self.coordinator_a.login)
        self.assertIn("staff account", self._get("/my/volunteering/erase").text)
        response = self._post("/my/volunteering/erase", {
            "password": self.coordinator_a.login, "confirm": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(self.coordinator_a.active)
        self.assertFalse(self.env["volunteer.erasure.log"].sudo().search([]))

    def test_erase_my_data(self):
        self.authenticate(self.portal_a.login, PASSWORD)
        response = self.erase()
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/volunteering/erased"))
        self.assertIn("Your data is erased", self._get("/volunteering/erased").text)
        mine = self._get("/my/volunteering", allow_redirects=False)
        self.assertIn("/web/login", mine.headers.get("Location", ""), "logged out")

        [mail] = self.erasure_mail()
        self.assertEqual(sorted(mail.attachment_ids.mapped("mimetype")), [
            "application/json; charset=utf-8",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
        sent = json.loads(mail.attachment_ids.filtered(lambda a: "json" in a.mimetype).raw)
        self.assertEqual(sent["volunteer"]["name"], "Paul Portal")
        self.assertEqual({row["name"] for row in sent["contributions"]},
                         {"Paul's stand", "Paul's poster", "Paul's idea"})
        self.assertIn("Your 1 draft(s) are deleted", mail.body_html)
        self.assertFalse(mail.recipient_ids, "sent to the address, not to the erased contact")

        self.assertForgotten(self.volunteer_a, "Paul Portal", "paul@example.com")
        self.assertFalse(self.draft.exists())
        placeholder = self.placeholder_of(self.stand | self.pending)
        self.assertEqual(self.stand.state, "validated")
        self.assertNotEqual(placeholder, self.volunteer_a)
        self.assertTrue(self.env["res.users.deletion"].sudo().search(
            [("user_id", "=", self.portal_a.id)]))
        self.assertRecordValues(self.env["volunteer.erasure.log"].sudo().search([]), [{
            "reason": "request", "requested_by": "volunteer", "user_id": False,
            "person_count": 1, "contribution_count": 2, "deleted_count": 1,
        }])

    def test_my_data_holds_everything(self):
        self.authenticate(self.portal_a.login, PASSWORD)
        self._post("/my/volunteering/data", {"reminder_opt_out": "1", "share_identity": "1"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        response = self._get("/my/volunteering/export?format=json")
        self.assertNotIn(self.link.token, response.text, "links without their secret")
        data = json.loads(response.content)
        texts = " ".join(row["text"] or "" for row in data["messages"])
        self.assertIn("Great stand, thanks!", texts)
        changes = " ".join(row["changes"] or "" for row in data["messages"])
        self.assertIn("Validated", changes)
        self.assertEqual([row["structure"] for row in data["access_links"]],
                         [self.association_a.complete_name])
        self.assertEqual(
            [(row["setting"], row["new_value"]) for row in data["choices_history"]],
            [("Named in shared reports", True), ("No monthly reminder", True)])
        book = openpyxl.load_workbook(io.BytesIO(
            self._get("/my/volunteering/export?format=xlsx").content))
        self.assertLessEqual({"Messages", "My personal links", "History of my choices"},
                             set(book.sheetnames))


@tagged("post_install", "-at_install")
class TestErasureTour(ErasurePortalCommon, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_erase_my_data_on_a_phone(self):
        """Roger, inactive for five years, is forgotten by the daily run; then Paul erases
        his own data from his phone: the register shows both."""
        then = datetime.combine(
            fields.Date.context_today(self.volunteer_region) - relativedelta(years=5), time(12))
        self.backdate(self.volunteer_region, then)
        self.env.ref("volunteer_valuation.ir_cron_volunteer_retention").ir_actions_server_id.run()
        self.assertForgotten(self.volunteer_region, "Roger Region")

        self.start_tour("/my/volunteering/data", "volunteer_portal_erase",
                        login=self.portal_a.login)

        [mail] = self.erasure_mail()
        self.assertEqual(len(mail.attachment_ids), 2)
        book = openpyxl.load_workbook(io.BytesIO(
            mail.attachment_ids.filtered(lambda a: a.name.endswith(".xlsx")).raw))
        sheet_texts = " ".join(str(cell) for sheet in book for row in sheet.iter_rows(
            values_only=True) for cell in row if cell)
        self.assertIn("Paul's stand", sheet_texts)
        self.assertForgotten(self.volunteer_a, "Paul Portal", "paul@example.com")
        self.assertEqual(self.stand.state, "validated")
        self.assertEqual(self.stand.duration, 3.0)
        logs = self.env["volunteer.erasure.log"].sudo().search([], order="id")
        self.assertEqual([(log.reason, log.requested_by) for log in logs],
                         [("retention", "system"), ("request", "volunteer")])
