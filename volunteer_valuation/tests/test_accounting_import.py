# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The CSV of entries goes into Odoo Accounting through Odoo's own import, as the UI does.

Our addons do not depend on ``account``: this class runs only when asked for
(``--test-tags vv_accounting``), on a database where ``account`` and
``l10n_fr_account`` are installed, and fails (never skips) without them.
"""

from datetime import date
from decimal import Decimal

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from ..engine import accounting, fec

NEEDED_MODULES = ("account", "l10n_fr_account")
SIREN = "732829320"
# The options of the import dialog, untouched (separator and encoding guessed).
UI_OPTIONS = {
    "import_skip_records": [], "import_set_empty_fields": [], "fallback_values": {},
    "name_create_enabled_fields": {}, "encoding": "", "separator": "", "quoting": '"',
    "date_format": "", "datetime_format": "", "float_thousand_separator": ",",
    "float_decimal_separator": ".", "advanced": True, "has_headers": True,
    "keep_matches": False, "limit": 2000, "sheets": [], "sheet": "", "skip": 0,
    "tracking_disable": True,
}
ACCOUNTS = {
    "862": "Prestations", "864": "Personnel bénévole", "870": "Dons en nature",
    "871": "Prestations en nature", "875": "Bénévolat",
}


@tagged("-standard", "vv_accounting", "post_install", "-at_install")
class TestAccountingImport(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.missing = [name for name in NEEDED_MODULES
                       if cls.env["ir.module.module"]._get(name).state != "installed"]
        if cls.missing:
            return
        cls.company = cls.env["res.company"].create({
            "name": "Foyer rural comptable", "country_id": cls.env.ref("base.fr").id,
            "currency_id": cls.env.ref("base.EUR").id, "company_registry": SIREN + "00017",
        })
        cls.env["account.chart.template"].try_loading("fr", cls.company, install_demo=False)
        cls.env["volunteer.rate"].create({
            "name": "Forfait", "date_from": date(2025, 1, 1), "method": "fixed",
            "fixed_amount": 12.37, "company_id": cls.company.id,
        })
        cls.env["volunteer.rate"].create({
            "name": "Ingénieure", "date_from": date(2025, 1, 1), "method": "fixed",
            "fixed_amount": 45.10, "contributor_type": "skills_sponsorship",
            "company_id": cls.company.id,
        })
        Structure = cls.env["volunteer.structure"]
        cls.association = Structure.create({"name": "Foyer rural", "company_id": cls.company.id})
        cls.section = Structure.create({"name": "Section théâtre", "company_id": cls.company.id,
                                        "parent_id": cls.association.id})
        volunteer = cls.env["res.partner"].create({"name": "Yvonne Bénévole"})
        Contribution = cls.env["volunteer.contribution"]
        contributions = Contribution.create([
            {"name": name, "partner_id": volunteer.id if mode == "detailed" else False,
             "entry_mode": mode, "headcount": 1 if mode == "detailed" else 9,
             "structure_id": structure.id, "date": day, "duration": hours,
             "contributor_type": kind}
            for name, structure, day, hours, kind, mode in (
                ("Permanence", cls.association, date(2025, 1, 7), 3.25, "volunteer", "detailed"),
                ("Kermesse", cls.association, date(2025, 1, 19), 41.5, "volunteer", "estimate"),
                ("Répétitions", cls.section, date(2025, 2, 3), 7.75, "volunteer", "detailed"),
                ("Service civique", cls.section, date(2025, 2, 10), 24.0, "civic_service",
                 "detailed"),
                ("Comptabilité", cls.association, date(2025, 3, 3), 6.5, "skills_sponsorship",
                 "detailed"),
            )
        ])
        contributions.action_validate()
        cls.total = sum(Decimal(str(amount)) for amount in contributions.mapped("amount"))
        cls.accountant = new_test_user(
            cls.env, login="vv_accountant", name="Carole Comptable",
            groups="base.group_user,account.group_account_manager",
            company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)])

    def setUp(self):
        super().setUp()
        self.assertFalse(self.missing, (
            f"This test needs {', '.join(NEEDED_MODULES)} installed, which our addons do not "
            "depend on: run it on a database where they are (--test-tags vv_accounting)."))

    def prepare_books(self):
        """The chart of the test: the 86/87 accounts off balance, and the journal CVN."""
        env = self.env(user=self.accountant, context={"allowed_company_ids": self.company.ids})
        env["account.account"].create([
            {"code": code, "name": name, "account_type": "off_balance",
             "company_ids": [Command.set(self.company.ids)]}
            for code, name in ACCOUNTS.items()
        ])
        env["account.journal"].create({
            "name": "Contributions volontaires en nature", "code": "CVN", "type": "general",
            "company_id": self.company.id,
        })
        return env

    def export(self, **vals):
        wizard = self.env["volunteer.accounting.export.wizard"].create({
            "date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31),
            "structure_ids": [Command.set(self.association.ids)], **vals})
        return wizard._accounting_file()

    def test_csv_imports_into_odoo_accounting(self):
        env = self.prepare_books()
        name, content = self.export(format="csv")
        # What the FEC of the same selection holds, entry by entry.
        fec_lines = fec.read_fec(self.export()[1])
        self.assertEqual(self.export()[0], f"{SIREN}FEC20251231.txt")

        importer = env["base_import.import"].create({
            "res_model": "account.move", "file": content.encode(), "file_name": name,
            "file_type": "text/csv",
        })
        preview = importer.parse_preview(dict(UI_OPTIONS))
        self.assertNotIn("error", preview, preview.get("error"))
        headers = preview["headers"]
        fields = ["/".join(preview["matches"].get(index) or []) or False
                  for index in range(len(headers))]
        self.assertEqual(fields, [
            "date", "journal_id", "ref", "line_ids/account_id", "line_ids/name",
            "line_ids/debit", "line_ids/credit", False])
        result = importer.execute_import(fields, headers, preview["options"])
        self.assertFalse(result["messages"], result["messages"])

        moves = env["account.move"].browse(result["ids"])
        entries = sorted({line.EcritureNum: line for line in fec_lines}.values(),
                         key=lambda line: line.EcritureNum)
        self.assertEqual(len(moves), len(entries))
        self.assertEqual(set(moves.journal_id.mapped("code")), {"CVN"})
        self.assertEqual(set(moves.mapped("state")), {"draft"})
        for move, entry in zip(moves.sorted("id"), entries, strict=True):
            self.assertEqual((move.date, move.ref), (entry.EcritureDate, entry.PieceRef))
            self.assertEqual(len(move.line_ids), 2)
            self.assertEqual(sum(move.line_ids.mapped("debit")),
                             sum(move.line_ids.mapped("credit")))
            self.assertEqual(set(move.line_ids.mapped("name")), {entry.EcritureLib})
        moves.action_post()
        self.assertEqual(set(moves.mapped("state")), {"posted"})

        lines = moves.line_ids
        debit = sum(Decimal(str(amount)) for amount in lines.mapped("debit"))
        credit = sum(Decimal(str(amount)) for amount in lines.mapped("credit"))
        self.assertEqual(debit, self.total)
        self.assertEqual(credit, self.total)
        mapping = self.env["volunteer.account.mapping"]._accounts(self.company)
        contributions = self.env["volunteer.contribution"].search(
            [("company_id", "=", self.company.id)])
        for total in accounting.account_totals(
                [(c.contributor_type, c.entry_mode, c.amount) for c in contributions], mapping):
            on_account = lines.filtered(lambda line, code=total.code: line.account_id.code == code)
            self.assertEqual(accounting.to_money(sum(on_account.mapped("debit"))), total.debit)
            self.assertEqual(accounting.to_money(sum(on_account.mapped("credit"))), total.credit)
            fec_debit = sum(line.Debit for line in fec_lines if line.CompteNum == total.code)
            self.assertEqual(fec_debit, total.debit)
        self.assertEqual(set(lines.account_id.mapped("code")), {"862", "864", "871", "875"})
