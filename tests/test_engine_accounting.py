# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Entries of in-kind contributions: grouping, exact sums, FEC and CSV files."""

import csv
import doctest
import io
import random
from datetime import date
from decimal import Decimal

import pytest
from addon_source import load_pure_module

accounting = load_pure_module("volunteer_valuation/engine/accounting.py")
fec = load_pure_module("volunteer_valuation/engine/fec.py")

VOLUNTEERS = accounting.AccountPair("864", "Personnel bénévole", "875", "Bénévolat")
SKILLS = accounting.AccountPair("862", "Prestations", "871", "Prestations en nature")
MAPPING = {
    ("volunteer", "detailed"): VOLUNTEERS,
    ("volunteer", "estimate"): VOLUNTEERS,
    ("civic_service", "detailed"): VOLUNTEERS,
    ("civic_service", "estimate"): None,
    ("skills_sponsorship", "detailed"): SKILLS,
    ("skills_sponsorship", "estimate"): SKILLS,
}
NAMES = {1: "Foyer rural de Bécherel", 2: "Union régionale", 3: "=HYPERLINK(\"http://x\")"}
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def row(structure, month, kind="volunteer", mode="detailed", hours=10.0, amount="120.20",
        rates=("12.02", "12.02")):
    low, high = (Decimal(rate) if rate is not None else None for rate in rates)
    return accounting.Row(structure, date(2025, month, 1), kind, mode, hours, Decimal(amount),
                          low, high)


def entries(rows, granularity="month", period=YEAR, mapping=MAPPING):
    return accounting.build_entries(rows, mapping, NAMES, *period, granularity, "CVN")


def test_doctest():
    assert doctest.testmod(accounting).failed == 0


@pytest.mark.parametrize("kind, code, expected", [
    ("volunteer", "875", ("864", "Personnel bénévole", "875", "Bénévolat")),
    ("volunteer", "870", ("864", "Personnel bénévole", "870", "Bénévolat")),
    ("civic_service", "870", ("864", "Personnel bénévole", "870", "Bénévolat")),
    ("skills_sponsorship", "875", ("862", "Prestations", "871", "Prestations en nature")),
])
def test_default_accounts(kind, code, expected):
    assert accounting.default_accounts(kind, code) == accounting.AccountPair(*expected)


def test_default_accounts_refuse_other_volunteering_account():
    with pytest.raises(ValueError):
        accounting.default_accounts("volunteer", "871")


@pytest.mark.parametrize("value, expected", [
    (0.1 + 0.2, "0.30"), (1234567.89, "1234567.89"), (Decimal("5"), "5.00"), (7, "7.00"),
    (2.675, "2.68"),
])
def test_to_money(value, expected):
    assert accounting.to_money(value) == Decimal(expected)


def test_to_money_keeps_none():
    assert accounting.to_money(None) is None


@pytest.mark.parametrize("start, end, label", [
    (date(2025, 1, 1), date(2025, 12, 31), "2025"),
    (date(2025, 3, 1), date(2025, 3, 31), "03/2025"),
    (date(2024, 2, 1), date(2024, 2, 29), "02/2024"),
    (date(2025, 3, 15), date(2025, 3, 31), "du 15/03/2025 au 31/03/2025"),
    (date(2025, 1, 1), date(2025, 6, 30), "du 01/01/2025 au 30/06/2025"),
])
def test_period_label(start, end, label):
    assert accounting.period_label(start, end) == label


