# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The "my data" export of a volunteer: JSON, CSV and XLSX, text kept as text."""

import csv
import io
import json
from datetime import date, datetime

import openpyxl
import pytest
from addon_source import load_pure_module

personal_data = load_pure_module("volunteer_valuation/engine/personal_data.py")

LABELS = {
    "yes": "Oui",
    "no": "Non",
    "volunteer": {
        "title": "Moi", "field": "Champ", "value": "Valeur", "name": "Nom", "email": "E-mail",
        "phone": "Téléphone", "share_identity": "Nommé", "reminder_opt_out": "Sans rappel",
    },
    "structures": {"title": "Mes structures", "name": "Structure", "member": "Bénévole"},
    "contributions": {
        name: name.capitalize() for name in personal_data.CONTRIBUTION_FIELDS
    } | {"title": "Mes contributions"},
}


def _document():
    return {
        "volunteer": {
            "name": "=Marie+1", "email": "marie@example.com", "phone": "+33 6 12 34 56 78",
            "share_identity": True, "reminder_opt_out": False,
        },
        "structures": [{"name": "Les Amis", "member": True}, {"name": "@Club", "member": False}],
        "contributions": [{
            "date": date(2026, 3, 2), "date_end": None, "name": '=HYPERLINK("http://x")',
            "structure": "Les Amis", "project": None, "task": None, "level": "Exécution",
            "category": None, "hours": 2.5, "duration": "2h30", "distance_km": 0.0,
            "state": "Validée", "rejection_reason": None, "amount": 30.05, "currency": "EUR",
            "source": "Portail", "created_on": datetime(2026, 3, 3, 10, 15),
        }, {
            "date": date(2026, 3, 9), "date_end": None, "name": "-5 tri <b>", "structure": "@Club",
            "project": "Fête", "task": None, "level": None, "category": None, "hours": 0.75,
            "duration": "0h45", "distance_km": 12.5, "state": "Brouillon",
            "rejection_reason": None, "amount": None, "currency": None, "source": "Portail",
            "created_on": datetime(2026, 3, 9, 8, 0),
        }],
    }


def test_json_keeps_the_document():
    data = json.loads(personal_data.to_json(_document()))
    assert data["volunteer"]["name"] == "=Marie+1"
    assert data["volunteer"]["share_identity"] is True
    assert data["contributions"][0]["date"] == "2026-03-02"
    assert data["contributions"][0]["created_on"] == "2026-03-03T10:15:00"
    assert data["contributions"][0]["hours"] == 2.5
    assert [s["name"] for s in data["structures"]] == ["Les Amis", "@Club"]


def test_json_refuses_unknown_types():
    with pytest.raises(TypeError):
        personal_data.to_json({"x": object()})


def _csv_blocks(text):
    blocks, current = [], []
    for row in csv.reader(io.StringIO(text)):
        if not row:
            blocks.append(current)
            current = []
        else:
            current.append(row)
    blocks.append(current)
    return blocks


def test_csv_has_three_titled_tables_and_no_formula():
    tables = personal_data.build_tables(_document(), LABELS)
    me, structures, contributions = _csv_blocks(personal_data.to_csv(tables))
    assert me[0] == ["Moi"]
    assert me[1] == ["Champ", "Valeur"]
    assert ["Nom", "'=Marie+1"] in me
    assert ["Téléphone", "'+33 6 12 34 56 78"] in me
    assert ["Nommé", "Oui"] in me and ["Sans rappel", "Non"] in me
    assert structures[0] == ["Mes structures"]
    assert structures[2:] == [["Les Amis", "Oui"], ["'@Club", "Non"]]
    assert contributions[0] == ["Mes contributions"]
    header = contributions[1]
    assert header[:3] == ["Date", "Date_end", "Name"]
    first = dict(zip(header, contributions[2], strict=True))
    assert first["Date"] == "2026-03-02"
    assert first["Name"] == "'=HYPERLINK(\"http://x\")"
    assert first["Hours"] == "2.5"
    assert first["Duration"] == "2h30"
    second = dict(zip(header, contributions[3], strict=True))
    assert second["Name"] == "'-5 tri <b>"
    assert second["Amount"] == ""
    assert second["Structure"] == "'@Club"
    # Nothing a spreadsheet would run: every cell starting with a formula sign is quoted.
    for block in (me, structures, contributions):
        for row in block:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), cell


