# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Pseudonyms of shared reports: stable per person, unique, unreadable without the key."""

import re

import pytest
from addon_source import load_pure_module

pseudonyms = load_pure_module("volunteer_valuation/engine/pseudonyms.py")
KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
SHAPE = re.compile(r"^Bénévole [0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_same_person_same_pseudonym_in_every_export():
    first = pseudonyms.pseudonyms(KEY, [42, 7, 1000])
    second = pseudonyms.pseudonyms(KEY, [99999, 42])
    assert first[42] == second[42] == pseudonyms.pseudonym(KEY, 42)


def test_shape_and_no_trace_of_the_partner_id():
    label = pseudonyms.pseudonym(KEY, 42)
    assert SHAPE.match(label), label
    # Consecutive partners do not get consecutive or look-alike codes.
    codes = [pseudonyms.pseudonym_code(KEY, partner_id) for partner_id in range(1, 50)]
    assert len({code[:3] for code in codes}) > 40


def test_another_database_key_gives_other_pseudonyms():
    other = pseudonyms.new_key()
    assert re.fullmatch(r"[0-9a-f]{64}", other)
    assert other != pseudonyms.new_key()
    same = sum(pseudonyms.pseudonym(KEY, pid) == pseudonyms.pseudonym(other, pid)
               for pid in range(1, 200))
    assert same == 0


def test_a_key_is_required():
    with pytest.raises(ValueError):
        pseudonyms.pseudonym("", 1)
    with pytest.raises(ValueError):
        pseudonyms.pseudonym_code(KEY, 1, length=0)


def test_twenty_thousand_volunteers_all_distinct():
    labels = pseudonyms.pseudonyms(KEY, range(1, 20001))
    assert len(labels) == 20000
    assert len(set(labels.values())) == 20000


def test_clashing_codes_are_lengthened_so_totals_never_merge():
    # One character for 100 people: most codes clash and must grow.
    labels = pseudonyms.pseudonyms(KEY, range(1, 101), length=1)
    assert len(set(labels.values())) == 100
    short = [label for label in labels.values() if len(label.split(" ")[1]) == 1]
    longer = [label for label in labels.values() if len(label.split(" ")[1]) > 1]
    assert longer, "clashing codes should have been lengthened"
    # A code that did not clash keeps its usual length, and stays the same.
    for partner_id, label in labels.items():
        if label in short:
            assert label == pseudonyms.pseudonym(KEY, partner_id, length=1)
