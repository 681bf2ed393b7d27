# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The network of structures, its identifiers, and the totals shown on records."""

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import VolunteerCase


@tagged("post_install", "-at_install")
class TestStructure(VolunteerCase):

    # Hierarchy -----------------------------------------------------------------------

    def test_hierarchy(self):
        """Structures form a tree with a materialised path and a full name."""
        self.assertEqual(self.region.child_ids, self.association_a | self.association_b)
        self.assertEqual(self.association_a.child_ids, self.section_a1)
        self.assertEqual(
            self.section_a1.parent_path,
            f"{self.federation.id}/{self.region.id}/{self.association_a.id}/{self.section_a1.id}/")
        self.assertEqual(self.section_a1.complete_name,
                         "Federation / Region / Association A / Section A1")
        self.assertEqual(self.section_a1.display_name, self.section_a1.complete_name)

    def test_renaming_updates_full_names_below(self):
        """Renaming a structure renames the full name of its members."""
        self.region.name = "Brittany"
        self.assertEqual(self.section_a1.complete_name,
                         "Federation / Brittany / Association A / Section A1")

    def test_descendants_search(self):
        """The tree can be searched downwards."""
        below_region = self.env["volunteer.structure"].search(
            [("id", "child_of", self.region.id)])
        self.assertEqual(below_region,
                         self.region | self.association_a | self.section_a1 | self.association_b)

    def test_moving_a_branch(self):
        """Moving an association moves its sections with it."""
        self.association_a.parent_id = self.federation
        self.assertTrue(self.section_a1.parent_path.startswith(
            f"{self.federation.id}/{self.association_a.id}/"))
        self.assertEqual(self.region.child_ids, self.association_b)

    def test_no_cycle(self):
        """A structure cannot be its own ancestor."""
        for parent in (self.section_a1, self.federation):
            with self.subTest(parent=parent.name), mute_logger("odoo.sql_db"), \
                    self.assertRaises(UserError), self.env.cr.savepoint():
                self.federation.parent_id = parent
        self.federation.invalidate_recordset()
        self.assertFalse(self.federation.parent_id)

    def test_parent_of_the_same_company(self):
        """A structure belongs to the company of its parent."""
        other = self.env["res.company"].create({"name": "Other network"})
        with self.assertNothingCreated("volunteer.structure") as catcher:
            self.env["volunteer.structure"].create({
                "name": "Stray", "parent_id": self.region.id, "company_id": other.id})
        self.assertIn("same company", str(catcher.exception))
        outsider = self.env["volunteer.structure"].create(
            {"name": "Outsider", "company_id": other.id})
        self.assertWriteRefused(outsider, {"parent_id": self.region.id}, "same company")

    def test_structure_with_contributions_cannot_be_deleted(self):
        """The contributions of a structure keep it alive."""
        self._contribution(structure_id=self.section_a1.id)
        with self.assertRaisesAny(IntegrityError, UserError):
            self.section_a1.unlink()
        self.assertTrue(self.section_a1.exists())

    def test_structure_with_members_cannot_be_deleted(self):
        """Deleting a structure does not orphan its member structures."""
        with self.assertRaisesAny(IntegrityError, UserError):
            self.region.unlink()
        self.assertEqual(self.association_a.parent_id, self.region)

    # Identifiers -----------------------------------------------------------------------

    def test_rna_format(self):
        """The RNA number is a W followed by 9 digits."""
        self.association_a.rna = "W751234567"
        self.assertEqual(self.association_a.rna, "W751234567")
        for wrong in ("W75123456", "751234567W", "w751234567", "WA51234567", "W75 123456"):
            with self.subTest(rna=wrong):
                self.assertWriteRefused(self.association_b, {"rna": wrong}, wrong)

    def test_rna_too_long_not_truncated(self):
        """A mistyped RNA number with an extra digit is refused, not silently cut."""
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.association_b.rna = "W7512345678"
            self.env.flush_all()
        self.association_b.invalidate_recordset()
        self.assertFalse(self.association_b.rna)

    def test_siren_check_digit(self):
        """A SIREN has 9 digits and a valid check digit."""
        self.association_a.siren = "732829320"
        self.assertEqual(self.association_a.siren, "732829320")
        for wrong in ("732829321", "73282932", "ABCDEFGHI"):
            with self.subTest(siren=wrong):
                self.assertWriteRefused(self.association_b, {"siren": wrong}, wrong)

    def test_siren_too_long_not_truncated(self):
        """A SIREN with an extra digit is refused, not cut to a valid-looking number."""
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.association_b.siren = "7328293201"
            self.env.flush_all()
        self.association_b.invalidate_recordset()
        self.assertFalse(self.association_b.siren)

    # Totals ---------------------------------------------------------------------------

    def _network_activity(self):
        """Validated and open contributions spread over the network."""
        self._validated(name="A validated", duration=3.0)
        self._validated(name="A1 validated", duration=2.0, structure_id=self.section_a1.id,
                        partner_id=self.volunteer_a2.id)
        self._validated(name="B validated", duration=4.0, structure_id=self.association_b.id,
                        partner_id=self.volunteer_b.id)
        self._contribution(name="A draft", duration=10.0)
        self._contribution(name="Region submitted", duration=5.0, structure_id=self.region.id,
                           partner_id=self.volunteer_region.id).action_submit()
        self._contribution(name="A rejected", duration=1.0).action_reject("Duplicate")
        self.env.invalidate_all()

    def test_structure_totals_include_members(self):
        """Hours and value of a structure add up its validated contributions and its members'."""
        self._network_activity()
        expected = {
            self.federation: (9.0, 108.18),
            self.region: (9.0, 108.18),
            self.association_a: (5.0, 60.1),
            self.section_a1: (2.0, 24.04),
            self.association_b: (4.0, 48.08),
        }
        for structure, (hours, amount) in expected.items():
            with self.subTest(structure=structure.name):
                self.assertAlmostEqual(structure.contribution_hours, hours)
                self.assertAlmostEqual(structure.contribution_amount, amount)

    def test_structure_full_time_equivalents(self):
        """Validated hours also read as full-time jobs, after the yearly hours setting."""
        self._network_activity()
        self.env["ir.config_parameter"].sudo().set_param(
            "volunteer_valuation.fte_annual_hours", "10")
        self.env.invalidate_all()
        self.assertAlmostEqual(self.region.contribution_fte, 0.9)
        self.assertAlmostEqual(self.association_a.contribution_fte, 0.5)
        self.assertAlmostEqual(self.association_b.contribution_fte, 0.4)

    def test_totals_visible_to_coordinator(self):
        """A coordinator reads the totals of their structure."""
        self._network_activity()
        structure = self.association_a.with_user(self.coordinator_a)
        self.assertAlmostEqual(structure.contribution_hours, 5.0)
        self.assertAlmostEqual(structure.contribution_amount, 60.1)

    def test_partner_totals(self):
        """A volunteer's record shows their validated hours and value."""
        self._network_activity()
        self.assertAlmostEqual(self.volunteer_a.volunteer_hours, 3.0)
        self.assertAlmostEqual(self.volunteer_a.volunteer_amount, 36.06)
        self.assertAlmostEqual(self.volunteer_b.volunteer_hours, 4.0)
        self.assertAlmostEqual(self.volunteer_region.volunteer_hours, 0.0)

    def test_project_and_task_totals(self):
        """Projects and tasks show the validated volunteer hours spent on them."""
        project = self.env["project.project"].create({"name": "Food bank"})
        task = self.env["project.task"].create({"name": "Sorting", "project_id": project.id})
        self._validated(duration=3.0, task_id=task.id)
        self._validated(duration=1.0, project_id=project.id)
        self._contribution(duration=7.0, task_id=task.id)
        self.env.invalidate_all()
        self.assertAlmostEqual(task.volunteer_hours, 3.0)
        self.assertAlmostEqual(task.volunteer_amount, 36.06)
        self.assertAlmostEqual(project.volunteer_hours, 4.0)
        self.assertAlmostEqual(project.volunteer_amount, 48.08)

    def test_volunteer_count(self):
        """A structure counts the volunteers who belong to it."""
        self.assertEqual(self.association_a.volunteer_count, 2)
        self.assertEqual(self.association_b.volunteer_count, 1)
        self.assertEqual(self.federation.volunteer_count, 0)

    def test_view_contributions_of_branch(self):
        """The smart button lists the contributions of the structure and its members."""
        action = self.region.action_view_contributions()
        self.assertEqual(action["domain"], [("structure_id", "child_of", self.region.ids)])
        self.assertEqual(action["context"]["default_structure_id"], self.region.id)
