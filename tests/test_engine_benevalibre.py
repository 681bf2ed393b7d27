# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Bénévalibre exports, as its export button writes them, read in all three formats.

The files are built here the way Bénévalibre 2.0.1 writes them (django-tables2's
``as_values`` then tablib): the same headers, a timedelta's text as duration,
True/False, dates as 2024-05-03, distances as 12.50.
"""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from addon_source import load_pure_module

benevalibre = load_pure_module("volunteer_valuation/engine/benevalibre.py")

TODAY = date(2026, 3, 2)
HEADERS = [
    "Prénom", "Nom", "Pseudo", "Association", "Titre", "Description", "Date", "Date de fin",
    "Durée", "Durée (en heures)", "En attente de modération", "Distance (en km)", "Catégorie",
    "Projet", "Niveau",
]
ASSOCIATION = 'Les Amis du "Jardin", Bio; Dijon'
EVENTS = ("Supervision ou organisation d’événements (spectacles, campagnes, autres "
          "manifestations....), participation à leur réalisation")
# (first name, last name, pseudo, title, description, date, end date, duration,
#  decimal hours, pending, distance, category, project, level)
ACTIONS = [
    ("Zoé", "Lefèvre", "zozo", '=Montage des "stands"; etc.', "Ligne 1\nligne 2, avec virgule",
     date(2024, 5, 3), None, "2:20:00", 2.3333333333333335, True, Decimal("12.50"), EVENTS,
     "Fête d'été", "Confirmé"),
    ("Zoé", "Lefèvre", "zozo", "Chantier du verger", "", date(2024, 6, 1), date(2024, 6, 3),
     "1 day, 2:05:30", 26.09166666666667, False, None, "Jardinage", "", ""),
    ("", "", "", "Transport des légumes", "", date(2024, 6, 2), None, "0:00:00", 0.0, False,
     Decimal("40.00"), "Autres activités", "", ""),
    ("Émile", "Ngô", "", "Accueil; écoute", "« Bonjour »", date(2024, 7, 14), None, "0:45:00",
     0.75, False, None, "Accueil, accompagnement de personnes, visites à domicile, écoute "
     "téléphonique", "Fête d'été", "Débutant"),
]


def _cells(action):
    (first, last, pseudo, title, description, day, day_end, duration, hours, pending, distance,
     category, project, level) = action
    return [first or None, last or None, pseudo or None, ASSOCIATION, title, description or None,
            day, day_end, duration, hours, pending, distance, category, project or None,
            level or None]


def make_csv(actions=ACTIONS, headers=HEADERS):
    """As tablib writes a Dataset: csv.writer, None as empty, str() of the values."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(headers)
    for action in actions:
        writer.writerow(["" if value is None else value for value in _cells(action)])
    return stream.getvalue().encode("utf-8")


