# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The Fichier des écritures comptables (FEC): write it, and read it back strictly.

Pure Python, no Odoo import. The layout is the one of article A47 A-1 of the
Livre des procédures fiscales: a first line naming the 18 fields, then one
line per line of an entry, fields separated by a tab; dates as AAAAMMJJ;
amounts in two columns (Debit, Credit) with a decimal comma and no thousands
separator. The file is named ``<SIREN>FEC<AAAAMMJJ>.txt``, the date being the
closing date of the period.

:func:`read_fec` checks a file against that layout and the rules of double
entry (each entry balanced, its lines together and on one date), so that a
file is only handed over once it reads back as written.
"""

import re
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from .accounting import french_money

FEC_COLUMNS = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
)
SEPARATOR = "\t"
LINE_END = "\r\n"
MANDATORY = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "ValidDate",
)
DATES = ("EcritureDate", "PieceDate", "DateLet", "ValidDate")
# Fields that go together: both filled or both empty (DateLet needs EcritureLet).
PAIRS = (("CompAuxNum", "CompAuxLib"), ("Montantdevise", "Idevise"))
AMOUNT = re.compile(r"^\d+,\d{2}$")
FOREIGN_AMOUNT = re.compile(r"^-?\d+,\d{2}$")
# Fields shared by every line of an entry.
ENTRY_FIELDS = ("JournalCode", "EcritureDate", "ValidDate")

FecLine = NamedTuple("FecLine", [(name, object) for name in FEC_COLUMNS])


class FecError(ValueError):
    """The text is not a FEC file of the official layout; the message says where."""


def file_name(siren, closing_date):
    """``<SIREN>FEC<AAAAMMJJ>.txt``."""
    return f"{siren}FEC{closing_date:%Y%m%d}.txt"


def _text(value):
    """A field without the characters that would break a line or a column."""
    return " ".join(str(value).replace(SEPARATOR, " ").split())


def write_fec(entries, journal_code, journal_label, valid_date):
    """FEC text of ``entries`` (see :func:`accounting.build_entries`), validated on ``valid_date``.

    Each entry gives two lines: the debit of its use (86) and the credit of its
    resource (87), on the last day of its step.
    """
    lines = [SEPARATOR.join(FEC_COLUMNS)]
    valid = f"{valid_date:%Y%m%d}"
    for entry in entries:
        day, pair, amount = f"{entry.day:%Y%m%d}", entry.accounts, entry.amount
        for code, label, debit, credit in (
            (pair.debit_code, pair.debit_label, amount, 0),
            (pair.credit_code, pair.credit_label, 0, amount),
        ):
            fields = (
                journal_code, journal_label, entry.number, day, code, label, "", "",
                entry.reference, day, entry.label, french_money(debit), french_money(credit),
                "", "", valid, "", "",
            )
            lines.append(SEPARATOR.join(_text(value) for value in fields))
    return LINE_END.join(lines) + LINE_END


def _date(value, name, number):
    if not re.fullmatch(r"\d{8}", value):
        raise FecError(f"line {number}: {name} {value!r} is not a date AAAAMMJJ")
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise FecError(f"line {number}: {name} {value!r} is not a date") from None


def _amount(value, name, number, pattern=AMOUNT):
    if not pattern.match(value):
        raise FecError(f"line {number}: {name} {value!r} is not an amount such as 1234,56")
    return Decimal(value.replace(",", "."))


def _parse_line(text, number):
    """One line of the file as a :class:`FecLine` with dates and amounts parsed."""
    values = text.split(SEPARATOR)
    if len(values) != len(FEC_COLUMNS):
        raise FecError(f"line {number}: {len(values)} fields instead of {len(FEC_COLUMNS)}")
    fields = dict(zip(FEC_COLUMNS, values, strict=True))
    for name in MANDATORY:
        if not fields[name].strip():
            raise FecError(f"line {number}: {name} is empty")
    for name in FEC_COLUMNS:
        if fields[name] != fields[name].strip():
            raise FecError(f"line {number}: {name} has spaces around it")
    for first, second in PAIRS:
        if bool(fields[first]) != bool(fields[second]):
            raise FecError(f"line {number}: {first} and {second} go together")
    if fields["DateLet"] and not fields["EcritureLet"]:
        raise FecError(f"line {number}: DateLet without EcritureLet")
    for name in DATES:
        if fields[name]:
            fields[name] = _date(fields[name], name, number)
    for name in ("Debit", "Credit"):
        fields[name] = _amount(fields[name], name, number)
    if fields["Montantdevise"]:
        fields["Montantdevise"] = _amount(
            fields["Montantdevise"], "Montantdevise", number, FOREIGN_AMOUNT)
    if bool(fields["Debit"]) == bool(fields["Credit"]):
        raise FecError(f"line {number}: a line is either a debit or a credit")
    return FecLine(**fields)


def read_fec(text):
    """The lines of a FEC file, checked against the official layout.

    Raises :class:`FecError` at the first problem: header, field count, empty
    mandatory field, date or amount format, an entry whose lines are apart, on
    several dates or unbalanced, or an account or journal with two labels.
    """
    if text.startswith("\ufeff"):
        raise FecError("the file starts with a byte order mark")
    rows = text.split("\n")
    if rows[-1] == "":
        rows.pop()
    ends = {row.endswith("\r") for row in rows}
    if len(ends) > 1:
        raise FecError("lines end in two different ways")
    rows = [row.removesuffix("\r") for row in rows]
    if not rows or tuple(rows[0].split(SEPARATOR)) != FEC_COLUMNS:
        raise FecError("the first line must name the 18 fields of the layout, tab-separated")
    lines, seen, balance = [], set(), defaultdict(Decimal)
    labels = {"JournalCode": {}, "CompteNum": {}}
    current = None
    for number, text_line in enumerate(rows[1:], start=2):
        line = _parse_line(text_line, number)
        if current is None or line.EcritureNum != current.EcritureNum:
            if line.EcritureNum in seen:
                raise FecError(f"line {number}: the lines of entry {line.EcritureNum} are apart")
            seen.add(line.EcritureNum)
            current = line
        for name in ENTRY_FIELDS:
            if getattr(line, name) != getattr(current, name):
                raise FecError(f"line {number}: {name} differs within entry {line.EcritureNum}")
        for code, label in (("JournalCode", "JournalLib"), ("CompteNum", "CompteLib")):
            known = labels[code].setdefault(getattr(line, code), getattr(line, label))
            if known != getattr(line, label):
                raise FecError(f"line {number}: {code} {getattr(line, code)} has two labels")
        balance[line.EcritureNum] += line.Debit - line.Credit
        lines.append(line)
    for entry, difference in balance.items():
        if difference:
            raise FecError(f"entry {entry} is not balanced (difference {difference})")
    return lines

