# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A manager forgets a volunteer at once: the accounts keep every hour, the person goes."""

import re
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import VolunteerCase
from .erasure_common import ErasureMixin

ANONYMOUS = re.compile(r"^Anonymous volunteer [0-9A-HJKMNP-TV-Z]{4}$")


@tagged("post_install", "-at_install")
class TestErasure(ErasureMixin, VolunteerCase):
    """Alice Second (no account) has a validated, a submitted, a rejected and a draft
    contribution, chatter about them, a personal link and a history of choices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.lang = "en_US"
        cls.volunteer_a2.write({"email": "alice@example.com", "phone": "+33 6 00 00 00 01"})
        cls.validated = cls._contribution(
            name="Alice at the food stand", partner_id=cls.volunteer_a2.id,
            note="Alice brought her van", level_id=cls.level_qualified.id,
            category_id=cls.category_events.id, role="supervision", distance_km=12.0)
        cls._track()
        cls.validated.action_validate()
        cls.submitted = cls._contribution(
            name="Alice sorting", partner_id=cls.volunteer_a2.id, duration=1.5,
            state="submitted", date=date(2026, 2, 2))
        cls.rejected = cls._contribution(
            name="Duplicate", partner_id=cls.volunteer_a2.id, duration=1.0, date=date(2026, 2, 3))
        cls.rejected.action_reject("Alice Second declared it twice")
        cls.draft = cls._contribution(
            name="Alice's draft", partner_id=cls.volunteer_a2.id, duration=0.5,
            date=date(2026, 2, 4))
        cls._track()
        cls.draft.name = "Alice's draft, renamed"
        cls.kept = cls.validated | cls.submitted | cls.rejected
        cls.validated.with_user(cls.coordinator_a).message_post(
            body="Thank you Alice Second for the van!")
        cls.validated.with_user(cls.coordinator_a).message_post(body="Hours checked on the sheet.")
        cls.link = cls.env["volunteer.access.link"].create({
            "partner_id": cls.volunteer_a2.id, "structure_id": cls.association_a.id})
        cls.volunteer_a2.volunteer_share_identity = True
        cls.volunteer_a2.volunteer_reminder_opt_out = True
        cls.paul = cls._validated(name="Paul's stand", duration=3.0)
        cls._track()

    @classmethod
    def _track(cls):
        """Write the tracking of the changes so far, as a commit would."""
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    def anonymise(self, partners, user=None):
        """The manager's button, then the commit (which would write pending tracking)."""
        result = partners.with_user(user or self.manager).action_volunteer_anonymise()
        self._track()
        return result

    def test_manager_anonymises_and_the_accounts_keep_every_hour(self):
        before = self.kept_values(self.kept)
        paul_before = self.kept_values(self.paul)
        result = self.anonymise(self.volunteer_a2)
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(self.kept_values(self.kept), before)
        self.assertEqual(self.kept_values(self.paul), paul_before)
        self.assertEqual(self.paul.partner_id, self.volunteer_a)
        placeholder = self.placeholder_of(self.kept)
        self.assertRegex(placeholder.name, ANONYMOUS)
        for contribution in self.kept:
            self.assertEqual(contribution.name, "—")
            self.assertFalse(contribution.note)
            self.assertFalse(contribution.rejection_reason)
        self.assertFalse(self.draft.exists(), "a request deletes the drafts")
        self.assertForgotten(self.volunteer_a2, "Alice Second", "alice@example.com", "Alice")
        self.assertFalse(self.volunteer_a2.active, "no other app refers to her: archived")
        self.assertFalse(self.link.exists())

    def test_chatter_keeps_the_history_without_the_person(self):
        self.anonymise(self.volunteer_a2)
        bodies = " ".join(self.validated.message_ids.mapped("body"))
        self.assertIn("Hours checked on the sheet.", bodies)
        self.assertNotIn("Alice", bodies)
        tracked = self.validated.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("state", tracked, "the workflow history stays")
        for message in (self.kept.message_ids):
            self.assertNotEqual(message.author_id, self.volunteer_a2)

    def test_register_line(self):
        self.anonymise(self.volunteer_a2)
        log = self.env["volunteer.erasure.log"].with_user(self.manager).search([])
        self.assertEqual(len(log), 1)
        self.assertRecordValues(log, [{
            "reason": "request", "requested_by": "manager", "user_id": self.manager.id,
            "company_id": self.company.id, "person_count": 1, "contribution_count": 3,
            "deleted_count": 1,
        }])
        fields = log.fields_get()
        self.assertFalse({"partner_id", "name"} & fields.keys(), "the register names nobody")

    def test_each_person_gets_their_own_placeholder(self):
        """Counts of distinct volunteers stay exact."""
        bea = self._validated(name="Béa's stand", partner_id=self.volunteer_b.id,
                              structure_id=self.association_b.id)
        Contribution = self.env["volunteer.contribution"]
        ours = self.validated | self.paul | bea
        domain = [("state", "=", "validated"), ("id", "in", ours.ids)]
        [(people_before,)] = Contribution._read_group(domain, [], ["partner_id:count_distinct"])
        self.anonymise(self.volunteer_a2 | self.volunteer_a | self.volunteer_b)
        [(people_after,)] = Contribution._read_group(domain, [], ["partner_id:count_distinct"])
        self.assertEqual(people_after, people_before)
        placeholders = Contribution.search(domain).partner_id
        self.assertEqual(len(placeholders), 3)
        self.assertEqual(len(set(placeholders.mapped("name"))), 3)

    def test_another_app_refers_to_her_so_she_is_kept_anonymised(self):
        task = self.env["project.task"].create({
            "name": "Lend the van", "project_id": self.env["project.project"].create(
                {"name": "Logistics"}).id, "partner_id": self.volunteer_a2.id})
        self.anonymise(self.volunteer_a2)
        self.assertTrue(self.volunteer_a2.exists(), "never deleted")
        self.assertTrue(self.volunteer_a2.active, "kept as it was for the other app")
        self.assertEqual(task.partner_id, self.volunteer_a2)
        self.assertForgotten(self.volunteer_a2, "Alice Second", "alice@example.com")

    def test_portal_account_is_closed(self):
        self.anonymise(self.volunteer_a)
        user = self.portal_a.with_context(active_test=False)
        self.assertFalse(user.active)
        self.assertTrue(user.login.startswith("__deleted_user_"))
        self.assertTrue(self.env["res.users.deletion"].search([("user_id", "=", user.id)]))
        self.assertForgotten(self.volunteer_a, "Paul Portal")

    def test_validated_contributions_stay_locked(self):
        self.anonymise(self.volunteer_a2)
        placeholder = self.validated.partner_id
        self.assertWriteRefused(self.validated.sudo(), {"partner_id": self.volunteer_b.id},
                                "keeps what was validated", UserError)
        for vals in ({"duration": 9.0}, {"partner_id": self.volunteer_b.id},
                     {"amount": 1.0}, {}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.validated.sudo()._write_anonymised(vals)
        self.assertEqual(self.validated.partner_id, placeholder)
        self.assertEqual(self.validated.duration, 2.0)

    def test_only_managers_of_every_company_concerned(self):
        with self.assertRaises(AccessError):
            self.anonymise(self.volunteer_a2, self.coordinator_a)
        other = self.env["res.company"].create({"name": "Other network"})
        other_manager = new_test_user(
            self.env, login="vv_other_manager", company_id=other.id,
            groups="volunteer_valuation.group_volunteer_manager",
            company_ids=[Command.set(other.ids)])
        with self.assertRaises(AccessError):
            self.anonymise(self.volunteer_a2, other_manager)
        self.assertEqual(self.validated.partner_id, self.volunteer_a2)
        self.assertFalse(self.env["volunteer.erasure.log"].sudo().search([]))

    def test_who_cannot_be_anonymised(self):
        structure_contact = self.env["res.partner"].create({"name": "Association A office"})
        self.association_a.partner_id = structure_contact
        nobody = self.env["res.partner"].create({"name": "Not a volunteer"})
        self.internal.partner_id.volunteer_structure_ids = self.association_a
        # A company of its own: the demo's company is also its federation's contact.
        company = self.env["res.company"].create({"name": "Anonymity Test Company"})
        company.partner_id.volunteer_structure_ids = self.association_a
        cases = {
            "is the contact of the structure": structure_contact,
            "a user of the back office": self.internal.partner_id,
            "contact of a company": company.partner_id,
            "no volunteering data": nobody,
        }
        for message, partner in cases.items():
            with self.subTest(message=message), self.assertRaises(UserError) as catcher:
                self.anonymise(partner)
            self.assertIn(message, str(catcher.exception))
        self.anonymise(self.volunteer_a2)
        with self.assertRaisesRegex(UserError, "already anonymous"):
            self.anonymise(self.validated.partner_id)
        self.assertEqual(len(self.env["volunteer.erasure.log"].sudo().search([])), 1)

    def test_register_cannot_be_changed_or_deleted(self):
        self.anonymise(self.volunteer_a2)
        log = self.env["volunteer.erasure.log"].sudo().search([])
        with self.assertRaisesRegex(UserError, "never changed"):
            log.write({"contribution_count": 0})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            log.unlink()
        with self.assertRaises(AccessError):
            self.env["volunteer.erasure.log"].with_user(self.manager).create({
                "reason": "request", "requested_by": "manager", "company_id": self.company.id})
        with self.assertRaises(AccessError):
            self.env["volunteer.erasure.log"].with_user(self.coordinator_a).search([])
        self.assertEqual(log.contribution_count, 3)

    def test_history_of_choices_is_kept_until_erasure(self):
        self.volunteer_a2.volunteer_share_identity = False
        self._track()
        history = self.volunteer_a2._volunteer_choices_history()
        self.assertEqual(
            [(row["old_value"], row["new_value"]) for row in history],
            [(False, True), (False, True), (True, False)])
        self.assertEqual(
            {row["setting"] for row in history},
            {"Named in shared reports", "No monthly reminder"})
        self.anonymise(self.volunteer_a2)
        self.assertFalse(self.volunteer_a2._volunteer_choices_history())

    def test_retention_setting(self):
        self.assertEqual(self.company.volunteer_retention_years, 3, "3 years by default")
        settings = self.env["res.config.settings"].create({"volunteer_retention_years": 5})
        settings.execute()
        self.assertEqual(self.company.volunteer_retention_years, 5)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), \
                self.env.cr.savepoint():
            self.company.volunteer_retention_years = -1
            self.company.flush_recordset()

    def test_placeholder_cannot_be_put_by_hand(self):
        """The dedicated path takes anonymous placeholders only, never a real person."""
        with self.assertRaisesRegex(UserError, "anonymous placeholder"):
            self.validated.sudo()._write_anonymised({"partner_id": self.volunteer_b.id})
        self.assertEqual(self.validated.partner_id, self.volunteer_a2)