def make_xlsx(actions=ACTIONS, headers=HEADERS):
    """As tablib writes it: typed cells, a text starting with "=" stored as a formula."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for action in actions:
        sheet.append([
            datetime(value.year, value.month, value.day) if isinstance(value, date) else (
                float(value) if isinstance(value, Decimal) else value)
            for value in _cells(action)])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def make_json(actions=ACTIONS, headers=HEADERS):
    """As tablib writes it: a list of objects, Decimal as text, dates in ISO format."""
    def serialize(value):
        if isinstance(value, Decimal):
            return str(value)
        return value.isoformat()
    rows = [dict(zip(headers, _cells(action), strict=True)) for action in actions]
    return json.dumps(rows, default=serialize).encode("utf-8")


MAKERS = {"csv": make_csv, "xlsx": make_xlsx, "json": make_json}


def read(content, filename="export.csv"):
    return benevalibre.read_export(content, filename, today=TODAY)


def _comparable(action):
    values = dict(action.__dict__)
    values.pop("line")
    return values


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json"])
def test_reads_every_action(kind):
    export = read(MAKERS[kind](), f"benevalo-export.{kind}")
    assert export.kind == kind
    assert not export.problems
    assert export.line_count == 4
    zoe, orchard, transport, emile = export.actions
    assert (zoe.first_name, zoe.last_name, zoe.pseudo, zoe.person_name) == (
        "Zoé", "Lefèvre", "zozo", "Zoé Lefèvre")
    assert zoe.association == ASSOCIATION
    assert zoe.title == '=Montage des "stands"; etc.'
    assert zoe.description == "Ligne 1\nligne 2, avec virgule"
    assert (zoe.date, zoe.date_end, zoe.seconds) == (date(2024, 5, 3), None, 8400)
    assert zoe.distance_km == Decimal("12.50")
    assert zoe.pending is True
    assert (zoe.category, zoe.project, zoe.level) == (EVENTS, "Fête d'été", "Confirmé")
    # Multi-day: the exact duration of "1 day, 2:05:30", not the rounded decimal.
    assert (orchard.date, orchard.date_end, orchard.seconds) == (
        date(2024, 6, 1), date(2024, 6, 3), 26 * 3600 + 5 * 60 + 30)
    assert orchard.pending is False
    # Distance only, by an unnamed (anonymous) member.
    assert (transport.seconds, transport.distance_km) == (0, Decimal("40.00"))
    assert transport.is_unnamed and transport.person_name == ""
    assert emile.title == "Accueil; écoute" and emile.description == "« Bonjour »"
    assert emile.hours == 0.75


def test_three_formats_give_the_same_actions_and_keys():
    exports = [read(maker(), f"x.{kind}") for kind, maker in MAKERS.items()]
    first = [_comparable(action) for action in exports[0].actions]
    for export in exports[1:]:
        assert [_comparable(action) for action in export.actions] == first
    keys = [action.key for action in exports[0].actions]
    assert len(set(keys)) == 4 and all(key.startswith("benevalibre:") for key in keys)


def test_line_numbers_follow_the_spreadsheet_rows():
    """A newline inside a quoted description does not shift the numbers of later lines."""
    broken = list(ACTIONS)
    broken[1] = broken[1][:5] + ("31/02/2024",) + broken[1][6:]
    export = read(make_csv(broken))
    assert [(problem.line, problem.code) for problem in export.problems] == [(3, "bad_date")]
    assert [action.line for action in export.actions] == [2, 4, 5]
    json_export = read(make_json(broken), "x.json")
    assert [problem.line for problem in json_export.problems] == [2]


@pytest.mark.parametrize("change, code", [
    ({5: date(1999, 12, 31)}, "date_too_early"),
    ({5: date(2026, 3, 3)}, "date_in_future"),
    ({5: "soon"}, "bad_date"),
    ({6: date(2024, 5, 1)}, "end_before_start"),
    ({7: "-1 day, 23:00:00"}, "negative_duration"),
    ({7: "two hours"}, "bad_duration"),
    ({7: "25:00:00", 10: None}, "too_long"),
    ({7: "0:00:00", 10: None}, "no_time"),
    ({9: "peut-être"}, "bad_boolean"),
    ({10: "-3"}, "negative_distance"),
    ({10: "loin"}, "bad_number"),
    ({3: ""}, "missing_title"),
])
def test_malformed_lines_are_listed(change, code):
    action = list(ACTIONS[0])
    for index, value in change.items():
        action[index] = value
    export = read(make_csv([ACTIONS[3], tuple(action)]))
    assert [(problem.line, problem.code) for problem in export.problems] == [(3, code)]
    assert [action.title for action in export.actions] == ["Accueil; écoute"]
    assert export.line_count == 2 and export.invalid_lines == [3]


@pytest.mark.parametrize("content, filename, code", [
    (b"name,hours\nPaul,2\n", "timesheet.csv", "missing_columns"),
    (b"PK\x03\x04 not really a workbook", "export.xlsx", "unreadable"),
    (b'{"Titre": "x"}', "export.json", "not_a_list"),
    (b"[1, 2", "export.json", "unreadable"),
    (b"", "export.csv", "empty"),
    (",".join(HEADERS).encode(), "export.csv", "empty"),
])
def test_files_that_are_not_exports(content, filename, code):
    export = read(content, filename)
    assert [problem.code for problem in export.file_problems] == [code]
    assert not export.actions


def test_missing_columns_are_named():
    export = read(make_csv(headers=["Prénom", "Nom", "Titre"], actions=[]))
    assert export.file_problems[0].params == {"columns": ["Date", "Durée"]}


def test_same_action_twice_gets_two_keys_and_moderation_does_not_change_them():
    export = read(make_csv([ACTIONS[3], ACTIONS[3]]))
    first, second = (action.key for action in export.actions)
    assert first != second and first.endswith(":1") and second.endswith(":2")
    validated_later = ACTIONS[0][:9] + (False,) + ACTIONS[0][10:]
    assert read(make_csv([ACTIONS[0]])).actions[0].key == read(
        make_csv([validated_later])).actions[0].key


def test_decimal_hours_used_only_without_duration():
    action = ACTIONS[3][:7] + ("", "1,5") + ACTIONS[3][9:]
    assert read(make_csv([action])).actions[0].seconds == 5400
    rounded = ACTIONS[0][:8] + (2.33,) + ACTIONS[0][9:]
    assert read(make_csv([rounded])).actions[0].seconds == 8400


def test_resaved_by_a_spreadsheet_program():
    """Semicolons, Windows encoding, DD/MM/YYYY dates, other header case, no BOM issue."""
    text = (
        "prénom;NOM;pseudo;association;titre;description;date;date de fin;durée;"
        "durée (en heures);en attente de modération;distance (en km);catégorie;projet;niveau;"
        "Remarque\r\n"
        "Zoé;Lefèvre;;Jardin;Désherbage;;03/05/2024;;1:30:00;1,5;FAUX;2,5;Autres activités;;;x\r\n"
    )
    export = read(text.encode("cp1252"), "export.csv")
    assert not export.problems
    assert export.ignored_columns == ("Remarque",)
    action = export.actions[0]
    assert (action.first_name, action.title, action.date) == ("Zoé", "Désherbage",
                                                              date(2024, 5, 3))
    assert (action.seconds, action.distance_km, action.pending) == (5400, Decimal("2.50"), False)
    assert read(b"\xef\xbb\xbf" + make_csv()).actions[0].first_name == "Zoé"


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json"])
def test_format_found_without_file_name(kind):
    assert benevalibre.detect_kind(MAKERS[kind](), "") == kind


def test_my_actions_export_of_several_associations():
    """A volunteer's own export ("Mes actions") lists the associations of each action."""
    content = make_csv([ACTIONS[0]]).decode() + (
        'Zoé,Lefèvre,zozo,Autre asso,Réunion,,2024-09-01,,1:00:00,1.0,False,,'
        '"Participation aux organes dirigeants de l’association (CA, bureau ou autres '
        'organes)",,\r\n')
    export = read(content.encode())
    assert export.associations == {ASSOCIATION: 1, "Autre asso": 1}


def test_twelve_default_categories():
    keys = {benevalibre.default_category_key(name)
            for name in benevalibre.DEFAULT_CATEGORIES.values()}
    assert len(keys) == 12 and None not in keys
    assert benevalibre.default_category_key(
        "  DISPENSER un enseignement ou une FORMATION ") == "volunteer_category_training"
    assert benevalibre.default_category_key(
        "Entrainement, encadrement ou animation d'activites") == "volunteer_category_activities"
    assert benevalibre.default_category_key("Jardinage") is None


def test_normalize():
    assert benevalibre.normalize("  Élodie\u00a0L’Hôte ") == "elodie l'hote"