def test_one_entry_per_structure_month_and_pair():
    result = entries([
        row(1, 3, hours=400.0, amount="4808.00"),
        row(1, 3, mode="estimate", hours=12.5, amount="150.25"),   # same pair: same entry
        row(1, 3, "skills_sponsorship", hours=2.0, amount="60.00"),  # other pair
        row(1, 4, hours=1.0, amount="12.02"),                      # other month
        row(2, 3, hours=1.0, amount="12.02"),                      # other structure
    ])
    assert [(e.structure, e.day, e.accounts.debit_code, e.amount) for e in result] == [
        ("Foyer rural de Bécherel", date(2025, 3, 31), "862", Decimal("60.00")),
        ("Foyer rural de Bécherel", date(2025, 3, 31), "864", Decimal("4958.25")),
        ("Union régionale", date(2025, 3, 31), "864", Decimal("12.02")),
        ("Foyer rural de Bécherel", date(2025, 4, 30), "864", Decimal("12.02")),
    ]
    assert [e.number for e in result] == ["CVN-00001", "CVN-00002", "CVN-00003", "CVN-00004"]
    assert result[1].label == "Bénévolat 03/2025 — Foyer rural de Bécherel — 412h30 à 12,02 €/h"
    assert result[1].reference == "CVN-2025-03-S1"


def test_whole_period_gives_one_entry_per_structure_and_pair():
    result = entries([row(1, 1), row(1, 6), row(1, 12), row(2, 2)], granularity="period")
    assert [(e.structure, e.day, e.amount) for e in result] == [
        ("Foyer rural de Bécherel", date(2025, 12, 31), Decimal("360.60")),
        ("Union régionale", date(2025, 12, 31), Decimal("120.20")),
    ]
    assert result[0].label == "Bénévolat 2025 — Foyer rural de Bécherel — 30h00 à 12,02 €/h"
    assert result[0].reference == "CVN-20250101-20251231-S1"


def test_partial_months_at_the_ends_of_the_period():
    result = entries([row(1, 3), row(1, 4)], period=(date(2025, 3, 15), date(2025, 4, 10)))
    assert [e.day for e in result] == [date(2025, 3, 31), date(2025, 4, 10)]
    assert "du 15/03/2025 au 31/03/2025" in result[0].label
    assert "du 01/04/2025 au 10/04/2025" in result[1].label


def test_label_gives_the_average_of_several_rates_and_names_every_type():
    result = entries([
        row(1, 3, hours=2.0, amount="24.04"),
        row(1, 3, "civic_service", hours=2.0, amount="36.06", rates=("18.03", "18.03")),
    ])
    assert result[0].label == ("Bénévolat et volontariat 03/2025 — Foyer rural de Bécherel — "
                               "4h00, 15,03 €/h en moyenne")


def test_unknown_rates_give_the_average():
    result = entries([row(1, 3, hours=3.0, amount="40.00", rates=(None, None))])
    assert result[0].label.endswith("3h00, 13,33 €/h en moyenne")


def test_time_not_posted_and_zero_amounts_are_left_out():
    result = entries([
        row(1, 3, "civic_service", "estimate", amount="99.99"),  # not posted
        row(1, 4, amount="0.00", rates=("0.00", "0.00")),       # nothing to post
    ])
    assert result == []


def random_rows(count=3000, seed=14):
    """Many rows of random cents: their sum is known exactly."""
    rng = random.Random(seed)
    kinds = [key for key, pair in MAPPING.items() if pair]
    rows = []
    for _index in range(count):
        kind, mode = rng.choice(kinds)
        cents = rng.randint(1, 2_000_000)
        rows.append(row(rng.choice([1, 2, 3]), rng.randint(1, 12), kind, mode,
                        hours=rng.randint(1, 4000) / 4, amount=f"{cents / 100:.2f}",
                        rates=(None, None)))
    return rows


@pytest.mark.parametrize("granularity", ["month", "period"])
def test_entries_add_up_to_the_cent(granularity):
    rows = random_rows()
    total = sum(r.amount for r in rows)
    result = entries(rows, granularity)
    assert sum(e.amount for e in result) == total
    lines = fec.read_fec(fec.write_fec(result, "CVN", "Contributions volontaires en nature",
                                       date(2026, 1, 15)))
    assert sum(line.Debit for line in lines) == sum(line.Credit for line in lines) == total


