# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The figures of the valuation workbook, read as data without any spreadsheet library."""

from datetime import date, datetime

import pytest
from addon_source import REPO_ROOT, load_pure_module
from valuation_sample import FACTS, HOSTILE, S, data, detail_rows

fig = load_pure_module("volunteer_valuation/engine/valuation_figures.py")
accounting = load_pure_module("volunteer_valuation/engine/accounting.py")
sheets = load_pure_module("volunteer_valuation/engine/valuation_sheets.py")
ENGINE = REPO_ROOT / "volunteer_valuation" / "engine"


@pytest.fixture(scope="module")
def grids():
    """{sheet name: rows of values}, as the file shows them."""
    return {sheet.name: sheet.grid() for sheet in sheets.workbook_sheets(data())}


def _row(grid, label, column=0):
    """The first row whose ``column`` holds ``label``."""
    for row in grid:
        if len(row) > column and row[column] == label:
            return row
    raise AssertionError(f"no row {label!r}")


def _table(grid, first_header):
    """(header, body, total) of the table whose header starts with ``first_header``."""
    start = next(index for index, row in enumerate(grid) if row[:1] == [first_header])
    end = next((index for index in range(start + 1, len(grid)) if not grid[index]), len(grid))
    return grid[start], grid[start + 1:end - 1], grid[end - 1]


def test_figures_and_sheets_know_no_spreadsheet_library():
    for name in ("valuation_figures", "valuation_sheets", "valuation_accounts_sheets",
                 "sheet_layout", "cec_sheet"):
        assert "xlsxwriter" not in (ENGINE / f"{name}.py").read_text(encoding="utf-8"), name


def test_sheets_in_order():
    names = [sheet.name for sheet in sheets.workbook_sheets(data())]
    assert names == ["Synthèse", "Par structure", "Par mois", "Par projet", "Par niveau",
                     "Par catégorie", "Par rôle", "Par personne", "CERFA 86-87", "Méthode",
                     "Détail"]


def test_summary_totals_split_detailed_and_estimates(grids):
    grid = grids["Synthèse"]
    assert _row(grid, "Contributions détaillées")[1:6] == [
        18.0, pytest.approx(276.46), pytest.approx(18 / 1607), 6, 6]
    assert _row(grid, "Estimations (à l'estime)")[1:6] == [
        40.0, pytest.approx(480.80), pytest.approx(40 / 1607), 17, 2]
    total = _row(grid, "Total")
    assert total[1] == 58.0 and total[2] == pytest.approx(757.26)
    volunteers = _row(grid, "Bénévoles")
    assert volunteers[1:5] == [11.5, 40.0, 0.0, 51.5]
    assert volunteers[7:10] == [4, 17, 6]
    assert _row(grid, "Période du")[1] == date(2026, 1, 1)
    assert _row(grid, "Établi par")[1] == "=Admin"


def test_structure_tree_rolls_up_three_levels(grids):
    header, body, total_row = _table(grids["Par structure"], "Structure")
    col = {name: index for index, name in enumerate(header)}
    rows = {row[0]: row for row in [*body, total_row]}
    total = col["Heures (avec membres)"]
    own = (col["Heures propres détaillées"], col["Heures propres estimées"])
    # Parents before members, in tree order; the empty region is left out.
    assert [row[0] for row in body] == [
        "Fédération", "Région", "Association A", "Section A1", "Association B"]
    assert rows["Section A1"][total] == 4.0
    assert rows["Association A"][total] == 3.0 + 2.5 + 30.0 + 4.0
    assert rows["Association B"][total] == 5.0 + 1.5 + 10.0
    region = rows["Région"]
    assert region[total] == pytest.approx(
        rows["Association A"][total] + rows["Association B"][total]
        + region[own[0]] + region[own[1]])
    assert rows["Fédération"][total] == region[total] == rows["Total"][total] == 58.0
    assert rows["Fédération"][col["Valeur (avec membres)"]] == pytest.approx(757.26)
    assert rows["Association A"][col["Niveau"]] == 3
    assert rows["Association A"][col["Structure parente"]] == "Région"
    assert rows["Association A"][col["RNA"]] == "W751234567"
    # Distinct people of a branch: person 100 is in A and A1 and counts once.
    people = col["Personnes distinctes (avec membres)"]
    assert rows["Association A"][people] == 3
    assert rows["Fédération"][people] == 6


