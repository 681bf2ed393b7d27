# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The yearly survey over HTTP, as its users and as an attacker would use it; the tours of
the survey on a 390 px phone and on a desktop."""

from odoo.tests import HttpCase, tagged

from .portal_common import PortalCommon, PortalHttpMixin
from .test_federation_survey import SurveyCommon

SURVEY = "/my/volunteering/survey"


class SurveyHttpCommon(SurveyCommon, PortalCommon, PortalHttpMixin):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.section_a1.federation_ref = "FED-A1"
        last = cls.year - 1
        cls.Declaration.declare_aggregates([
            {"structure": "FED-A1", "date_from": f"{last}-01-01", "date_to": f"{last}-12-31",
             "contributor_type": "volunteer", "hours": 160, "headcount": 10,
             "external_ref": "last-year"},
        ])

    def _form(self, year=None, structure=None, **lines):
        """A survey as the form posts it: line-<n>-<field> texts."""
        data = {"year": str(year or self.year)}
        if structure:
            data["structure"] = str(structure.id)
        for index, (kind, hours, headcount) in enumerate(lines.get("lines", [])):
            data.update({f"line-{index}-contributor_type": kind, f"line-{index}-category_id": "",
                         f"line-{index}-hours": hours, f"line-{index}-headcount": headcount,
                         f"line-{index}-distance_km": ""})
        return data

    def _count(self):
        return self.Declaration.search_count([])


@tagged("post_install", "-at_install")
class TestSurveyRoutes(SurveyHttpCommon, HttpCase):

    def test_contact_sees_and_sends_the_survey_of_its_structure(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.assertEqual(self.make_jsonrpc_request(
            "/my/counters", {"counters": ["volunteer_survey_count"]}),
            {"volunteer_survey_count": 1}, "the survey has its entry on their account page")
        page = self._get(SURVEY)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Section A1", page.text)
        self.assertEqual(page.text.count("o_volunteer_survey_line_title"), 3)
        copied = self._get(f"{SURVEY}?structure={self.section_a1.id}&year={self.year}&copy=1")
        self.assertIn('value="160"', copied.text)
        self.assertIn("copied below", copied.text)
        response = self._post(SURVEY, self._form(
            structure=self.section_a1, lines=[("volunteer", "170", "11")]))
        self.assertEqual(response.status_code, 303)
        self.assertIn("message=sent", response.headers["Location"])
        declaration = self._live(self.section_a1).filtered(lambda rec: rec.source == "portal")
        self.assertRecordValues(declaration, [{"hours": 170.0, "headcount": 11}])
        again = self._post(SURVEY, self._form(
            structure=self.section_a1, lines=[("volunteer", "180", "11")]))
        self.assertEqual(again.status_code, 303)
        self.assertEqual(declaration.state, "superseded")
        self.assertEqual(declaration.superseded_by_id.hours, 180.0)

    def test_forged_structure_refused_and_nothing_written(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        count = self._count()
        for structure in (self.association_b, self.association_a):
            with self.subTest(structure=structure.name):
                response = self._post(SURVEY, self._form(
                    structure=structure, lines=[("volunteer", "10", "1")]))
                self.assertEqual(response.status_code, 403)
                self.assertIn("You cannot fill the survey of this structure", response.text)
        response = self._post(SURVEY, self._form(lines=[("volunteer", "10", "1")]))
        self.assertEqual(response.status_code, 403, "no structure posted: none chosen for them")
        self.assertEqual(self._count(), count)
        page = self._get(f"{SURVEY}?structure={self.association_b.id}")
        self.assertNotIn("Association B", page.text, "a foreign structure is not shown either")

    def test_negative_hours_and_bad_year_shown_and_nothing_written(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        count = self._count()
        response = self._post(SURVEY, self._form(
            structure=self.section_a1, lines=[("volunteer", "-5", "3"), ("bogus", "1", "1")]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Choose the kind of contributors of each line", response.text)
        response = self._post(SURVEY, self._form(
            structure=self.section_a1, lines=[("volunteer", "-5", "3")]))
        self.assertIn("o_volunteer_survey_error", response.text)
        self.assertIn("is not a positive number (hours)", response.text)
        self.assertIn('value="-5"', response.text, "what was typed is kept")
        for year in ("1990", "nope", str(self.year + 2)):
            with self.subTest(year=year):
                response = self._post(SURVEY, self._form(
                    year=year, structure=self.section_a1, lines=[("volunteer", "5", "3")]))
                self.assertIn("Choose a year between", response.text)
        response = self._post(SURVEY, self._form(structure=self.section_a1, lines=[
            ("volunteer", "5", "3")]), csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._count(), count)

    def test_errors_in_french_for_a_french_contact(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["volunteer_valuation"], ["fr_FR"])
        self.portal_a.lang = "fr_FR"
        self.authenticate(self.portal_a.login, self.portal_a.login)
        count = self._count()
        response = self._post(SURVEY, self._form(
            structure=self.section_a1, lines=[("volunteer", "-5", "3")]))
        self.assertIn("Rien n&#39;a été enregistré", response.text)
        self.assertIn("Bénévole : « -5 » n&#39;est pas un nombre positif (heures).",
                      response.text)
        self.assertIn("Envoyer à la fédération", response.text)
        self.assertEqual(self._count(), count)

    def test_people_with_no_structure_are_told_so(self):
        self.authenticate(self.portal_b.login, self.portal_b.login)
        counters = {"counters": ["volunteer_survey_count"]}
        self.assertEqual(self.make_jsonrpc_request("/my/counters", counters), {},
                         "no entry on their account page")
        page = self._get(SURVEY)
        self.assertIn("o_volunteer_survey_none", page.text)
        self.assertNotIn("o_volunteer_survey_form", page.text)
        count = self._count()
        response = self._post(SURVEY, self._form(
            structure=self.association_b, lines=[("volunteer", "10", "1")]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), count)

    def test_link_fills_its_own_structure_only(self):
        self.authenticate(None, None)
        url = f"/volunteering/survey/{self.survey_link.token}"
        page = self._get(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Association B", page.text)
        response = self._post(url, self._form(
            structure=self.section_a1, lines=[("volunteer", "42", "4")]))
        self.assertEqual(response.status_code, 303)
        declaration = self.Declaration.search([("source", "=", "link")])
        self.assertRecordValues(declaration, [{
            "structure_id": self.association_b.id, "hours": 42.0, "headcount": 4}])
        self.assertFalse(self.Declaration.search([
            ("structure_id", "=", self.section_a1.id), ("hours", "=", 42)]))
        self.assertIn('value="42"', self._get(f"{url}?year={self.year}").text)

    def test_bad_revoked_or_wrong_kind_of_link_refused(self):
        self.authenticate(None, None)
        volunteer_link = self.link_a2
        count = self._count()
        for token in ("no-such-link", "a" * 43, volunteer_link.token):
            with self.subTest(token=token):
                self.assertEqual(self._get(f"/volunteering/survey/{token}").status_code, 403)
                response = self._post(f"/volunteering/survey/{token}", self._form(
                    lines=[("volunteer", "1", "1")]))
                self.assertEqual(response.status_code, 403)
        self.assertEqual(
            self._get(f"/volunteering/link/{self.survey_link.token}").status_code, 403,
            "a survey link does not open a volunteer's space")
        self.survey_link.action_revoke()
        response = self._post(f"/volunteering/survey/{self.survey_link.token}", self._form(
            lines=[("volunteer", "1", "1")]))
        self.assertEqual(response.status_code, 403)
        self.assertIn("o_volunteering_link_invalid", response.text)
        self.assertEqual(self._count(), count)


@tagged("post_install", "-at_install")
class TestSurveyPhoneTour(SurveyHttpCommon, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_a_contact_fills_the_survey_on_a_phone(self):
        self.start_tour(SURVEY, "volunteer_survey_phone", login=self.portal_a.login)
        live = self._live(self.section_a1).filtered(lambda rec: rec.source == "portal")
        self.assertRecordValues(live.sorted(lambda rec: (rec.contributor_type, rec.id)), [
            {"contributor_type": "civic_service", "category_id": False, "hours": 1200.0,
             "headcount": 2},
            {"contributor_type": "volunteer", "category_id": False, "hours": 180.5,
             "headcount": 10},
            {"contributor_type": "volunteer", "category_id": self.category_events.id,
             "hours": 40.0, "headcount": 4},
        ])
        self.assertEqual(set(live.mapped("state")), {"submitted"})
        self.assertEqual(set(live.mapped("date_from")), {live[0].date_from.replace(
            year=self.year, month=1, day=1)})


@tagged("post_install", "-at_install")
class TestSurveyDesktopTour(SurveyHttpCommon, HttpCase):
    browser_size = "1440x900"

    def test_a_coordinator_fills_a_members_survey_on_a_desktop(self):
        self.start_tour(SURVEY, "volunteer_survey_desktop", login=self.coordinator_a.login)
        live = self._live(self.section_a1).filtered(lambda rec: rec.source == "portal")
        self.assertRecordValues(live, [{
            "contributor_type": "volunteer", "hours": 75.0, "headcount": 5,
            "create_uid": self.coordinator_a.id}])
