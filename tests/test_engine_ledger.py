# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The currency ledger on its own: amounts, limits, numbering, balances, reports."""

import ast
from datetime import date
from decimal import Decimal

import pytest
from addon_source import REPO_ROOT, load_pure_module

ENGINE_PATH = "volunteer_valuation_currency/engine/ledger.py"
ledger = load_pure_module(ENGINE_PATH)
Move, LedgerError = ledger.Move, ledger.LedgerError
D = Decimal

ALICE, BOB, CAROL = 1, 2, 3
FOOD_BANK, LIBRARY = 10, 20


def test_the_engine_imports_only_the_standard_library():
    tree = ast.parse((REPO_ROOT / ENGINE_PATH).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"collections", "dataclasses", "datetime", "decimal"}


class TestAmounts:
    @pytest.mark.parametrize("value, places, expected", [
        (2.345, 2, D("2.35")),
        (2.344, 2, D("2.34")),
        (-2.345, 2, D("-2.35")),
        (0.5, 0, D("1")),
        (1.5, 0, D("2")),
        (2.5, 0, D("3")),
        (0.1 + 0.2, 2, D("0.30")),
    ])
    def test_round_half_away_from_zero(self, value, places, expected):
        assert ledger.round_units(value, places) == expected

    @pytest.mark.parametrize("value, expected", [
        (D("1.50"), 1), (2.0, 0), (D("0.125"), 3), (3, 0), (D("100"), 0),
    ])
    def test_decimals_used(self, value, expected):
        assert ledger.decimals_used(value) == expected

    @pytest.mark.parametrize("text, places, expected", [
        ("1,5", 2, D("1.50")),
        (" 2 ", 0, D("2")),
        ("1 000.25", 2, D("1000.25")),
        ("0.125", 3, D("0.125")),
        ("1.50", 1, D("1.5")),
    ])
    def test_parse_amount(self, text, places, expected):
        assert ledger.parse_amount(text, places) == expected

    @pytest.mark.parametrize("text, places, code", [
        ("", 2, "invalid"),
        (None, 2, "invalid"),
        ("abc", 2, "invalid"),
        ("NaN", 2, "invalid"),
        ("Infinity", 2, "invalid"),
        ("0", 2, "not_positive"),
        ("-3", 2, "not_positive"),
        ("1.255", 2, "too_many_decimals"),
        ("1.5", 0, "too_many_decimals"),
    ])
    def test_parse_amount_refusals(self, text, places, code):
        with pytest.raises(LedgerError) as caught:
            ledger.parse_amount(text, places)
        assert caught.value.code == code

    def test_credit_on_hours(self):
        # a time bank: 1 unit per hour, 2 h 30 given
        assert ledger.credit_amount("hours", 1, 2.5, 300, 2) == D("2.50")

    def test_credit_on_value(self):
        # a local currency: 1 unit per 10 EUR of valued time, 2.5 h at 12.02 = 30.05 EUR
        assert ledger.credit_amount("value", 0.1, 2.5, 30.05, 2) == D("3.01")

    def test_credit_rounded_to_the_currency(self):
        assert ledger.credit_amount("hours", 60, 1.25, 0, 0) == D("75")
        assert ledger.credit_amount("hours", 1, 1 / 3, 0, 2) == D("0.33")

    def test_credit_of_nothing_is_zero(self):
        assert ledger.credit_amount("value", 2, 3, None, 2) == D("0.00")