def test_account_totals():
    rows = random_rows(500)
    totals = {t.code: t for t in accounting.account_totals(
        ((r.contributor_type, r.entry_mode, r.amount) for r in rows), MAPPING)}
    assert list(totals) == ["862", "864", "871", "875"]
    volunteer_time = sum(r.amount for r in rows if r.contributor_type != "skills_sponsorship")
    skills = sum(r.amount for r in rows if r.contributor_type == "skills_sponsorship")
    assert totals["864"] == ("864", "Personnel bénévole", volunteer_time, Decimal("0.00"))
    assert totals["875"] == ("875", "Bénévolat", Decimal("0.00"), volunteer_time)
    assert totals["862"].debit == totals["871"].credit == skills
    # The same totals come out of the FEC file.
    lines = fec.read_fec(fec.write_fec(entries(rows), "CVN", "CVN", date(2026, 1, 1)))
    for code, total in totals.items():
        assert sum(line.Debit for line in lines if line.CompteNum == code) == total.debit
        assert sum(line.Credit for line in lines if line.CompteNum == code) == total.credit


# ----------------------------------------------------------------------
# FEC
# ----------------------------------------------------------------------

def fec_text(rows=None, valid=date(2026, 2, 1)):
    rows = rows or [row(1, 3, hours=412.5, amount="4958.25"), row(2, 3, "skills_sponsorship")]
    return fec.write_fec(entries(rows), "CVN", "Contributions volontaires en nature", valid)


def test_fec_layout():
    text = fec_text()
    lines = text.split("\r\n")
    assert lines[-1] == ""
    assert lines[0] == "\t".join([
        "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
        "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
        "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise"])
    assert lines[1].split("\t") == [
        "CVN", "Contributions volontaires en nature", "CVN-00001", "20250331", "864",
        "Personnel bénévole", "", "", "CVN-2025-03-S1", "20250331",
        "Bénévolat 03/2025 — Foyer rural de Bécherel — 412h30 à 12,02 €/h", "4958,25", "0,00",
        "", "", "20260201", "", ""]
    assert lines[2].split("\t")[4:6] + lines[2].split("\t")[11:13] == [
        "875", "Bénévolat", "0,00", "4958,25"]
    assert fec.file_name("775260185", date(2025, 12, 31)) == "775260185FEC20251231.txt"


def test_fec_reads_back():
    lines = fec.read_fec(fec_text())
    assert len(lines) == 4
    assert [line.EcritureNum for line in lines] == ["CVN-00001"] * 2 + ["CVN-00002"] * 2
    assert {line.ValidDate for line in lines} == {date(2026, 2, 1)}
    assert lines[0].Debit == Decimal("4958.25") and lines[1].Credit == Decimal("4958.25")


def test_fec_fields_never_break_a_line_or_a_column():
    names = {**NAMES, 1: "Foyer\trural\r\nde  Bécherel "}
    text = fec.write_fec(
        accounting.build_entries([row(1, 3)], MAPPING, names, *YEAR, "month", "CVN"),
        "CVN", "Journal\tCVN", date(2026, 1, 1))
    lines = fec.read_fec(text)
    assert lines[0].EcritureLib.startswith("Bénévolat 03/2025 — Foyer rural de Bécherel —")
    assert lines[0].JournalLib == "Journal CVN"


def replace_field(text, line, name, value):
    rows = text.split("\r\n")
    fields = rows[line].split("\t")
    fields[fec.FEC_COLUMNS.index(name)] = value
    rows[line] = "\t".join(fields)
    return "\r\n".join(rows)


