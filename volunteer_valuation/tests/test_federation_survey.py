# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The yearly survey of a member structure with no software: the model's checks."""

from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import VolunteerCase


class SurveyCommon:
    """Volunteer A (portal) is the contact of Section A1; Alice Second (no account) is the
    contact of Association B and holds its survey link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Declaration = cls.env["volunteer.aggregate.declaration"]
        cls.year = fields.Date.context_today(cls.Declaration).year - 1
        cls.section_a1.partner_id = cls.volunteer_a
        cls.association_b.partner_id = cls.volunteer_a2
        cls.survey_link = cls.env["volunteer.access.link"].create({
            "partner_id": cls.volunteer_a2.id, "structure_id": cls.association_b.id,
            "purpose": "survey"})

    @staticmethod
    def _line(kind="volunteer", hours="120", headcount="8", distance_km="", category=""):
        return {"contributor_type": kind, "category_id": str(category), "hours": hours,
                "headcount": headcount, "distance_km": distance_km}

    def _live(self, structure):
        return self.Declaration.search([
            ("structure_id", "=", structure.id), ("state", "in", ("submitted", "accepted"))])


class TestSurveyModel(SurveyCommon, VolunteerCase):

    def test_contact_declares_a_year_line_by_line(self):
        declarations = self.Declaration.with_user(self.portal_a)._survey_submit(
            self.section_a1, self.year, [
                self._line(hours="120,5", distance_km="40"),
                self._line("civic_service", hours="", headcount=""),
                self._line("skills_sponsorship", hours="10", headcount="1"),
                self._line(hours="30", headcount="3", category=self.category_events.id),
            ])
        self.assertEqual(len(declarations), 3, "the blank line is left out")
        prefix = f"survey-{self.section_a1.id}-{self.year}-"
        self.assertRecordValues(declarations, [
            {"contributor_type": "volunteer", "category_id": False, "hours": 120.5,
             "headcount": 8, "distance_km": 40.0, "external_ref": prefix + "volunteer"},
            {"contributor_type": "skills_sponsorship", "category_id": False, "hours": 10.0,
             "headcount": 1, "distance_km": 0.0, "external_ref": prefix + "skills_sponsorship"},
            {"contributor_type": "volunteer", "category_id": self.category_events.id,
             "hours": 30.0, "headcount": 3, "distance_km": 0.0,
             "external_ref": f"{prefix}volunteer-{self.category_events.id}"},
        ])
        for declaration in declarations:
            self.assertRecordValues(declaration, [{
                "structure_id": self.section_a1.id, "source": "portal", "state": "submitted",
                "date_from": date(self.year, 1, 1), "date_to": date(self.year, 12, 31)}])

    def test_sending_again_replaces_and_an_emptied_line_counts_zero(self):
        Declaration = self.Declaration.with_user(self.coordinator_a)
        first = Declaration._survey_submit(self.section_a1, self.year, [
            self._line(), self._line("civic_service", hours="400", headcount="2")])
        second = Declaration._survey_submit(self.section_a1, self.year, [
            self._line(hours="150"), self._line("civic_service", hours="", headcount="")])
        self.assertEqual(set(first.mapped("state")), {"superseded"})
        self.assertEqual(first.superseded_by_id, second)
        self.assertEqual(self._live(self.section_a1), second)
        self.assertRecordValues(second.sorted("contributor_type"), [
            {"contributor_type": "civic_service", "hours": 0.0, "headcount": 0},
            {"contributor_type": "volunteer", "hours": 150.0, "headcount": 8},
        ])
        shown = self.Declaration.with_user(self.coordinator_a)._survey_lines(
            self.section_a1, self.year)
        self.assertEqual([(line.contributor_type, line.hours) for line in shown],
                         [("volunteer", 150.0), ("civic_service", 0.0),
                          ("skills_sponsorship", "")])

    def test_negative_hours_refused_with_the_line_named_and_nothing_written(self):
        before = self.Declaration.with_user(self.portal_a)._survey_submit(
            self.section_a1, self.year, [self._line()])
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError) as caught:
            self.Declaration.with_user(self.portal_a)._survey_submit(
                self.section_a1, self.year, [
                    self._line(hours="-5"),
                    self._line("civic_service", hours="12", headcount=""),
                    self._line("skills_sponsorship", hours="10", headcount="0"),
                ])
        message = str(caught.exception)
        self.assertIn("Nothing was recorded", message)
        self.assertIn("Volunteer (bénévole): “-5” is not a positive number (hours).", message)
        self.assertIn("Civic service volunteer (volontaire): “number of people” is missing.",
                      message)
        self.assertIn("Skills sponsorship (mécénat de compétences): hours are declared with "
                      "no people", message)
        self.assertEqual(before.state, "submitted", "the previous figures still count")

    def test_same_line_twice_refused(self):
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError) as caught:
            self.Declaration.with_user(self.portal_a)._survey_submit(
                self.section_a1, self.year, [self._line(), self._line(hours="3")])
        self.assertIn("is sent twice", str(caught.exception))

    def test_only_the_structures_one_may_declare_for(self):
        Declaration = self.Declaration.with_user(self.portal_a)
        self.assertEqual(Declaration._survey_structures(), self.section_a1)
        self.assertEqual(
            self.Declaration.with_user(self.coordinator_a)._survey_structures(),
            self.association_a | self.section_a1)
        self.assertFalse(self.Declaration.with_user(self.portal_b)._survey_structures())
        self.assertFalse(self.Declaration.with_user(self.internal)._survey_structures())
        for user, structure in ((self.portal_a, self.association_b),
                                (self.coordinator_a, self.association_b),
                                (self.portal_b, self.section_a1)):
            with self.subTest(user=user.login, structure=structure.name), \
                    self.assertNothingCreated("volunteer.aggregate.declaration", AccessError):
                self.Declaration.with_user(user)._survey_submit(
                    structure, self.year, [self._line()])
        with self.assertRaises(AccessError):
            Declaration._survey_lines(self.association_b, self.year)
        with self.assertRaises(AccessError):
            Declaration._survey_copy_last_year(self.association_b, self.year)

    def test_years_offered(self):
        this_year = self.year + 1
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError):
            self.Declaration.with_user(self.portal_a)._survey_submit(
                self.section_a1, this_year + 1, [self._line()])
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError):
            self.Declaration.with_user(self.portal_a)._survey_submit(
                self.section_a1, "2025; drop", [self._line()])
        declared = self.Declaration.with_user(self.portal_a)._survey_submit(
            self.section_a1, str(this_year), [self._line(hours="2")])
        self.assertEqual(declared.date_to, date(this_year, 12, 31))

    def test_detailed_contributions_of_the_year_are_not_counted_twice(self):
        self._validated(structure_id=self.section_a1.id, date=date(self.year, 3, 2))
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError) as caught:
            self.Declaration.with_user(self.portal_a)._survey_submit(
                self.section_a1, self.year, [self._line()])
        self.assertIn("counted twice", str(caught.exception))

    def test_copy_last_year_takes_the_latest_version_of_any_source(self):
        self.section_a1.federation_ref = "FED-A1"
        last = self.year - 1

        def entry(ref, start, end, hours, people, **values):
            return dict({
                "structure": "FED-A1", "date_from": f"{last}-{start}",
                "date_to": f"{last}-{end}", "contributor_type": "volunteer", "hours": hours,
                "headcount": people, "external_ref": ref}, **values)

        Declaration = self.Declaration.with_user(self.coordinator_region)
        Declaration.declare_aggregates([
            entry("h1", "01-01", "06-30", 100, 6), entry("h2", "07-01", "12-31", 50, 9),
            entry("c", "01-01", "12-31", 300, 1, contributor_type="civic_service"),
        ])
        Declaration.declare_aggregates([entry("h2", "07-01", "12-31", 60, 10)])
        self.Declaration.with_user(self.portal_a)._survey_submit(
            self.section_a1, self.year, [self._line(hours="999", headcount="99")])
        lines = self.Declaration.with_user(self.portal_a)._survey_copy_last_year(
            self.section_a1, self.year)
        self.assertEqual(
            [tuple(line) for line in lines],
            [("volunteer", None, 160.0, 10, 0.0), ("civic_service", None, 300.0, 1, 0.0)],
            "the resent half-year replaces the first one; the people of a half-year are "
            "the same people, not added; this year's figures are not copied")
        self.assertFalse(self.Declaration.with_user(self.portal_a)._survey_copy_last_year(
            self.section_a1, last))


class TestSurveyLink(SurveyCommon, VolunteerCase):

    def test_the_link_fills_its_structure_only(self):
        link, state = self.env["volunteer.access.link"]._survey_link(self.survey_link.token)
        self.assertEqual((link, state), (self.survey_link, "valid"))
        self.assertEqual(self.survey_link.url.split("/")[-2:],
                         ["survey", self.survey_link.token])
        declarations = link._survey_submit(self.year, [self._line()])
        self.assertRecordValues(declarations, [{
            "structure_id": self.association_b.id, "source": "link", "state": "submitted"}])
        lines = link._survey_lines(self.year)
        self.assertEqual([(line.contributor_type, line.hours) for line in lines],
                         [("volunteer", 120.0), ("civic_service", ""),
                          ("skills_sponsorship", "")])

    def test_links_do_not_open_each_others_pages(self):
        Link = self.env["volunteer.access.link"]
        volunteer_link = Link.create({
            "partner_id": self.volunteer_a2.id, "structure_id": self.association_a.id})
        self.assertEqual(Link._survey_link(volunteer_link.token)[1], "unknown")
        self.assertFalse(Link._get_by_token(self.survey_link.token))
        self.assertEqual(Link._survey_link("x" * 43)[1], "unknown")
        self.assertEqual(Link._survey_link(None)[1], "unknown")

    def test_revoked_link_or_new_contact_stops_it(self):
        Link = self.env["volunteer.access.link"]
        self.survey_link.action_revoke()
        self.assertEqual(Link._survey_link(self.survey_link.token)[1], "revoked")
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError):
            self.survey_link._survey_submit(self.year, [self._line()])
        other = Link.create({"partner_id": self.volunteer_a2.id,
                             "structure_id": self.association_b.id, "purpose": "survey"})
        self.association_b.partner_id = self.volunteer_b
        self.assertEqual(Link._survey_link(other.token)[1], "revoked")
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError):
            other._survey_submit(self.year, [self._line()])

    def test_survey_links_go_to_the_contact_and_cannot_change_purpose(self):
        Link = self.env["volunteer.access.link"].with_user(self.coordinator_region)
        with self.assertRaises(ValidationError):
            Link.create({"partner_id": self.volunteer_b.id,
                         "structure_id": self.association_b.id, "purpose": "survey"})
        with self.assertRaises(UserError):
            self.survey_link.with_user(self.coordinator_region).write({"purpose": "volunteer"})

    def test_structure_button_opens_one_valid_link(self):
        action = self.association_b.with_user(self.coordinator_region).action_survey_link()
        self.assertEqual(action["res_id"], self.survey_link.id)
        self.survey_link.action_revoke()
        action = self.association_b.with_user(self.coordinator_region).action_survey_link()
        new = self.env["volunteer.access.link"].browse(action["res_id"])
        self.assertRecordValues(new, [{
            "purpose": "survey", "partner_id": self.volunteer_a2.id, "state": "valid"}])
        self.assertNotEqual(new, self.survey_link)
        with self.assertRaises(UserError):
            self.region.with_user(self.coordinator_region).action_survey_link()

    def test_sent_by_email_with_the_survey_address(self):
        self.volunteer_a2.email = "alice.second@example.com"
        self.survey_link.with_user(self.coordinator_region).action_send()
        mail = self.env["mail.mail"].search([("model", "=", "volunteer.access.link"),
                                             ("res_id", "=", self.survey_link.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn("yearly volunteering survey of Association B", mail.subject)
        self.assertIn(f"/volunteering/survey/{self.survey_link.token}", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.volunteer_a2)