class TestLimits:
    @pytest.mark.parametrize("balance, amount, low, high, expected", [
        (10, -10, 0, None, None),
        (10, -10.01, 0, None, "min"),
        (0, -5, -5, None, None),
        (0, -5.5, -5, None, "min"),
        (95, 5, 0, 100, None),
        (95, 5.01, 0, 100, "max"),
        (95, 1000, 0, None, None),
        # beyond a limit already: coming back is allowed, going further is not
        (-8, 2, -5, None, None),
        (-8, -1, -5, None, "min"),
        (120, -10, 0, 100, None),
        (120, 1, 0, 100, "max"),
    ])
    def test_limit_breach(self, balance, amount, low, high, expected):
        assert ledger.limit_breach(balance, amount, low, high) == expected

    def test_transfer_gives_both_sides(self):
        assert ledger.check_transfer(D("2.5"), 2, 3, 0, 0, 10) == (D("-2.5"), D("2.5"))

    @pytest.mark.parametrize("kwargs, code", [
        ({"amount": 1, "same_member": True}, "same_member"),
        ({"amount": 0}, "not_positive"),
        ({"amount": -1}, "not_positive"),
        ({"amount": D("0.001")}, "too_many_decimals"),
        ({"amount": D("3.01")}, "min"),
        ({"amount": 3, "recipient_balance": 8}, "max"),
    ])
    def test_transfer_refusals(self, kwargs, code):
        values = {"decimal_places": 2, "sender_balance": 3, "recipient_balance": 0,
                  "min_balance": 0, "max_balance": 10}
        values.update(kwargs)
        with pytest.raises(LedgerError) as caught:
            ledger.check_transfer(**values)
        assert caught.value.code == code

    def test_overdraft_allows_going_negative(self):
        assert ledger.check_transfer(5, 0, 0, 0, -10) == (D(-5), D(5))


def _scenario():
    """A known scenario: credits, a reversal, a re-credit, a transfer, spends."""
    return [
        Move(ALICE, D("3.00"), date(2026, 1, 5), "credit", FOOD_BANK, 1),
        Move(BOB, D("2.50"), date(2026, 1, 20), "credit", LIBRARY, 1),
        Move(ALICE, D("1.50"), date(2026, 2, 2), "credit", FOOD_BANK, 2),
        # Alice's second contribution is reopened, then validated again for 2 h
        Move(ALICE, D("-1.50"), date(2026, 2, 10), "credit", FOOD_BANK, 3),
        Move(ALICE, D("2.00"), date(2026, 2, 11), "credit", FOOD_BANK, 4),
        # Alice gives Bob 1.25, Bob spends 3 at the library, an adjustment for Carol
        Move(ALICE, D("-1.25"), date(2026, 3, 1), "transfer", None, 5),
        Move(BOB, D("1.25"), date(2026, 3, 1), "transfer", None, 2),
        Move(BOB, D("-3.00"), date(2026, 3, 15), "spend", LIBRARY, 3),
        Move(CAROL, D("0.75"), date(2026, 4, 2), "adjustment", FOOD_BANK, 1),
    ]


class TestBalances:
    def test_balances_of_the_scenario(self):
        assert ledger.balances(_scenario(), [ALICE, BOB, CAROL]) == {
            ALICE: D("3.75"), BOB: D("0.75"), CAROL: D("0.75")}

    def test_balances_at_a_date(self):
        assert ledger.balances(_scenario(), [ALICE, BOB, CAROL], date(2026, 2, 10)) == {
            ALICE: D("3.00"), BOB: D("2.50"), CAROL: D(0)}

    def test_everybody_asked_gets_a_balance(self):
        assert ledger.balances(_scenario(), [99]) == {99: D(0)}

    def test_balances_add_up_to_the_units_in_circulation(self):
        moves = _scenario()
        total = sum(ledger.balances(moves, [ALICE, BOB, CAROL]).values())
        rows = ledger.circulation(moves, date(2026, 1, 1), date(2026, 4, 30), "month")
        april = [row for row in rows if row.period_start == date(2026, 4, 1)]
        assert sum(row.circulating for row in april) == total == D("5.25")

    def test_post_numbers_the_moves_of_an_account(self):
        assert ledger.post(4, D("3.00"), [D("-1.25"), D("2")]) == [
            (5, D("1.75")), (6, D("3.75"))]

    def test_post_nothing(self):
        assert ledger.post(0, 0, []) == []

    def test_statement_runs_the_balance_in_date_order(self):
        alice = [move for move in _scenario() if move.partner_id == ALICE]
        lines = ledger.statement(reversed(alice))
        assert [balance for _move, balance in lines] == [
            D("3.00"), D("4.50"), D("3.00"), D("5.00"), D("3.75")]
        assert [move.sequence for move, _balance in lines] == [1, 2, 3, 4, 5]

    def test_statement_from_an_opening_balance(self):
        alice = [move for move in _scenario() if move.partner_id == ALICE and move.sequence > 3]
        assert [balance for _move, balance in ledger.statement(alice, D("3.00"))] == [
            D("5.00"), D("3.75")]


