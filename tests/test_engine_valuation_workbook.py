# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The valuation workbook, re-opened with openpyxl: sheets, roll-up, totals, types."""

import io
import tracemalloc
from datetime import date, datetime

import openpyxl
import pytest
from addon_source import load_pure_module

cec = load_pure_module("volunteer_valuation/engine/cec.py")
wb = load_pure_module("volunteer_valuation/engine/valuation_workbook.py")
S = wb.StructureInfo
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
HOSTILE = '=HYPERLINK("http://evil.example","clic")'

# Federation (1) > Region (2) > Association A (3) > Section A1 (4); Region > Association B (5);
# Federation > Empty region (6), without any contribution.
STRUCTURES = [
    S(1, "Fédération"), S(2, "Région", 1), S(3, "Association A", 2, "W751234567", "732829320"),
    S(4, "Section A1", 3), S(5, "Association B", 2), S(6, "Région vide", 1),
]
# Contributions, one per line: structure, month, type, role, level, category, project, mode,
# hours, amount, headcount.
CONTRIBUTIONS = [
    (3, JAN, "volunteer", "other", None, 11, 21, "detailed", 3.0, 36.06, 1),
    (3, FEB, "volunteer", "governance", 31, 12, None, "detailed", 2.5, 60.10, 1),
    (4, FEB, "volunteer", "supervision", None, None, None, "detailed", 4.0, 48.08, 1),
    (5, MAR, "civic_service", "other", 32, None, None, "detailed", 5.0, 90.15, 1),
    (5, JAN, "skills_sponsorship", "other", None, None, 21, "detailed", 1.5, 18.03, 1),
    (2, FEB, "volunteer", "other", None, None, None, "detailed", 2.0, 24.04, 1),
    (3, MAR, "volunteer", "other", None, 11, None, "estimate", 30.0, 360.60, 12),
    (5, MAR, "volunteer", "other", None, None, None, "estimate", 10.0, 120.20, 5),
]
FACTS = [wb.Fact(c[0], c[1], c[2], c[7], c[8], c[9], c[10], 1) for c in CONTRIBUTIONS]
# One person per detailed contribution here (the database counts them in real life).
BREAKDOWNS = {
    dimension: [wb.BreakdownRow(c[index], c[7], c[8], c[9], c[10], 1,
                                int(c[7] == "detailed")) for c in CONTRIBUTIONS]
    for dimension, index in (("role", 3), ("level", 4), ("category", 5), ("project", 6))
}
PAIRS = [(3, 100), (3, 101), (4, 102), (5, 103), (5, 104), (2, 105), (4, 100)]


def _detail_rows(count=3):
    rows = [wb.DetailRow(
        date(2026, 1, 10), None, "Fédération / Région / Association A", HOSTILE, "Bénévole",
        "Autre activité", None, "Événements", "=cmd|' /C calc'!A0", None, "+33 6 12 34 56 78",
        "Détaillée", None, 3.0, None, 12.02, 36.06, "Validée")]
    rows += [wb.DetailRow(
        date(2026, 2, 1), date(2026, 2, 2), "Association B", "Bénévole 7KQ2-M9XD", "Bénévole",
        "Gouvernance (conseil, bureau)", "Supervision", None, None, "-tâche", "@SUM(A1)",
        "Détaillée", None, 2.0, 12.5, 24.04, 48.08, "Validée")] * (count - 1)
    return rows


