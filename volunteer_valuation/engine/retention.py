# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Rules of the retention period and of anonymous placeholders (RGPD).

Pure Python, no Odoo import. The models gather dates and settings, then ask:

- :func:`cutoff_date`: the day before which activity is too old, for a retention
  of ``years`` (0: data is kept until the person asks for its erasure);
- :func:`person_cutoff`: the cut-off of one person active in several companies,
  each with its own retention: the longest retention wins, "never" above all;
- :func:`last_activity`: the latest of the dates at which a person showed up;
- :func:`due_for_erasure`: the people whose last activity is before their cut-off;
- :func:`anonymous_codes`: short random codes for the placeholders that take the
  place of forgotten people ("Bénévole anonyme 7KQ2"), all different; :func:`code_of`
  reads the code back from a placeholder's name.

>>> from datetime import date
>>> cutoff_date(date(2026, 12, 1), 3)
datetime.date(2023, 12, 1)
>>> person_cutoff(date(2026, 12, 1), [3, 5]), person_cutoff(date(2026, 12, 1), [3, 0])
(datetime.date(2021, 12, 1), None)
>>> due_for_erasure({7: date(2020, 1, 1), 8: date(2025, 1, 1)}, {7: date(2023, 12, 1),
...                                                             8: date(2023, 12, 1)})
[7]

A placeholder's code is random, not derived from the person: nobody, not even with
the database's keys, can find whom a placeholder replaced.
"""

import secrets
from datetime import datetime

from .pseudonyms import ALPHABET, format_pseudonym

CODE_LENGTH = 4
MAX_CODE_LENGTH = 16
# Codes drawn before a code length is deemed crowded and codes get longer.
DRAWS_PER_LENGTH = 20


def cutoff_date(today, years):
    """The day ``years`` years before ``today`` (28 February for a 29 February);
    None when ``years`` is 0 (no retention period: nothing expires)."""
    if years < 0:
        raise ValueError("a retention period cannot be negative")
    if not years:
        return None
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February of a leap year, to a common year
        return today.replace(year=today.year - years, day=28)


def person_cutoff(today, retention_years):
    """The cut-off of a person whose data is held by companies with these retention
    periods: the longest one, None if any of them keeps data forever (or none given)."""
    years = list(retention_years)
    if not years or 0 in years:
        return None
    return cutoff_date(today, max(years))


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def last_activity(*dates):
    """The latest of ``dates`` (dates or datetimes, None ignored), as a date; None if none."""
    days = [_as_date(value) for value in dates if value]
    return max(days) if days else None


def due_for_erasure(activity, cutoffs):
    """Sorted ids of ``activity`` ({id: last activity date}) older than their cut-off
    ({id: date or None}). Nobody is due without a cut-off or without a known activity."""
    return sorted(
        person_id for person_id, last in activity.items()
        if last and cutoffs.get(person_id) and last < cutoffs[person_id])


def _random_code(length, choice):
    return "".join(choice(ALPHABET) for _index in range(length))


def anonymous_codes(count, taken=(), length=CODE_LENGTH, choice=secrets.choice):
    """``count`` random codes, different from each other and from ``taken``.

    Codes have ``length`` characters of Crockford's base32 (about a million codes of
    four), longer when that length is crowded. ``choice`` picks a character (tests
    pass a seeded one).
    """
    used = {code.upper() for code in taken if code}
    codes = []
    misses = 0
    while len(codes) < count:
        code = _random_code(length, choice)
        if code in used:
            misses += 1
            if misses >= DRAWS_PER_LENGTH:
                if length >= MAX_CODE_LENGTH:
                    raise ValueError("no free anonymous code left")
                length, misses = length + 1, 0
            continue
        used.add(code)
        codes.append(code)
    return codes


def anonymous_label(prefix, code):
    """The name of a placeholder: ``prefix`` and the code ("Bénévole anonyme 7KQ2")."""
    return format_pseudonym(code, prefix)


def code_of(label):
    """The code that ends a placeholder's name ("Bénévole anonyme 7KQ2" gives "7KQ2"),
    whatever its prefix and language; None for any other name."""
    words = (label or "").split()
    code = words[-1].replace("-", "").upper() if len(words) > 1 else ""
    return code if code and set(code) <= set(ALPHABET) else None
