# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Over the external API, only a manager of the volunteer's company can forget them, and
nobody can touch the register."""

import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import VolunteerCommon
from .test_rpc_security import FAULT_ACCESS_ERROR, FAULT_USER_ERROR, QUIET_LOGGERS


@tagged("post_install", "-at_install")
class TestErasureRpc(VolunteerCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other network"})
        cls.other_manager = new_test_user(
            cls.env, login="vv_other_manager", name="Olga Other",
            groups="volunteer_valuation.group_volunteer_manager",
            company_id=cls.other_company.id, company_ids=[Command.set(cls.other_company.ids)])
        cls.alice_stand = cls._validated(name="Alice's stand", partner_id=cls.volunteer_a2.id)

    def setUp(self):
        super().setUp()
        self.env.flush_all()
        self.db = self.env.cr.dbname

    def call(self, user, model, method, *args):
        with mute_logger(*QUIET_LOGGERS):
            uid = self.xmlrpc_common.authenticate(self.db, user.login, user.login, {})
            return self.xmlrpc_object.execute_kw(
                self.db, uid, user.login, model, method, list(args), {})

    def assertFault(self, user, model, method, *args, codes=(FAULT_ACCESS_ERROR,)):
        with self.assertRaises(xmlrpc.client.Fault) as catcher:
            self.call(user, model, method, *args)
        self.assertIn(catcher.exception.faultCode, codes, catcher.exception.faultString)
        self.env.invalidate_all()
        return catcher.exception

    def assertUntouched(self):
        self.assertEqual(self.volunteer_a2.name, "Alice Second")
        self.assertEqual(self.alice_stand.partner_id, self.volunteer_a2)
        self.assertEqual(self.alice_stand.name, "Alice's stand")

    def test_manager_of_another_company_cannot_forget_her(self):
        fault = self.assertFault(
            self.other_manager, "res.partner", "action_volunteer_anonymise", [self.volunteer_a2.id])
        self.assertIn("company you do not manage", fault.faultString)
        self.assertUntouched()
        for user in (self.coordinator_a, self.portal_a):
            with self.subTest(user=user.login):
                self.assertFault(user, "res.partner", "action_volunteer_anonymise",
                                 [self.volunteer_a2.id])
                self.assertUntouched()
        self.assertFalse(self.env["volunteer.erasure.log"].sudo().search([]))

    def test_private_paths_are_not_reachable(self):
        for model, method, args in (
                ("volunteer.erasure", "_erase", [[self.volunteer_a2.id], "request"]),
                ("volunteer.erasure", "_cron_retention", []),
                ("volunteer.contribution", "_write_anonymised",
                 [[self.alice_stand.id], {"name": "x"}])):
            with self.subTest(method=method):
                fault = self.assertFault(self.manager, model, method, *args)
                self.assertIn("cannot be called remotely", fault.faultString)
        self.assertUntouched()

    def test_manager_of_her_company_can_and_the_register_stays_closed(self):
        self.call(self.manager, "res.partner", "action_volunteer_anonymise",
                  [self.volunteer_a2.id])
        self.env.invalidate_all()
        self.assertNotEqual(self.alice_stand.partner_id, self.volunteer_a2)
        [log] = self.call(self.manager, "volunteer.erasure.log", "search_read", [], ["reason"])
        self.assertEqual(log["reason"], "request")
        self.assertEqual(
            self.call(self.other_manager, "volunteer.erasure.log", "search_read", [], ["id"]), [],
            "another company's register is not theirs to read")
        for method, args in (("write", [[log["id"]], {"contribution_count": 0}]),
                             ("unlink", [[log["id"]]]),
                             ("create", [{"reason": "request", "requested_by": "manager",
                                          "company_id": self.company.id}])):
            with self.subTest(method=method):
                self.assertFault(self.manager, "volunteer.erasure.log", method, *args,
                                 codes=(FAULT_USER_ERROR, FAULT_ACCESS_ERROR))
        self.assertEqual(self.env["volunteer.erasure.log"].sudo().search_count([]), 1)
