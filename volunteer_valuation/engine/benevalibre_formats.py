# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The three file formats of a Bénévalibre export, read one record at a time.

Pure Python, no Odoo import. :func:`open_table` reads the header of a binary
file and hands out its records lazily, so that an export of a million actions
is read in constant memory: CSV with the csv module over a decoded stream, XLSX
with openpyxl's read-only mode, JSON with :func:`iter_json_array`, which
decodes the items of a top-level list one by one::

    with open("benevalo-export.csv", "rb") as stream:
        table = open_table(stream, detect_kind(stream.read(1024), stream.name))
        for record in table.records:  # lists (CSV, XLSX) or JSON values
            ...

A file that cannot be read raises :class:`FileError`, from :func:`open_table`
or, for a fault further on, from the iteration of the records.
"""

import codecs
import csv
import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

CHUNK_SIZE = 1 << 16
# Longest JSON item accepted: a Bénévalibre action takes well under 10 000 characters.
MAX_ITEM_CHARS = 1 << 20
# Leading non-object items of a JSON list looked at to find the column names.
MAX_LEADING_ITEMS = 100
# Characters read past the start of a JSON item before decoding it: more than any number.
LOOKAHEAD = 64
_SPACE = re.compile(r"[ \t\r\n]*")


class FileError(ValueError):
    """The file as a whole cannot be read: ``code`` says why, ``params`` the details."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Table:
    """The header of a file and an iterator over its records."""

    kind: str
    headers: list
    records: Iterator
    first_line: int  # line number of the first record (the header is line 1)


def detect_kind(head, filename=""):
    """ "csv", "xlsx" or "json", from the file name, else from the first bytes ``head``."""
    name = (filename or "").lower()
    for kind in ("csv", "xlsx", "json"):
        if name.endswith("." + kind):
            return kind
    if head[:2] == b"PK":
        return "xlsx"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def open_table(stream, kind):
    """The :class:`Table` of the seekable binary file ``stream``, read as ``kind``."""
    return _OPENERS[kind](stream)


# --- CSV -------------------------------------------------------------------------


def csv_encoding(stream):
    """ "utf-8-sig", or "cp1252" for a file saved again by a spreadsheet program on Windows.

    Reads the whole file once, in chunks, and goes back to its start.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(0)
    try:
        while chunk := stream.read(CHUNK_SIZE):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"
    stream.seek(0)
    return encoding


def _open_csv(stream):
    text = io.TextIOWrapper(stream, encoding=csv_encoding(stream), errors="replace", newline="")
    header_line = text.readline()
    if not header_line:
        raise FileError("empty")
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(itertools.chain([header_line], text), delimiter=delimiter)
    try:
        headers = next(reader)
    except csv.Error as error:
        raise FileError("unreadable", reason=str(error)) from None
    return Table("csv", headers, _csv_records(reader), 2)


def _csv_records(reader):
    try:
        yield from reader
    except csv.Error as error:
        raise FileError("unreadable", reason=str(error)) from None


# --- XLSX ------------------------------------------------------------------------

# What openpyxl raises on a file that is not a sound workbook (ParseError is a SyntaxError).
_XLSX_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError, EOFError)


def _open_xlsx(stream):
    # openpyxl comes with Odoo (requirements.txt); imported here to keep the
    # module importable where only the CSV and JSON readers are needed.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except _XLSX_ERRORS as error:
        raise FileError("unreadable", reason=str(error) or type(error).__name__) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        first = next(rows, None)
    except _XLSX_ERRORS as error:
        workbook.close()
        raise FileError("unreadable", reason=str(error) or type(error).__name__) from None
    if first is None:
        workbook.close()
        raise FileError("empty")
    headers = ["" if value is None else str(value) for value in first]
    return Table("xlsx", headers, _xlsx_records(workbook, rows), 2)


def _xlsx_records(workbook, rows):
    try:
        for row in rows:
            yield list(row)
    except _XLSX_ERRORS as error:
        raise FileError("unreadable", reason=str(error) or type(error).__name__) from None
    finally:
        workbook.close()


# --- JSON ------------------------------------------------------------------------


def _open_json(stream):
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    items = _json_items(text)
    leading = []
    for item in items:
        leading.append(item)
        if isinstance(item, dict) or len(leading) >= MAX_LEADING_ITEMS:
            break
    headers = list(leading[-1]) if leading and isinstance(leading[-1], dict) else []
    return Table("json", headers, itertools.chain(leading, items), 1)


def _json_items(text):
    try:
        yield from iter_json_array(text)
    except UnicodeDecodeError as error:
        raise FileError("unreadable", reason=str(error)) from None


def iter_json_array(stream, chunk_size=CHUNK_SIZE):
    """The items of the JSON list held by the text stream ``stream``, decoded one at a time.

    >>> list(iter_json_array(io.StringIO(' [{"a": [1, 2]}, 3, "x"] ')))
    [{'a': [1, 2]}, 3, 'x']

    Raises :class:`FileError`: "not_a_list" for another JSON value, "unreadable"
    for a text that is not JSON.
    """
    decoder = json.JSONDecoder()
    state = {"buffer": "", "at": 0, "eof": False}

    def fill():
        """Read on; False at the end of the file. Keeps the text from ``at`` on."""
        chunk = "" if state["eof"] else stream.read(chunk_size)
        if not chunk:
            state["eof"] = True
            return False
        state["buffer"] = state["buffer"][state["at"]:] + chunk
        state["at"] = 0
        return True

    def next_char():
        """The next non-blank character, or "" at the end of the file."""
        while True:
            state["at"] = _SPACE.match(state["buffer"], state["at"]).end()
            if state["at"] < len(state["buffer"]):
                return state["buffer"][state["at"]]
            if not fill():
                return ""

    def value():
        # A number is whole only when what follows it is read too.
        while len(state["buffer"]) - state["at"] < LOOKAHEAD and fill():
            pass
        while True:
            buffer, at = state["buffer"], state["at"]
            try:
                item, end = decoder.raw_decode(buffer, at)
            except json.JSONDecodeError as error:
                if len(buffer) - at <= MAX_ITEM_CHARS and fill():
                    continue  # the item goes on in the next chunk
                raise FileError("unreadable", reason=str(error)) from None
            if end == len(buffer) and fill():
                continue  # a number may go on in the next chunk
            state["at"] = end
            return item

    first = next_char()
    if first != "[":
        if first:
            value()
            raise FileError("not_a_list")
        raise FileError("unreadable", reason="empty file")
    state["at"] += 1
    if next_char() == "]":
        state["at"] += 1
    else:
        while True:
            yield value()
            separator = next_char()
            state["at"] += 1
            if separator == "]":
                break
            if separator != ",":
                raise FileError("unreadable", reason=f"“,” or “]” expected, not “{separator}”")
            next_char()
    if next_char():
        raise FileError("unreadable", reason="extra data after the list")


_OPENERS = {"csv": _open_csv, "xlsx": _open_xlsx, "json": _open_json}
