# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What a contribution may contain: durations, dates, entry modes, projects and tasks."""

from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import DAY, VolunteerCase


@tagged("post_install", "-at_install")
class TestContributionRules(VolunteerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Project = cls.env["project.project"]
        cls.project_food = Project.create({"name": "Food bank"})
        cls.project_school = Project.create({"name": "Homework help"})
        cls.task_sorting = cls.env["project.task"].create({
            "name": "Sorting donations", "project_id": cls.project_food.id,
        })
        cls.task_maths = cls.env["project.task"].create({
            "name": "Maths club", "project_id": cls.project_school.id,
        })
        cls.draft = cls._contribution()

    def _today(self):
        return fields.Date.context_today(self.env["volunteer.contribution"])

    # Durations ----------------------------------------------------------------

    def test_zero_duration_without_distance_refused_on_create(self):
        """A contribution of 0 hours and no trip is not saved."""
        with self.assertNothingCreated():
            self._contribution(duration=0.0)

    def test_zero_duration_refused_on_write(self):
        """Setting the hours to 0 on a saved draft says what is expected."""
        self.assertWriteRefused(
            self.draft, {"duration": 0.0}, "greater than zero")

    def test_negative_duration_refused(self):
        """Negative hours are refused with a message, on create and on write."""
        with self.assertNothingCreated():
            self._contribution(duration=-3.0)
        self.assertWriteRefused(self.draft, {"duration": -3.0}, "cannot be negative")

    def test_trip_with_distance_only_accepted(self):
        """A trip is recorded by its distance, without hours."""
        trip = self._contribution(duration=0.0, distance_km=42.0)
        self.assertEqual(trip.distance_km, 42.0)
        self.assertEqual(trip.state, "draft")

    def test_single_day_over_24_hours_refused(self):
        """One person cannot give 25 hours on a single day."""
        with self.assertNothingCreated():
            self._contribution(duration=25.0)
        self.assertWriteRefused(self.draft, {"duration": 24.5}, "more than 24 hours a day")

    def test_single_day_of_24_hours_accepted(self):
        """Exactly 24 hours on one day is the upper bound, not an error."""
        self.draft.duration = 24.0
        self.env.flush_all()
        self.assertEqual(self.draft.duration, 24.0)

    def test_multi_day_allows_24_hours_per_day(self):
        """Over three days, up to 72 hours are accepted, 73 are not."""
        weekend = self._contribution(date_end=DAY + timedelta(days=2), duration=72.0)
        self.assertEqual(weekend.duration, 72.0)
        self.assertWriteRefused(weekend, {"duration": 73.0}, "73.0 h over 3 day(s)")
        self.assertWriteRefused(
            weekend, {"date_end": DAY + timedelta(days=1)}, "more than 24 hours a day")

    def test_estimate_may_exceed_24_hours(self):
        """An estimate covers several people: 120 hours in a day are fine."""
        estimate = self._contribution(
            entry_mode="estimate", partner_id=False, headcount=15, duration=120.0)
        self.assertEqual(estimate.duration, 120.0)

    # Dates --------------------------------------------------------------------

    def test_future_date_refused(self):
        """Time can only be declared once given."""
        tomorrow = self._today() + timedelta(days=1)
        with self.assertNothingCreated() as catcher:
            self._contribution(date=tomorrow)
        self.assertIn("cannot be in the future", str(catcher.exception))
        self.assertWriteRefused(self.draft, {"date": tomorrow}, "cannot be in the future")

    def test_future_end_date_refused(self):
        """An activity cannot end in the future either."""
        today = self._today()
        contribution = self._contribution(date=today)
        self.assertWriteRefused(
            contribution, {"date_end": today + timedelta(days=3)}, "cannot be in the future")

    def test_today_accepted(self):
        """Time given today can be declared today."""
        contribution = self._contribution(date=self._today())
        self.assertEqual(contribution.date, self._today())

    def test_date_before_2000_refused(self):
        """Dates before 1 January 2000 are refused, on create and on write."""
        with self.assertNothingCreated():
            self._contribution(date=date(1999, 12, 31))
        self.assertWriteRefused(
            self.draft, {"date": date(1999, 12, 31)}, "before 1 January 2000")
        self._contribution(date=date(2000, 1, 1))  # the first day allowed

    def test_end_date_before_start_refused(self):
        """An activity cannot end before it starts."""
        with self.assertNothingCreated():
            self._contribution(date_end=DAY - timedelta(days=1))
        self.assertWriteRefused(
            self.draft, {"date_end": DAY - timedelta(days=1)},
            "end date cannot be before the start date")

    # Entry modes --------------------------------------------------------------

    def test_estimate_without_headcount_refused(self):
        """An estimate says how many people gave the hours."""
        with self.assertNothingCreated():
            self._contribution(entry_mode="estimate", partner_id=False, headcount=0,
                               duration=10.0)
        estimate = self._contribution(
            entry_mode="estimate", partner_id=False, headcount=4, duration=10.0)
        self.assertWriteRefused(estimate, {"headcount": 0}, "number of people")

    def test_estimate_with_partner_refused(self):
        """An estimate names no volunteer."""
        with self.assertNothingCreated():
            self._contribution(entry_mode="estimate", headcount=4, duration=10.0)
        estimate = self._contribution(
            entry_mode="estimate", partner_id=False, headcount=4, duration=10.0)
        self.assertWriteRefused(
            estimate, {"partner_id": self.volunteer_a.id}, "names no volunteer")

    def test_detailed_without_partner_refused(self):
        """A detailed contribution names the volunteer who gave the time."""
        with self.assertNothingCreated():
            self._contribution(partner_id=False)
        self.assertWriteRefused(self.draft, {"partner_id": False}, "choose the volunteer")

    # Projects and tasks ---------------------------------------------------------

    def test_task_implies_project(self):
        """Choosing a task is enough: its project is filled in."""
        contribution = self._contribution(task_id=self.task_sorting.id)
        self.assertEqual(contribution.project_id, self.project_food)

    def test_changing_task_follows_its_project(self):
        """Moving a contribution to a task of another project moves its project too."""
        contribution = self._contribution(task_id=self.task_sorting.id)
        contribution.task_id = self.task_maths
        self.assertEqual(contribution.project_id, self.project_school)

    def test_task_of_another_project_refused(self):
        """A task must belong to the contribution's project."""
        with self.assertNothingCreated() as catcher:
            self._contribution(project_id=self.project_food.id, task_id=self.task_maths.id)
        self.assertIn("belongs to another project", str(catcher.exception))
        contribution = self._contribution(task_id=self.task_sorting.id)
        self.assertWriteRefused(
            contribution, {"project_id": self.project_school.id}, "belongs to another project")

    def test_form_fills_project_from_task(self):
        """In the form, picking a task shows its project before saving."""
        form = Form(self.env["volunteer.contribution"])
        form.name = "Sorting"
        form.partner_id = self.volunteer_a
        form.structure_id = self.association_a
        form.date = DAY
        form.duration = 3.0
        form.task_id = self.task_sorting
        self.assertEqual(form.project_id, self.project_food)
        contribution = form.save()
        self.assertEqual(contribution.project_id, self.project_food)
        self.assertEqual(contribution.amount, 36.06)

    # Validated contributions ----------------------------------------------------

    def test_validated_valued_fields_locked(self):
        """Once validated, what was counted and valued cannot be edited."""
        validated = self._validated()
        changes = {
            "duration": 3.0,
            "date": DAY - timedelta(days=1),
            "partner_id": self.volunteer_a2.id,
            "structure_id": self.section_a1.id,
            "level_id": self.level_supervision.id,
            "category_id": self.category_events.id,
            "contributor_type": "civic_service",
            "project_id": self.project_food.id,
            "task_id": self.task_sorting.id,
        }
        for name, value in changes.items():
            with self.subTest(field=name):
                self.assertWriteRefused(
                    validated, {name: value}, "A validated contribution keeps",
                    exception=UserError)
        self.assertEqual(validated.state, "validated")
        self.assertEqual(validated.amount, 24.04)

    def test_validated_description_still_editable(self):
        """Fields that do not change the value (description, details) stay editable."""
        validated = self._validated()
        validated.write({"name": "Food distribution (morning)", "note": "Market square"})
        self.assertEqual(validated.note, "Market square")
        self.assertEqual(validated.state, "validated")

    def test_validated_cannot_be_deleted(self):
        """A validated contribution is part of the accounts and stays."""
        validated = self._validated()
        with self.assertRaises(UserError) as catcher:
            validated.unlink()
        self.assertIn("cannot be deleted", str(catcher.exception))
        self.assertTrue(validated.exists())
        draft = self._contribution()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_mixed_batch_delete_refused_entirely(self):
        """Deleting a draft and a validated one together deletes neither."""
        validated = self._validated()
        draft = self._contribution()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            (draft | validated).unlink()
        self.assertTrue(draft.exists())
        self.assertTrue(validated.exists())

    # Database constraints ---------------------------------------------------------

    def test_database_constraint_holds_without_the_orm(self):
        """The CHECK constraints protect the table even against raw SQL."""
        self.env.flush_all()
        statements = {
            "negative duration": "UPDATE volunteer_contribution SET duration = -1 WHERE id = %s",
            "25 h in a day": "UPDATE volunteer_contribution SET duration = 25 WHERE id = %s",
            "before 2000": "UPDATE volunteer_contribution SET date = '1999-01-01' WHERE id = %s",
            "no volunteer": "UPDATE volunteer_contribution SET partner_id = NULL WHERE id = %s",
        }
        for label, query in statements.items():
            with self.subTest(label), mute_logger("odoo.sql_db"), \
                    self.assertRaises(IntegrityError), self.env.cr.savepoint():
                self.env.cr.execute(query, [self.draft.id])
        self.draft.invalidate_recordset()
        self.assertEqual(self.draft.duration, 2.0)
        self.assertEqual(self.draft.partner_id, self.volunteer_a)

    def test_workflow_fields_not_writable(self):
        """Writing the value or the state directly is refused, even for a manager."""
        draft = self.draft.with_user(self.manager)
        for vals in ({"state": "validated"}, {"amount": 1000.0}, {"hourly_rate": 99.0},
                     {"rate_id": self.rate_supervision.id}, {"rejection_reason": "x"}):
            with self.subTest(vals=vals):
                self.assertWriteRefused(draft, vals, "only through its buttons",
                                        exception=UserError)
        self.assertEqual(self.draft.state, "draft")
        self.assertEqual(self.draft.amount, 24.04)

    def test_create_validated_refused(self):
        """A new contribution cannot be born validated, nor with a chosen value."""
        for vals in ({"state": "validated"}, {"state": "rejected"}, {"amount": 500.0},
                     {"hourly_rate": 50.0}):
            with self.subTest(vals=vals), self.assertNothingCreated() as catcher:
                self._contribution(**vals)
            self.assertIn("workflow buttons", str(catcher.exception))