@pytest.mark.parametrize("change, message", [
    (lambda t: "\ufeff" + t, "byte order mark"),
    (lambda t: t.replace("JournalCode", "Journal", 1), "first line"),
    (lambda t: t.replace("\t", "|"), "first line"),
    (lambda t: t.replace("\r\n", "\n", 1), "two different ways"),
    (lambda t: replace_field(t, 1, "Idevise", "EUR\textra"), "19 fields"),
    (lambda t: replace_field(t, 1, "Debit", "4958.25"), "not an amount"),
    (lambda t: replace_field(t, 1, "Debit", "4 958,25"), "not an amount"),
    (lambda t: replace_field(t, 1, "Debit", "4958,2"), "not an amount"),
    (lambda t: replace_field(t, 1, "Debit", "-4958,25"), "not an amount"),
    (lambda t: replace_field(t, 1, "Credit", "1,00"), "either a debit or a credit"),
    (lambda t: replace_field(t, 1, "Debit", "0,00"), "either a debit or a credit"),
    (lambda t: replace_field(t, 1, "EcritureDate", "2025-03-31"), "not a date AAAAMMJJ"),
    (lambda t: replace_field(t, 1, "PieceDate", "20250231"), "not a date"),
    (lambda t: replace_field(t, 1, "ValidDate", ""), "ValidDate is empty"),
    (lambda t: replace_field(t, 1, "PieceRef", ""), "PieceRef is empty"),
    (lambda t: replace_field(t, 1, "CompteLib", " Personnel"), "spaces"),
    (lambda t: replace_field(t, 1, "CompAuxNum", "411"), "go together"),
    (lambda t: replace_field(t, 1, "DateLet", "20250101"), "DateLet without EcritureLet"),
    (lambda t: replace_field(t, 2, "EcritureDate", "20250330"), "differs within entry"),
    (lambda t: replace_field(t, 2, "Credit", "4958,24"), "not balanced"),
    (lambda t: replace_field(t, 3, "CompteLib", "Personnel"), "two labels"),
    (lambda t: replace_field(t, 5, "EcritureNum", "CVN-00001"), "are apart"),
])
def test_fec_strict_reader_refuses(change, message):
    text = fec_text([row(1, 3, hours=412.5, amount="4958.25"), row(2, 3), row(1, 4)])
    fec.read_fec(text)
    with pytest.raises(fec.FecError, match=message):
        fec.read_fec(change(text))


# ----------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------

def test_odoo_csv():
    result = entries([row(3, 3, hours=2.0, amount="24.04"), row(1, 3, "skills_sponsorship")])
    table = list(csv.reader(io.StringIO(accounting.write_odoo_csv(result, "CVN"))))
    assert table[0] == ["date", "journal_id", "ref", "line_ids/account_id", "line_ids/name",
                        "line_ids/debit", "line_ids/credit", "Structure (analytique)"]
    first, second = table[1], table[2]
    assert first[:4] + first[5:7] == ["2025-03-31", "CVN", "CVN-2025-03-S3", "864", "24.04", ""]
    assert second[:4] + second[5:7] == ["", "", "", "875", "", "24.04"]
    # A structure whose name looks like a formula stays text.
    assert first[7] == second[7] == "'" + NAMES[3]
    debits = sum(Decimal(line[5]) for line in table[1:] if line[5])
    credits = sum(Decimal(line[6]) for line in table[1:] if line[6])
    assert debits == credits == Decimal("144.24")


def test_paheko_csv():
    result = entries([row(1, 3, hours=412.5, amount="4958.25"), row(3, 4)])
    table = list(csv.reader(io.StringIO(accounting.write_paheko_csv(result)), delimiter=";"))
    assert table == [
        ["Numéro pièce comptable", "Date", "Libellé", "Compte de débit", "Compte de crédit",
         "Montant"],
        ["CVN-2025-03-S1", "31/03/2025",
         "Bénévolat 03/2025 — Foyer rural de Bécherel — 412h30 à 12,02 €/h", "864", "875",
         "4958,25"],
        ["CVN-2025-04-S3", "30/04/2025",
         'Bénévolat 04/2025 — =HYPERLINK("http://x") — 10h00 à 12,02 €/h', "864", "875",
         "120,20"],
    ]


def test_csv_cells_are_formula_safe():
    names = {**NAMES, 1: "-1+1", 2: "@SUM(A1)"}
    result = accounting.build_entries([row(1, 3), row(2, 3)], MAPPING, names, *YEAR, "month",
                                      "CVN")
    for text, delimiter in ((accounting.write_odoo_csv(result, "CVN"), ","),
                            (accounting.write_paheko_csv(result), ";")):
        for cells in csv.reader(io.StringIO(text), delimiter=delimiter):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
