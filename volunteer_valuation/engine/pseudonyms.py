# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Stable pseudonyms for volunteers in shared reports ("Bénévole 7KQ2-M9XD").

Pure Python, no Odoo import.

A pseudonym is a keyed hash (HMAC-SHA256) of the partner id with a secret key
that only the database holds (a system parameter, readable by administrators
only):

- stable: the same person gets the same pseudonym in every export and every
  year, so a federation can still total hours per person;
- not reversible: without the key nobody can tell which partner hides behind
  a pseudonym, nor test a guess. A zero-padded partner id would be stable but
  anyone with access to the contacts could look the person up;
- short: 8 characters of Crockford's base32 (40 bits). Two people of one
  export sharing a code is unlikely (about 1 in 5 000 for 20 000 people); when
  it happens, both get a longer code, so that per-person totals never merge.
"""

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
DEFAULT_LENGTH = 8
MAX_LENGTH = 48
DEFAULT_PREFIX = "Bénévole"
SCOPE = b"volunteer_valuation.pseudonym:"


def new_key():
    """A fresh random secret key (64 hexadecimal characters)."""
    return secrets.token_hex(32)


def pseudonym_code(key, partner_id, length=DEFAULT_LENGTH):
    """The code of ``partner_id`` under ``key``: ``length`` base32 characters."""
    if not key:
        raise ValueError("a pseudonym needs a secret key")
    if not 1 <= length <= MAX_LENGTH:
        raise ValueError(f"a pseudonym code has 1 to {MAX_LENGTH} characters")
    key_bytes = key.encode() if isinstance(key, str) else bytes(key)
    digest = hmac.new(key_bytes, SCOPE + str(int(partner_id)).encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _index in range(length):
        number, remainder = divmod(number, 32)
        chars.append(ALPHABET[remainder])
    return "".join(chars)


def format_pseudonym(code, prefix=DEFAULT_PREFIX):
    """``prefix`` and the code in groups of four: "Bénévole 7KQ2-M9XD"."""
    groups = "-".join(code[index:index + 4] for index in range(0, len(code), 4))
    return f"{prefix} {groups}"


def pseudonym(key, partner_id, prefix=DEFAULT_PREFIX, length=DEFAULT_LENGTH):
    """The pseudonym of one person."""
    return format_pseudonym(pseudonym_code(key, partner_id, length), prefix)


def pseudonyms(key, partner_ids, prefix=DEFAULT_PREFIX, length=DEFAULT_LENGTH):
    """{partner id: pseudonym} for ``partner_ids``, all different.

    People whose codes collide get longer codes (4 more characters, as often
    as needed); everybody else keeps the usual code.
    """
    ids = sorted({int(partner_id) for partner_id in partner_ids})
    lengths = dict.fromkeys(ids, length)
    while True:
        codes = {partner_id: pseudonym_code(key, partner_id, lengths[partner_id])
                 for partner_id in ids}
        holders = {}
        for partner_id, code in codes.items():
            holders.setdefault(code, []).append(partner_id)
        clashing = [partner_id for group in holders.values() if len(group) > 1
                    for partner_id in group]
        if not clashing:
            return {partner_id: format_pseudonym(code, prefix)
                    for partner_id, code in codes.items()}
        for partner_id in clashing:
            lengths[partner_id] += 4
