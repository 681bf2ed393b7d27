# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A sheet as plain data: blocks of cells, each value with a kind.

Pure Python, no Odoo import and no spreadsheet library. A :class:`Sheet` is a
list of blocks written one under the other (a title, label-value facts,
tables with their totals, notes, blank rows); each cell is a plain value and a
kind ("text", "hours", "money", "date"...) that says how to format it.
:mod:`valuation_workbook` draws them; tests read them without a file::

    sheet.as_dict()["blocks"][0]   # {"type": "title", "text": "..."}
"""

from dataclasses import asdict, dataclass, field, is_dataclass
from typing import NamedTuple


class Column(NamedTuple):
    header: str
    kind: str
    width: float = 0


class Indented(NamedTuple):
    """A structure's name, indented by its depth in the tree (bold at the top)."""

    text: str
    depth: int


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Period:
    """The period on one row: "Période du <from> au <to>"."""

    date_from: object
    date_to: object


@dataclass(frozen=True)
class Facts:
    """Rows of (label, value, kind): the label in bold, the value formatted by kind."""

    rows: tuple


@dataclass(frozen=True)
class Label:
    text: str


@dataclass(frozen=True)
class Note:
    """A line of explanation, in italics (it spills over the next cells)."""

    text: str


@dataclass(frozen=True)
class Gap:
    rows: int = 1


@dataclass
class Table:
    """A header row, rows of values and an optional total row (in bold).

    ``freeze``: how many columns stay in view beside the frozen header (None:
    nothing frozen). ``rows`` may be an iterator read once (the detail), and
    ``total`` a function called after the rows are written.
    """

    columns: tuple
    rows: object
    total: object = None
    freeze: int | None = None
    autofilter: bool = False
    total_kinds: tuple | None = None
    streamed: bool = False

    def total_row(self):
        return self.total() if callable(self.total) else self.total


@dataclass
class Sheet:
    name: str
    widths: tuple
    blocks: list = field(default_factory=list)

    def as_dict(self):
        """The sheet as nested dicts and lists (streamed rows are left out)."""
        blocks = []
        for block in self.blocks:
            if isinstance(block, Table):
                values = {"columns": [column._asdict() for column in block.columns],
                          "rows": None if block.streamed else [list(row) for row in block.rows],
                          "total": None if callable(block.total) else block.total}
            elif is_dataclass(block):
                values = asdict(block)
            blocks.append({"type": type(block).__name__.lower(), **values})
        return {"name": self.name, "widths": list(self.widths), "blocks": blocks}

    def grid(self):
        """The values of the sheet as rows, where the file shows them (reads streamed rows)."""
        rows = []
        for block in self.blocks:
            if isinstance(block, Gap):
                rows += [[] for _index in range(block.rows)]
            elif isinstance(block, Title | Label | Note):
                rows.append([block.text])
            elif isinstance(block, Period):
                rows.append(["Période du", block.date_from, "au", block.date_to])
            elif isinstance(block, Facts):
                rows += [[label, value] for label, value, _kind in block.rows]
            elif isinstance(block, Table):
                rows.append([column.header for column in block.columns])
                width = len(block.columns)
                rows += [[value.text if isinstance(value, Indented) else value
                          for value in list(values)[:width]] for values in block.rows]
                if block.total_row() is not None:
                    rows.append(list(block.total_row()))
        return rows


def widths(columns):
    return tuple(column.width for column in columns)


def titled(title, data):
    """Title and period on top of a sheet, then a blank row."""
    return [Title(title), Period(data.date_from, data.date_to), Gap()]