def _data(**values):
    data = {
        "company": "Fédération test", "date_from": date(2026, 1, 1),
        "date_to": date(2026, 6, 30), "structures_label": wb.ALL_STRUCTURES,
        "generated_at": datetime(2026, 7, 1, 9, 30), "generated_by": "=Admin",
        "facts": FACTS, "structures": STRUCTURES, "structure_people": PAIRS,
        "breakdowns": BREAKDOWNS,
        "people": {"total": 6, "month": {JAN: 2, FEB: 3, MAR: 1},
                   "contributor_type": {"volunteer": 4, "civic_service": 1,
                                        "skills_sponsorship": 1}},
        "estimate_people": {"volunteer": 17},
        "names": {"project": {21: "=Projet"}, "level": {31: "Supervision", 32: "Qualifié"},
                  "category": {11: "Événements", 12: "Formation"}},
        "persons": [wb.PersonTotal("Alice", True, "Association A", 2.5, 60.10, 1),
                    wb.PersonTotal(HOSTILE, False, "Section A1", 4.0, 48.08, 1)],
        "rates": [wb.RateInfo("SMIC", date(2024, 1, 1), None, None, None, None, None, "wage",
                              0.0, 1.0, False, 7.5, 90.15, 3),
                  wb.RateInfo("Forfait", date(2026, 1, 1), date(2026, 3, 31), "Association B",
                              None, None, "skills_sponsorship", "fixed", 12.02, 1.0, False,
                              1.5, 18.03, 1)],
        "wages": [wb.WageInfo("SMIC horaire brut", date(2026, 1, 1), None, 12.02, 1.0,
                              "Décret")],
        "detail": _detail_rows(),
    }
    data.update(values)
    return wb.WorkbookData(**data)


def _open(data):
    output = io.BytesIO()
    wb.write_workbook(output, data)
    return openpyxl.load_workbook(io.BytesIO(output.getvalue()))


def _rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def _row(sheet, label, column=0):
    """The first row whose ``column`` holds ``label``."""
    for row in sheet.iter_rows(values_only=True):
        if row[column] == label:
            return row
    raise AssertionError(f"no row {label!r} in {sheet.title}")


@pytest.fixture(scope="module")
def book():
    return _open(_data())


def test_sheets_in_order(book):
    assert book.sheetnames == list(wb.SHEETS)
    assert book.sheetnames[:7] == ["Synthèse", "Par structure", "Par mois", "Par projet",
                                   "Par niveau", "Par catégorie", "Par rôle"]
    assert {"CERFA 86-87", "Méthode", "Détail"} <= set(book.sheetnames)


def test_summary_totals_split_detailed_and_estimates(book):
    sheet = book["Synthèse"]
    detailed = _row(sheet, "Contributions détaillées")
    estimates = _row(sheet, "Estimations (à l'estime)")
    assert detailed[1:6] == (18.0, pytest.approx(276.46), pytest.approx(18 / 1607), 6, 6)
    assert estimates[1:6] == (40.0, pytest.approx(480.80), pytest.approx(40 / 1607), 17, 2)
    total = next(row for row in _rows(sheet) if row[0] == "Total")
    assert total[1] == 58.0 and total[2] == pytest.approx(757.26)
    volunteers = _row(sheet, "Bénévoles")
    assert volunteers[1:4] == (11.5, 40.0, 51.5)
    assert volunteers[6:9] == (4, 17, 6)
    assert _row(sheet, "Période du")[1] == datetime(2026, 1, 1)


def test_structure_tree_rolls_up_three_levels(book):
    sheet = book["Par structure"]
    header = _rows(sheet)[0]
    col = {name: index for index, name in enumerate(header)}
    rows = {row[0]: row for row in _rows(sheet)[1:] if row[0]}
    total = col["Heures (avec membres)"]
    own = (col["Heures propres détaillées"], col["Heures propres estimées"])
    value = col["Valeur (avec membres)"]
    # Parents before members, in tree order; the empty region is left out.
    names = [row[0] for row in _rows(sheet)[1:7]]
    assert names == ["Fédération", "Région", "Association A", "Section A1", "Association B",
                     "Total"]
    assert rows["Section A1"][total] == 4.0
    assert rows["Association A"][total] == 3.0 + 2.5 + 30.0 + 4.0
    assert rows["Association B"][total] == 5.0 + 1.5 + 10.0
    region = rows["Région"]
    assert region[total] == pytest.approx(
        rows["Association A"][total] + rows["Association B"][total]
        + region[own[0]] + region[own[1]])
    assert rows["Fédération"][total] == region[total] == rows["Total"][total] == 58.0
    assert rows["Fédération"][value] == pytest.approx(757.26)
    assert rows["Association A"][col["Niveau"]] == 3
    assert rows["Association A"][col["Structure parente"]] == "Région"
    assert rows["Association A"][col["RNA"]] == "W751234567"
    # Distinct people of a branch: person 100 is in A and A1 and counts once.
    people = col["Personnes distinctes (avec membres)"]
    assert rows["Association A"][people] == 3
    assert rows["Fédération"][people] == 6
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref.startswith("A1:")


