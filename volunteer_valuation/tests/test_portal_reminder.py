# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The monthly reminder: who gets it, who does not, what it says, once a month."""

from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalReminder(PortalCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.association_a.write({"reminder_enabled": True, "reminder_day": 5})
        cls.association_b.write({"reminder_enabled": True, "reminder_day": 20})
        Partner = cls.env["res.partner"]
        in_a = [Command.set(cls.association_a.ids)]
        cls.no_email = Partner.create({"name": "Nora No Email", "volunteer_structure_ids": in_a})
        cls.opted_out = Partner.create({
            "name": "Olga Opted Out", "email": "olga@example.com",
            "volunteer_reminder_opt_out": True, "volunteer_structure_ids": in_a})
        cls.no_way_in = Partner.create({
            "name": "Nick No Account", "email": "nick@example.com",
            "volunteer_structure_ids": in_a})
        cls.section_volunteer = Partner.create({
            "name": "Sam Section", "email": "sam@example.com",
            "volunteer_structure_ids": [Command.set(cls.section_a1.ids)]})
        # What Paul declared: two in March 2026, one in February, one of Alice's.
        cls._contribution(name="March food bank", date=date(2026, 3, 2), duration=2.5)
        cls._contribution(name="March sorting", date=date(2026, 3, 31), duration=1)
        cls._contribution(name="February stand", date=date(2026, 2, 27), duration=3)
        cls._contribution(name="Alice in March", partner_id=cls.volunteer_a2.id,
                          date=date(2026, 3, 10), duration=4)

    def _run(self, day):
        with freeze_time(day):
            self.env["volunteer.structure"]._cron_send_volunteer_reminders()

    def _mails(self):
        mails = self.env["mail.mail"].search([
            ("model", "=", "res.partner"),
            "|", ("subject", "like", "Your volunteering time"),
            ("subject", "like", "Votre temps de bénévolat"),
        ])
        return {partner: mails.filtered(lambda mail, partner=partner: partner in mail.recipient_ids)
                for partner in mails.recipient_ids}

    def test_who_gets_it(self):
        self._run("2026-04-05 08:00:00")
        mails = self._mails()
        self.assertEqual(set(mails), {self.volunteer_a, self.volunteer_a2, self.volunteer_two})
        for partner in (self.no_email, self.opted_out, self.no_way_in, self.section_volunteer,
                        self.volunteer_b):
            self.assertNotIn(partner, mails, partner.name)
        self.assertEqual(self.association_a.reminder_last_date, date(2026, 4, 5))
        self.assertFalse(self.association_b.reminder_last_date, "its day has not come")

    def test_what_it_says(self):
        self._run("2026-04-05 08:00:00")
        mails = self._mails()
        paul = mails[self.volunteer_a]
        self.assertEqual(len(paul), 1)
        self.assertIn("March 2026", paul.subject)
        self.assertIn("March food bank", paul.body_html)
        self.assertIn("March sorting", paul.body_html)
        self.assertIn("3h30", paul.body_html)
        self.assertNotIn("February stand", paul.body_html)
        self.assertNotIn("Alice in March", paul.body_html)
        self.assertIn("/my/volunteering/new", paul.body_html)
        alice = mails[self.volunteer_a2]
        self.assertIn(f"/volunteering/link/{self.link_a2.token}/new", alice.body_html)
        self.assertIn("Alice in March", alice.body_html)
        tom = mails[self.volunteer_two]
        self.assertIn("You declared no time in", tom.body_html)

    def test_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.volunteer_a.lang = "fr_FR"
        self._run("2026-04-05 08:00:00")
        paul = self._mails()[self.volunteer_a]
        self.assertIn("mars 2026", paul.subject)

    def test_once_a_month(self):
        self._run("2026-04-05 08:00:00")
        sent = self.env["mail.mail"].search_count([])
        self._run("2026-04-05 20:00:00")
        self._run("2026-04-17 08:00:00")
        self.assertEqual(self.env["mail.mail"].search_count([]), sent)
        self._run("2026-04-20 08:00:00")
        self.assertIn(self.volunteer_b, self._mails(), "B's day has come")
        self._run("2026-05-05 08:00:00")
        self.assertEqual(len(self._mails()[self.volunteer_a]), 2)

    def test_before_the_day_nothing_and_a_missed_day_is_caught_up(self):
        self._run("2026-04-04 08:00:00")
        self.assertFalse(self._mails())
        self._run("2026-04-09 08:00:00")
        self.assertIn(self.volunteer_a, self._mails())

    def test_disabled_structures_and_revoked_links(self):
        self.link_a2.action_revoke()
        self.association_b.reminder_enabled = False
        self._run("2026-04-25 08:00:00")
        mails = self._mails()
        self.assertNotIn(self.volunteer_a2, mails, "no account and no valid link")
        self.assertNotIn(self.volunteer_b, mails)
        self.assertEqual(len(mails[self.volunteer_two]), 1, "one mail for two structures")

    def test_reminder_day_is_a_day_every_month_has(self):
        for day in (0, 29, 31, -1):
            with self.subTest(day=day), self.assertRaisesAny(ValidationError, IntegrityError):
                self.association_a.reminder_day = day
                self.association_a.flush_recordset()
