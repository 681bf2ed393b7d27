# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""After the load: read the database and say what was lost, doubled or wrongly credited.

Every declaration posted carries a unique description, so contributions are counted
by (volunteer, description). Credits are checked against the setup's currencies:
each validated contribution holds exactly one live credit per currency that applies
to it, for the right volunteer and amount, and no other contribution holds one;
each account's moves are numbered 1..n and its running balance adds up.
"""

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

AMOUNT_TOLERANCE = Decimal("0.00005")
CREDITED_TYPE = "volunteer"  # the setup's currencies credit bénévoles only (the default)


def check_declarations(cr, pattern, declared, double_clicks):
    """``declared``: [(partner id, description, outcome)]; ``double_clicks``:
    [(partner id, description)]. Returns a result dict and a list of failures."""
    cr.execute("SELECT partner_id, name, count(*) FROM volunteer_contribution "
               "WHERE name LIKE %s GROUP BY partner_id, name", [pattern])
    found = {(partner, name): count for partner, name, count in cr.fetchall()}
    outcomes = Counter(outcome for _partner, _name, outcome in declared)
    missing, doubled, unwanted, unknown_found = [], [], [], Counter()
    for partner, name, outcome in declared:
        count = found.get((partner, name), 0)
        if outcome == "created" and count == 0:
            missing.append(name)
        elif count > 1:
            doubled.append(f"{name} x{count}")
        elif outcome == "refused" and count:
            unwanted.append(f"{name} (the form was refused, yet it was saved)")
        elif outcome == "unknown":
            unknown_found[count] += 1
    known = {(partner, name) for partner, name, _outcome in declared}
    known.update(double_clicks)
    strangers = [f"{name} (partner {partner}) x{count}"
                 for (partner, name), count in found.items() if (partner, name) not in known]
    clicks = [found.get(key, 0) for key in double_clicks]
    result = {
        "posted": len(declared), "outcomes": dict(outcomes),
        "found_once": sum(1 for key in known - set(double_clicks) if found.get(key) == 1),
        "missing": len(missing), "doubled": len(doubled), "saved_despite_refusal": len(unwanted),
        "unknown_outcome_found": dict(unknown_found), "unexpected_records": len(strangers),
        "double_click_pairs": len(double_clicks),
        "double_click_records": dict(Counter(clicks)),
        "examples": (missing + doubled + unwanted + strangers)[:20],
    }
    failures = []
    if missing:
        failures.append(f"{len(missing)} declarations answered as saved are missing")
    if doubled:
        failures.append(f"{len(doubled)} declarations were saved more than once")
    if unwanted:
        failures.append(f"{len(unwanted)} refused declarations were saved")
    if strangers:
        failures.append(f"{len(strangers)} contributions nobody posted")
    doubled_clicks = sum(1 for count in clicks if count > 1)
    if doubled_clicks:
        failures.append(f"double click: {doubled_clicks} of {len(clicks)} forms posted twice "
                        f"at once gave more than one contribution")
    if any(count == 0 for count in clicks):
        failures.append("double click: some forms gave no contribution at all")
    return result, failures


def _expected_credit(contribution, currency):
    """Units a validated contribution earns in ``currency``, or None when it does not apply."""
    _cid, state, _partner, hours, value, ctype, mode, parent_path = contribution
    path = {int(part) for part in (parent_path or "").split("/") if part}
    applies = not currency["scope_ids"] or path & set(currency["scope_ids"])
    if state != "validated" or ctype != CREDITED_TYPE or mode != "detailed" or not applies:
        return None
    base = hours if currency["basis"] == "hours" else value
    exponent = Decimal(1).scaleb(-currency["decimal_places"])
    amount = (Decimal(str(base or 0)) * Decimal(str(currency["rate"]))).quantize(
        exponent, ROUND_HALF_UP)
    return amount if amount > 0 else None


def check_credits(cr, pattern, currencies):
    """Exactly one live credit per validated contribution and applicable currency."""
    cr.execute("""
        SELECT c.id, c.state, c.partner_id, c.duration, c.amount, c.contributor_type,
               c.entry_mode, s.parent_path
          FROM volunteer_contribution c JOIN volunteer_structure s ON s.id = c.structure_id
         WHERE c.name LIKE %s""", [pattern])
    contributions = cr.fetchall()
    cr.execute("""
        SELECT m.contribution_id, m.currency_id, m.partner_id, m.amount
          FROM volunteer_currency_move m
          JOIN volunteer_contribution c ON c.id = m.contribution_id
         WHERE m.move_type = 'credit' AND c.name LIKE %s
           AND NOT EXISTS (SELECT 1 FROM volunteer_currency_move r
                            WHERE r.reversed_move_id = m.id)""", [pattern])
    credits = defaultdict(list)
    for contribution_id, currency_id, partner_id, amount in cr.fetchall():
        credits[contribution_id, currency_id].append((partner_id, Decimal(str(amount))))
    problems = Counter()
    examples = []
    expected_total = 0
    for contribution in contributions:
        for currency in currencies:
            expected = _expected_credit(contribution, currency)
            found = credits.get((contribution[0], currency["id"]), [])
            expected_total += expected is not None
            issue = None
            if expected is None and found:
                issue = "credit without a validated contribution it applies to"
            elif expected is not None and not found:
                issue = "missing credit"
            elif len(found) > 1:
                issue = "doubled credit"
            elif found and (found[0][0] != contribution[2]
                            or abs(found[0][1] - expected) > AMOUNT_TOLERANCE):
                issue = "credit of a wrong volunteer or amount"
            if issue:
                problems[issue] += 1
                if len(examples) < 20:
                    examples.append(f"{issue}: contribution {contribution[0]}, "
                                    f"{currency['name']}: expected {expected}, found {found}")
    states = Counter(row[1] for row in contributions)
    result = {
        "contributions": len(contributions), "states": dict(states),
        "credits_expected": expected_total,
        "credits_found": sum(len(found) for found in credits.values()),
        "problems": dict(problems), "examples": examples,
    }
    failures = [f"{count} x {issue}" for issue, count in problems.items()]
    return result, failures


def check_ledger(cr):
    """Every account (currency, member): moves numbered 1..n, balance after each move =
    balance before + amount, last balance = sum of the moves."""
    cr.execute("""
        SELECT currency_id, partner_id, count(*), count(DISTINCT sequence), min(sequence),
               max(sequence), sum(amount),
               (array_agg(balance_after ORDER BY sequence DESC))[1],
               count(*) FILTER (WHERE abs(coalesce(previous, 0) + amount - balance_after)
                                      > %s)
          FROM (SELECT currency_id, partner_id, sequence, amount, balance_after,
                       lag(balance_after) OVER (PARTITION BY currency_id, partner_id
                                                ORDER BY sequence) AS previous
                  FROM volunteer_currency_move) AS moves
      GROUP BY currency_id, partner_id""", [float(AMOUNT_TOLERANCE)])
    accounts = cr.fetchall()
    wrong = []
    for currency, partner, count, distinct, first, last, total, balance, breaks in accounts:
        if count != distinct or first != 1 or last != count:
            wrong.append(f"currency {currency}, partner {partner}: moves numbered {first}..{last}"
                         f" for {count} moves ({distinct} distinct numbers)")
        elif breaks or abs(Decimal(str(total)) - Decimal(str(balance))) > AMOUNT_TOLERANCE:
            wrong.append(f"currency {currency}, partner {partner}: balance {balance}, sum of "
                         f"moves {total}, {breaks} breaks in the running balance")
    result = {"accounts": len(accounts), "moves": sum(row[2] for row in accounts),
              "inconsistent_accounts": len(wrong), "examples": wrong[:20]}
    failures = [f"{len(wrong)} currency accounts do not add up"] if wrong else []
    return result, failures