def test_empty_root_stays_and_facts_outside_the_tree_are_refused():
    rows, grand, _people = wb.structure_tree([S(9, "Seule")], [], [])
    assert [row.structure.name for row in rows] == ["Seule"] and grand.total_count == 0
    with pytest.raises(ValueError):
        wb.structure_tree([S(9, "Seule")], FACTS, [])


@pytest.mark.parametrize("sheet_name, key, expected_hours", [
    ("Par mois", datetime(2026, 2, 1), 8.5),
    ("Par projet", "=Projet", 4.5),
    ("Par projet", "Sans projet", 53.5),
    ("Par niveau", "Supervision", 2.5),
    ("Par catégorie", "Événements", 33.0),
    ("Par rôle", "Gouvernance (conseil, bureau)", 2.5),
])
def test_breakdowns_add_up_to_the_total(book, sheet_name, key, expected_hours):
    sheet = book[sheet_name]
    rows = _rows(sheet)
    header = rows[0]
    hours = header.index("Heures")
    assert _row(sheet, key)[hours] == expected_hours
    body = [row for row in rows[1:] if row[0] != "Total"]
    total = _row(sheet, "Total")
    for index, name in enumerate(header[1:], 1):
        if name in ("Personnes distinctes", "ETP"):
            continue
        assert sum(row[index] for row in body) == pytest.approx(total[index]), name
    assert total[hours] == 58.0
    assert total[header.index("Personnes distinctes")] == 6


def test_month_cells_are_dates_with_french_month_format(book):
    sheet = book["Par mois"]
    cell = sheet["A2"]
    assert cell.value == datetime(2026, 1, 1)
    assert cell.number_format == "[$-40C]mmmm yyyy"
    assert "€" in sheet["G2"].number_format


def test_levels_follow_their_configured_order(book):
    labels = [row[0] for row in _rows(book["Par niveau"])[1:]]
    assert labels == ["Supervision", "Qualifié", "Sans niveau", "Total"]


def test_persons_named_or_pseudonymous_with_totals(book):
    sheet = book["Par personne"]
    assert _row(sheet, "Alice")[1:4] == ("Oui", "Association A", 2.5)
    assert _row(sheet, HOSTILE)[1] == "Non"
    assert _row(sheet, "Total (2 personnes)")[3] == 6.5


def test_cerfa_lines_and_headcounts(book):
    sheet = book["CERFA 86-87"]
    assert _row(sheet, "864")[1:6] == (
        "Personnel bénévole", pytest.approx(649.08), pytest.approx(168.28),
        pytest.approx(480.80), 51.5)
    assert _row(sheet, "862")[2] == pytest.approx(18.03)
    assert _row(sheet, "870")[1:3] == ("Bénévolat", pytest.approx(649.08))
    assert _row(sheet, "875")[1:3] == ("Dons en nature", None)
    assert _row(sheet, "871")[2] == pytest.approx(18.03)
    assert _row(sheet, "86")[2] == _row(sheet, "87")[2] == pytest.approx(667.11)
    assert _row(sheet, "Volontaires")[1:4] == (1, 0, 5.0)
    assert _row(sheet, "Bénévoles")[1:3] == (4, 17)
    assert _row(sheet, "864 Personnel bénévole")[1:3] == ("875 Bénévolat", pytest.approx(649.08))


def test_cerfa_mapping_is_a_setting():
    book = _open(_data(cerfa=wb.CerfaMapping("875", "870")))
    sheet = book["CERFA 86-87"]
    assert _row(sheet, "875")[1:3] == ("Bénévolat", pytest.approx(649.08))
    assert _row(sheet, "870")[1] == "Dons en nature"
    assert _row(sheet, "864 Personnel bénévole")[1] == "870 Bénévolat"
    with pytest.raises(ValueError):
        wb.CerfaMapping("864", "875")


