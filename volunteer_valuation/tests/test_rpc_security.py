# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A portal volunteer calling the external API cannot reach other volunteers' time."""

import xmlrpc.client

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DAY, VolunteerCommon

# Fault codes of /xmlrpc/2: 2 for user and validation errors, 4 for access errors.
FAULT_USER_ERROR = 2
FAULT_ACCESS_ERROR = 4
QUIET_LOGGERS = ("odoo.http", "odoo.sql_db", "odoo.addons.rpc.controllers.xmlrpc")
LOGIN = PASSWORD = "vv_portal_a"  # new_test_user gives logins of 8+ characters as password


@tagged("post_install", "-at_install")
class TestRpcSecurity(VolunteerCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.theirs = cls._contribution(
            name="Béa at the fair", structure_id=cls.association_b.id,
            partner_id=cls.volunteer_b.id, duration=4.0)
        cls.theirs_in_a = cls._contribution(
            name="Alice at the fair", partner_id=cls.volunteer_a2.id, duration=3.0)
        cls.mine = cls._contribution(name="Paul at the fair", duration=2.0)

    def setUp(self):
        super().setUp()
        self.env.flush_all()
        self.db = self.env.cr.dbname
        with mute_logger(*QUIET_LOGGERS):
            self.portal_uid = self.xmlrpc_common.authenticate(self.db, LOGIN, PASSWORD, {})
        self.assertEqual(self.portal_uid, self.portal_a.id)

    def _call(self, method, *args, **kwargs):
        """Call a method of volunteer.contribution through XML-RPC as the portal volunteer."""
        with mute_logger(*QUIET_LOGGERS):
            return self.xmlrpc_object.execute_kw(
                self.db, self.portal_uid, PASSWORD, "volunteer.contribution", method,
                list(args), kwargs)

    def assertFault(self, method, *args, codes=(FAULT_USER_ERROR, FAULT_ACCESS_ERROR),
                    **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as catcher:
            self._call(method, *args, **kwargs)
        self.assertIn(catcher.exception.faultCode, codes, catcher.exception.faultString)
        self.env.invalidate_all()
        return catcher.exception

    def _snapshot(self, contribution):
        contribution.invalidate_recordset()
        return contribution.read(["name", "duration", "state", "partner_id", "amount"])[0]

    def test_reads_own_contribution(self):
        """The volunteer reads their own contribution and its value."""
        records = self._call("read", [self.mine.id], ["name", "amount", "state"])
        self.assertEqual(records[0]["name"], "Paul at the fair")
        self.assertEqual(records[0]["amount"], 24.04)

    def test_reads_every_field_of_own_contribution(self):
        """Reading all the fields of one's own contribution works, rate line included."""
        record = self._call("read", [self.mine.id])[0]
        self.assertEqual(record["partner_id"][0], self.volunteer_a.id)
        self.assertEqual(record["rate_id"][0], self.rate_default.id)
        self.assertEqual(record["hourly_rate"], 12.02)

    def test_search_lists_only_own(self):
        """Searching everything returns only the volunteer's own contributions."""
        found = self._call("search_read", [], ["name"])
        self.assertEqual([record["id"] for record in found], self.mine.ids)

    def test_read_other_refused(self):
        """Reading another volunteer's contribution is an access error."""
        for other in (self.theirs, self.theirs_in_a):
            with self.subTest(other=other.name):
                fault = self.assertFault("read", [other.id], ["name", "amount"],
                                         codes=(FAULT_ACCESS_ERROR,))
                self.assertNotIn(other.name, fault.faultString)

    def test_write_other_refused(self):
        """Editing another volunteer's draft is refused and changes nothing."""
        before = self._snapshot(self.theirs_in_a)
        self.assertFault("write", [self.theirs_in_a.id], {"duration": 23.0, "name": "Mine now"},
                         codes=(FAULT_ACCESS_ERROR,))
        self.assertEqual(self._snapshot(self.theirs_in_a), before)

    def test_unlink_other_refused(self):
        """Deleting another volunteer's draft is refused."""
        self.assertFault("unlink", [self.theirs.id], codes=(FAULT_ACCESS_ERROR,))
        self.assertTrue(self.theirs.exists())

    def test_validate_refused(self):
        """Neither another volunteer's contribution nor one's own can be validated."""
        for contribution in (self.theirs, self.mine):
            with self.subTest(contribution=contribution.name):
                before = self._snapshot(contribution)
                self.assertFault("action_validate", [contribution.id],
                                 codes=(FAULT_ACCESS_ERROR,))
                self.assertEqual(self._snapshot(contribution), before)
                self.assertEqual(contribution.state, "draft")

    def test_create_for_another_partner_refused(self):
        """Declaring time in someone else's name is refused and nothing is saved."""
        count = self.env["volunteer.contribution"].search_count([])
        self.assertFault("create", {
            "name": "Forged", "partner_id": self.volunteer_a2.id,
            "structure_id": self.association_a.id, "date": DAY.isoformat(), "duration": 5.0,
        })
        self.assertEqual(self.env["volunteer.contribution"].search_count([]), count)

    def test_create_in_other_structure_refused(self):
        """Declaring time in a structure the volunteer does not belong to is refused."""
        count = self.env["volunteer.contribution"].search_count([])
        self.assertFault("create", {
            "name": "Elsewhere", "partner_id": self.volunteer_a.id,
            "structure_id": self.association_b.id, "date": DAY.isoformat(), "duration": 5.0,
        })
        self.assertEqual(self.env["volunteer.contribution"].search_count([]), count)

    def test_create_own_through_rpc(self):
        """The volunteer may declare their own time through the API, as a portal entry."""
        new_id = self._call("create", {
            "name": "Flyers", "partner_id": self.volunteer_a.id,
            "structure_id": self.association_a.id, "date": DAY.isoformat(), "duration": 1.5,
        })
        self.env.invalidate_all()
        created = self.env["volunteer.contribution"].browse(new_id)
        self.assertEqual(created.source, "portal")
        self.assertEqual(created.partner_id, self.volunteer_a)
        self.assertEqual(created.amount, 18.03)

    def test_database_constraint_message_reaches_the_user(self):
        """A CHECK constraint comes back as a readable validation message."""
        count = self.env["volunteer.contribution"].search_count([])
        fault = self.assertFault("create", {
            "name": "Nothing", "partner_id": self.volunteer_a.id,
            "structure_id": self.association_a.id, "date": DAY.isoformat(), "duration": 0.0,
        }, codes=(FAULT_USER_ERROR,))
        self.assertIn("greater than zero", fault.faultString)
        self.assertEqual(self.env["volunteer.contribution"].search_count([]), count)

    def test_state_and_value_not_writable(self):
        """The volunteer cannot validate or value their own draft by writing fields."""
        before = self._snapshot(self.mine)
        for vals in ({"state": "validated"}, {"amount": 1000.0}):
            with self.subTest(vals=vals):
                self.assertFault("write", [self.mine.id], vals, codes=(FAULT_USER_ERROR,))
        self.assertEqual(self._snapshot(self.mine), before)
