# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The volunteering space over HTTP: what a volunteer sees, and every way of reaching
someone else's data by changing an id, a token or a parameter."""

import csv
import io
import json
from datetime import date, timedelta

import openpyxl

from odoo import fields, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .portal_common import PortalCommon, PortalHttpMixin


@tagged("post_install", "-at_install")
class TestPortalPages(PortalCommon, PortalHttpMixin, HttpCase):

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.mine = self._contribution(name="My draft", duration=2)
        self.theirs = self._contribution(
            name="Alice's secret", partner_id=self.volunteer_a2.id, duration=5)
        self.other_structure = self._contribution(
            name="Bea's time", partner_id=self.volunteer_b.id, structure_id=self.association_b.id)

    def _contributions(self, **domain):
        return self.env["volunteer.contribution"].sudo().search(
            [(key, "=", value) for key, value in domain.items()])

    # ------------------------------------------------------------------
    # Pages a volunteer uses
    # ------------------------------------------------------------------

    def test_home_counter_for_volunteers_only(self):
        result = self.make_jsonrpc_request("/my/counters", {"counters": ["volunteering_count"]})
        self.assertEqual(result, {"volunteering_count": 1})
        non_volunteer = new_test_user(self.env, login="vv_customer", groups="base.group_portal")
        self.authenticate(non_volunteer.login, non_volunteer.login)
        result = self.make_jsonrpc_request("/my/counters", {"counters": ["volunteering_count"]})
        self.assertNotIn("volunteering_count", result)
        home = self._get("/my")
        self.assertIn('data-placeholder_count="volunteering_count"', home.text)

    def test_list_shows_only_mine_with_totals(self):
        self._validated(name="Validated one", duration=1.5)
        response = self._get("/my/volunteering")
        self.assertEqual(response.status_code, 200)
        self.assertIn("My draft", response.text)
        self.assertIn("Validated one", response.text)
        self.assertNotIn("Alice's secret", response.text)
        self.assertNotIn("Bea's time", response.text)
        self.assertIn('o_volunteering_total_hours">3h30<', response.text)
        self.assertNotIn("o_volunteering_total_amount", response.text,
                         "no value shown unless the structure says so")
        self.association_a.show_amount_to_volunteers = True
        response = self._get("/my/volunteering")
        self.assertIn("o_volunteering_total_amount", response.text)

    def test_list_filters_sorting_and_pages(self):
        self.mine.date = fields.Date.today()
        last_year = fields.Date.today().year - 1
        for day in range(1, 26):
            self._contribution(name=f"Day {day}", date=date(last_year, 1, day), duration=1)
        response = self._get("/my/volunteering?filterby=last_year&sortby=date_asc")
        text = response.text
        self.assertIn('o_volunteering_total_hours">25h00<', text)
        self.assertLess(text.index("Day 1<"), text.index("Day 2<"))
        self.assertNotIn("Day 21<", text, "20 a page")
        self.assertNotIn("My draft", text)
        self.assertIn("/my/volunteering/page/2", text)
        response = self._get("/my/volunteering/page/2?filterby=last_year&sortby=date_asc")
        self.assertIn("Day 21<", response.text)
        self.assertNotIn("Day 20<", response.text)
        response = self._get("/my/volunteering?state=validated")
        self.assertIn("No contribution matches these filters.", response.text)
        for query in ("sortby=evil", "filterby=%27;drop", "structure=abc", "state=<b>",
                      "structure=99999999999999", "page=0", "structure=-1"):
            with self.subTest(query=query):
                self.assertEqual(self._get(f"/my/volunteering?{query}").status_code, 200)
        self.assertEqual(self._get("/my/volunteering/page/99999").status_code, 200)

    def test_filter_on_someone_elses_structure_shows_nothing_of_theirs(self):
        response = self._get(f"/my/volunteering?structure={self.association_b.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Bea's time", response.text)

    def test_html_is_shown_escaped(self):
        self._contribution(name='<img src=x onerror="alert(1)">Oops')
        response = self._get("/my/volunteering")
        self.assertNotIn('<img src=x onerror="alert(1)">', response.text)
        self.assertIn("&lt;img src=x onerror=", response.text)

    def test_declare_through_the_form(self):
        response = self._get("/my/volunteering/new")
        self.assertIn('name="csrf_token"', response.text)
        response = self._post("/my/volunteering/new", self._post_vals(
            name="Posted", duration="2 h 30", submit="1",
            partner_id=str(self.volunteer_a2.id), state="validated", amount="1000",
            source="backend"))
        self.assertEqual(response.status_code, 303)
        self.assertIn("/my/volunteering?message=submitted", response.headers["Location"])
        posted = self._contributions(name="Posted")
        self.assertEqual(len(posted), 1)
        self.assertEqual(posted.partner_id, self.volunteer_a, "a posted partner_id is ignored")
        self.assertEqual(posted.state, "submitted")
        self.assertEqual(posted.source, "portal")
        self.assertAlmostEqual(posted.duration, 2.5)

    def test_bad_input_comes_back_with_what_was_typed(self):
        response = self._post("/my/volunteering/new", self._post_vals(
            name="Kept <b>text</b>", duration="2h75"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("is not a duration", self._field_error(response.text, "duration"))
        self.assertIn('value="Kept &lt;b&gt;text&lt;/b&gt;"', response.text)
        self.assertIn('value="2h75"', response.text)
        self.assertFalse(self._contributions(name="Kept <b>text</b>"))

    def test_foreign_ids_in_the_form_are_refused(self):
        cases = {
            "structure_id": str(self.association_b.id),
            "project_id": str(self.project_b.id),
            "level_id": "2147483647",
        }
        for field, value in cases.items():
            with self.subTest(field=field):
                response = self._post("/my/volunteering/new", self._post_vals(
                    name=f"Foreign {field}", **{field: value}))
                self.assertEqual(response.status_code, 200)
                self.assertTrue(self._field_error(response.text, field))
                self.assertFalse(self._contributions(name=f"Foreign {field}"))

    def test_oversized_input_is_refused(self):
        response = self._post("/my/volunteering/new", self._post_vals(name="x" * 100000))
        self.assertEqual(response.status_code, 200)
        self.assertIn("too long", self._field_error(response.text, "name"))
        response = self._post("/my/volunteering/new", self._post_vals(
            name="Long duration", duration="1" * 5000))
        self.assertIn("too long", self._field_error(response.text, "duration"))
        self.assertFalse(self._contributions(name="Long duration"))
        self.env.flush_all()
        data = dict(self._post_vals(), csrf_token=http.Request.csrf_token(self))
        del data["name"]
        response = self.url_open(
            "/my/volunteering/new", data=data, allow_redirects=False,
            files={"name": ("name.txt", b"A file instead of a text")})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self._field_error(response.text, "name"))
        self.assertFalse(self._contributions(name="A file instead of a text"))

    def test_csrf_is_required(self):
        with mute_logger("odoo.http"):
            response = self._post(
                "/my/volunteering/new", self._post_vals(name="No token"), csrf=False)
            self.assertEqual(response.status_code, 400)
            response = self._post(f"/my/volunteering/{self.mine.id}",
                                  self._post_vals(name="No token"), csrf=False)
            self.assertEqual(response.status_code, 400)
            response = self._post(f"/my/volunteering/{self.mine.id}/delete", {}, csrf=False)
            self.assertEqual(response.status_code, 400)
            response = self._post("/my/volunteering/data", {"share_identity": "1"}, csrf=False)
            self.assertEqual(response.status_code, 400)
        self.assertFalse(self._contributions(name="No token"))
        self.assertTrue(self.mine.exists())
        self.assertFalse(self.volunteer_a.volunteer_share_identity)

    # ------------------------------------------------------------------
    # Someone else's contributions, whatever the id
    # ------------------------------------------------------------------

    def test_someone_elses_contribution_is_not_found(self):
        for contribution in (self.theirs, self.other_structure):
            with self.subTest(contribution=contribution.name):
                response = self._get(f"/my/volunteering/{contribution.id}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(contribution.name, response.text)
                response = self._post(f"/my/volunteering/{contribution.id}",
                                      self._post_vals(name="Hijacked"))
                self.assertEqual(response.status_code, 404)
                response = self._post(f"/my/volunteering/{contribution.id}/delete", {})
                self.assertEqual(response.status_code, 404)
        self.assertTrue(self.theirs.exists())
        self.assertEqual(self.theirs.name, "Alice's secret")
        self.assertFalse(self._contributions(name="Hijacked"))

    def test_unknown_ids_give_a_not_found_page(self):
        for url in ("/my/volunteering/0", "/my/volunteering/99999999",
                    "/my/volunteering/99999999999999999999", "/my/volunteering/abc",
                    "/my/volunteering/-1"):
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)

    def test_edit_mine_and_move_it_nowhere_else(self):
        response = self._get(f"/my/volunteering/{self.mine.id}")
        self.assertIn('value="My draft"', response.text)
        self.assertIn('value="2h00"', response.text)
        response = self._post(f"/my/volunteering/{self.mine.id}", self._post_vals(
            name="My draft, corrected", duration="45min",
            structure_id=str(self.association_b.id)))
        self.assertTrue(self._field_error(response.text, "structure_id"))
        self.assertEqual(self.mine.structure_id, self.association_a)
        response = self._post(f"/my/volunteering/{self.mine.id}", self._post_vals(
            name="My draft, corrected", duration="45min"))
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.mine.name, "My draft, corrected")
        self.assertAlmostEqual(self.mine.duration, 0.75)
        self.assertEqual(self.mine.state, "draft")

    def test_validated_is_read_only(self):
        validated = self._validated(name="Done and valued")
        response = self._get(f"/my/volunteering/{validated.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn('class="o_volunteering_form"', response.text)
        self.assertIn("Validated: it can no longer be changed.", response.text)
        response = self._post(f"/my/volunteering/{validated.id}", self._post_vals(
            name="Rewritten", duration="20h"))
        self.assertIn("can no longer be changed", response.text)
        response = self._post(f"/my/volunteering/{validated.id}/delete", {})
        self.assertIn("can be deleted", response.text)
        self.assertEqual(validated.name, "Done and valued")
        self.assertEqual(validated.state, "validated")

    def test_rejection_reason_is_shown_and_corrected(self):
        rejected = self._contribution(name="Wrong one")
        rejected.action_reject("<b>Not</b> on that day")
        response = self._get(f"/my/volunteering/{rejected.id}")
        self.assertIn("&lt;b&gt;Not&lt;/b&gt; on that day", response.text)
        self.assertIn('class="o_volunteering_form"', response.text)
        response = self._post(f"/my/volunteering/{rejected.id}", self._post_vals(
            name="Right one", submit="1"))
        self.assertEqual(response.status_code, 303)
        self.assertEqual(rejected.state, "submitted")

    def test_delete_my_draft(self):
        response = self._post(f"/my/volunteering/{self.mine.id}/delete", {})
        self.assertEqual(response.status_code, 303)
        self.assertFalse(self.mine.exists())

    # ------------------------------------------------------------------
    # My data
    # ------------------------------------------------------------------

    def test_settings(self):
        response = self._post("/my/volunteering/data", {"share_identity": "1"})
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.volunteer_a.volunteer_share_identity)
        self.assertFalse(self.volunteer_a.volunteer_reminder_opt_out)
        self._post("/my/volunteering/data", {"reminder_opt_out": "1", "partner_id": "1"})
        self.assertFalse(self.volunteer_a.volunteer_share_identity)
        self.assertTrue(self.volunteer_a.volunteer_reminder_opt_out)
        self.assertFalse(self.volunteer_a2.volunteer_reminder_opt_out)
        page = self._get("/my/volunteering/data")
        self.assertIn('id="o_volunteering_reminder_opt_out" checked', page.text)

    def test_export_json_csv_xlsx_hold_only_my_data(self):
        self._contribution(name='=HYPERLINK("http://evil.example")', duration=1)
        self.volunteer_a.volunteer_share_identity = True
        response = self._get("/my/volunteering/export?format=json")
        self.assertEqual(response.status_code, 200)
        self.assertIn("application/json", response.headers["Content-Type"])
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual(data["volunteer"]["name"], "Paul Portal")
        self.assertTrue(data["volunteer"]["share_identity"])
        self.assertEqual(sorted(row["name"] for row in data["contributions"]),
                         ['=HYPERLINK("http://evil.example")', "My draft"])
        self.assertEqual([row["name"] for row in data["structures"]],
                         [self.association_a.complete_name])

        response = self._get("/my/volunteering/export?format=csv")
        self.assertIn("text/csv", response.headers["Content-Type"])
        text = response.content.decode("utf-8-sig")
        self.assertNotIn("Alice", text)
        rows = list(csv.reader(io.StringIO(text)))
        self.assertIn(["My contributions"], rows)
        self.assertTrue(any("'=HYPERLINK(\"http://evil.example\")" in row for row in rows))
        self.assertFalse(any(cell.startswith("=") for row in rows for cell in row))

        response = self._get("/my/volunteering/export?format=xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = workbook["My contributions"]
        names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(sorted(names), ['=HYPERLINK("http://evil.example")', "My draft"])
        for cells in sheet.iter_rows():
            for cell in cells:
                self.assertNotEqual(cell.data_type, "f")

    def test_export_ignores_parameters_naming_others(self):
        response = self._get(
            f"/my/volunteering/export?format=json&partner_id={self.volunteer_a2.id}"
            f"&structure={self.association_b.id}")
        data = json.loads(response.content)
        self.assertNotIn("Alice's secret", response.text)
        self.assertEqual(data["volunteer"]["name"], "Paul Portal")
        response = self._get("/my/volunteering/export?format=exe")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose a format", response.text)

    def test_employees_see_their_own_time_only(self):
        self.authenticate(self.internal.login, self.internal.login)
        response = self._get("/my/volunteering")
        self.assertEqual(response.status_code, 200)
        self.assertIn("not registered as a volunteer", response.text)
        self.assertNotIn("My draft", response.text)
        self.assertNotIn("o_volunteering_declare", response.text)
        self.assertEqual(self._get(f"/my/volunteering/{self.mine.id}").status_code, 404)
        data = json.loads(self._get("/my/volunteering/export?format=json").content)
        self.assertEqual(data["contributions"], [])
        response = self._post("/my/volunteering/new", self._post_vals(name="Not a volunteer"))
        self.assertIn("You are not registered as a volunteer of any structure", response.text)
        self.assertFalse(self._contributions(name="Not a volunteer"))

    def test_a_coordinator_volunteering_elsewhere(self):
        """Coordinators of A who volunteer in B declare and see their time in B."""
        self.coordinator_a.partner_id.volunteer_structure_ids = self.association_b
        self.authenticate(self.coordinator_a.login, self.coordinator_a.login)
        response = self._post("/my/volunteering/new", self._post_vals(name="Coaching in B"))
        self.assertEqual(response.status_code, 303)
        created = self._contributions(name="Coaching in B")
        self.assertEqual(created.partner_id, self.coordinator_a.partner_id)
        self.assertEqual(created.structure_id, self.association_b)
        self.assertEqual(created.source, "portal")
        response = self._get("/my/volunteering")
        self.assertIn("Coaching in B", response.text)
        self.assertNotIn("My draft", response.text, "coordinating A shows nobody's time here")
        self.assertEqual(self._get(f"/my/volunteering/{self.mine.id}").status_code, 404)

    def test_anonymous_visitors_are_sent_to_the_login(self):
        self.authenticate(None, None)
        response = self._get("/my/volunteering", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])