def test_method_lists_rates_wages_and_share_of_estimates(book):
    sheet = book["Méthode"]
    assert _row(sheet, "SMIC")[1:3] == (datetime(2024, 1, 1), None)
    assert _row(sheet, "SMIC")[9] == 1.0
    forfait = _row(sheet, "Forfait")
    assert forfait[6:9] == ("Mécénat de compétences", "Montant horaire fixe", 12.02)
    assert _row(sheet, "SMIC horaire brut")[3:5] == (12.02, 1.0)
    assert _row(sheet, "Part des estimations dans les heures")[1] == pytest.approx(40 / 58)
    assert _row(sheet, "Base d'un équivalent temps plein (heures par an)")[1] == 1607


def test_detail_types_and_formula_looking_text_stays_text(book):
    sheet = book["Détail"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Date", "Date de fin", "Structure", "Personne"]
    first = sheet[2]
    assert first[0].value == datetime(2026, 1, 10) and first[0].number_format == "dd/mm/yyyy"
    for cell in (first[3], first[8], first[10], sheet[3][9], sheet[3][10]):
        assert cell.data_type == "s", cell.value
    assert first[3].value == HOSTILE
    assert sheet[3][10].value == "@SUM(A1)"
    assert first[13].data_type == "n" and first[13].value == 3.0
    total = _row(sheet, "Total (3 contributions)")
    assert total[13] == 7.0 and total[16] == pytest.approx(132.22)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Q4"  # no status column: validated only
    assert book["Synthèse"]["B11"].value == "=Admin"


def test_no_formula_anywhere(book):
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"


def _peak_memory(count):
    """Peak Python memory of writing ``count`` detail rows from a generator; the file."""
    template = _detail_rows(2)[1]

    def rows():
        for index in range(count):
            yield template._replace(hours=float(index % 7))

    output = io.BytesIO()
    tracemalloc.start()
    try:
        written = wb.write_workbook(output, _data(detail=rows()))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == count
    return peak - len(output.getvalue()), output


def test_detail_is_streamed_in_constant_memory():
    """Ten times more detail rows, about the same memory: rows are not kept."""
    small, _output = _peak_memory(200)
    large, output = _peak_memory(2000)
    # Holding 2 000 rows of 19 cells would take several megabytes more.
    assert large < small + 512 * 1024, (small, large)
    sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()), read_only=True)["Détail"]
    last = next(sheet.iter_rows(min_row=2002, max_row=2002, values_only=True))
    assert last[0] == "Total (2000 contributions)"
    assert last[13] == sum(float(index % 7) for index in range(2000))


def test_cec_workbook_reports_missing_identifiers():
    lines = cec.summarize(
        [(10, 3, "governance", 120.0), (10, 5, "supervision", 90.0), (11, 5, "governance", 40.0)],
        [(10, 3, 120.0), (10, 5, 90.0), (11, 5, 40.0)], cec.Thresholds())
    names = {10: "Alice", 11: "Bénévole AB12-CD34"}
    structures = {3: ("Association A", "W751234567", "732829320"), 5: ("Association B", "", "")}
    data = wb.CecWorkbookData(
        company="Fédération", year=2026, thresholds=cec.Thresholds(),
        generated_at=datetime(2027, 1, 15, 10, 0), generated_by="Anne",
        rows=[wb.CecRow(names[line.partner_id], *structures[line.structure_id], line)
              for line in lines])
    output = io.BytesIO()
    wb.write_cec_workbook(output, data)
    sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()))["CEC"]
    assert _row(sheet, "Structures sans RNA ou SIREN")[1] == 1
    alice_b = next(row for row in _rows(sheet) if row[0] == "Alice" and row[1] == "Association B")
    assert alice_b[2:5] == ("MANQUANT", "MANQUANT", "RNA, SIREN")
    assert alice_b[6:10] == (90.0, 90.0, 210.0, "Oui")
    other = _row(sheet, "Bénévole AB12-CD34")
    assert other[9] == "Non" and "année" in other[10] and "même association" in other[10]


def test_breakdown_people_come_from_the_database_counts(book):
    sheet = book["Par rôle"]
    people = _rows(sheet)[0].index("Personnes distinctes")
    assert _row(sheet, "Autre activité")[people] == 4
    assert _row(sheet, "Total")[people] == 6  # not the sum: a person counts once