def test_xlsx_sheets_keep_text_as_text():
    tables = personal_data.build_tables(_document(), LABELS)
    workbook = openpyxl.load_workbook(io.BytesIO(personal_data.to_xlsx(tables)))
    assert workbook.sheetnames == ["Moi", "Mes structures", "Mes contributions"]
    me = workbook["Moi"]
    assert me["A1"].value == "Champ"
    assert me["B2"].value == "=Marie+1" and me["B2"].data_type == "s"
    sheet = workbook["Mes contributions"]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, list(sheet[2]), strict=True))
    assert row["Name"].value == '=HYPERLINK("http://x")'
    assert row["Name"].data_type == "s"
    assert row["Date"].value == datetime(2026, 3, 2)
    assert row["Date"].is_date
    assert row["Hours"].value == 2.5
    assert row["Created_on"].value == datetime(2026, 3, 3, 10, 15)
    assert sheet.max_row == 3
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                assert cell.data_type != "f", cell.coordinate


def test_empty_export_still_has_headers():
    document = _document() | {"structures": [], "contributions": []}
    tables = personal_data.build_tables(document, LABELS)
    blocks = _csv_blocks(personal_data.to_csv(tables))
    assert [len(block) for block in blocks] == [7, 2, 2]
    workbook = openpyxl.load_workbook(io.BytesIO(personal_data.to_xlsx(tables)))
    assert workbook["Mes contributions"].max_row == 1


@pytest.mark.parametrize("title, taken, expected", [
    ("Mes contributions", set(), "Mes contributions"),
    ("a/b:c*d?[e]\\f", set(), "a b c d  e  f"),
    ("x" * 40, set(), "x" * 31),
    ("Moi", {"moi"}, "Moi (2)"),
    ("", set(), "Sheet"),
])
def test_sheet_names(title, taken, expected):
    assert personal_data.sheet_name(title, taken) == expected


def _full_document():
    document = _document()
    document["messages"] = [{
        "contribution_date": date(2026, 3, 2), "contribution": "Tri", "date":
        datetime(2026, 3, 3, 9, 0), "author": "Anne", "text": "=1+1", "changes":
        "Statut: Brouillon → Validée",
    }]
    document["access_links"] = [{
        "structure": "Les Amis", "created_on": datetime(2026, 1, 5, 8, 0),
        "valid_until": date(2026, 7, 4), "state": "Valide", "last_used": None,
    }]
    document["choices_history"] = [{
        "date": datetime(2026, 2, 1, 10, 0), "setting": "Nommé", "old_value": False,
        "new_value": True, "changed_by": "Marie",
    }]
    return document


FULL_LABELS = LABELS | {
    "messages": {name: name for name in personal_data.MESSAGE_FIELDS} | {"title": "Messages"},
    "access_links": {name: name for name in personal_data.ACCESS_LINK_FIELDS}
    | {"title": "Mes liens"},
    "choices_history": {name: name for name in personal_data.CHOICE_FIELDS}
    | {"title": "Historique"},
}


def test_every_list_of_the_document_becomes_a_table():
    tables = personal_data.build_tables(_full_document(), FULL_LABELS)
    assert [table.title for table in tables] == [
        "Moi", "Mes structures", "Mes contributions", "Messages", "Mes liens", "Historique"]
    history = tables[-1]
    assert history.rows[0]["old_value"] == "Non" and history.rows[0]["new_value"] == "Oui"


def test_a_list_the_document_lacks_is_left_out():
    tables = personal_data.build_tables(_document(), FULL_LABELS)
    assert [table.title for table in tables] == ["Moi", "Mes structures", "Mes contributions"]


def test_a_caller_adds_its_own_table():
    document = _full_document() | {"moves": [{"units": 2.5}]}
    labels = FULL_LABELS | {"moves": {"title": "Monnaie", "units": "Unités"}}
    tables = personal_data.build_tables(
        document, labels, personal_data.TABLES | {"moves": ("units",)})
    assert tables[-1].title == "Monnaie" and tables[-1].rows == ({"units": 2.5},)


def test_export_in_each_format():
    document = _full_document()
    data = json.loads(personal_data.export(document, "json", FULL_LABELS))
    assert data["access_links"][0]["valid_until"] == "2026-07-04"
    text = personal_data.export(document, "csv", FULL_LABELS).decode("utf-8-sig")
    assert "Historique" in text and "'=1+1" in text
    book = openpyxl.load_workbook(io.BytesIO(personal_data.export(document, "xlsx", FULL_LABELS)))
    assert book.sheetnames[-1] == "Historique"
    with pytest.raises(ValueError):
        personal_data.export(document, "pdf", FULL_LABELS)
