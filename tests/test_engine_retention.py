# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Retention period and anonymous placeholders: who is due, and codes that never clash."""

import random
import re
from datetime import date, datetime

import pytest
from addon_source import load_pure_module

retention = load_pure_module("volunteer_valuation/engine/retention.py")
TODAY = date(2026, 12, 1)
LABEL = re.compile(r"^Bénévole anonyme [0-9A-HJKMNP-TV-Z]{4}$")


def test_cutoff_is_that_many_years_back():
    assert retention.cutoff_date(TODAY, 3) == date(2023, 12, 1)
    assert retention.cutoff_date(date(2028, 2, 29), 1) == date(2027, 2, 28)
    assert retention.cutoff_date(date(2028, 2, 29), 4) == date(2024, 2, 29)


def test_zero_years_means_never():
    assert retention.cutoff_date(TODAY, 0) is None
    assert retention.person_cutoff(TODAY, [3, 0]) is None
    assert retention.person_cutoff(TODAY, []) is None


def test_negative_retention_is_refused():
    with pytest.raises(ValueError):
        retention.cutoff_date(TODAY, -1)


def test_the_longest_retention_of_the_companies_wins():
    assert retention.person_cutoff(TODAY, [3, 5, 1]) == date(2021, 12, 1)


def test_last_activity_takes_dates_and_datetimes():
    assert retention.last_activity(None, date(2020, 5, 1), datetime(2022, 1, 3, 23, 59)) == (
        date(2022, 1, 3))
    assert retention.last_activity() is None
    assert retention.last_activity(None, False) is None


def test_due_only_when_older_than_the_cutoff():
    cutoff = date(2023, 12, 1)
    activity = {
        1: date(2023, 11, 30),  # one day too old
        2: date(2023, 12, 1),  # exactly on the cut-off: still kept
        3: date(2026, 1, 1),
        4: None,  # no known activity: never forgotten by accident
        5: date(2010, 1, 1),  # no cut-off (retention 0)
    }
    cutoffs = {1: cutoff, 2: cutoff, 3: cutoff, 4: cutoff, 5: None}
    assert retention.due_for_erasure(activity, cutoffs) == [1]


def test_codes_are_all_different_and_avoid_taken_ones():
    rng = random.Random(12)
    codes = retention.anonymous_codes(3000, taken={"7KQ2"}, choice=rng.choice)
    assert len(set(codes)) == 3000
    assert "7KQ2" not in codes
    assert all(len(code) == 4 for code in codes)


def test_a_crowded_length_gives_longer_codes():
    # Every code of one character is taken: the next ones have two.
    taken = set(retention.ALPHABET)
    codes = retention.anonymous_codes(5, taken=taken, length=1, choice=random.Random(3).choice)
    assert all(len(code) == 2 for code in codes)
    assert len(set(codes)) == 5


def test_codes_are_random_not_derived_from_anything():
    first = retention.anonymous_codes(50)
    second = retention.anonymous_codes(50)
    assert first != second


def test_label_and_its_code():
    label = retention.anonymous_label("Bénévole anonyme", "7KQ2")
    assert label == "Bénévole anonyme 7KQ2"
    assert LABEL.match(label)
    assert retention.code_of(label) == "7KQ2"
    assert retention.code_of("Anonymous volunteer 7KQ2-AB") == "7KQ2AB"
    assert retention.code_of("Marie Curie") is None
    assert retention.code_of("7KQ2") is None
    assert retention.code_of(None) is None
