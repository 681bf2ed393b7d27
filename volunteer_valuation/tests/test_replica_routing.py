# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Pages, downloads and RPC methods that only read are served from the read replica
(``--db_replica_host``), and never write there; everything that writes stays on the
primary."""

import json

from odoo.tests import HttpCase, tagged

from ..controllers.routing import readonly_on_get
from .common import DAY
from .portal_common import PortalCommon, PortalHttpMixin
from .replica_common import ReplicaRoutingMixin

# Every route of the addon, and where Odoo serves it.
ROUTES = {
    "/my/volunteering": True,
    "/my/volunteering/page/<int:page>": True,
    "/my/volunteering/export": True,
    "/my/volunteering/attestation": True,
    "/volunteering/erased": True,
    # The form on the replica, what it posts on the primary.
    "/my/volunteering/new": readonly_on_get,
    "/my/volunteering/<int:contribution_id>": readonly_on_get,
    "/my/volunteering/data": readonly_on_get,
    "/my/volunteering/erase": readonly_on_get,
    # The yearly survey of a member structure: shown on the replica, sent on the primary.
    "/my/volunteering/survey": readonly_on_get,
    # Writes.
    "/my/volunteering/<int:contribution_id>/delete": False,
    # Each use of a personal link is recorded (its "last used" date).
    "/volunteering/link/<string:token>": False,
    "/volunteering/link/<string:token>/page/<int:page>": False,
    "/volunteering/link/<string:token>/new": False,
    "/volunteering/link/<string:token>/<int:contribution_id>": False,
    "/volunteering/link/<string:token>/<int:contribution_id>/delete": False,
    "/volunteering/survey/<string:token>": False,
}
RPC_READONLY = {
    ("volunteer.contribution", "get_cec_summary"),
    ("volunteer.contribution", "get_import_templates"),
    # Smart buttons: they only open a list.
    ("volunteer.structure", "action_view_contributions"),
    ("volunteer.structure", "action_view_volunteers"),
    ("volunteer.structure", "action_view_access_links"),
    ("res.partner", "action_volunteer_access_links"),
    *((model, "action_view_volunteer_contributions") for model in (
        "volunteer.totals.mixin", "res.partner", "project.project", "project.task")),
}
ATTESTATION = "volunteer_valuation.report_volunteer_attestation_main"


@tagged("post_install", "-at_install")
class TestReplicaRouting(PortalCommon, PortalHttpMixin, ReplicaRoutingMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._validated(name="Board meeting", role="governance", duration=3)
        cls.draft = cls._contribution(name="My draft", duration=1)

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_a.login, self.portal_a.login)

    def test_routes_and_methods_marked(self):
        self.assertEqual(self.route_modes("volunteer_valuation"), ROUTES)
        self.assertEqual(self.rpc_readonly_methods("volunteer_valuation"), RPC_READONLY)

    def test_volunteer_pages_read_on_the_replica(self):
        pages = {
            "/my/volunteering": "Board meeting",
            "/my/volunteering/page/1?filterby=year&sortby=duration": "o_volunteering_total_hours",
            "/my/volunteering/new": 'name="csrf_token"',
            f"/my/volunteering/{self.draft.id}": "My draft",
            "/my/volunteering/data": "/my/volunteering/export?format=xlsx",
            "/my/volunteering/erase": 'name="password"',
            "/my/volunteering/attestation?date_from=2026-01-01&date_to=2026-12-31":
                "Paul Portal",
            "/volunteering/erased": "<html",
        }
        for url, expected in pages.items():
            with self.subTest(url=url):
                response = self.assertServedReadonly(
                    lambda url=url: self._get(url, allow_redirects=False))
                self.assertEqual(response.status_code, 200)
                self.assertIn(expected, response.text)

    def test_my_data_exports_read_on_the_replica(self):
        response = self.assertServedReadonly(
            lambda: self._get("/my/volunteering/export?format=json"))
        names = {row["name"] for row in json.loads(response.content)["contributions"]}
        self.assertEqual(names, {"Board meeting", "My draft"})
        for fmt in ("csv", "xlsx"):
            with self.subTest(format=fmt):
                response = self.assertServedReadonly(
                    lambda fmt=fmt: self._get(f"/my/volunteering/export?format={fmt}"))
                self.assertEqual(response.status_code, 200)
                self.assertIn("attachment", response.headers["Content-Disposition"])

    def test_home_counter_reads_on_the_replica(self):
        result = self.assertServedReadonly(lambda: self.make_jsonrpc_request(
            "/my/counters", {"counters": ["volunteering_count"]}))
        self.assertEqual(result, {"volunteering_count": 2})

    def test_declaring_and_settings_write_on_the_primary(self):
        response = self.assertServedReadonly(lambda: self._post(
            "/my/volunteering/new",
            self._post_vals(name="Replica check", structure_id=str(self.association_a.id))),
            readonly=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.env["volunteer.contribution"].search(
            [("name", "=", "Replica check"), ("partner_id", "=", self.volunteer_a.id)]))
        response = self.assertServedReadonly(lambda: self._post(
            f"/my/volunteering/{self.draft.id}",
            self._post_vals(name="My draft, longer", duration="4h",
                            structure_id=str(self.association_a.id))),
            readonly=False)
        self.assertEqual(self.draft.name, "My draft, longer")
        self.assertServedReadonly(lambda: self._post(
            "/my/volunteering/data", {"reminder_opt_out": "on"}), readonly=False)
        self.assertTrue(self.volunteer_a.volunteer_reminder_opt_out)

    def test_personal_link_pages_record_their_use_on_the_primary(self):
        self.authenticate(None, None)
        response = self.assertServedReadonly(
            lambda: self._get(f"/volunteering/link/{self.link_a2.token}"), readonly=False)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.link_a2.last_use_date)

    def test_manager_reports_read_on_the_replica(self):
        self.authenticate(self.manager.login, self.manager.login)
        rows = self.assertServedReadonly(lambda: self.make_jsonrpc_request(
            "/web/dataset/call_kw/volunteer.contribution/get_cec_summary", {
                "model": "volunteer.contribution", "method": "get_cec_summary",
                "args": [DAY.year], "kwargs": {},
            }))
        self.assertIn((self.volunteer_a.id, self.association_a.id, 3.0),
                      {(row["partner_id"], row["structure_id"], row["hours"]) for row in rows})
        # The attestation through Odoo's report route, the analysis through its pivot.
        response = self.assertServedReadonly(lambda: self._get(
            f"/report/html/{ATTESTATION}/{self.volunteer_a.id}"
            f"?options={json.dumps({'date_from': '2026-01-01', 'date_to': '2026-12-31'})}"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Paul Portal", response.text)
        groups = self.assertServedReadonly(lambda: self.make_jsonrpc_request(
            "/web/dataset/call_kw/volunteer.valuation.report/formatted_read_group", {
                "model": "volunteer.valuation.report", "method": "formatted_read_group",
                "args": [], "kwargs": {
                    "domain": [("structure_id", "=", self.association_a.id)],
                    "groupby": ["structure_id"], "aggregates": ["hours:sum"],
                },
            }))
        self.assertEqual(len(groups), 1)
        # A smart button of a structure's form.
        action = self.assertServedReadonly(lambda: self.make_jsonrpc_request(
            "/web/dataset/call_button/volunteer.structure/action_view_contributions", {
                "model": "volunteer.structure", "method": "action_view_contributions",
                "args": [self.association_a.ids], "kwargs": {},
            }))
        self.assertEqual(action["domain"], [["structure_id", "child_of", self.association_a.ids]])

    def test_api_declaration_writes_on_the_primary(self):
        self.authenticate(self.coordinator_a.login, self.coordinator_a.login)
        self.assertServedReadonly(lambda: self.make_jsonrpc_request(
            "/web/dataset/call_kw/volunteer.contribution/declare", {
                "model": "volunteer.contribution", "method": "declare",
                "args": [[{"partner_id": self.volunteer_a.id,
                           "structure": self.association_a.id,
                           "date": DAY.isoformat(), "duration": 2, "name": "Via RPC"}]],
                "kwargs": {},
            }), readonly=False)
        self.assertTrue(self.env["volunteer.contribution"].search([("name", "=", "Via RPC")]))
