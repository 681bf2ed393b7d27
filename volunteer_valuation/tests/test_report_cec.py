# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""CEC: hours of governance and supervision per volunteer, structure and year."""

import itertools
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..engine import pseudonyms
from .common import COORDINATOR_GROUP
from .report_common import ReportCommon

YEAR = 2025


@tagged("post_install", "-at_install")
class TestReportCec(ReportCommon, TransactionCase):
    """In 2025:

    - Alice: 120 h governance in A + 90 h supervision in B = 210 h: eligible;
    - Paul: 150 h governance in A only: under 200 h;
    - Béa: 60 h in A + 60 h in B + 90 h in A1 = 210 h, but never 100 h in one: not eligible;
    - not counted: Alice's "other" hours, Roger's hours as a volontaire, a draft.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.association_b.write({"rna": False, "siren": False})

        def days(start, count, hours, **vals):
            end = date(YEAR, start[0], start[1] + count - 1)
            return cls._validated(date=date(YEAR, *start), date_end=end, duration=hours, **vals)

        a, b, a1 = cls.association_a.id, cls.association_b.id, cls.section_a1.id
        alice, paul, bea = cls.volunteer_a2.id, cls.volunteer_a.id, cls.volunteer_b.id
        days((3, 3), 5, 120.0, name="Board", partner_id=alice, structure_id=a, role="governance")
        days((4, 7), 4, 90.0, name="Team lead", partner_id=alice, structure_id=b,
             role="supervision")
        days((5, 5), 7, 150.0, name="Board", partner_id=paul, structure_id=a, role="governance")
        days((3, 3), 3, 60.0, name="Board", partner_id=bea, structure_id=a, role="governance")
        days((6, 2), 3, 60.0, name="Board", partner_id=bea, structure_id=b, role="governance")
        days((9, 1), 4, 90.0, name="Coach", partner_id=bea, structure_id=a1, role="supervision")
        days((10, 5), 10, 200.0, name="Kitchen", partner_id=alice, structure_id=a, role="other")
        days((2, 2), 10, 220.0, name="Service", partner_id=cls.volunteer_region.id,
             structure_id=cls.region.id, role="governance", contributor_type="civic_service")
        cls._contribution(name="Draft board", partner_id=paul, date=date(YEAR, 11, 3),
                          duration=24.0, role="governance")

    def summary(self, user):
        """The rows of the test's volunteers (demo data may add others)."""
        ours = (self.volunteer_a | self.volunteer_a2 | self.volunteer_b | self.volunteer_region).ids
        return {
            (row["partner_id"], row["structure_id"]): row
            for row in self.env["volunteer.contribution"].with_user(user).get_cec_summary(YEAR)
            if row["partner_id"] in ours
        }

    def test_summary_as_manager(self):
        rows = self.summary(self.manager)
        a, b, a1 = self.association_a.id, self.association_b.id, self.section_a1.id
        alice, paul, bea = self.volunteer_a2.id, self.volunteer_a.id, self.volunteer_b.id
        self.assertEqual(set(rows), {(alice, a), (alice, b), (paul, a), (bea, a), (bea, b),
                                     (bea, a1)})
        self.assertEqual(rows[alice, a], {"partner_id": alice, "structure_id": a, "hours": 120.0,
                                          "total_hours": 210.0, "eligible": True})
        self.assertEqual((rows[alice, b]["hours"], rows[alice, b]["eligible"]), (90.0, True))
        self.assertEqual((rows[paul, a]["total_hours"], rows[paul, a]["eligible"]),
                         (150.0, False))
        self.assertEqual((rows[bea, a1]["hours"], rows[bea, a1]["total_hours"],
                          rows[bea, a1]["eligible"]), (90.0, 210.0, False))

    def test_coordinator_totals_count_only_what_they_may_see(self):
        """Coordinator of A never learns the hours given in B: not in totals, not in eligibility."""
        rows = self.summary(self.coordinator_a)
        self.assertEqual({structure for _partner, structure in rows},
                         {self.association_a.id, self.section_a1.id})
        alice = rows[self.volunteer_a2.id, self.association_a.id]
        self.assertEqual((alice["hours"], alice["total_hours"], alice["eligible"]),
                         (120.0, 120.0, False))
        bea = rows[self.volunteer_b.id, self.section_a1.id]
        self.assertEqual(bea["total_hours"], 60.0 + 90.0)
        # The region's coordinator sees A and B: Alice's 210 hours make her eligible.
        region = self.summary(self.coordinator_region)
        alice = region[self.volunteer_a2.id, self.association_a.id]
        self.assertEqual((alice["total_hours"], alice["eligible"]), (210.0, True))
        # Choosing one structure does not narrow the totals to it.
        lines = self.env["volunteer.contribution"].with_user(self.coordinator_region)._cec_lines(
            YEAR, [("structure_id", "=", self.association_a.id)])
        alice = next(line for line in lines if line.partner_id == self.volunteer_a2.id)
        self.assertEqual((alice.hours, alice.total_hours), (120.0, 210.0))

    def test_thresholds_are_settings(self):
        settings = self.env["res.config.settings"].create({
            "volunteer_cec_year_hours": 150, "volunteer_cec_structure_hours": 90})
        settings.execute()
        rows = self.summary(self.manager)
        self.assertTrue(rows[self.volunteer_a.id, self.association_a.id]["eligible"])
        self.assertTrue(rows[self.volunteer_b.id, self.section_a1.id]["eligible"])
        with self.assertRaises(UserError):
            self.env["res.config.settings"].create({
                "volunteer_cec_year_hours": 50, "volunteer_cec_structure_hours": 90})

    def test_bad_year(self):
        for year in (1999, "next", date.today().year + 1):
            with self.subTest(year=year), self.assertRaises(UserError):
                self.env["volunteer.contribution"].with_user(self.manager).get_cec_summary(year)
        self.assertEqual(
            self.env["volunteer.contribution"].with_user(self.manager).get_cec_summary(2010), [])

    def cec_export(self, user):
        wizard = self.env["volunteer.valuation.report.wizard"].with_user(user).create({
            "mode": "cec", "cec_year": YEAR})
        book, _attachment = self._download(wizard.action_export_cec_xlsx(), user)
        return wizard, book["CEC"]

    def test_export_for_the_cec_validator(self):
        _wizard, sheet = self.cec_export(self.coordinator_region)
        columns = self.columns(sheet, header_row=8)
        rows = list(itertools.takewhile(lambda row: row[0], self.rows(sheet)[8:]))
        self.assertEqual(len(rows), 6)
        self.assertIn("celles que vous pouvez voir", self.rows(sheet)[8 + 7][0])
        texts = {value for row in self.rows(sheet) for value in row if isinstance(value, str)}
        self.assertNotIn("Alice Second", texts)  # a member of A, not of the region
        key = self.env["volunteer.contribution"]._volunteer_pseudonym_key()
        alice = pseudonyms.pseudonym(key, self.volunteer_a2.id)
        alice_b = next(row for row in rows if row[0] == alice
                       and row[1] == self.association_b.complete_name)
        self.assertEqual(alice_b[columns["RNA"]], "MANQUANT")
        self.assertEqual(alice_b[columns["SIREN"]], "MANQUANT")
        self.assertEqual(alice_b[columns["Identifiants manquants"]], "RNA, SIREN")
        self.assertEqual(alice_b[columns["Heures d'encadrement"]], 90.0)
        self.assertEqual(alice_b[columns["Heures dans l'année (structures visibles)"]], 210.0)
        self.assertEqual(alice_b[columns["Éligible"]], "Oui")
        alice_a = next(row for row in rows if row[0] == alice
                       and row[1] == self.association_a.complete_name)
        self.assertEqual(alice_a[columns["RNA"]], "W751234567")
        self.assertEqual(self.row(sheet, "Structures sans RNA ou SIREN")[1], 2)  # B and A1
        paul = next(row for row in rows if row[0] == pseudonyms.pseudonym(key, self.volunteer_a.id))
        self.assertEqual(paul[columns["Éligible"]], "Non")
        self.assertIn("année", paul[columns["Motif"]])

    def test_attestations_of_eligible_volunteers(self):
        # Anne coordinates A only: Alice's 120 h there do not reach 200 h.
        wizard, sheet = self.cec_export(self.coordinator_a)
        self.assertIn("Alice Second", [row[0] for row in self.rows(sheet)])
        self.assertNotIn(210.0, [value for row in self.rows(sheet) for value in row])
        with self.assertRaises(UserError):
            wizard.action_print_cec_attestations()
        # A coordinator of A and B sees her 210 h and may name her (a member of A).
        both = new_test_user(
            self.env, login="vv_coord_ab", groups=COORDINATOR_GROUP, name="Bob Both",
            volunteer_coordinated_structure_ids=[
                Command.set((self.association_a | self.association_b).ids)])
        wizard, _sheet = self.cec_export(both)
        action = wizard.action_print_cec_attestations()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["context"]["active_ids"], self.volunteer_a2.ids)
        self.assertEqual((action["data"]["date_from"], action["data"]["date_to"]),
                         ("2025-01-01", "2025-12-31"))
        # The region's coordinator may not name Alice: no attestation to print.
        wizard = self.env["volunteer.valuation.report.wizard"].with_user(
            self.coordinator_region).create({"mode": "cec", "cec_year": YEAR})
        with self.assertRaises(UserError):
            wizard.action_print_cec_attestations()
