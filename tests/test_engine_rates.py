# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The valuation engine on its own: matching, precedence, ties, amounts, rounding."""

import ast
from datetime import date
from decimal import Decimal

import pytest
from addon_source import REPO_ROOT, load_pure_module

ENGINE_PATH = "volunteer_valuation/engine/rates.py"
rates = load_pure_module(ENGINE_PATH)
RateLine, WagePeriod, Facts = rates.RateLine, rates.WagePeriod, rates.ContributionFacts

SMIC = [
    WagePeriod(date(2024, 1, 1), 11.65, 1.42),
    WagePeriod(date(2024, 11, 1), 11.88, 1.42),
    WagePeriod(date(2026, 1, 1), 12.02, 1.45),
]
# A network: federation 1 > region 2 > association 3; association 4 under the federation.
PATH_3 = frozenset({1, 2, 3})
PATH_4 = frozenset({1, 4})


def line(id_, **values):
    values.setdefault("date_from", date(2024, 1, 1))
    return RateLine(id=id_, **values)


def facts(day=date(2026, 3, 2), path=PATH_3, **values):
    return Facts(day=day, structure_path=path, **values)


def test_the_engine_imports_only_the_standard_library():
    tree = ast.parse((REPO_ROOT / ENGINE_PATH).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"dataclasses", "datetime", "decimal"}


