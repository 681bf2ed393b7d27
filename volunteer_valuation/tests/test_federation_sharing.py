# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What leaves a structure: rows with names, pseudonyms, or totals only."""

from datetime import date

from odoo.tests import HttpCase, tagged

from .common import VolunteerCase, VolunteerCommon

MONTH = (date(2026, 3, 1), date(2026, 3, 31))


class TestSharingLevels(VolunteerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.in_a = cls._validated(duration=2.0)
        cls.in_a1 = cls._validated(structure_id=cls.section_a1.id, duration=3.0,
                                   partner_id=cls.volunteer_a2.id)
        cls.volunteer_a2.volunteer_structure_ids |= cls.section_a1
        cls.in_b = cls._validated(structure_id=cls.association_b.id, duration=4.0,
                                  partner_id=cls.volunteer_b.id)
        cls.Contribution = cls.env["volunteer.contribution"]

    def _rows(self, user):
        return {row["id"] for row in self.Contribution.with_user(user).search_read(
            [], ["structure_id", "partner_id", "duration"])}

    def test_children_inherit_unless_they_set_their_own(self):
        self.assertEqual(self.section_a1.effective_sharing_level, "names")
        self.association_a.sharing_level = "aggregates"
        self.assertEqual(self.section_a1.effective_sharing_level, "aggregates")
        self.section_a1.sharing_level = "pseudonyms"
        self.assertEqual(self.section_a1.effective_sharing_level, "pseudonyms")
        self.assertEqual(self.association_b.effective_sharing_level, "names")

    def test_aggregates_hide_rows_above_but_totals_stay_exact(self):
        self.assertEqual(self._rows(self.coordinator_region),
                         {self.in_a.id, self.in_a1.id, self.in_b.id})
        self.association_a.sharing_level = "aggregates"
        self.assertEqual(self._rows(self.coordinator_region), {self.in_b.id},
                         "no row of a structure sharing totals only, nor of its members")
        self.assertIn(self.in_a.id, self._rows(self.coordinator_a),
                      "the structure's own coordinators still see its rows")
        region = self.region.with_user(self.coordinator_region)
        self.assertAlmostEqual(region.contribution_hours, 9.0)
        self.assertAlmostEqual(
            region.contribution_amount, self.in_a.amount + self.in_a1.amount + self.in_b.amount)
        project_totals = self.Contribution.with_user(self.coordinator_region)._validated_totals(
            "structure_id", [])
        self.assertEqual(project_totals[self.association_a.id][0], 2.0)

    def test_dashboard_totals_stay_exact(self):
        self.association_a.sharing_level = "aggregates"
        figures = self.env["volunteer.dashboard"].with_user(self.coordinator_region)._figures(
            date(2026, 3, 31))
        self.assertAlmostEqual(figures["year"]["hours"], 9.0)
        self.assertEqual(figures["volunteers"]["count"], 3)

    def test_a_child_may_open_its_rows_to_its_parent_only(self):
        self.association_a.sharing_level = "aggregates"
        self.section_a1.sharing_level = "names"
        self.assertIn(self.in_a1.id, self._rows(self.coordinator_a))
        self.assertNotIn(self.in_a1.id, self._rows(self.coordinator_region))

    def test_workbook_totals_exact_without_rows(self):
        self.association_a.sharing_level = "aggregates"
        data = self.Contribution.with_user(self.coordinator_region)._valuation_workbook_data(
            *MONTH, self.env["volunteer.structure"])
        self.assertAlmostEqual(sum(fact.hours for fact in data.facts), 9.0)
        detail = list(data.detail)
        self.assertEqual([row.hours for row in detail], [4.0])
        self.assertEqual([person.hours for person in data.persons], [4.0],
                         "no person of a structure sharing totals only")
        self.assertEqual(data.people["month"][MONTH[0]], 3, "people are counted, not listed")

    def test_pseudonyms_even_for_volunteers_who_agreed(self):
        self.volunteer_b.volunteer_share_identity = True
        Contribution = self.Contribution.with_user(self.coordinator_region)
        self.assertTrue(Contribution._volunteer_report_labels({self.volunteer_b.id})[
            self.volunteer_b.id][1], "named: they agreed and their structure shares names")
        self.association_b.sharing_level = "pseudonyms"
        label, named = Contribution._volunteer_report_labels({self.volunteer_b.id})[
            self.volunteer_b.id]
        self.assertFalse(named)
        self.assertNotIn("Béa", label)
        self.assertIn(self.in_b.id, self._rows(self.coordinator_region),
                      "rows still go up, under a pseudonym in reports")

    def test_coordinator_cannot_read_hidden_row_by_id(self):
        self.association_a.sharing_level = "aggregates"
        rows = self.Contribution.with_user(self.coordinator_region).search_read(
            [("id", "=", self.in_a.id)], ["duration"])
        self.assertEqual(rows, [])

    def test_summary_for_my_data(self):
        self.association_a.sharing_level = "aggregates"
        self.association_b.sharing_level = "pseudonyms"
        summary = {structure: (level, text) for structure, level, text in (
            self.association_a | self.association_b | self.federation)._sharing_summary()}
        self.assertEqual(summary[self.association_a][0], "Totals only")
        self.assertIn("Federation / Region receives totals only", summary[self.association_a][1])
        self.assertIn("under a pseudonym", summary[self.association_b][1])
        self.assertIn("stays in Federation", summary[self.federation][1])


@tagged("post_install", "-at_install")
class TestMyDataSharing(VolunteerCommon, HttpCase):

    def test_my_data_page_says_what_leaves(self):
        self.association_a.sharing_level = "aggregates"
        self.env.flush_all()
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open("/my/volunteering/data").text
        self.assertIn("What leaves your structures", page)
        self.assertIn("Association A", page)
        self.assertIn("receives totals only, never a row about you", page)