class TestPeriods:
    @pytest.mark.parametrize("granularity, expected", [
        ("month", date(2026, 5, 1)),
        ("quarter", date(2026, 4, 1)),
        ("year", date(2026, 1, 1)),
    ])
    def test_period_start(self, granularity, expected):
        assert ledger.period_start(date(2026, 5, 17), granularity) == expected

    def test_unknown_granularity(self):
        with pytest.raises(ValueError):
            ledger.period_start(date(2026, 5, 17), "week")

    def test_periods_cross_the_year(self):
        assert ledger.periods(date(2025, 11, 15), date(2026, 2, 3), "quarter") == [
            (date(2025, 10, 1), date(2025, 12, 31)),
            (date(2026, 1, 1), date(2026, 3, 31)),
        ]
        assert ledger.periods(date(2026, 12, 1), date(2026, 12, 31), "month") == [
            (date(2026, 12, 1), date(2026, 12, 31))]


class TestCirculation:
    @pytest.mark.parametrize("move_type, reversed_type, expected", [
        ("credit", None, "credit"),
        ("reversal", "credit", "credit"),
        ("reversal", "spend", "spend"),
        ("transfer", None, "transfer"),
    ])
    def test_a_reversal_counts_as_what_it_cancels(self, move_type, reversed_type, expected):
        assert ledger.kind_of(move_type, reversed_type) == expected

    def test_per_month_and_structure(self):
        rows = ledger.circulation(_scenario(), date(2026, 1, 1), date(2026, 4, 30), "month")
        table = [(row.period_start.month, row.structure_id, row.issued, row.spent,
                  row.adjusted, row.circulating) for row in rows]
        assert table == [
            (1, FOOD_BANK, D("3.00"), 0, 0, D("3.00")),
            (1, LIBRARY, D("2.50"), 0, 0, D("2.50")),
            (2, FOOD_BANK, D("2.00"), 0, 0, D("5.00")),
            (2, LIBRARY, 0, 0, 0, D("2.50")),
            (3, FOOD_BANK, 0, 0, 0, D("5.00")),
            (3, LIBRARY, 0, D("3.00"), 0, D("-0.50")),
            (4, FOOD_BANK, 0, 0, D("0.75"), D("5.75")),
            (4, LIBRARY, 0, 0, 0, D("-0.50")),
        ]

    def test_moves_before_the_period_open_the_circulation(self):
        rows = ledger.circulation(_scenario(), date(2026, 3, 1), date(2026, 3, 31), "quarter")
        table = [(row.structure_id, row.issued, row.spent, row.circulating) for row in rows]
        # The quarter starts on 1 January: the whole first quarter is in it.
        assert table == [
            (FOOD_BANK, D("5.00"), 0, D("5.00")),
            (LIBRARY, D("2.50"), D("3.00"), D("-0.50")),
        ]

    def test_opening_circulation_without_activity(self):
        rows = ledger.circulation(_scenario(), date(2026, 5, 1), date(2026, 5, 31), "month")
        assert [(row.structure_id, row.issued, row.circulating) for row in rows] == [
            (FOOD_BANK, 0, D("5.75")), (LIBRARY, 0, D("-0.50"))]

    def test_moves_after_the_end_are_ignored(self):
        rows = ledger.circulation(_scenario(), date(2026, 1, 1), date(2026, 1, 31), "year")
        assert [(row.structure_id, row.issued) for row in rows] == [
            (FOOD_BANK, D("3.00")), (LIBRARY, D("2.50"))]

    def test_moves_without_structure_come_last(self):
        moves = [Move(ALICE, D(2), date(2026, 1, 5), "adjustment", None, 1),
                 Move(BOB, D(1), date(2026, 1, 5), "credit", LIBRARY, 1)]
        rows = ledger.circulation(moves, date(2026, 1, 1), date(2026, 1, 31), "month")
        assert [row.structure_id for row in rows] == [LIBRARY, None]
