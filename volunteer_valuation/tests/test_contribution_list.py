# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo.tests import tagged

from .common import VolunteerCase


@tagged("post_install", "-at_install")
class TestStructureNameInLists(VolunteerCase):
    """Lists name a structure by its own name; elsewhere it keeps its path."""

    def test_short_name_on_request(self):
        self.assertEqual(self.section_a1.display_name,
                         "Federation / Region / Association A / Section A1")
        short = self.section_a1.with_context(volunteer_structure_short_name=True)
        self.assertEqual(short.display_name, "Section A1")

    def test_the_contribution_list_asks_for_it(self):
        arch = self.env["volunteer.contribution"].get_view(
            self.env.ref("volunteer_valuation.volunteer_contribution_view_list").id)["arch"]
        self.assertIn("volunteer_structure_short_name", arch)