def test_empty_root_stays_and_facts_outside_the_tree_are_refused():
    rows, grand, _people = fig.structure_tree([S(9, "Seule")], [], [])
    assert [row.structure.name for row in rows] == ["Seule"] and grand.total_count == 0
    with pytest.raises(ValueError):
        fig.structure_tree([S(9, "Seule")], FACTS, [])


@pytest.mark.parametrize("sheet_name, key, expected_hours", [
    ("Par mois", date(2026, 2, 1), 8.5),
    ("Par projet", "=Projet", 4.5),
    ("Par projet", "Sans projet", 53.5),
    ("Par niveau", "Supervision", 2.5),
    ("Par catégorie", "Événements", 33.0),
    ("Par rôle", "Gouvernance (conseil, bureau)", 2.5),
])
def test_breakdowns_add_up_to_the_total(grids, sheet_name, key, expected_hours):
    header, body, total = grids[sheet_name][0], grids[sheet_name][1:-1], grids[sheet_name][-1]
    hours = header.index("Heures")
    assert _row(body, key)[hours] == expected_hours
    assert total[0] == "Total"
    for index, name in enumerate(header[1:], 1):
        if name not in ("Personnes distinctes", "ETP"):
            assert sum(row[index] for row in body) == pytest.approx(total[index]), name
    assert total[hours] == 58.0
    assert total[header.index("Personnes distinctes")] == 6


def test_levels_follow_their_configured_order(grids):
    assert [row[0] for row in grids["Par niveau"][1:]] == [
        "Supervision", "Qualifié", "Sans niveau", "Total"]


def test_breakdown_people_come_from_the_database_counts(grids):
    grid = grids["Par rôle"]
    people = grid[0].index("Personnes distinctes")
    assert _row(grid, "Autre activité")[people] == 4
    assert _row(grid, "Total")[people] == 6  # not the sum: a person counts once


def test_persons_named_or_pseudonymous_with_totals(grids):
    grid = grids["Par personne"]
    assert _row(grid, "Alice")[1:4] == ["Oui", "Association A", 2.5]
    assert _row(grid, HOSTILE)[1] == "Non"
    assert _row(grid, "Total (2 personnes)")[3] == 6.5


def test_cerfa_lines_by_account_as_the_export_posts_them(grids):
    """Default accounts: volunteers and volontaires to 864 / 875, skills to 862 / 871."""
    grid = grids["CERFA 86-87"]
    assert _row(grid, "864")[1:7] == [
        "Personnel bénévole", pytest.approx(739.23), pytest.approx(258.43),
        pytest.approx(480.80), 0.0, 56.5]
    assert _row(grid, "864")[7].startswith("Bénévoles, Volontaires")
    assert _row(grid, "862")[2] == pytest.approx(18.03)
    assert _row(grid, "860")[2] is None
    assert _row(grid, "875")[1:3] == ["Bénévolat", pytest.approx(739.23)]
    assert "Budget CERFA 12156 : ligne 870" in _row(grid, "875")[7]
    assert _row(grid, "870")[1:3] == ["Dons en nature", None]
    assert _row(grid, "871")[2] == pytest.approx(18.03)
    # The totals are the export's, to the cent.
    exact = accounting.account_totals(
        [(fact.contributor_type, fact.entry_mode, fact.amount) for fact in FACTS],
        accounting.default_mapping())
    assert _row(grid, "86")[2] == float(sum(total.debit for total in exact)) == 757.26
    assert _row(grid, "87")[2] == float(sum(total.credit for total in exact)) == 757.26
    assert _row(grid, "Volontaires")[1:5] == [1, 0, 0, 5.0]
    assert _row(grid, "Bénévoles")[1:3] == [4, 17]
    assert _row(grid, "864 Personnel bénévole")[1:3] == ["875 Bénévolat", pytest.approx(739.23)]
    assert _row(grid, "862 Prestations")[1:3] == ["871 Prestations en nature",
                                                  pytest.approx(18.03)]
    assert any("Volontaires (service civique" in row[0] for row in grid
               if row and isinstance(row[0], str))


def test_cerfa_mapping_is_a_setting():
    grid = next(sheet for sheet in sheets.workbook_sheets(data(
        cerfa=fig.CerfaMapping("875", "870"), accounts=accounting.default_mapping("870")))
        if sheet.name == "CERFA 86-87").grid()
    assert _row(grid, "870")[1:3] == ["Bénévolat", pytest.approx(739.23)]
    assert "ligne 875" in _row(grid, "870")[7]
    assert _row(grid, "875")[1:3] == ["Dons en nature", None]
    assert _row(grid, "864 Personnel bénévole")[1] == "870 Bénévolat"
    with pytest.raises(ValueError):
        fig.CerfaMapping("864", "875")


