# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The yearly survey's lines: keys, blank and emptied lines, "copy last year"."""

from datetime import date

from addon_source import load_pure_module

survey = load_pure_module("volunteer_valuation/engine/yearly_survey.py")


def past(record_id, ref, hours, people, start="2025-01-01", end="2025-12-31", state="accepted",
         kind="volunteer", category=None, distance=0.0):
    return survey.PastDeclaration(record_id, ref, state, date.fromisoformat(start),
                                  date.fromisoformat(end), kind, category, hours, people, distance)


def test_keys_are_stable_by_structure_year_type_and_category():
    assert survey.survey_ref(12, 2025, "volunteer", None) == "survey-12-2025-volunteer"
    assert survey.survey_ref(12, 2025, "volunteer", 7) == "survey-12-2025-volunteer-7"
    assert survey.survey_ref(12, 2025, "volunteer", 7).startswith(survey.survey_prefix(12, 2025))
    assert not survey.survey_ref(120, 2025, "volunteer", None).startswith(
        survey.survey_prefix(12, 2025))


def test_years_offered_and_period():
    assert survey.offered_years(date(2026, 12, 1)) == [2026, 2025, 2024, 2023, 2022, 2021]
    assert survey.year_period(2025) == (date(2025, 1, 1), date(2025, 12, 31))


def test_blank_lines_left_out_and_emptied_lines_sent_at_zero():
    lines = [
        {"contributor_type": "volunteer", "category_id": None, "hours": "12", "headcount": "2",
         "distance_km": ""},
        {"contributor_type": "civic_service", "category_id": None, "hours": " ",
         "headcount": "", "distance_km": None},
        {"contributor_type": "volunteer", "category_id": 4, "hours": "0", "headcount": "0",
         "distance_km": ""},
    ]
    sent = survey.lines_to_send(lines, {("civic_service", None), ("volunteer", 4),
                                        ("skills_sponsorship", 9)})
    assert sent == [lines[0], lines[2], {
        "contributor_type": "civic_service", "category_id": None, "hours": 0, "headcount": 0,
        "distance_km": 0}, {
        "contributor_type": "skills_sponsorship", "category_id": 9, "hours": 0,
        "headcount": 0, "distance_km": 0}]
    assert survey.lines_to_send(lines[1:2], set()) == []


def test_copy_keeps_the_latest_version_adds_hours_and_not_people():
    lines = survey.copied_lines([
        past(1, "h1", 100, 6, end="2025-06-30", distance=10),
        past(2, "h2", 50, 9, start="2025-07-01", state="superseded"),
        past(3, "h2", 60, 10, start="2025-07-01", state="submitted", distance=5.5),
        past(4, "c", 300, 1, kind="civic_service"),
        past(5, "e", 20, 3, category=7),
        past(6, "r", 40, 2, state="rejected", kind="skills_sponsorship"),
    ])
    assert lines == [
        survey.SurveyLine("volunteer", None, 160.0, 10, 15.5),
        survey.SurveyLine("civic_service", None, 300.0, 1, 0.0),
        survey.SurveyLine("skills_sponsorship", None, 40.0, 2, 0.0),
        survey.SurveyLine("volunteer", 7, 20.0, 3, 0.0),
    ]
    assert survey.copied_lines([]) == []


def test_every_type_has_its_line_first():
    events = survey.SurveyLine("volunteer", 7, 20.0, 3, 0.0)
    civic = survey.SurveyLine("civic_service", None, 300.0, 1, 0.0)
    assert survey.with_every_type([events, civic]) == [
        survey.SurveyLine("volunteer", None, "", "", ""), civic,
        survey.SurveyLine("skills_sponsorship", None, "", "", ""), events]


def test_people_of_one_period_add_up():
    lines = survey.copied_lines([past(1, "a", 10, 2, category=None), past(2, "b", 5, 3)])
    assert lines == [survey.SurveyLine("volunteer", None, 15.0, 5, 0.0)]
