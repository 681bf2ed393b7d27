# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The ledger on a known scenario: credits, a reversal, a re-credit, a transfer, spending,
an adjustment; exact balances, at every date, and the reports built on them."""

import io
from datetime import date

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import CurrencyCase


@tagged("post_install", "-at_install")
class TestLedgerScenario(CurrencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-10"):
            # Paul gives 2 h, Alice 3 h (valued 24.04 € and 36.06 €)
            cls.paul_food = cls._validated(name="Paul food bank")
            cls.alice_food = cls._validated(
                name="Alice food bank", partner_id=cls.volunteer_a2.id, duration=3.0)
        with freeze_time("2026-04-05"):
            cls.paul_food.action_reset_to_draft("Wrong hours")
            # From now on, association A gives 1.5 time units per hour
            cls.env["volunteer.currency.rule"].create({
                "currency_id": cls.time_bank.id, "structure_id": cls.association_a.id,
                "date_from": date(2026, 1, 1), "rate": 1.5,
            })
            cls.paul_food.action_validate()
        with freeze_time("2026-05-02"):
            cls.time_bank.with_user(cls.portal_a).transfer(
                cls.volunteer_a.id, cls.volunteer_a2.id, "1,25", "Thanks for the ride")
            cls.time_bank.with_user(cls.manager).spend(
                cls.volunteer_a2.id, 2, "Bike workshop 14", structure_id=cls.association_a.id)
            cls.time_bank.with_user(cls.manager).adjust(
                cls.volunteer_a.id, -0.5, "Board decision", "Counted twice")

    def test_moves_of_paul_in_the_time_bank(self):
        moves = self._moves(currency=self.time_bank, partner_id=self.volunteer_a.id)
        self.assertEqual(
            [(m.sequence, m.date, m.move_type, m.amount, m.balance_after) for m in moves], [
                (1, date(2026, 3, 10), "credit", 2.0, 2.0),
                (2, date(2026, 4, 5), "reversal", -2.0, 0.0),
                (3, date(2026, 4, 5), "credit", 3.0, 3.0),
                (4, date(2026, 5, 2), "transfer", -1.25, 1.75),
                (5, date(2026, 5, 2), "adjustment", -0.5, 1.25),
            ])
        first, reversal, second = moves[:3]
        self.assertEqual(reversal.reversed_move_id, first)
        self.assertEqual(reversal.note, "Wrong hours")
        self.assertEqual((first.credit_round, second.credit_round), (1, 2))
        self.assertEqual((first.rate, second.rate), (1.0, 1.5))
        self.assertEqual(second.rule_id.structure_id, self.association_a)

    def test_moves_of_alice(self):
        moves = self._moves(currency=self.time_bank, partner_id=self.volunteer_a2.id)
        self.assertEqual(
            [(m.move_type, m.amount, m.balance_after, m.counterpart_partner_id) for m in moves], [
                ("credit", 3.0, 3.0, self.env["res.partner"]),
                ("transfer", 1.25, 4.25, self.volunteer_a),
                ("spend", -2.0, 2.25, self.env["res.partner"]),
            ])
        self.assertEqual(moves[1].note, "Thanks for the ride")
        self.assertEqual(moves[2].reference, "Bike workshop 14")
        self.assertEqual(moves[2].structure_id, self.association_a)

    def test_local_currency_on_value(self):
        """0.1 unit per euro: 24.04 € give 2.40, 36.06 € give 3.61 (rounded)."""
        paul = self._moves(currency=self.local, partner_id=self.volunteer_a.id)
        self.assertEqual([(m.move_type, m.amount) for m in paul],
                         [("credit", 2.4), ("reversal", -2.4), ("credit", 2.4)])
        alice = self._moves(currency=self.local, partner_id=self.volunteer_a2.id)
        self.assertEqual([(m.move_type, m.amount) for m in alice], [("credit", 3.61)])

    def test_exact_balances(self):
        people = [self.volunteer_a.id, self.volunteer_a2.id, self.volunteer_b.id]
        self.assertEqual(self.time_bank.get_balances(people), [
            {"partner_id": self.volunteer_a.id, "balance": 1.25},
            {"partner_id": self.volunteer_a2.id, "balance": 2.25},
            {"partner_id": self.volunteer_b.id, "balance": 0.0},
        ])
        self.assertEqual(self.local.get_balances(people[:2]), [
            {"partner_id": self.volunteer_a.id, "balance": 2.4},
            {"partner_id": self.volunteer_a2.id, "balance": 3.61},
        ])
        self.assertLedgerConsistent(self.currencies)

    def test_balances_at_a_date(self):
        people = [self.volunteer_a.id, self.volunteer_a2.id]
        expected = {
            "2026-03-09": [0.0, 0.0],
            "2026-03-10": [2.0, 3.0],
            "2026-04-05": [3.0, 3.0],
            date(2026, 5, 2): [1.25, 2.25],
        }
        for day, balances in expected.items():
            with self.subTest(day=day):
                self.assertEqual(
                    [row["balance"] for row in self.time_bank.get_balances(people, day)],
                    balances)

    def test_partner_balances_and_smart_button(self):
        self.assertEqual(self.volunteer_a.volunteer_currency_count, 2)
        self.assertEqual(self.volunteer_a.volunteer_currency_balances,
                         f"{self.units(1.25)} h · {self.units(2.4)} LU")
        action = self.volunteer_a.action_view_volunteer_currency_statement()
        moves = self.env["volunteer.currency.move"].search(action["domain"])
        self.assertEqual(len(moves), 8)
        self.assertAlmostEqual(sum(moves.filtered(
            lambda m: m.currency_id == self.time_bank).mapped("amount")), 1.25)

    def test_balance_view(self):
        rows = self.env["volunteer.currency.balance"].search(
            [("currency_id", "=", self.time_bank.id)])
        self.assertEqual({(row.partner_id, row.balance, row.move_count) for row in rows}, {
            (self.volunteer_a, 1.25, 5), (self.volunteer_a2, 2.25, 3)})

    def test_contribution_shows_its_credits(self):
        self.assertEqual(len(self.paul_food.volunteer_currency_move_ids), 6)
        self.assertEqual(
            {(move.currency_id, move.amount)
             for move in self.alice_food.volunteer_currency_move_ids},
            {(self.time_bank, 3.0), (self.local, 3.61)})

    def test_statement(self):
        opening, lines = self.time_bank._statement(
            self.volunteer_a, date(2026, 4, 1), date(2026, 4, 30))
        self.assertEqual(opening, 2)
        self.assertEqual([(move.sequence, balance) for move, balance in lines],
                         [(2, 0), (3, 3)])
        self.assertEqual(lines[0][0].description, "Reversal of Paul food bank")

    def test_circulation(self):
        rows = self.time_bank._circulation_rows(date(2026, 3, 1), date(2026, 5, 31), "month")
        table = [(row.period_start.month, row.structure_id, row.issued, row.spent, row.adjusted,
                  row.circulating) for row in rows]
        a, none = self.association_a.id, None
        self.assertEqual(table, [
            (3, a, 5, 0, 0, 5),
            (4, a, 1, 0, 0, 6),
            (5, a, 0, 2, 0, 4),
            (5, none, 0, 0, -0.5, -0.5),
        ])
        # what circulates is what the members hold
        self.assertEqual(sum(row.circulating for row in rows if row.period_start.month == 5),
                         1.25 + 2.25)

    def test_workbooks(self):
        Workbook = self.env["volunteer.currency.workbook"]

        def cells(content):
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            return [[cell.value for cell in row] for row in sheet.iter_rows()]

        balances = cells(Workbook._balances_xlsx(self.time_bank, date(2026, 5, 2)))
        self.assertEqual(balances[2], ["Member", "Structures", "Balance (h)"])
        body = {row[0]: row[2] for row in balances[3:-1]}
        self.assertEqual(body["Paul Portal"], 1.25)
        self.assertEqual(body["Alice Second"], 2.25)
        self.assertEqual(body["Béa Portal"], 0)
        self.assertEqual(balances[-1][0], "Total")
        self.assertEqual(balances[-1][2], sum(body.values()))

        circulation = cells(Workbook._circulation_xlsx(
            self.time_bank, date(2026, 1, 1), date(2026, 6, 30), "quarter"))
        self.assertEqual([row[2:] for row in circulation[3:]], [
            ["Federation / Region / Association A", 5, 0, 0, 5],
            ["Federation / Region / Association A", 1, 2, 0, 4],
            ["No structure (adjustments)", 0, 0, -0.5, -0.5],
        ])

        statement = cells(Workbook._statement_xlsx(self.time_bank, self.volunteer_a))
        self.assertEqual(statement[3][3], "Opening balance")
        self.assertEqual([row[6] for row in statement[4:-1]], [2, -2, 3, -1.25, -0.5])
        self.assertEqual(statement[-1][3:8:4], ["Closing balance", 1.25])

    def test_xlsx_export_wizard(self):
        wizard = self.env["volunteer.currency.report.wizard"].with_user(self.manager).create({
            "report": "statement", "currency_id": self.time_bank.id,
            "partner_id": self.volunteer_a.id, "date_from": False, "date_to": False,
        })
        action = wizard.action_export()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertTrue(attachment.name.endswith(".xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        self.assertEqual(sheet.cell(row=1, column=1).value,
                         "Statement of Paul Portal in Time bank")

    def test_circulation_needs_a_period(self):
        wizard = self.env["volunteer.currency.report.wizard"].create({
            "report": "circulation", "currency_id": self.time_bank.id,
            "date_from": date(2026, 6, 1), "date_to": date(2026, 5, 1),
        })
        with self.assertRaisesRegex(UserError, "ends before it starts"):
            wizard.action_export()


@tagged("post_install", "-at_install")
class TestDemoLedger(CurrencyCase):
    """On whatever the database holds (the demo data in CI): balances are the sums of
    the moves, and no contribution holds two live credits in one currency."""

    def test_every_balance_is_the_sum_of_its_moves(self):
        self.assertLedgerConsistent()

    def test_no_contribution_is_credited_twice(self):
        Move = self.env["volunteer.currency.move"].sudo()
        credits = Move._read_group([("move_type", "=", "credit")],
                                   ["contribution_id", "currency_id"], ["__count"])
        reversals = {
            (contribution, currency): count for contribution, currency, count in
            Move._read_group([("move_type", "=", "reversal"),
                              ("reversed_move_id.move_type", "=", "credit")],
                             ["contribution_id", "currency_id"], ["__count"])}
        for contribution, currency, count in credits:
            live = count - reversals.get((contribution, currency), 0)
            self.assertIn(live, (0, 1), f"{contribution.name} in {currency.name}")
            if contribution.state != "validated":
                self.assertEqual(live, 0, f"{contribution.name} in {currency.name}")

    def test_demo_time_bank_counts_the_hours_given(self):
        time_bank = self.env.ref("volunteer_valuation_currency.demo_currency_time_bank",
                                 raise_if_not_found=False)
        if not time_bank:
            return  # installed without demo data: the two tests above cover the ledger
        camille = self.env.ref("volunteer_valuation.partner_camille_legoff")
        hours = sum(self.env["volunteer.contribution"].search([
            ("partner_id", "=", camille.id), ("state", "=", "validated"),
            ("contributor_type", "=", "volunteer")]).mapped("duration"))
        # gave 2 h to Yannick, received 1.5 h from him and 1 h from Maëlle
        self.assertAlmostEqual(self._balance(time_bank, camille), hours - 2 + 1.5 + 1)
        galais = self.env.ref("volunteer_valuation_currency.demo_currency_galais")
        spent = self._moves(currency=galais, partner_id=camille.id, move_type="spend")
        self.assertEqual(spent.mapped("amount"), [-5.0])