def test_time_not_posted_and_other_accounts():
    """Volontaires left out of the books, skills sponsorship to sub-accounts."""
    mapping = accounting.default_mapping()
    mapping[("civic_service", "detailed")] = mapping[("civic_service", "estimate")] = None
    mapping[("skills_sponsorship", "detailed")] = accounting.AccountPair(
        "8621", "Mécénat de compétences", "8711", "Compétences reçues")
    grid = next(sheet for sheet in sheets.workbook_sheets(data(accounts=mapping))
                if sheet.name == "CERFA 86-87").grid()
    assert _row(grid, "864")[2] == pytest.approx(649.08)
    assert _row(grid, "862")[2] is None
    assert _row(grid, "8621")[1:3] == ["Mécénat de compétences", pytest.approx(18.03)]
    assert _row(grid, "8711")[1:3] == ["Compétences reçues", pytest.approx(18.03)]
    assert _row(grid, "8711")[7] == "Contrepartie de 8621 : Mécénat de compétences."
    assert _row(grid, "86")[2] == _row(grid, "87")[2] == pytest.approx(667.11)
    assert _row(grid, "Volontaires")[1:5] == [1, 0, 0, 5.0]  # headcounts keep everyone
    notes = [row[0] for row in grid if row and isinstance(row[0], str)]
    assert any(note.startswith("Volontaires : temps non comptabilisé") and "5,00 h" in note
               for note in notes)
    method = next(sheet for sheet in sheets.workbook_sheets(data(accounts=mapping))
                  if sheet.name == "Méthode").grid()
    assert _row(method, "Volontaires")[1:8] == [
        "Détaillée", None, None, None, None, "Non", pytest.approx(90.15)]


def test_method_lists_rates_wages_and_share_of_estimates(grids):
    grid = grids["Méthode"]
    assert _row(grid, "SMIC")[1:3] == [date(2024, 1, 1), None]
    assert _row(grid, "SMIC")[9] == 1.0
    assert _row(grid, "Forfait")[6:9] == [
        "Mécénat de compétences", "Montant horaire fixe", 12.02]
    assert _row(grid, "SMIC horaire brut")[3:5] == [12.02, 1.0]
    assert _row(grid, "Part des estimations dans les heures")[1] == pytest.approx(40 / 58)
    assert _row(grid, "Base d'un équivalent temps plein (heures par an)")[1] == 1607
    assert _row(grid, "Journal des écritures")[1] == "CVN — Contributions volontaires en nature"
    assert _row(grid, "Bénévoles")[1:8] == [
        "Détaillée", "864", "Personnel bénévole", "875", "Bénévolat", "Oui",
        pytest.approx(168.28)]
    assert _row(grid, "Mécénat de compétences")[2:7] == [
        "862", "Prestations", "871", "Prestations en nature", "Oui"]
    assert not any("non validées" in str(row[:1]) for row in grid)
    pending = next(sheet for sheet in sheets.workbook_sheets(data(
        states=("validated", "submitted"))) if sheet.name == "Méthode").grid()
    assert any("non validées" in str(row[:1]) for row in pending)


def test_detail_total_is_counted_while_streaming():
    rows = iter(detail_rows(3))
    detail = sheets.detail_sheet(data(detail=rows))
    table = detail.blocks[0]
    assert table.streamed and [column.header for column in table.columns][-1] == "Valeur"
    assert len(list(table.rows)) == 3
    total = table.total_row()
    assert total[0] == "Total (3 contributions)"
    assert (total[13], total[14], total[16]) == (7.0, 25.0, pytest.approx(132.22))
    with_status = sheets.detail_sheet(data(states=("validated", "draft"))).blocks[0]
    assert with_status.columns[-1].header == "État"


def test_as_dict_is_plain_data():
    summary = sheets.workbook_sheets(data())[0].as_dict()
    assert summary["name"] == "Synthèse"
    assert summary["blocks"][0] == {"type": "title", "text": "Valorisation du bénévolat"}
    facts = summary["blocks"][2]
    assert facts["type"] == "facts"
    assert ("Établi le", datetime(2026, 7, 1, 9, 30), "datetime") in facts["rows"]
    table = summary["blocks"][4]
    assert table["columns"][0] == {"header": "Mode de saisie", "kind": "text", "width": 0}
    assert table["total"][0] == "Total"
