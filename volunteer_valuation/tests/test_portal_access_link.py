# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Personal links in the back office: who manages them, their states, and sending them."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalAccessLink(PortalCommon, TransactionCase):

    def _link(self, partner, structure, **vals):
        return self.env["volunteer.access.link"].create(
            dict(vals, partner_id=partner.id, structure_id=structure.id))

    def test_token_and_url(self):
        other = self._link(self.volunteer_a2, self.association_a)
        self.assertGreaterEqual(len(self.link_a2.token), 40)
        self.assertNotEqual(self.link_a2.token, other.token)
        self.assertTrue(self.link_a2.url.endswith(f"/volunteering/link/{self.link_a2.token}"))
        self.assertEqual(self.link_a2.state, "valid")
        self.assertGreater(self.link_a2.expiry_date, fields.Date.today() + timedelta(days=90))
        self.assertEqual(self.link_a2.company_id, self.association_a.company_id)

    def test_only_for_a_volunteer_of_the_structure(self):
        with self.assertRaises(ValidationError):
            self._link(self.volunteer_a2, self.association_b)

    def test_a_link_keeps_its_volunteer_structure_and_token(self):
        for vals in ({"partner_id": self.volunteer_a.id}, {"structure_id": self.section_a1.id},
                     {"token": "x" * 43}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.link_a2.write(vals)

    def test_states_and_their_search(self):
        expired = self._link(self.volunteer_a2, self.association_a,
                             expiry_date=fields.Date.today() - timedelta(days=1))
        revoked = self._link(self.volunteer_a2, self.association_a)
        revoked.action_revoke()
        self.assertEqual(expired.state, "expired")
        self.assertEqual(revoked.state, "revoked")
        self.assertTrue(revoked.revoked_date)
        Link = self.env["volunteer.access.link"]
        links = self.link_a2 | expired | revoked
        self.assertEqual(Link.search([("id", "in", links.ids), ("state", "=", "valid")]),
                         self.link_a2)
        self.assertEqual(
            Link.search([("id", "in", links.ids), ("state", "in", ["expired", "revoked"])]),
            expired | revoked)

    def test_renew_replaces_the_address(self):
        old_token = self.link_a2.token
        action = self.link_a2.action_renew()
        new = self.env["volunteer.access.link"].browse(action["res_id"])
        self.assertEqual(self.link_a2.state, "revoked")
        self.assertEqual(new.state, "valid")
        self.assertNotEqual(new.token, old_token)
        self.assertEqual(new.partner_id, self.volunteer_a2)

    def test_send_by_email(self):
        self.link_a2.action_send()
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.volunteer_a2.ids)])
        self.assertEqual(len(mail), 1)
        self.assertIn(self.link_a2.url, mail.body_html)
        self.assertIn("Association A", mail.subject)
        self.volunteer_a2.email = False
        with self.assertRaises(UserError):
            self.link_a2.action_send()
        self.volunteer_a2.email = "alice.second@example.com"
        self.link_a2.action_revoke()
        with self.assertRaises(UserError):
            self.link_a2.action_send()

    def test_coordinators_manage_the_links_of_their_structures(self):
        link_b = self._link(self.volunteer_b, self.association_b)
        Link = self.env["volunteer.access.link"]
        self.assertEqual(Link.with_user(self.coordinator_a).search([]), self.link_a2)
        self.assertEqual(Link.with_user(self.coordinator_region).search([]), self.link_a2 | link_b)
        self.assertEqual(Link.with_user(self.manager).search([]), self.link_a2 | link_b)
        with self.assertRaises(AccessError):
            link_b.with_user(self.coordinator_a).action_revoke()
        with self.assertRaises(AccessError):
            Link.with_user(self.coordinator_a).create({
                "partner_id": self.volunteer_b.id, "structure_id": self.association_b.id})
        mine = Link.with_user(self.coordinator_a).create({
            "partner_id": self.volunteer_a.id, "structure_id": self.association_a.id})
        mine.action_revoke()
        self.assertEqual(mine.state, "revoked")
        for user in (self.portal_a, self.internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Link.with_user(user).search([])

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other association company"})
        structure = self.env["volunteer.structure"].create({
            "name": "Elsewhere", "company_id": other_company.id,
            "volunteer_ids": [Command.set(self.volunteer_b.ids)],
        })
        link = self._link(self.volunteer_b, structure)
        self.manager.company_ids = [Command.link(other_company.id)]
        Link = self.env["volunteer.access.link"].with_user(self.manager)
        self.assertNotIn(link, Link.with_context(allowed_company_ids=self.company.ids).search([]))
        self.assertIn(link, Link.with_context(
            allowed_company_ids=[self.company.id, other_company.id]).search([]))
