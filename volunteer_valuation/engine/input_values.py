# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Values a client sends (over RPC or a form) checked before they reach the database.

Pure Python, no Odoo import. :func:`problem` says why a value cannot be stored in
a field of a given kind (the type names of Odoo fields), or returns None::

    >>> problem("char", "Food bank")
    >>> problem("char", "a\\x00b")
    'nul'
    >>> problem("float", float("nan"))
    'not_finite'
    >>> problem("many2one", 2**40)
    'out_of_range'

The database would refuse most of these values too, but with an error that reads
like a crash (or, for NaN, would store it): the models call this first, and answer
with a clear message.
"""

import math
from datetime import date

MAX_ID = 2**31 - 1
MIN_INTEGER = -(2**31)
MAX_CHAR_LENGTH = 1000
MAX_TEXT_LENGTH = 100_000
TEXT_KINDS = {"char": MAX_CHAR_LENGTH, "selection": MAX_CHAR_LENGTH, "text": MAX_TEXT_LENGTH,
              "html": MAX_TEXT_LENGTH}


def problem(kind, value):
    """The reason code why ``value`` does not fit a field of ``kind``, or None.

    Codes: ``not_text``, ``nul``, ``too_long``, ``not_integer``, ``out_of_range``,
    ``not_number``, ``not_finite``, ``not_date``. False and None (empty) always fit.
    """
    if value is None or value is False:
        return None
    if kind in TEXT_KINDS:
        return _text_problem(value, TEXT_KINDS[kind])
    if kind in ("integer", "many2one"):
        if isinstance(value, bool) or not isinstance(value, int):
            return "not_integer"
        low = 1 if kind == "many2one" else MIN_INTEGER
        return None if low <= value <= MAX_ID else "out_of_range"
    if kind in ("float", "monetary"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "not_number"
        return None if math.isfinite(value) else "not_finite"
    if kind == "date":
        return None if parse_date(value) else "not_date"
    return None


def _text_problem(value, limit):
    if not isinstance(value, str):
        return "not_text"
    if "\x00" in value:
        return "nul"
    return "too_long" if len(value) > limit else None


def parse_date(value):
    """A date from a date or an ISO text ("2026-03-02"), or None."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) > 32:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
