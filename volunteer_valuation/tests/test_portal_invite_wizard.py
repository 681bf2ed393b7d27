# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Inviting volunteers to their volunteering space, one or many at once."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalInviteWizard(PortalCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        in_a = [Command.set(cls.association_a.ids)]
        Partner = cls.env["res.partner"]
        cls.newcomer = Partner.create({
            "name": "Nina Newcomer", "email": "nina@example.com", "volunteer_structure_ids": in_a})
        cls.no_email = Partner.create({"name": "Nora No Email", "volunteer_structure_ids": in_a})
        cls.coordinator_partner = cls.coordinator_a.partner_id
        cls.coordinator_partner.volunteer_structure_ids = cls.association_a

    def _invite(self, partners, user=None):
        Wizard = self.env["volunteer.portal.invite.wizard"].with_user(user or self.coordinator_a)
        wizard = Wizard.with_context(active_model="res.partner", active_ids=partners.ids).create({})
        return wizard, wizard.action_invite()

    def _invitations(self, partner):
        return self.env["mail.mail"].search([
            ("recipient_ids", "in", partner.ids), ("subject", "like", "Your volunteering space"),
        ])

    def test_invite_many_at_once(self):
        partners = self.newcomer | self.no_email | self.volunteer_a | self.coordinator_partner
        wizard, action = self._invite(partners)
        self.assertEqual(wizard.invited_ids, self.newcomer | self.volunteer_a)
        self.assertEqual(wizard.without_email_ids, self.no_email)
        self.assertEqual(wizard.internal_ids, self.coordinator_partner)
        self.assertEqual(action["params"]["type"], "success")
        user = self.newcomer.user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "nina@example.com")
        self.assertFalse(self.no_email.user_ids)
        self.assertEqual(self.volunteer_a.user_ids, self.portal_a, "no second account")
        mail = self._invitations(self.newcomer)
        self.assertEqual(len(mail), 1)
        self.assertIn("Association A", mail.subject)
        self.assertIn("declare the time you give", mail.body_html)
        self.assertIn("redirect=%2Fmy%2Fvolunteering", mail.body_html)
        self.assertIn("nina@example.com", mail.body_html)
        self.assertEqual(len(self._invitations(self.volunteer_a)), 1)
        self.assertFalse(self._invitations(self.no_email))
        self.assertFalse(self._invitations(self.coordinator_partner))

    def test_from_the_partner_form(self):
        action = self.newcomer.action_volunteer_portal_invite()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_ids, self.newcomer)

    def test_coordinators_invite_their_volunteers_only(self):
        with self.assertRaises(UserError):
            self._invite(self.newcomer | self.volunteer_b)
        self.assertFalse(self.newcomer.user_ids)
        self._invite(self.volunteer_b, user=self.coordinator_region)
        self.assertEqual(len(self._invitations(self.volunteer_b)), 1)

    def test_nobody_to_invite(self):
        with self.assertRaises(UserError):
            self._invite(self.no_email)

    def test_only_coordinators_invite(self):
        for user in (self.portal_a, self.internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._invite(self.newcomer, user=user)
        self.assertFalse(self.newcomer.user_ids)
