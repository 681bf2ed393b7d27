# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Bénévalibre exports read one record at a time: same result, constant memory, resumable."""

import io
import json
import tracemalloc
from datetime import date

import pytest
from addon_source import load_pure_module
from test_engine_benevalibre import ACTIONS, MAKERS, TODAY, make_csv

benevalibre = load_pure_module("volunteer_valuation/engine/benevalibre.py")
formats = load_pure_module("volunteer_valuation/engine/benevalibre_formats.py")

ROW = ("Zoé", "Lefèvre", "", "Chantier n° {index}", "", date(2024, 6, 1), None, "1:30:00",
       1.5, False, None, "Jardinage", "", "")


def json_items(text, chunk_size):
    return list(formats.iter_json_array(io.StringIO(text), chunk_size=chunk_size))


@pytest.mark.parametrize("text", [
    "[]", " [ ] ", '[{"a": 1}]', '[1, 22, 333, -4.5e3, "x", true, null, [1, [2]]]',
    '[{"Titre": "a \\"quoted\\" ], [ bracket", "n": 12345678901234567890}, {}]',
    '\n[\n  {"Durée": "1 day, 2:05:30", "Distance (en km)": "12.50"},\n  {"é": "\\u00e9"}\n]\n',
])
@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 64, 1 << 16])
def test_json_list_read_item_by_item_as_json_loads(text, chunk_size):
    """Whatever the chunk boundaries (inside a string, a number, an escape)."""
    assert json_items(text, chunk_size) == json.loads(text)


@pytest.mark.parametrize("text, code", [
    ('{"Titre": "x"}', "not_a_list"),
    ('"a list?"', "not_a_list"),
    ("", "unreadable"),
    ("   ", "unreadable"),
    ("[1, 2", "unreadable"),
    ('[{"a": 1}', "unreadable"),
    ('[{"a": 1},]', "unreadable"),
    ("[1 2]", "unreadable"),
    ("[1] 2", "unreadable"),
    ('[{"a": tru}]', "unreadable"),
])
@pytest.mark.parametrize("chunk_size", [1, 4, 1 << 16])
def test_json_that_is_not_a_list(text, code, chunk_size):
    with pytest.raises(formats.FileError) as caught:
        json_items(text, chunk_size)
    assert caught.value.code == code


def test_json_items_before_a_fault_are_given():
    items = formats.iter_json_array(io.StringIO('[{"a": 1}, {"b": 2}, {"c": '), chunk_size=4)
    assert next(items) == {"a": 1}
    assert next(items) == {"b": 2}
    with pytest.raises(formats.FileError):
        next(items)


def test_json_item_longer_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(formats, "MAX_ITEM_CHARS", 100)
    with pytest.raises(formats.FileError):
        json_items('[{"a": "' + "x" * 1000 + '"}]', 16)


def scan_all(content, filename, skip=0):
    scan = benevalibre.ExportScan(io.BytesIO(content), filename, TODAY)
    return scan.export, list(scan.entries(skip=skip))


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json"])
def test_entries_resume_after_the_records_read(kind):
    """Reading again from record N gives the same entries as the first reading did."""
    content = MAKERS[kind]()
    _export, entries = scan_all(content, f"export.{kind}")
    assert [position for position, _entry in entries] == list(range(1, len(ACTIONS) + 1))
    for skip in range(len(entries) + 1):
        assert scan_all(content, f"export.{kind}", skip)[1] == entries[skip:]


def test_entries_are_actions_problems_and_blank_records():
    rows = [ACTIONS[0], ACTIONS[1]]
    content = make_csv(rows).replace(b"\r\n", b"\r\n,,,,,,,,,,,,,,\r\n", 1)
    broken = content.replace(b"2024-06-01", b"2024-13-01")
    _export, entries = scan_all(broken, "export.csv")
    assert [type(entry).__name__ for _position, entry in entries] == [
        "NoneType", "Action", "Problem"]
    assert entries[2][1] == benevalibre.Problem(
        4, "bad_date", {"column": "Date", "value": "2024-13-01"})
    assert entries[1][1].key == "", "the key is given once the file is read"


def test_json_fault_further_on_ends_with_a_problem_of_the_whole_file():
    content = MAKERS["json"]()[:-40]
    export, entries = scan_all(content, "export.json")
    assert not export.file_problems
    *actions, (_position, last) = entries
    assert actions and all(isinstance(entry, benevalibre.Action) for _p, entry in actions)
    assert (last.line, last.code) == (None, "unreadable")


def test_csv_of_windows_found_even_late_in_a_large_file():
    """The encoding is decided on the whole file, not on its first chunk."""
    rows = [ROW[:3] + (ROW[3].format(index=index),) + ROW[4:] for index in range(3000)]
    rows.append(ROW[:3] + ("Dernière : café",) + ROW[4:])
    content = make_csv(rows).decode("utf-8").encode("cp1252")
    assert len(content) > 4 * formats.CHUNK_SIZE
    export, entries = scan_all(content, "export.csv")
    assert not export.problems
    assert entries[-1][1].title == "Dernière : café"


def test_action_values_round_trip():
    export = benevalibre.read_export(MAKERS["json"](), "export.json", today=TODAY)
    for action in export.actions:
        values = json.loads(json.dumps(benevalibre.action_values(action)))
        assert benevalibre.action_from_values(values) == action


def test_memory_does_not_grow_with_the_file(tmp_path):
    """Reading 6 000 actions from a file takes no more memory than reading 600."""
    def peak(count):
        rows = [ROW[:3] + (ROW[3].format(index=index),) + ROW[4:] for index in range(count)]
        path = tmp_path / f"export-{count}.csv"
        path.write_bytes(make_csv(rows))
        del rows
        tracemalloc.start()
        with path.open("rb") as stream:
            scan = benevalibre.ExportScan(stream, path.name, TODAY)
            read = sum(1 for _position, entry in scan.entries()
                       if isinstance(entry, benevalibre.Action))
        _current, highest = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert read == count
        return highest, path.stat().st_size

    small, _size = peak(600)
    large, size = peak(6000)
    assert large < small * 1.2
    assert large < size / 2
