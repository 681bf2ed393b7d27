# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The valuation scale: which line applies, what it is worth, and when a value is frozen."""

from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import VolunteerCase


@tagged("post_install", "-at_install")
class TestValuation(VolunteerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rate = cls.env["volunteer.rate"]
        cls.Wage = cls.env["volunteer.reference.wage"]

    def _rate(self, name, **vals):
        values = {"name": name, "date_from": date(2024, 1, 1), "company_id": self.company.id}
        values.update(vals)
        return self.Rate.create(values)

    def _reload(self, *records):
        """Store pending recomputations, then read the values back from the database."""
        self.env.flush_all()
        for record in records:
            record.invalidate_recordset()

    def assertValued(self, contribution, hourly_rate, amount=None, msg=None):
        self._reload(contribution)
        self.assertEqual(contribution.hourly_rate, hourly_rate, msg)
        if amount is not None:
            self.assertEqual(contribution.amount, amount, msg)

    # Default scale and SMIC ---------------------------------------------------------

    def test_default_scale_by_level(self):
        """The default scale values each level as a multiple of the 2026 SMIC (12.02)."""
        expected = {
            "no level": (False, 12.02),
            "execution": (self.level_execution, 12.02),
            "qualified": (self.level_qualified, 18.03),
            "supervision": (self.level_supervision, 24.04),
            "expertise": (self.level_expertise, 36.06),
        }
        for label, (level, hourly) in expected.items():
            with self.subTest(level=label):
                contribution = self._contribution(level_id=level and level.id, duration=2.0)
                self.assertValued(contribution, hourly, round(hourly * 2, 2))

    def test_supervision_on_2026_03_02(self):
        """Supervision is 2.0 × SMIC: 24.04 per hour on 2 March 2026, with its rate line."""
        contribution = self._contribution(level_id=self.level_supervision.id, duration=3.5)
        self.assertValued(contribution, 24.04, 84.14)
        self.assertEqual(contribution.rate_id, self.rate_supervision)

    def test_smic_history(self):
        """The SMIC in force on the contribution's date is used."""
        expected = {
            date(2024, 1, 1): 11.65,
            date(2024, 10, 31): 11.65,
            date(2024, 11, 1): 11.88,
            date(2025, 12, 31): 11.88,
            date(2026, 1, 1): 12.02,
        }
        for day, smic in expected.items():
            with self.subTest(day=day):
                contribution = self._contribution(date=day, duration=1.0)
                self.assertValued(contribution, smic, smic)
        supervision = self._contribution(date=date(2024, 6, 1),
                                         level_id=self.level_supervision.id, duration=1.0)
        self.assertValued(supervision, 23.30)

    def test_reference_wage_periods(self):
        """Each SMIC ends the day before the next one starts."""
        smic_2024 = self.env.ref("volunteer_valuation.volunteer_reference_wage_smic_2024_01")
        smic_2024_11 = self.env.ref("volunteer_valuation.volunteer_reference_wage_smic_2024_11")
        self.assertEqual(smic_2024.hourly_amount, 11.65)
        self.assertEqual(smic_2024.date_to, date(2024, 10, 31))
        self.assertEqual(smic_2024_11.hourly_amount, 11.88)
        self.assertEqual(smic_2024_11.date_to, date(2025, 12, 31))
        self.assertEqual(self.wage_2026.hourly_amount, 12.02)
        self.assertFalse(self.wage_2026.date_to)

    def test_rate_hourly_value_today(self):
        """A rate line shows what it is worth today."""
        self.assertEqual(self.rate_supervision.current_hourly_value, 24.04)
        fixed = self._rate("Fixed", method="fixed", fixed_amount=17.5,
                           structure_id=self.association_a.id)
        self.assertEqual(fixed.current_hourly_value, 17.5)

    def test_full_time_equivalent_parameter(self):
        """The hours of a full-time job a year default to 1607 and are a setting."""
        param = self.env["ir.config_parameter"].sudo().get_param(
            "volunteer_valuation.fte_annual_hours")
        self.assertEqual(param, "1607")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.volunteer_fte_annual_hours, 1607)
        settings.volunteer_fte_annual_hours = 1820
        settings.execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(
            "volunteer_valuation.fte_annual_hours"), "1820")

    # Line selection -------------------------------------------------------------------

    def test_fixed_amount_line(self):
        """A fixed line gives its hourly amount, whatever the wage."""
        line = self._rate("A fixed", method="fixed", fixed_amount=15.5,
                          structure_id=self.association_a.id)
        contribution = self._contribution(duration=3.0)
        self.assertValued(contribution, 15.5, 46.5)
        self.assertEqual(contribution.rate_id, line)

    def test_wage_line_with_employer_charges(self):
        """coefficient × wage × charges multiplier when the line includes charges."""
        self.wage_2026.charges_multiplier = 1.45
        self._rate("A with charges", method="wage", coefficient=1.0, apply_charges=True,
                   structure_id=self.association_a.id)
        in_a = self._contribution(duration=1.0)
        in_b = self._contribution(structure_id=self.association_b.id,
                                  partner_id=self.volunteer_b.id, duration=1.0)
        self.assertValued(in_a, 17.43)  # 12.02 × 1.45 = 17.429
        self.assertValued(in_b, 12.02, msg="lines without charges ignore the multiplier")

    def test_structure_line_applies_to_descendants(self):
        """A line set on a structure values its member structures too."""
        self._rate("Region", method="fixed", fixed_amount=14.0, structure_id=self.region.id)
        for structure in (self.region, self.association_a, self.section_a1, self.association_b):
            with self.subTest(structure=structure.name):
                self.assertValued(self._contribution(structure_id=structure.id), 14.0)
        self.assertValued(self._contribution(structure_id=self.federation.id), 12.02,
                          msg="the parent of the structure keeps the company-wide scale")

    def test_deeper_structure_wins(self):
        """The line of the nearest structure wins, even over a line with more criteria."""
        self._rate("Region", method="fixed", fixed_amount=14.0, structure_id=self.region.id)
        self._rate("Association A", method="fixed", fixed_amount=20.0,
                   structure_id=self.association_a.id)
        self.assertValued(self._contribution(), 20.0)
        self.assertValued(self._contribution(structure_id=self.section_a1.id), 20.0)
        self.assertValued(self._contribution(structure_id=self.association_b.id,
                                             partner_id=self.volunteer_b.id), 14.0)
        self.assertValued(self._contribution(level_id=self.level_supervision.id), 20.0)

    def test_more_criteria_wins(self):
        """On the same structure, the line with more criteria set wins."""
        self._rate("Fed supervision", method="fixed", fixed_amount=30.0,
                   structure_id=self.federation.id, level_id=self.level_supervision.id)
        self._rate("Fed supervision events", method="fixed", fixed_amount=40.0,
                   structure_id=self.federation.id, level_id=self.level_supervision.id,
                   category_id=self.category_events.id)
        both = self._contribution(level_id=self.level_supervision.id,
                                  category_id=self.category_events.id)
        level_only = self._contribution(level_id=self.level_supervision.id,
                                         category_id=self.category_training.id)
        other_level = self._contribution(level_id=self.level_execution.id,
                                         category_id=self.category_events.id)
        self.assertValued(both, 40.0)
        self.assertValued(level_only, 30.0)
        self.assertValued(other_level, 12.02)

    def test_empty_criterion_matches_everything(self):
        """A line that leaves the level empty values every level."""
        self._rate("Skills sponsorship", method="fixed", fixed_amount=50.0,
                   structure_id=self.association_a.id, contributor_type="skills_sponsorship")
        for level in (self.level_execution, self.level_expertise, self.env["volunteer.level"]):
            with self.subTest(level=level.name):
                sponsored = self._contribution(level_id=level.id,
                                               contributor_type="skills_sponsorship")
                self.assertValued(sponsored, 50.0)
        self.assertValued(self._contribution(contributor_type="volunteer"), 12.02)

    def test_dated_line(self):
        """A line with dates applies from date_from to date_to, both included."""
        self._rate("February campaign", method="fixed", fixed_amount=30.0,
                   structure_id=self.association_a.id,
                   date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
        expected = {
            date(2026, 1, 31): 12.02,
            date(2026, 2, 1): 30.0,
            date(2026, 2, 28): 30.0,
            date(2026, 3, 1): 12.02,
        }
        for day, hourly in expected.items():
            with self.subTest(day=day):
                self.assertValued(self._contribution(date=day), hourly)

    def test_successive_dated_lines_do_not_tie(self):
        """Two lines of the same structure that follow each other in time are fine."""
        self._rate("A 2024", method="fixed", fixed_amount=10.0, structure_id=self.association_a.id,
                   date_to=date(2024, 12, 31))
        self._rate("A since 2025", method="fixed", fixed_amount=11.0,
                   structure_id=self.association_a.id, date_from=date(2025, 1, 1))
        self.assertValued(self._contribution(date=date(2024, 12, 31)), 10.0)
        self.assertValued(self._contribution(date=date(2025, 1, 1)), 11.0)

    def test_estimate_valued_like_hours(self):
        """An estimate is valued on the total hours of the group."""
        estimate = self._contribution(entry_mode="estimate", partner_id=False, headcount=5,
                                      duration=40.0)
        self.assertValued(estimate, 12.02, 480.8)
        supervised = self._contribution(entry_mode="estimate", partner_id=False, headcount=2,
                                        duration=10.0, level_id=self.level_supervision.id)
        self.assertValued(supervised, 24.04, 240.4)

    def test_other_company_scale_ignored(self):
        """The rate lines of another company do not value this company's contributions."""
        other = self.env["res.company"].create({"name": "Other network"})
        self._rate("Other company", method="fixed", fixed_amount=99.0, company_id=other.id)
        self.assertValued(self._contribution(), 12.02)

    # Ties -----------------------------------------------------------------------------

    def test_tie_refused_naming_both_lines(self):
        """Two lines that would apply with the same precedence are refused."""
        with self.assertNothingCreated("volunteer.rate") as catcher:
            self._rate("Supervision bis", method="fixed", fixed_amount=25.0,
                       level_id=self.level_supervision.id, date_from=date(2025, 1, 1))
        message = str(catcher.exception)
        self.assertIn("Supervision bis", message)
        self.assertIn(self.rate_supervision.name, message)

    def test_tie_between_different_criteria_refused(self):
        """A level line and a category line of one structure would tie on both."""
        self._rate("A supervision", method="fixed", fixed_amount=25.0,
                   structure_id=self.association_a.id, level_id=self.level_supervision.id)
        with self.assertNothingCreated("volunteer.rate") as catcher:
            self._rate("A events", method="fixed", fixed_amount=22.0,
                       structure_id=self.association_a.id, category_id=self.category_events.id)
        self.assertIn("A supervision", str(catcher.exception))
        self.assertIn("A events", str(catcher.exception))

    def test_tie_refused_on_write(self):
        """Widening a line so that it ties with another is refused too."""
        self._rate("A supervision", method="fixed", fixed_amount=25.0,
                   structure_id=self.association_a.id, level_id=self.level_supervision.id)
        events = self._rate("B events", method="fixed", fixed_amount=22.0,
                            structure_id=self.association_b.id,
                            category_id=self.category_events.id)
        self.assertWriteRefused(events, {"structure_id": self.association_a.id}, "A supervision")

    def test_more_specific_line_resolves_tie(self):
        """A line for level + category settles what the two broader lines share."""
        specific, supervision, events = self.Rate.create([{
            "name": name, "date_from": date(2024, 1, 1), "method": "fixed",
            "fixed_amount": amount, "structure_id": self.association_a.id, **criteria,
        } for name, amount, criteria in (
            ("A supervision events", 40.0, {"level_id": self.level_supervision.id,
                                            "category_id": self.category_events.id}),
            ("A supervision", 25.0, {"level_id": self.level_supervision.id}),
            ("A events", 22.0, {"category_id": self.category_events.id}),
        )])
        both = self._contribution(level_id=self.level_supervision.id,
                                  category_id=self.category_events.id)
        level_only = self._contribution(level_id=self.level_supervision.id)
        category_only = self._contribution(level_id=self.level_execution.id,
                                           category_id=self.category_events.id)
        self._reload(both, level_only, category_only)
        self.assertEqual(both.rate_id, specific)
        self.assertEqual(level_only.rate_id, supervision)
        self.assertEqual(category_only.rate_id, events)
        self.assertEqual(both.hourly_rate, 40.0)

    def test_partially_resolved_tie_still_refused(self):
        """A specific line that starts later leaves the earlier days tied."""
        self._rate("A supervision events", method="fixed", fixed_amount=40.0,
                   structure_id=self.association_a.id, level_id=self.level_supervision.id,
                   category_id=self.category_events.id, date_from=date(2026, 6, 1))
        self._rate("A supervision", method="fixed", fixed_amount=25.0,
                   structure_id=self.association_a.id, level_id=self.level_supervision.id)
        with self.assertNothingCreated("volunteer.rate"):
            self._rate("A events", method="fixed", fixed_amount=22.0,
                       structure_id=self.association_a.id, category_id=self.category_events.id)

    # Open contributions follow the scale; validated ones are frozen --------------------

    def test_open_contributions_follow_rate_changes(self):
        """Drafts and submitted contributions are revalued when a rate changes."""
        draft = self._contribution(level_id=self.level_supervision.id)
        submitted = self._contribution(level_id=self.level_supervision.id)
        submitted.action_submit()
        self.rate_supervision.coefficient = 2.5
        self.assertValued(draft, 30.05, 60.1)
        self.assertValued(submitted, 30.05, 60.1)

    def test_open_contributions_follow_wage_changes(self):
        """A corrected or new reference wage revalues the open contributions of its dates."""
        march = self._contribution()
        february = self._contribution(date=date(2026, 2, 15))
        self.wage_2026.hourly_amount = 12.5
        self.assertValued(march, 12.5, 25.0)
        self.Wage.create({"date_from": date(2026, 3, 1), "hourly_amount": 12.4,
                          "company_id": self.company.id})
        self.assertValued(march, 12.4, 24.8)
        self.assertValued(february, 12.5, 25.0)

    def test_open_contributions_follow_new_lines(self):
        """A new, more specific line revalues the open contributions it covers."""
        draft = self._contribution()
        line = self._rate("A fixed", method="fixed", fixed_amount=16.0,
                          structure_id=self.association_a.id)
        self.assertValued(draft, 16.0, 32.0)
        line.unlink()
        self.assertValued(draft, 12.02, 24.04)

    def test_validated_value_frozen_on_rate_change(self):
        """Changing a rate never changes what was validated."""
        validated = self._validated(level_id=self.level_supervision.id)
        self.assertValued(validated, 24.04, 48.08)
        self.rate_supervision.coefficient = 3.0
        self.assertValued(validated, 24.04, 48.08)
        self.assertEqual(validated.rate_id, self.rate_supervision)
        fixed = self._rate("A fixed", method="fixed", fixed_amount=16.0,
                           structure_id=self.association_a.id)
        fixed_validated = self._validated()
        fixed.fixed_amount = 99.0
        self.assertValued(fixed_validated, 16.0, 32.0)
        self.assertValued(validated, 24.04, 48.08)

    def test_validated_value_frozen_on_wage_change(self):
        """Changing or adding a reference wage never changes what was validated."""
        validated = self._validated(level_id=self.level_supervision.id)
        draft = self._contribution(level_id=self.level_supervision.id)
        self.wage_2026.hourly_amount = 13.0
        self.Wage.create({"date_from": date(2026, 3, 1), "hourly_amount": 14.0,
                          "company_id": self.company.id})
        self.assertValued(validated, 24.04, 48.08)
        self.assertValued(draft, 28.0, 56.0)

    def test_validated_value_frozen_when_rate_archived(self):
        """Archiving the line used keeps the validated value; drafts fall back."""
        validated = self._validated(level_id=self.level_supervision.id)
        draft = self._contribution(level_id=self.level_supervision.id)
        self.rate_supervision.active = False
        self.assertValued(validated, 24.04, 48.08)
        self.assertValued(draft, 12.02, 24.04)

    def test_rate_used_by_validated_cannot_be_deleted(self):
        """A rate that valued validated contributions is kept as evidence."""
        self._validated(level_id=self.level_supervision.id)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.rate_supervision.unlink()
        self.assertTrue(self.rate_supervision.exists())

    def test_reset_and_revalidate_takes_new_rates(self):
        """A reopened contribution is revalued, and frozen again at its new value."""
        validated = self._validated(level_id=self.level_supervision.id)
        self.rate_supervision.coefficient = 2.5
        self.assertValued(validated, 24.04)
        validated.with_user(self.manager).action_reset_to_draft("Scale corrected by the board")
        self.assertValued(validated, 30.05, 60.1)
        validated.with_user(self.manager).action_validate()
        self.rate_supervision.coefficient = 2.0
        self.assertValued(validated, 30.05, 60.1)

    # Validation without a rate ----------------------------------------------------------

    def test_validation_refused_in_company_without_rates(self):
        """A company with no scale cannot validate: the message says what to add."""
        other = self.env["res.company"].create({"name": "Other network"})
        structure = self.env["volunteer.structure"].create(
            {"name": "Other association", "company_id": other.id})
        contribution = self._contribution(structure_id=structure.id, name="Clean-up day")
        with self.assertRaises(UserError) as catcher:
            contribution.action_validate()
        self.assertIn("No valuation rate applies to Clean-up day", str(catcher.exception))
        self.assertEqual(contribution.state, "draft")
        self.assertEqual(contribution.amount, 0.0)

    def test_validation_refused_before_every_rate(self):
        """A date before the first rate line has no value and cannot be validated."""
        old = self._contribution(date=date(2023, 6, 1), name="Old fair")
        self.assertValued(old, 0.0, 0.0)
        self.assertFalse(old.rate_id)
        with self.assertRaises(UserError) as catcher:
            old.action_validate()
        self.assertIn("Old fair", str(catcher.exception))
        self.assertEqual(old.state, "draft")

    def test_wage_line_without_wage_cannot_validate(self):
        """A wage-based line needs a reference wage in force on the date."""
        other = self.env["res.company"].create({"name": "Other network"})
        structure = self.env["volunteer.structure"].create(
            {"name": "Other association", "company_id": other.id})
        self._rate("Other SMIC", method="wage", coefficient=1.0, company_id=other.id)
        contribution = self._contribution(structure_id=structure.id)
        with self.assertRaises(UserError):
            contribution.action_validate()
        self.Wage.create({"date_from": date(2026, 1, 1), "hourly_amount": 12.02,
                          "company_id": other.id})
        contribution.action_validate()
        self.assertEqual(contribution.state, "validated")
        self.assertValued(contribution, 12.02, 24.04)

    def test_unrated_contribution_blocks_the_whole_batch(self):
        """Validating a batch with one unrated contribution validates none of them."""
        rated = self._contribution(name="Rated")
        unrated = self._contribution(date=date(2023, 6, 1), name="Unrated")
        with self.assertRaises(UserError) as catcher:
            (rated | unrated).action_validate()
        self.assertIn("Unrated", str(catcher.exception))
        self.assertEqual((rated | unrated).mapped("state"), ["draft", "draft"])

    # Scale configuration ------------------------------------------------------------------

    def test_negative_rate_refused(self):
        """Rates cannot be negative, on create and on write."""
        with self.assertNothingCreated("volunteer.rate"):
            self._rate("Negative", method="fixed", fixed_amount=-1.0,
                       structure_id=self.association_a.id)
        with self.assertNothingCreated("volunteer.rate"):
            self._rate("Negative", coefficient=-0.5, structure_id=self.association_a.id)
        self.assertWriteRefused(self.rate_supervision, {"coefficient": -2.0},
                                "A rate cannot be negative")
        line = self._rate("A fixed", method="fixed", fixed_amount=16.0,
                          structure_id=self.association_a.id)
        self.assertWriteRefused(line, {"fixed_amount": -16.0}, "A rate cannot be negative")

    def test_rate_period_must_be_ordered(self):
        """A rate cannot end before it starts."""
        with self.assertNothingCreated("volunteer.rate"):
            self._rate("Backwards", structure_id=self.association_a.id,
                       date_from=date(2025, 1, 1), date_to=date(2024, 1, 1))
        line = self._rate("A fixed", method="fixed", fixed_amount=16.0,
                          structure_id=self.association_a.id)
        self.assertWriteRefused(line, {"date_to": date(2023, 12, 31)},
                                "cannot end before it starts")

    def test_rate_structure_of_another_company_refused(self):
        """A rate line and its structure belong to the same company."""
        other = self.env["res.company"].create({"name": "Other network"})
        with self.assertNothingCreated("volunteer.rate") as catcher:
            self._rate("Mismatch", structure_id=self.association_a.id, company_id=other.id)
        self.assertIn("same company", str(catcher.exception))

    def test_negative_wage_refused(self):
        """A reference wage and its charges multiplier cannot be negative."""
        with self.assertNothingCreated("volunteer.reference.wage"):
            self.Wage.create({"date_from": date(2027, 1, 1), "hourly_amount": -12.0,
                              "company_id": self.company.id})
        self.assertWriteRefused(self.wage_2026, {"hourly_amount": -1.0}, "cannot be negative")
        self.assertWriteRefused(self.wage_2026, {"charges_multiplier": -1.45},
                                "cannot be negative")

    def test_overlapping_wage_periods_refused(self):
        """Two reference wages cannot start on the same day in one company."""
        with self.assertNothingCreated("volunteer.reference.wage"):
            self.Wage.create({"date_from": date(2026, 1, 1), "hourly_amount": 12.5,
                              "company_id": self.company.id})
        smic_2024 = self.env.ref("volunteer_valuation.volunteer_reference_wage_smic_2024_01")
        with self.assertNothingCreated("volunteer.reference.wage",
                                       (IntegrityError, ValidationError)) as catcher:
            smic_2024.date_from = date(2026, 1, 1)
            self.env.flush_all()
        if isinstance(catcher.exception, ValidationError):
            self.assertIn("cannot start on the same day", str(catcher.exception))
        smic_2024.invalidate_recordset()
        self.assertEqual(smic_2024.date_from, date(2024, 1, 1))

    def test_same_wage_start_in_another_company_allowed(self):
        """Each company keeps its own reference wages."""
        other = self.env["res.company"].create({"name": "Other network"})
        wage = self.Wage.create({"date_from": date(2026, 1, 1), "hourly_amount": 12.02,
                                 "company_id": other.id})
        self.assertTrue(wage.exists())
