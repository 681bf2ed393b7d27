# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Record rules read stored relations only: a membership change made by one user is seen
by the very next request of another user, with no cache flushed in between.

Each request below is a separate XML-RPC call. The first call of a user puts the rule
domains of that user in the registry's cache; the cache is never emptied (a flush would
fail the test), so the next call must see the change through the stored relations.
"""

from unittest.mock import patch

from odoo import Command
from odoo.modules.registry import Registry
from odoo.tests import HttpCase, tagged

from .common import DAY
from .security_common import RoleCommon, XmlRpcMixin

C = "volunteer.contribution"


@tagged("post_install", "-at_install")
class TestMembershipsSeenAtOnce(RoleCommon, XmlRpcMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.in_b = cls._contribution(name="Béa in B", partner_id=cls.volunteer_b.id,
                                     structure_id=cls.association_b.id)

    def setUp(self):
        super().setUp()
        flushes = patch.object(Registry, "clear_cache", autospec=True,
                               side_effect=AssertionError("a cache was flushed"))
        self.flush_mock = flushes.start()
        self.addCleanup(flushes.stop)

    def _visible_in_b(self, user):
        return self.assertXmlRpcAllowed(user, C, "search",
                                        [("structure_id", "=", self.association_b.id)])

    def _declare_in_a(self, user):
        return self.xmlrpc(user, C, "create", {
            "name": "Helping in A", "partner_id": user.partner_id.id,
            "structure_id": self.association_a.id, "date": DAY.isoformat(), "duration": 1.0})

    def test_coordinator_added_then_removed(self):
        self.assertEqual(self._visible_in_b(self.coordinator_a), [])
        self.assertXmlRpcAllowed(self.manager, "volunteer.structure", "write",
                                 [self.association_b.id],
                                 {"coordinator_ids": [Command.link(self.coordinator_a.id)]})
        self.assertEqual(self._visible_in_b(self.coordinator_a), self.in_b.ids)
        self.assertXmlRpcAllowed(self.coordinator_a, C, "write", [self.in_b.id],
                                 {"name": "Béa at the B fair"})
        self.assertXmlRpcAllowed(self.manager, "volunteer.structure", "write",
                                 [self.association_b.id],
                                 {"coordinator_ids": [Command.unlink(self.coordinator_a.id)]})
        self.assertEqual(self._visible_in_b(self.coordinator_a), [])
        self.assertXmlRpcRefused(self.coordinator_a, C, "write", [self.in_b.id], {"name": "x"})
        self.flush_mock.assert_not_called()

    def test_coordinator_of_a_parent_sees_a_new_member_structure(self):
        """Re-parenting moves the branch: the new parent's coordinator sees it at once."""
        self.assertEqual(self._visible_in_b(self.coordinator_a), [])
        self.assertXmlRpcAllowed(self.manager, "volunteer.structure", "write",
                                 [self.association_b.id], {"parent_id": self.association_a.id})
        self.assertEqual(self._visible_in_b(self.coordinator_a), self.in_b.ids)
        self.assertXmlRpcAllowed(self.manager, "volunteer.structure", "write",
                                 [self.association_b.id], {"parent_id": self.region.id})
        self.assertEqual(self._visible_in_b(self.coordinator_a), [])
        self.flush_mock.assert_not_called()

    def test_volunteer_added_then_removed(self):
        new_id, fault = self._declare_in_a(self.portal_b)
        self.assertIsNotNone(fault)
        self.assertXmlRpcAllowed(self.manager, "volunteer.structure", "write",
                                 [self.association_a.id],
                                 {"volunteer_ids": [Command.link(self.volunteer_b.id)]})
        new_id, fault = self._declare_in_a(self.portal_b)
        self.assertIsNone(fault, fault and fault.faultString)
        self.assertXmlRpcAllowed(self.portal_b, "volunteer.structure", "read",
                                 [self.association_a.id], ["name"])
        self.assertXmlRpcAllowed(self.portal_b, C, "write", [new_id], {"duration": 2.0})
        self.assertXmlRpcAllowed(self.coordinator_a, "res.partner", "write",
                                 [self.volunteer_b.id],
                                 {"volunteer_structure_ids": [Command.unlink(
                                     self.association_a.id)]})
        _new_id, fault = self._declare_in_a(self.portal_b)
        self.assertIsNotNone(fault)
        self.assertXmlRpcRefused(self.portal_b, "volunteer.structure", "read",
                                 [self.association_a.id], ["name"])
        self.assertXmlRpcRefused(self.portal_b, C, "write", [new_id], {"duration": 3.0})
        self.flush_mock.assert_not_called()
