# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Fixtures of the security tests: one user per role, and calls over the external API.

Calls go through JSON-RPC (``/jsonrpc``, ``execute_kw``) as an outside client would send
them: JSON carries what XML cannot (NUL characters, NaN), and an error comes back as the
name and message of the exception, so a test tells a clear refusal from a crash.
"""

import json
import re
import xmlrpc.client

from odoo import Command
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import COORDINATOR_GROUP, MANAGER_GROUP, VolunteerCommon

QUIET_LOGGERS = (
    "odoo.http", "odoo.sql_db", "odoo.addons.rpc.controllers.jsonrpc",
    "odoo.addons.rpc.controllers.xmlrpc", "odoo.addons.base.models.ir_rule",
)
# What a caller gets for a refused request: a message written for them.
CLEAR_ERRORS = {
    "odoo.exceptions.UserError", "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError", "odoo.exceptions.MissingError",
    "odoo.exceptions.AccessDenied", "odoo.exceptions.RedirectWarning",
}
# Fault codes of /xmlrpc/2 for the errors written for the caller: 2 user and validation
# errors, 3 access denied, 4 access errors (1 is a crash).
CLEAR_FAULT_CODES = (2, 3, 4)
# Words that only a crash report holds.
CRASH_WORDS = re.compile(r"Traceback|psycopg2|File \"|KeyError|TypeError|AttributeError")


class RoleCommon(VolunteerCommon):
    """The network of :class:`VolunteerCommon` and one user per role::

        coordinator_a   coordinates Association A (already there)
        coordinator_b   coordinates Association B
        manager_2       manager of another company (“Other network”)
        structure_2     a structure of that company
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator_b = new_test_user(
            cls.env, login="vv_coord_b", groups=COORDINATOR_GROUP, name="Boris Coordinator",
            volunteer_coordinated_structure_ids=[Command.set(cls.association_b.ids)])
        cls.company_2 = cls.env["res.company"].create({"name": "Other network"})
        cls.manager_2 = new_test_user(
            cls.env, login="vv_manager_2", groups=MANAGER_GROUP, name="Otto Other",
            company_id=cls.company_2.id, company_ids=[Command.set(cls.company_2.ids)])
        cls.structure_2 = cls.env["volunteer.structure"].create(
            {"name": "Other association", "company_id": cls.company_2.id})
        cls.public = cls.env.ref("base.public_user")


class JsonRpcMixin:
    """Calls of the external API as a given user (password = login, see new_test_user)."""

    def rpc(self, user, model, method, *args, **kwargs):
        """``(result, error)`` of ``model.method(*args, **kwargs)`` called by ``user``;
        ``error`` is None or the dict of the exception (``name``, ``message``)."""
        self.env.flush_all()
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "service": "object", "method": "execute_kw",
            "args": [self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs],
        }}
        with mute_logger(*QUIET_LOGGERS):
            response = self.url_open(
                "/jsonrpc", data=json.dumps(payload), timeout=60,
                headers={"Content-Type": "application/json"})
        self.env.invalidate_all()
        body = response.json()
        if "error" in body:
            return None, body["error"].get("data") or body["error"]
        return body["result"], None

    def assertRefused(self, user, model, method, *args, message=None, **kwargs):
        """The call fails with a clear error (no crash), whose message holds ``message``."""
        result, error = self.rpc(user, model, method, *args, **kwargs)
        self.assertIsNotNone(error, f"{model}.{method} should be refused, it returned {result!r}")
        self.assertClearError(error)
        if message:
            self.assertIn(message, error["message"])
        return error

    def assertClearError(self, error):
        self.assertIn(error.get("name"), CLEAR_ERRORS, error.get("debug", error))
        self.assertFalse(CRASH_WORDS.search(error.get("message") or ""), error.get("message"))

    def assertAllowed(self, user, model, method, *args, **kwargs):
        result, error = self.rpc(user, model, method, *args, **kwargs)
        self.assertIsNone(error, error and error.get("debug", error))
        return result


def plain(value):
    """``value`` with the x2many commands as plain numbers, as an outside client sends them."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    return value


class XmlRpcMixin:
    """Calls over XML-RPC (``/xmlrpc/2/object``), the way the attacks were first tried."""

    def xmlrpc(self, user, model, method, *args, **kwargs):
        """``(result, fault)`` of ``model.method(*args, **kwargs)`` called by ``user``."""
        self.env.flush_all()
        try:
            with mute_logger(*QUIET_LOGGERS):
                result = self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname, user.id, user.login, model, method, plain(args),
                    plain(kwargs))
            fault = None
        except xmlrpc.client.Fault as error:
            result, fault = None, error
        self.env.invalidate_all()
        return result, fault

    def assertXmlRpcRefused(self, user, model, method, *args, message=None, **kwargs):
        """The call fails with a clear fault (no crash), whose text holds ``message``."""
        result, fault = self.xmlrpc(user, model, method, *args, **kwargs)
        self.assertIsNotNone(fault, f"{model}.{method} should be refused, it returned {result!r}")
        self.assertIn(fault.faultCode, CLEAR_FAULT_CODES, fault.faultString)
        if message:
            self.assertIn(message, fault.faultString)
        return fault

    def assertXmlRpcAllowed(self, user, model, method, *args, **kwargs):
        result, fault = self.xmlrpc(user, model, method, *args, **kwargs)
        self.assertIsNone(fault, fault and fault.faultString)
        return result
