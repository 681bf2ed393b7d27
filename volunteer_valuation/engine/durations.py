# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Durations typed the way people type them: "2h30", "2:30", "2,5", "150 min".

Pure Python, no Odoo import. :func:`parse_duration` returns hours as a float,
exact to the second for clock and h/min forms.
"""

import re

_NUMBER = r"\d+(?:[.,]\d+)?"
_PATTERNS = (
    # 2:30, 2:30:00, 0:45
    (re.compile(r"^(?P<h>\d+):(?P<m>[0-5]?\d)(?::(?P<s>[0-5]?\d))?$"), "clock"),
    # 2h30, 2 h 30, 2h30min, 2 h 30 min, 2h, 1 heure 30, 2 heures
    (re.compile(
        r"^(?P<h>\d+)\s*(?:h|hr|hrs|heures?|hours?)\s*(?:(?P<m>\d{1,2})\s*(?:m|min|mins|minutes?|mn)?)?$"),
     "hours_minutes"),
    # 150 min, 45min, 90 minutes, 45mn
    (re.compile(rf"^(?P<m>{_NUMBER})\s*(?:m|min|mins|minutes?|mn)$"), "minutes"),
    # 2,5 h, 2.5 hours
    (re.compile(rf"^(?P<h>{_NUMBER})\s*(?:h|hr|hrs|heures?|hours?)$"), "decimal"),
    # 2,5 or 2.5 or 3
    (re.compile(rf"^(?P<h>{_NUMBER})$"), "decimal"),
)


class DurationError(ValueError):
    """The text is not a duration this parser understands."""


def _number(text):
    return float(text.replace(",", "."))


def parse_duration(value):
    """Hours given by ``value``: a number, or a text such as "2h30" or "150 min".

    Raises :class:`DurationError` for anything else, including negative
    numbers and minutes of 60 or more after hours ("2h75").
    """
    if isinstance(value, bool):
        raise DurationError(value)
    if isinstance(value, int | float):
        if value < 0 or value != value or value == float("inf"):
            raise DurationError(value)
        return float(value)
    if not isinstance(value, str):
        raise DurationError(value)
    text = " ".join(value.strip().lower().split())
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        if kind == "clock":
            seconds = int(match["s"] or 0)
            return int(match["h"]) + int(match["m"]) / 60 + seconds / 3600
        if kind == "hours_minutes":
            minutes = int(match["m"] or 0)
            if minutes >= 60:
                raise DurationError(value)
            return int(match["h"]) + minutes / 60
        if kind == "minutes":
            return _number(match["m"]) / 60
        return _number(match["h"])
    raise DurationError(value)


def format_duration(hours):
    """Hours as "2h30" (rounded to the minute), for messages and exports."""
    minutes = round(hours * 60)
    return f"{minutes // 60}h{minutes % 60:02d}"
