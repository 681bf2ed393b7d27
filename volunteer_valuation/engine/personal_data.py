# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Everything the project holds about one volunteer, as JSON, CSV or XLSX ("my data").

Pure Python, no Odoo import. The Odoo side gathers a *document* (plain dicts, lists,
numbers, texts and dates) and the translated labels; this module lays it out:

- :func:`to_json` dumps the document as it is; :func:`export` gives the bytes of a file
  in one of the :data:`MIMETYPES`;
- :func:`build_tables` turns it into tables (the volunteer, one field a line; then one
  table for each list of the document that :data:`TABLES` or the caller's layout
  names: structures, contributions, their messages, access links, history of
  choices...), which :func:`to_csv` writes one after the other in one CSV text and
  :func:`to_xlsx` as the sheets of one workbook.

Every CSV and XLSX cell goes through :mod:`spreadsheet`, so a text such as
"=HYPERLINK(...)" stays text.
"""

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter

from .odoo_names import XLSX_MIMETYPE
from .spreadsheet import csv_cell, write_cell

VOLUNTEER_FIELDS = ("name", "email", "phone", "share_identity", "reminder_opt_out")
STRUCTURE_FIELDS = ("name", "member")
CONTRIBUTION_FIELDS = (
    "date", "date_end", "name", "structure", "project", "task", "level", "category",
    "hours", "duration", "distance_km", "state", "rejection_reason", "amount", "currency",
    "source", "created_on",
)
MESSAGE_FIELDS = ("contribution_date", "contribution", "date", "author", "text", "changes")
ACCESS_LINK_FIELDS = ("structure", "created_on", "valid_until", "state", "last_used")
CHOICE_FIELDS = ("date", "setting", "old_value", "new_value", "changed_by")
# The list tables of a document, in the order of the export: {key: fields}.
TABLES = {
    "structures": STRUCTURE_FIELDS,
    "contributions": CONTRIBUTION_FIELDS,
    "messages": MESSAGE_FIELDS,
    "access_links": ACCESS_LINK_FIELDS,
    "choices_history": CHOICE_FIELDS,
}
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_MIMETYPE,
    "json": "application/json; charset=utf-8",
}


@dataclass(frozen=True)
class Table:
    """One table of the export: a title, its columns (key, label) and rows (dicts)."""

    title: str
    columns: tuple
    rows: tuple


def _json_value(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not exported")


def to_json(document):
    """The document as indented JSON text, dates in ISO format."""
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_value)


def _display(value, labels):
    """A value as a spreadsheet shows it: booleans as the translated yes and no."""
    if isinstance(value, bool):
        return labels["yes"] if value else labels["no"]
    return value


def build_tables(document, labels, tables=None):
    """The tables of ``document``, with ``labels``.

    ``tables`` ({key: fields}, :data:`TABLES` by default) says which lists of the
    document become tables, in which order; a list the document does not hold is left
    out. ``labels`` holds the translated texts: "yes" and "no", and for "volunteer" and
    each key of ``tables`` a dict with a "title" and the label of each field
    ("volunteer" also has "field" and "value", its two column names).
    """
    volunteer = labels["volunteer"]
    result = [Table(
        title=volunteer["title"],
        columns=(("field", volunteer["field"]), ("value", volunteer["value"])),
        rows=tuple(
            {"field": volunteer[key], "value": _display(document["volunteer"].get(key), labels)}
            for key in VOLUNTEER_FIELDS),
    )]
    for key, fields in (TABLES if tables is None else tables).items():
        if key not in document:
            continue
        result.append(Table(
            title=labels[key]["title"],
            columns=tuple((name, labels[key][name]) for name in fields),
            rows=tuple(
                {name: _display(row.get(name), labels) for name in fields}
                for row in document[key]),
        ))
    return result


def _csv_value(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    return csv_cell(value)


def to_csv(tables):
    """The tables in one CSV text: each one its title line, then its header and rows,
    with an empty line between tables."""
    out = io.StringIO()
    writer = csv.writer(out)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([csv_cell(table.title)])
        writer.writerow([csv_cell(label) for _key, label in table.columns])
        for row in table.rows:
            writer.writerow([_csv_value(row.get(key)) for key, _label in table.columns])
    return out.getvalue()


def sheet_name(title, taken):
    """A valid, unique worksheet name for ``title`` (31 characters, no []:*?/\\)."""
    base = SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def to_xlsx(tables):
    """The tables as the sheets of an XLSX workbook (bytes)."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#E9ECEF", "text_wrap": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    taken = set()
    for table in tables:
        sheet = workbook.add_worksheet(sheet_name(table.title, taken))
        widths = [len(str(label)) for _key, label in table.columns]
        for col, (_key, label) in enumerate(table.columns):
            write_cell(sheet, 0, col, label, header)
        for row_index, row in enumerate(table.rows, start=1):
            for col, (key, _label) in enumerate(table.columns):
                value = row.get(key)
                cell_date_format = (
                    datetime_format if isinstance(value, datetime) else date_format)
                write_cell(sheet, row_index, col, value, date_format=cell_date_format)
                widths[col] = max(widths[col], len(str(value)) if value is not None else 0)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(max(width, 8), 60) + 2)
        sheet.freeze_panes(1, 0)
    workbook.close()
    return out.getvalue()


def export(document, fmt, labels, tables=None):
    """The document as the bytes of one file: "json", "csv" (UTF-8 with a BOM, for
    spreadsheet programs) or "xlsx"; ``labels`` and ``tables`` as :func:`build_tables`."""
    if fmt == "json":
        return to_json(document).encode()
    if fmt not in MIMETYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    built = build_tables(document, labels, tables)
    return to_csv(built).encode("utf-8-sig") if fmt == "csv" else to_xlsx(built)