@tagged("post_install", "-at_install")
class TestPortalLinkPages(PortalCommon, PortalHttpMixin, HttpCase):
    """Personal links: only the linked volunteer's time, in the link's structure."""

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)
        self.url = f"/volunteering/link/{self.link_a2.token}"
        self.theirs_elsewhere = self._contribution(
            name="Alice elsewhere", partner_id=self.volunteer_a2.id,
            structure_id=self.association_b.id)
        self.volunteer_a2.volunteer_structure_ids |= self.association_b
        self.pauls = self._contribution(name="Paul's own")

    def test_declare_and_list(self):
        response = self._get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Alice Second", response.text)
        self.assertNotIn("Alice elsewhere", response.text)
        self.assertNotIn("Paul's own", response.text)
        response = self._post(f"{self.url}/new", self._post_vals(
            name="Through the link", duration="1:15", submit="1",
            structure_id=str(self.association_b.id)))
        self.assertEqual(response.status_code, 200, "another structure is refused")
        self.assertTrue(self._field_error(response.text, "structure_id"))
        response = self._post(f"{self.url}/new", self._post_vals(
            name="Through the link", duration="1:15", submit="1"))
        self.assertEqual(response.status_code, 303)
        created = self.env["volunteer.contribution"].search([("name", "=", "Through the link")])
        self.assertEqual(created.partner_id, self.volunteer_a2)
        self.assertEqual(created.structure_id, self.association_a)
        self.assertEqual(created.source, "portal")
        self.assertEqual(created.state, "submitted")
        self.assertAlmostEqual(created.duration, 1.25)
        self.assertTrue(self.link_a2.last_use_date)
        response = self._get(self.url)
        self.assertIn("Through the link", response.text)

    def test_other_contributions_are_out_of_reach(self):
        for contribution in (self.theirs_elsewhere, self.pauls):
            with self.subTest(contribution=contribution.name):
                self.assertEqual(self._get(f"{self.url}/{contribution.id}").status_code, 404)
                response = self._post(f"{self.url}/{contribution.id}",
                                      self._post_vals(name="Hijacked"))
                self.assertEqual(response.status_code, 404)
                response = self._post(f"{self.url}/{contribution.id}/delete", {})
                self.assertEqual(response.status_code, 404)
                self.assertTrue(contribution.exists())
        self.assertEqual(self.pauls.name, "Paul's own")
        # The link opens no door to the logged-in pages.
        self.assertIn(self._get("/my/volunteering", allow_redirects=False).status_code,
                      (302, 303))

    def test_edit_through_the_link(self):
        draft = self._contribution(name="Alice draft", partner_id=self.volunteer_a2.id)
        response = self._post(f"{self.url}/{draft.id}", self._post_vals(
            name="Alice draft, longer", duration="3h"))
        self.assertEqual(response.status_code, 303)
        self.assertEqual(draft.duration, 3)
        response = self._post(f"{self.url}/{draft.id}/delete", {})
        self.assertEqual(response.status_code, 303)
        self.assertFalse(draft.exists())

    def test_expired_revoked_and_unknown_links(self):
        self.link_a2.expiry_date = fields.Date.today() - timedelta(days=1)
        response = self._get(self.url)
        self.assertEqual(response.status_code, 410)
        self.assertIn("This link has expired", response.text)
        response = self._post(f"{self.url}/new", self._post_vals(name="Too late"))
        self.assertEqual(response.status_code, 410)
        self.link_a2.expiry_date = fields.Date.today()
        self.assertEqual(self._get(self.url).status_code, 200, "valid on its last day")
        self.link_a2.action_revoke()
        response = self._get(self.url)
        self.assertEqual(response.status_code, 403)
        self.assertIn("This link does not work", response.text)
        for token in ("x", "a" * 5000, self.link_a2.token[:-1], "%00", "' OR 1=1 --"):
            with self.subTest(token=token[:20]):
                response = self._get(f"/volunteering/link/{token}")
                self.assertIn(response.status_code, (403, 404))
        self.assertFalse(self.env["volunteer.contribution"].search([("name", "=", "Too late")]))

    def test_a_volunteer_who_left_the_structure(self):
        self.volunteer_a2.volunteer_structure_ids -= self.association_a
        response = self._get(self.url)
        self.assertEqual(response.status_code, 403)
        self.assertIn("This link does not work", response.text)

    def test_csrf_on_link_forms(self):
        with mute_logger("odoo.http"):
            response = self._post(f"{self.url}/new", self._post_vals(name="No token"),
                                  csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["volunteer.contribution"].search([("name", "=", "No token")]))
