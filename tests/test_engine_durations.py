# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Durations as volunteers type them."""


import pytest
from addon_source import load_pure_module

ENGINE_PATH = "volunteer_valuation/engine/durations.py"
durations = load_pure_module(ENGINE_PATH)


@pytest.mark.parametrize("text, hours", [
    ("2h30", 2.5), ("2 h 30", 2.5), ("2H30", 2.5), ("2h30min", 2.5), ("2 h 30 min", 2.5),
    ("2:30", 2.5), ("02:30", 2.5), ("2:30:00", 2.5), ("0:45", 0.75), ("1:02:36", 1.043333),
    ("2,5", 2.5), ("2.5", 2.5), ("3", 3.0), ("0", 0.0), ("2,5 h", 2.5), ("2.5 hours", 2.5),
    ("150 min", 2.5), ("45min", 0.75), ("90 minutes", 1.5), ("45 mn", 0.75), ("7,5min", 0.125),
    ("2h", 2.0), ("2 h", 2.0), ("1 heure", 1.0), ("3 heures", 3.0), ("1h05", 1.083333),
    ("  2h30  ", 2.5), ("2\u00a0h\u00a030", 2.5),
])
def test_accepted_texts(text, hours):
    assert durations.parse_duration(text) == pytest.approx(hours, abs=1e-6)


@pytest.mark.parametrize("value, hours", [(2, 2.0), (2.25, 2.25), (0, 0.0)])
def test_numbers_pass_through(value, hours):
    assert durations.parse_duration(value) == hours


@pytest.mark.parametrize("text", [
    "", " ", "abc", "2h75", "2:75", "-1", "-2h", "2 h 30 s", "1,2,3", "2..5", "h30", "2h 30h",
    "=1+1", "<script>", "1e3", "2 jours", "½",
])
def test_refused_texts(text):
    with pytest.raises(durations.DurationError):
        durations.parse_duration(text)


@pytest.mark.parametrize("value", [-1, -0.5, float("nan"), float("inf"), True, None, [2]])
def test_refused_values(value):
    with pytest.raises(durations.DurationError):
        durations.parse_duration(value)


@pytest.mark.parametrize("hours, text", [(2.5, "2h30"), (0.75, "0h45"), (10, "10h00"),
                                          (1.999, "2h00")])
def test_format(hours, text):
    assert durations.format_duration(hours) == text