class TestMatching:
    def test_empty_criteria_match_everything(self):
        assert rates.line_matches(line(1), facts(level_id=7, category_id=3))

    def test_structure_line_applies_to_descendants_only(self):
        region = line(1, structure_id=2, structure_depth=1)
        assert rates.line_matches(region, facts(path=PATH_3))
        assert not rates.line_matches(region, facts(path=PATH_4))

    @pytest.mark.parametrize("criterion, value, other", [
        ("level_id", 1, 2),
        ("category_id", 5, 6),
        ("contributor_type", "volunteer", "civic_service"),
    ])
    def test_set_criterion_must_be_equal(self, criterion, value, other):
        rate = line(1, **{criterion: value})
        assert rates.line_matches(rate, facts(**{criterion: value}))
        assert not rates.line_matches(rate, facts(**{criterion: other}))
        assert not rates.line_matches(rate, facts())

    def test_period_bounds_are_inclusive(self):
        rate = line(1, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
        assert rates.line_matches(rate, facts(day=date(2025, 1, 1)))
        assert rates.line_matches(rate, facts(day=date(2025, 12, 31)))
        assert not rates.line_matches(rate, facts(day=date(2024, 12, 31)))
        assert not rates.line_matches(rate, facts(day=date(2026, 1, 1)))


class TestPrecedence:
    def test_deeper_structure_wins_over_more_criteria(self):
        general = line(1, level_id=1, category_id=2, contributor_type="volunteer")
        association = line(2, structure_id=3, structure_depth=2)
        chosen = rates.select_rate([general, association], facts(
            level_id=1, category_id=2, contributor_type="volunteer"))
        assert chosen == association

    def test_more_criteria_win_within_a_structure(self):
        base, by_level = line(1), line(2, level_id=1)
        assert rates.select_rate([base, by_level], facts(level_id=1)) == by_level
        assert rates.select_rate([base, by_level], facts(level_id=2)) == base

    def test_no_match_gives_none(self):
        assert rates.select_rate([line(1, level_id=1)], facts(level_id=2)) is None
        assert rates.select_rate([], facts()) is None

    def test_a_tie_at_run_time_is_an_error(self):
        first, second = line(1, level_id=1), line(2, category_id=5)
        with pytest.raises(rates.RateTieError) as error:
            rates.select_rate([first, second], facts(level_id=1, category_id=5))
        assert {error.value.first.id, error.value.second.id} == {1, 2}

    def test_a_better_line_clears_an_earlier_tie(self):
        lines = [line(1, level_id=1), line(2, category_id=5), line(3, level_id=1, category_id=5)]
        assert rates.select_rate(lines, facts(level_id=1, category_id=5)).id == 3


class TestAmounts:
    def test_fixed_amount(self):
        valuation = rates.valuate(
            [line(1, method="fixed", fixed_amount=18)], SMIC, facts(), 2.5)
        assert valuation.found
        assert valuation.hourly_rate == Decimal("18.00")
        assert valuation.amount == Decimal("45.00")

    def test_wage_in_force_on_the_contributions_date(self):
        coefficient_two = [line(1, method="wage", coefficient=2)]
        assert rates.valuate(coefficient_two, SMIC, facts(day=date(2024, 10, 31)), 1) \
            .hourly_rate == Decimal("23.30")
        assert rates.valuate(coefficient_two, SMIC, facts(day=date(2024, 11, 1)), 1) \
            .hourly_rate == Decimal("23.76")
        assert rates.valuate(coefficient_two, SMIC, facts(day=date(2026, 3, 2)), 1) \
            .hourly_rate == Decimal("24.04")

    def test_charges_multiplier_only_when_asked(self):
        plain = line(1, method="wage", coefficient=1)
        charged = line(1, method="wage", coefficient=1, apply_charges=True)
        assert rates.hourly_value(plain, SMIC, date(2026, 3, 2)) == Decimal("12.02")
        # 12.02 x 1.45 = 17.429 -> 17.43
        assert rates.hourly_value(charged, SMIC, date(2026, 3, 2)) == Decimal("17.43")

    def test_rate_rounded_before_the_amount(self):
        # 1.5 x 11.88 x 1.42 = 25.3044 -> 25.30 an hour; 3 h 20 min -> 84.33
        rate = line(1, method="wage", coefficient=1.5, apply_charges=True)
        valuation = rates.valuate([rate], SMIC, facts(day=date(2025, 6, 1)), 10 / 3)
        assert valuation.hourly_rate == Decimal("25.30")
        assert valuation.amount == Decimal("84.33")

    def test_half_cent_rounds_away_from_zero(self):
        assert rates.round_money(0.125) == Decimal("0.13")
        assert rates.round_money(2.675) == Decimal("2.68")
        assert rates.round_money(1.005, 2) == Decimal("1.01")
        assert rates.round_money(7.5, 0) == Decimal("8")

    def test_wage_method_without_any_wage_finds_no_value(self):
        valuation = rates.valuate([line(1, method="wage")], [], facts(), 3)
        assert not valuation.found
        assert valuation.amount == Decimal("0.00")

    def test_wage_before_the_first_period(self):
        assert rates.wage_in_force(SMIC, date(2023, 12, 31)) is None
        assert rates.wage_in_force(SMIC, date(2024, 1, 1)).hourly_amount == 11.65

    def test_full_time_equivalents(self):
        assert rates.full_time_equivalents(3214, 1607) == Decimal(2)
        with pytest.raises(ValueError):
            rates.full_time_equivalents(10, 0)


class TestTies:
    def test_same_criteria_overlapping_periods_tie(self):
        first = line(1, level_id=1, date_to=date(2025, 6, 30))
        second = line(2, level_id=1, date_from=date(2025, 6, 1))
        assert [(a.id, b.id) for a, b in rates.find_ties([first, second])] == [(1, 2)]

    def test_consecutive_periods_do_not_tie(self):
        first = line(1, level_id=1, date_to=date(2025, 5, 31))
        second = line(2, level_id=1, date_from=date(2025, 6, 1))
        assert rates.find_ties([first, second]) == []

    def test_different_values_of_a_criterion_do_not_tie(self):
        assert rates.find_ties([line(1, level_id=1), line(2, level_id=2)]) == []

    def test_different_criteria_with_as_many_set_tie(self):
        assert len(rates.find_ties([line(1, level_id=1), line(2, category_id=5)])) == 1

    def test_a_more_specific_line_resolves_the_tie(self):
        lines = [line(1, level_id=1), line(2, category_id=5), line(3, level_id=1, category_id=5)]
        assert rates.find_ties(lines) == []

    def test_a_partial_resolution_still_ties(self):
        lines = [
            line(1, level_id=1), line(2, category_id=5),
            line(3, level_id=1, category_id=5, date_to=date(2025, 12, 31)),
        ]
        assert len(rates.find_ties(lines)) == 1

    def test_resolution_split_over_two_periods(self):
        lines = [
            line(1, level_id=1), line(2, category_id=5),
            line(3, level_id=1, category_id=5, date_to=date(2025, 12, 31)),
            line(4, level_id=1, category_id=5, date_from=date(2026, 1, 1)),
        ]
        assert rates.find_ties(lines) == []

    def test_lines_of_different_structures_never_tie(self):
        lines = [line(1, structure_id=2, structure_depth=1), line(2, structure_id=4,
                                                                 structure_depth=1)]
        assert rates.find_ties(lines) == []
