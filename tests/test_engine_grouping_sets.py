# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Rows of a GROUPING SETS query told apart by the value of GROUPING()."""

import pytest
from addon_source import load_pure_module

grouping_sets = load_pure_module("volunteer_valuation/engine/grouping_sets.py")
grouping_masks, set_columns = grouping_sets.grouping_masks, grouping_sets.set_columns

SETS = {
    "fact": ("structure", "month", "type"),
    "project": ("project", "type"),
    "person": ("structure", "partner"),
    "rate": ("rate",),
}


def test_columns_are_listed_once_in_the_order_first_met():
    assert set_columns(SETS) == ("structure", "month", "type", "project", "partner", "rate")


def test_each_set_has_the_bits_of_the_columns_it_leaves_out():
    # GROUPING(structure, month, type, project, partner, rate): structure is bit 5.
    masks = grouping_masks(set_columns(SETS), SETS)
    assert masks == {
        0b000111: ("fact", (0, 1, 2)),
        0b110011: ("project", (3, 2)),
        0b011101: ("person", (0, 4)),
        0b111110: ("rate", (5,)),
    }


def test_positions_follow_the_order_of_the_set_not_of_the_columns():
    masks = grouping_masks(("a", "b"), {"reversed": ("b", "a"), "a": ("a",)})
    assert masks[0] == ("reversed", (1, 0))
    assert masks[1] == ("a", (0,))


def test_two_sets_of_the_same_columns_are_refused():
    with pytest.raises(ValueError, match="'one' and 'two'"):
        grouping_masks(("a", "b"), {"one": ("a", "b"), "two": ("b", "a")})
