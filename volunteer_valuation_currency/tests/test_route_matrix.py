# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Every portal, personal-link, report and export route, opened by every role: the HTTP
status each gets, in one table.

303 is the way to the login page (or, after a form, back to the list), 403 and 404 are
refusals (404 for what one may not even know exists). The personal link is a password
in an address: whoever holds it gets the volunteer's space, whoever their account.
"""

import re

from odoo import Command, http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.volunteer_valuation.tests.security_common import QUIET_LOGGERS, RoleCommon

from .common import RULES_FROM

ROLES = ("public", "portal", "portal_b", "employee", "coord_a", "coord_b", "manager",
         "manager2")
ATTESTATION = "/report/%s/volunteer_valuation.report_volunteer_attestation_main/%s"
ROUTES = """
route                 public portal portal_b employee coord_a coord_b manager manager2
my_list               303    200    200      200      200     200     200     200
my_new                303    200    200      200      200     200     200     200
my_contribution       303    200    404      404      404     404     404     404
my_delete             303    303    404      404      404     404     404     404
my_data               303    200    200      200      200     200     200     200
my_data_settings      303    303    303      303      303     303     303     303
my_export             303    200    200      200      200     200     200     200
my_attestation        303    200    200      200      200     200     200     200
link                  200    200    200      200      200     200     200     200
link_new              200    200    200      200      200     200     200     200
link_contribution     200    200    200      200      200     200     200     200
link_delete           303    303    303      303      303     303     303     303
link_revoked          403    403    403      403      403     403     403     403
report_html           303    200    403      403      200     403     200     403
report_pdf            303    200    403      403      200     403     200     403
currency              303    200    200      200      200     200     200     200
currency_transfer     303    303    200      404      404     404     404     404
currency_statement    303    200    200      404      404     404     404     404
valuation_export      404    404    404      404      200     404     200     404
currency_export       404    404    404      404      200     404     200     404
"""


def parse_routes(text):
    header, *rows = [line.split() for line in text.strip().splitlines()]
    assert tuple(header[1:]) == ROLES, header
    return {row[0]: dict(zip(ROLES, (int(code) for code in row[1:]), strict=True))
            for row in rows}


@tagged("post_install", "-at_install")
class TestRouteMatrix(RoleCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "portal": cls.portal_a, "portal_b": cls.portal_b, "employee": cls.internal,
            "coord_a": cls.coordinator_a, "coord_b": cls.coordinator_b, "manager": cls.manager,
            "manager2": cls.manager_2,
        }
        Currency = cls.env["volunteer.currency"]
        Currency.search([]).write({"active": False})
        cls.time_bank = Currency.create({
            "name": "Time bank", "symbol": "h", "basis": "hours", "decimal_places": 2,
            "min_balance": -5, "rule_ids": [(0, 0, {"date_from": RULES_FROM, "rate": 1})]})
        cls._validated(name="Paul's afternoon", duration=4.0)
        cls._validated(name="Béa's afternoon", partner_id=cls.volunteer_b.id,
                       structure_id=cls.association_b.id, duration=4.0)
        cls.paul_draft = cls._contribution(name="Paul's draft")
        Link = cls.env["volunteer.access.link"]
        cls.link = Link.create({"partner_id": cls.volunteer_a2.id,
                                "structure_id": cls.association_a.id})
        cls.link_draft = cls._contribution(name="Alice's draft", partner_id=cls.volunteer_a2.id)
        cls.revoked = Link.create({"partner_id": cls.volunteer_a2.id,
                                   "structure_id": cls.association_a.id})
        cls.revoked.action_revoke()
        cls.valuation_export = cls._export_url(
            cls.env["volunteer.valuation.report.wizard"].with_user(cls.coordinator_a).create(
                {"structure_ids": [Command.set(cls.association_a.ids)]}).action_export_xlsx())
        cls.currency_export = cls._export_url(
            cls.env["volunteer.currency.report.wizard"].with_user(cls.coordinator_a).create(
                {"currency_id": cls.time_bank.id, "report": "statement",
                 "partner_id": cls.coordinator_a.partner_id.id}).action_export())

    @staticmethod
    def _export_url(action):
        return re.search(r"/web/content/\d+", action["url"]).group(0) + "?download=true"

    def _routes(self):
        """{route: (method, url or a function giving it, posted values)}."""
        paul = self.paul_draft.id
        token = self.link.token
        currency = self.time_bank.id

        def fresh_draft():
            return f"/my/volunteering/{self._contribution(name='To delete').id}/delete"

        def fresh_link_draft():
            draft = self._contribution(name="Alice's slip", partner_id=self.volunteer_a2.id)
            return f"/volunteering/link/{token}/{draft.id}/delete"

        return {
            "my_list": ("GET", "/my/volunteering", None),
            "my_new": ("GET", "/my/volunteering/new", None),
            "my_contribution": ("GET", f"/my/volunteering/{paul}", None),
            "my_delete": ("POST", fresh_draft, {}),
            "my_data": ("GET", "/my/volunteering/data", None),
            "my_data_settings": ("POST", "/my/volunteering/data", {"reminder_opt_out": "on"}),
            "my_export": ("GET", "/my/volunteering/export?format=csv", None),
            "my_attestation": ("GET", "/my/volunteering/attestation", None),
            "link": ("GET", f"/volunteering/link/{token}", None),
            "link_new": ("GET", f"/volunteering/link/{token}/new", None),
            "link_contribution": ("GET", f"/volunteering/link/{token}/{self.link_draft.id}",
                                  None),
            "link_delete": ("POST", fresh_link_draft, {}),
            "link_revoked": ("GET", f"/volunteering/link/{self.revoked.token}", None),
            "report_html": ("GET", ATTESTATION % ("html", self.volunteer_a.id), None),
            "report_pdf": ("GET", ATTESTATION % ("pdf", self.volunteer_a.id), None),
            "currency": ("GET", "/my/volunteering/currency", None),
            "currency_transfer": ("POST", "/my/volunteering/currency/transfer", {
                "currency_id": currency, "recipient_id": self.volunteer_a2.id,
                "amount": "0.25"}),
            "currency_statement": (
                "GET", f"/my/volunteering/currency/statement.xlsx?currency_id={currency}", None),
            "valuation_export": ("GET", self.valuation_export, None),
            "currency_export": ("GET", self.currency_export, None),
        }

    def _status(self, method, url, data):
        if callable(url):
            url = url()
        self.env.flush_all()
        with mute_logger(*QUIET_LOGGERS, "odoo.addons.base.models.ir_attachment"):
            if method == "POST":
                data = dict(data, csrf_token=http.Request.csrf_token(self))
                response = self.url_open(url, data=data, allow_redirects=False)
            else:
                response = self.url_open(url, allow_redirects=False)
        self.env.invalidate_all()
        self.assertNotIn("Traceback", response.text)
        return response.status_code

    def test_every_route_for_every_role(self):
        expected = parse_routes(ROUTES)
        routes = self._routes()
        self.assertEqual(set(expected), set(routes))
        actual = {route: {} for route in routes}
        for role in ROLES:
            if role == "public":
                self.authenticate(None, None)
            else:
                user = self.users[role]
                self.authenticate(user.login, user.login)
            for route, (method, url, data) in routes.items():
                actual[route][role] = self._status(method, url, data)
        mismatches = [
            f"{route} / {role}: expected {expected[route][role]}, got {actual[route][role]}"
            for route in expected for role in ROLES
            if expected[route][role] != actual[route][role]]
        self.assertFalse(mismatches, "\n".join(mismatches))
