# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Entries of in-kind contributions: FEC and CSV files re-read and checked against the database."""

import csv
import io
from datetime import date
from decimal import Decimal
from urllib.parse import urlparse

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from ..engine import accounting, fec
from .report_common import HOSTILE_NAME, PERIOD, TOTAL_AMOUNT, ReportCommon

FEDERATION_SIREN = "775260185"
IN_PERIOD = [("date", ">=", PERIOD[0]), ("date", "<=", PERIOD[1]), ("state", "=", "validated")]


@tagged("post_install", "-at_install")
class TestAccountingExport(ReportCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.federation.siren = FEDERATION_SIREN
        cls.section_a1.name = HOSTILE_NAME

    def export(self, user, **vals):
        """(file name, text) of the export ``user`` makes of PERIOD (the federation's branch
        for a manager, who also sees the demo data)."""
        values = {"date_from": PERIOD[0], "date_to": PERIOD[1]}
        if user == self.manager:
            values["structure_ids"] = [Command.set(self.federation.ids)]
        values.update(vals)
        wizard = self.env["volunteer.accounting.export.wizard"].with_user(user).create(values)
        return wizard._accounting_file()

    def validated(self, user, domain=()):
        """Validated contributions of PERIOD in the federation that ``user`` sees."""
        return self.env["volunteer.contribution"].with_user(user).search(
            IN_PERIOD + [("structure_id", "child_of", self.federation.id), *domain])

    @staticmethod
    def exact_sum(contributions):
        return sum((Decimal(str(amount)) for amount in contributions.mapped("amount")),
                   Decimal("0.00"))

    def test_fec_balances_to_the_validated_amounts(self):
        name, content = self.export(self.manager)
        self.assertEqual(name, f"{FEDERATION_SIREN}FEC20260630.txt")
        lines = fec.read_fec(content)
        debit = sum(line.Debit for line in lines)
        credit = sum(line.Credit for line in lines)
        contributions = self.validated(self.manager)
        self.assertEqual(debit, credit)
        self.assertEqual(debit, self.exact_sum(contributions))
        self.assertEqual(debit, accounting.to_money(TOTAL_AMOUNT))
        numbers = list(dict.fromkeys(line.EcritureNum for line in lines))
        self.assertEqual(numbers, [f"CVN-{index:05d}" for index in range(1, len(numbers) + 1)])
        # Validated today where the manager is (their time zone, not the server's).
        self.assertEqual({line.ValidDate for line in lines},
                         {fields.Date.context_today(self.manager.with_user(self.manager))})
        self.assertEqual({line.JournalCode for line in lines}, {"CVN"})
        self.assertEqual({line.JournalLib for line in lines},
                         {"Contributions volontaires en nature"})
        # Totals by account: the mapping applied to the contributions themselves.
        mapping = self.env["volunteer.account.mapping"]._accounts(self.company)
        for total in accounting.account_totals(
                [(c.contributor_type, c.entry_mode, Decimal(str(c.amount)))
                 for c in contributions], mapping):
            self.assertEqual(sum(line.Debit for line in lines if line.CompteNum == total.code),
                             total.debit, total.code)
            self.assertEqual(sum(line.Credit for line in lines if line.CompteNum == total.code),
                             total.credit, total.code)
        self.assertEqual({line.CompteNum for line in lines}, {"862", "864", "871", "875"})
        # March in Association A: the estimate of the summer fair.
        [march] = [line for line in lines if line.CompteNum == "864"
                   and line.EcritureLib.startswith("Bénévolat 03/2026 — Association A")]
        self.assertEqual(march.EcritureLib, "Bénévolat 03/2026 — Association A — 30h00 à "
                                            f"{accounting.french_money(self.e_a.hourly_rate)} "
                                            f"{self.company.currency_id.symbol}/h")
        self.assertEqual(march.Debit, Decimal(str(self.e_a.amount)))
        self.assertEqual(march.EcritureDate, date(2026, 3, 31))

    def test_csv_files_balance(self):
        total = self.exact_sum(self.validated(self.manager))
        _name, odoo_csv = self.export(self.manager, format="csv")
        table = list(csv.DictReader(io.StringIO(odoo_csv)))
        self.assertEqual(sum(Decimal(line["line_ids/debit"] or 0) for line in table), total)
        self.assertEqual(sum(Decimal(line["line_ids/credit"] or 0) for line in table), total)
        self.assertIn("'" + HOSTILE_NAME, {line["Structure (analytique)"] for line in table})
        _name, paheko_csv = self.export(self.manager, format="csv", csv_flavour="paheko")
        table = list(csv.DictReader(io.StringIO(paheko_csv), delimiter=";"))
        self.assertEqual(sum(Decimal(line["Montant"].replace(",", ".")) for line in table), total)
        for text in (odoo_csv, paheko_csv):
            for cells in csv.reader(io.StringIO(text), delimiter="," if text is odoo_csv else ";"):
                self.assertFalse([cell for cell in cells if cell.startswith(("=", "+", "-", "@"))])

    def test_one_entry_per_structure_and_pair_for_the_period(self):
        _name, content = self.export(self.manager, granularity="period")
        lines = fec.read_fec(content)
        self.assertEqual({line.EcritureDate for line in lines}, {PERIOD[1]})
        entries = {(line.EcritureLib.split(" — ")[1], line.CompteNum) for line in lines}
        self.assertEqual(len(entries), len(lines))
        association_a = [line for line in lines if " — Association A — " in line.EcritureLib
                         and line.CompteNum == "864"]
        self.assertEqual(len(association_a), 1)
        self.assertEqual(association_a[0].Debit, self.exact_sum(
            self.validated(self.manager, [("structure_id", "=", self.association_a.id)])))
        self.assertIn("du 01/01/2026 au 30/06/2026", association_a[0].EcritureLib)

    def test_coordinator_exports_only_their_branch(self):
        name, content = self.export(self.coordinator_a)
        self.assertEqual(name, "732829320FEC20260630.txt")  # Association A's own SIREN
        lines = fec.read_fec(content)
        branch = self.validated(self.manager, [("structure_id", "child_of",
                                                self.association_a.id)])
        self.assertEqual(sum(line.Debit for line in lines), self.exact_sum(branch))
        names = {line.EcritureLib.split(" — ")[1] for line in lines}
        self.assertEqual(names, {"Association A", HOSTILE_NAME})
        with self.assertRaises(UserError):
            self.export(self.coordinator_a, structure_ids=[Command.set(self.region.ids)])
        _name, text = self.export(self.coordinator_a, format="csv")
        for outside in ("Region", "Association B", "Other association", "Federation"):
            self.assertNotIn(f"— {outside} —", text)

    def test_other_company_never_posted(self):
        _name, content = self.export(self.manager, format="csv", structure_ids=[])
        self.assertIn("— Region —", content)  # all the manager sees, in their company only
        self.assertNotIn("Other association", content)

    def test_missing_siren_gives_a_clear_message(self):
        self.federation.siren = False
        self.company.write({"company_registry": False, "vat": False})
        with self.assertRaisesRegex(UserError, "SIREN.*Federation"):
            self.export(self.manager)
        # The CSV files need no SIREN.
        self.assertTrue(self.export(self.manager, format="csv")[1])
        # The company's SIRET, or its French VAT number, names the file.
        self.company.company_registry = "732 829 320 00074"
        self.assertEqual(self.export(self.manager)[0], "732829320FEC20260630.txt")
        self.company.write({"company_registry": False, "vat": "FR44732829320"})
        self.assertEqual(self.export(self.manager)[0], "732829320FEC20260630.txt")

    def test_one_siren_per_file(self):
        self.association_b.siren = "441860913"
        with self.assertRaisesRegex(UserError, "different SIREN"):
            self.export(self.manager, structure_ids=[
                Command.set((self.association_a | self.association_b).ids)])
        name, _content = self.export(self.manager, structure_ids=[
            Command.set(self.association_b.ids)])
        self.assertEqual(name, "441860913FEC20260630.txt")

    def test_empty_selection_gives_a_clear_message(self):
        with self.assertRaisesRegex(UserError, "Nothing to post"):
            self.export(self.manager, date_from=date(2021, 1, 1), date_to=date(2021, 12, 31))
        with self.assertRaisesRegex(UserError, "Nothing to post"):
            self.export(self.manager, format="csv",
                        structure_ids=[Command.set(self.federation.ids)], include_children=False)

    def test_time_not_posted_is_left_out(self):
        self.env["volunteer.account.mapping"].search([
            ("company_id", "=", self.company.id), ("contributor_type", "=", "civic_service"),
        ]).post_entries = False
        _name, content = self.export(self.manager)
        lines = fec.read_fec(content)
        posted = self.validated(self.manager, [("contributor_type", "!=", "civic_service")])
        self.assertEqual(sum(line.Debit for line in lines), self.exact_sum(posted))
        self.assertNotIn("olontariat", content)

    def test_download_is_private_to_its_author(self):
        wizard = self.env["volunteer.accounting.export.wizard"].with_user(self.coordinator_a)
        action = wizard.create({"date_from": PERIOD[0], "date_to": PERIOD[1]}).action_export()
        self.assertEqual((action["type"], action["target"]), ("ir.actions.act_url", "download"))
        attachment = self.env["ir.attachment"].with_user(self.coordinator_a).browse(
            int(urlparse(action["url"]).path.rsplit("/", 1)[1]))
        self.assertEqual(attachment.name, "732829320FEC20260630.txt")
        self.assertEqual(attachment.mimetype, "text/plain")
        fec.read_fec(attachment.raw.decode("utf-8"))
        with self.assertRaises(AccessError):
            attachment.with_user(self.coordinator_region).raw  # noqa: B018
        with self.assertRaises(AccessError):
            self.env["volunteer.accounting.export.wizard"].with_user(self.internal).create({})
