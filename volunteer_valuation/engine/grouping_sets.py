# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Which grouping set a row of a ``GROUP BY GROUPING SETS`` query belongs to.

Pure Python, no Odoo import. The reports add up the contributions of a period
by several groupings in one query (one read of the period, not one per
grouping); PostgreSQL's ``GROUPING(a, b, ...)`` tells each row's set apart::

    sets = {"month": ("month",), "person": ("structure", "partner")}
    columns = set_columns(sets)              # ("month", "structure", "partner")
    masks = grouping_masks(columns, sets)    # {GROUPING() value: (name, positions)}
    name, positions = masks[row[0]]          # the row's set, and where its values are
"""


def set_columns(sets):
    """Every column of ``sets`` ({name: columns}) once, in the order first met."""
    return tuple(dict.fromkeys(column for columns in sets.values() for column in columns))


def grouping_masks(columns, sets):
    """{value of GROUPING(*columns): (name of the set, positions of its columns)}.

    PostgreSQL sets the bit of each column a set leaves out, the last column
    being bit 0. Two sets of the same columns cannot be told apart: refused.
    """
    last = len(columns) - 1
    masks = {}
    for name, set_of in sets.items():
        mask = sum(1 << (last - index) for index, column in enumerate(columns)
                   if column not in set_of)
        if mask in masks:
            raise ValueError(f"grouping sets {masks[mask][0]!r} and {name!r} are the same")
        masks[mask] = (name, tuple(columns.index(column) for column in set_of))
    return masks
