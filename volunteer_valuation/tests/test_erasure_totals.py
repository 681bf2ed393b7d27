# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Export, anonymise, export again: the same totals to the cent and to the minute, and the
people are gone from every sheet, export and search."""

from datetime import datetime

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .erasure_common import ErasureMixin
from .report_common import TOTAL_AMOUNT, TOTAL_HOURS, ReportCommon

YEAR = 2026
NAMES = ("Paul Portal", "Alice Second")


@tagged("post_install", "-at_install")
class TestErasureTotals(ErasureMixin, ReportCommon, TransactionCase):
    """Paul (several months, a frozen rate, a submitted and a December contribution) and
    Alice (governance hours of the CEC, a rejected contribution) are forgotten."""

    def exports(self, user):
        """Everything ``user`` can take out of their network: workbook, CEC file, analysis
        and CEC summary."""
        top = self.federation if user == self.manager else self.region
        network = [Command.set(top.ids)]
        book, _attachment = self.export(user, states="all", structure_ids=network)
        wizard = self.env["volunteer.valuation.report.wizard"].with_user(user).create(
            {"mode": "cec", "cec_year": YEAR, "structure_ids": network})
        cec, _attachment = self._download(wizard.action_export_cec_xlsx(), user)
        Report = self.env["volunteer.valuation.report"].with_user(user)
        analysis = Report._read_group(
            [("structure_id", "child_of", top.id)],
            ["structure_id", "date:month", "contributor_type", "level_id", "category_id"],
            ["hours:sum", "amount:sum", "contribution_count:sum"])
        summary = sorted(
            (line["structure_id"], line["hours"], line["total_hours"], line["eligible"])
            for line in self.env["volunteer.contribution"].with_user(user).get_cec_summary(YEAR))
        return book, cec, analysis, summary

    @staticmethod
    def values(sheet, skip=()):
        """The rows of a sheet, without the columns ``skip`` nor the time of the export.

        Numbers to the millionth, far below the cent and the minute: a total added up in
        another order (the list of people is sorted by name) may differ in its last bit.
        """
        def value(index, cell):
            if isinstance(cell, datetime) or index in skip:
                return None
            return round(cell, 6) if isinstance(cell, float) else cell

        return [tuple(value(index, cell) for index, cell in enumerate(row))
                for row in sheet.iter_rows(values_only=True)]

    def assertSameWorkbook(self, before, after):
        self.assertEqual(before.sheetnames, after.sheetnames)
        for name in before.sheetnames:
            with self.subTest(sheet=name):
                old, new = before[name], after[name]
                if name == "Par personne":
                    # Sorted by name: the placeholders take other places in the list.
                    self.assertEqual(sorted(self.values(old, {0}), key=repr),
                                     sorted(self.values(new, {0}), key=repr))
                elif name == "Détail":
                    columns = self.columns(old)
                    skip = {columns["Personne"], columns["Description"]}
                    self.assertEqual(self.values(old, skip), self.values(new, skip))
                else:
                    self.assertEqual(self.values(old), self.values(new))

    def assertNobodyNamed(self, *books):
        for book in books:
            texts = " ".join(self.all_text(book))
            for name in NAMES:
                self.assertNotIn(name, texts)

    def test_same_totals_and_nobody_named(self):
        people = self.volunteer_a | self.volunteer_a2
        contributions = self.env["volunteer.contribution"].search(
            [("partner_id", "in", people.ids)])
        kept = self.kept_values(contributions)
        before = {user: self.exports(user) for user in (self.manager, self.coordinator_region)}
        for name in NAMES:
            self.assertIn(name, " ".join(self.all_text(before[self.manager][0])))
        structures = before[self.manager][0]["Par structure"]
        total = self.row(structures, "Total")
        columns = self.columns(structures)
        # Validated and submitted: the known totals and Paul's pending hour.
        self.assertEqual(total[columns["Heures (avec membres)"]],
                         TOTAL_HOURS + self.c_submitted.duration)
        self.assertAlmostEqual(total[columns["Valeur (avec membres)"]],
                               TOTAL_AMOUNT + self.c_submitted.amount, places=2)

        people.with_user(self.manager).action_volunteer_anonymise()

        self.assertEqual(self.kept_values(contributions.exists()),
                         {key: kept[key] for key in contributions.exists().ids})
        for user in (self.manager, self.coordinator_region):
            with self.subTest(user=user.name):
                book, cec, analysis, summary = self.exports(user)
                old_book, old_cec, old_analysis, old_summary = before[user]
                self.assertSameWorkbook(old_book, book)
                self.assertEqual(
                    sorted(self.values(old_cec["CEC"], {0}), key=repr),
                    sorted(self.values(cec["CEC"], {0}), key=repr))
                self.assertEqual(analysis, old_analysis)
                self.assertEqual(summary, old_summary)
                self.assertNobodyNamed(book, cec)
        self.assertForgotten(self.volunteer_a, "Paul Portal")
        self.assertForgotten(self.volunteer_a2, "Alice Second")
        placeholders = self.env["volunteer.contribution"].search(
            [("id", "in", contributions.ids)]).partner_id
        self.assertEqual(len(placeholders), 2, "each person their own placeholder")
        manager_book = self.exports(self.manager)[0]
        labels = {row[0] for row in manager_book["Par personne"].iter_rows(values_only=True)}
        self.assertLessEqual(set(placeholders.mapped("name")), labels)
