# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Accepted declarations of member structures in every report, in their own column."""

from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, tagged

from ..engine import fec
from .report_common import PERIOD, TOTAL_AMOUNT, TOTAL_HOURS, ReportCommon

DECLARED = "Déclaré par les structures membres"
DECLARED_VALUE = "Valeur déclarée par les structures membres"


@tagged("post_install", "-at_install")
class TestFederationReports(ReportCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.federation.siren = "775260185"
        cls.member_c = cls.env["volunteer.structure"].create({
            "name": "Member C", "parent_id": cls.region.id, "federation_ref": "FED-C"})
        Declaration = cls.env["volunteer.aggregate.declaration"].with_user(cls.coordinator_region)
        entry = {"structure": "FED-C", "date_from": "2026-01-01", "date_to": "2026-03-31",
                 "contributor_type": "volunteer", "hours": 90, "headcount": 7,
                 "external_ref": "2026-Q1", "amount": 5000}
        first = Declaration.browse(Declaration.declare_aggregates([entry]))
        first.action_accept()
        # The resend replaces the first version: only 100 h count.
        cls.declared = Declaration.browse(Declaration.declare_aggregates([
            dict(entry, hours=100, headcount=8),
            dict(entry, date_from="2025-01-01", date_to="2025-12-31", external_ref="2025"),
        ]))
        cls.declared.action_accept()
        cls.in_period = cls.declared[0]
        cls.declared_amount = cls.in_period.valued_amount

    def test_declaration_valued_with_federation_scale(self):
        self.assertEqual(self.in_period.state, "accepted")
        self.assertAlmostEqual(self.declared_amount, round(100 * 12.02, 2))

    def test_workbook_has_its_own_column_and_exact_totals(self):
        book, _attachment = self.export(
            self.manager, structure_ids=[Command.set(self.federation.ids)])
        summary = book["Synthèse"]
        line = self.row(summary, DECLARED)
        self.assertEqual(line[1], 100.0)
        self.assertAlmostEqual(line[2], self.declared_amount, places=2)
        self.assertEqual(line[4], 8, "people declared by the member")
        total = self.row(summary, "Total")
        self.assertAlmostEqual(total[1], TOTAL_HOURS + 100.0)
        self.assertAlmostEqual(total[2], TOTAL_AMOUNT + self.declared_amount, places=2)

        structures = book["Par structure"]
        columns = self.columns(structures)
        member = self.row(structures, "Member C")
        self.assertEqual(member[columns[f"{DECLARED} (heures propres)"]], 100.0)
        federation = self.row(structures, "Federation")
        self.assertEqual(federation[columns[f"{DECLARED} (heures avec membres)"]], 100.0)
        self.assertAlmostEqual(federation[columns["Heures (avec membres)"]], TOTAL_HOURS + 100.0)
        self.assertAlmostEqual(
            federation[columns[f"{DECLARED_VALUE} (avec membres)"]], self.declared_amount,
            places=2)

        months = book["Par mois"]
        month_columns = self.columns(months)
        self.assertEqual(self.row(months, "Total")[month_columns[DECLARED]], 100.0)

        cerfa = book["CERFA 86-87"]
        header = next(row for row in self.rows(cerfa) if row[0] == "Compte")
        line_864 = self.row(cerfa, "864")
        self.assertAlmostEqual(
            line_864[header.index(f"Dont {DECLARED_VALUE[0].lower()}{DECLARED_VALUE[1:]}")],
            self.declared_amount, places=2)

    def test_coordinator_workbook_counts_declarations_of_their_branch(self):
        data = self.env["volunteer.contribution"].with_user(
            self.coordinator_a)._valuation_workbook_data(*PERIOD, self.env["volunteer.structure"])
        self.assertFalse([fact for fact in data.facts if fact.entry_mode == "declared"])
        data = self.env["volunteer.contribution"].with_user(
            self.coordinator_region)._valuation_workbook_data(
            *PERIOD, self.env["volunteer.structure"])
        declared = [fact for fact in data.facts if fact.entry_mode == "declared"]
        self.assertEqual([(fact.structure_id, fact.hours) for fact in declared],
                         [(self.member_c.id, 100.0)])

    def test_pivot_rows_with_their_own_entry_mode(self):
        Report = self.env["volunteer.valuation.report"].with_user(self.manager)
        groups = dict(Report._read_group(
            [("root_structure_id", "=", self.federation.id), ("date", ">=", PERIOD[0]),
             ("date", "<=", PERIOD[1])], ["entry_mode"], ["hours:sum"]))
        self.assertEqual(groups["declared"], 100.0)
        self.assertAlmostEqual(sum(groups.values()), TOTAL_HOURS + 100.0)
        label = dict(Report._fields["entry_mode"]._description_selection(self.env))["declared"]
        self.assertEqual(label, "Declared by member structures")
        self.assertEqual(
            Report.with_user(self.coordinator_a).search_count([("entry_mode", "=", "declared")]),
            0, "declarations of another branch stay out of the coordinator's analysis")

    def test_accounting_export_posts_declarations(self):
        wizard = self.env["volunteer.accounting.export.wizard"].with_user(self.manager).create({
            "date_from": PERIOD[0], "date_to": PERIOD[1],
            "structure_ids": [Command.set(self.federation.ids)]})
        _name, content = wizard._accounting_file()
        lines = fec.read_fec(content)
        self.assertAlmostEqual(float(sum(line.Debit for line in lines)),
                               TOTAL_AMOUNT + self.declared_amount, places=2)
        self.assertTrue(any("Member C" in line.EcritureLib for line in lines))

    def test_declarations_outside_the_period_are_left_out(self):
        data = self.env["volunteer.contribution"].with_user(self.manager)._valuation_workbook_data(
            date(2025, 1, 1), date(2025, 12, 31), self.federation)
        declared = [fact for fact in data.facts if fact.entry_mode == "declared"]
        self.assertEqual([fact.hours for fact in declared], [90.0])
