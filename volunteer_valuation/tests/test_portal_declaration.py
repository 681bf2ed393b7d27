# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Declarations of the volunteering space, below the controllers: what the form offers,
how the posted texts are read, what is saved and what is refused."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import DAY
from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalDeclaration(PortalCommon, TransactionCase):

    def _save(self, user, post, contribution=None, structures=None):
        Contribution = self.env["volunteer.contribution"].with_user(user)
        partner = user.partner_id
        return Contribution._portal_save(
            partner, structures if structures is not None else partner.volunteer_structure_ids,
            post, contribution)

    def _count(self):
        return self.env["volunteer.contribution"].sudo().search_count([])

    # ------------------------------------------------------------------
    # What the form offers
    # ------------------------------------------------------------------

    def test_options_projects_open_to_the_structure_and_its_parents(self):
        options = self.env["volunteer.contribution"]._portal_options(
            self.association_a | self.association_b)
        by_structure = options["projects_by_structure"]
        self.assertEqual(by_structure[self.association_a.id],
                         self.project_a | self.project_region)
        self.assertEqual(by_structure[self.association_b.id],
                         self.project_b | self.project_region)
        self.assertNotIn(self.project_closed, options["projects"])
        section = self.env["volunteer.contribution"]._portal_options(self.section_a1)
        self.assertEqual(section["projects"], self.project_a | self.project_region,
                         "a member structure gets the projects open to its parents")

    def test_options_tasks_and_categories_follow_the_structure_settings(self):
        options = self.env["volunteer.contribution"]._portal_options(self.association_a)
        self.assertFalse(options["tasks"])
        self.assertFalse(options["categories"])
        self.association_a.write({"portal_use_tasks": True, "portal_use_categories": True})
        options = self.env["volunteer.contribution"]._portal_options(self.association_a)
        self.assertEqual(options["tasks"], self.task_a)
        self.assertIn(self.category_events, options["categories"])

    def test_options_leave_out_other_companies_and_archived_structures(self):
        other_company = self.env["res.company"].create({"name": "Other company"})
        self.env["project.project"].create({
            "name": "Elsewhere", "company_id": other_company.id,
            "volunteer_structure_ids": [Command.set(self.association_a.ids)],
        })
        options = self.env["volunteer.contribution"]._portal_options(self.association_a)
        self.assertNotIn("Elsewhere", options["projects"].mapped("name"))
        self.association_b.active = False
        options = self.env["volunteer.contribution"]._portal_options(
            self.association_a | self.association_b)
        self.assertEqual(options["structures"], self.association_a)

    # ------------------------------------------------------------------
    # Durations and other texts
    # ------------------------------------------------------------------

    def test_durations_as_people_type_them(self):
        for text, hours in (("2h30", 2.5), ("2 h 30", 2.5), ("2:30", 2.5), ("2,5", 2.5),
                            ("2.5", 2.5), ("150 min", 2.5), ("45min", 0.75)):
            with self.subTest(text=text):
                contribution, errors = self._save(
                    self.portal_a, self._post_vals(duration=text, name=f"Typed {text}"))
                self.assertFalse(errors)
                self.assertAlmostEqual(contribution.sudo().duration, hours)

    def test_bad_durations_are_refused_next_to_the_field(self):
        before = self._count()
        for text in ("2h75", "abc", "-1", "=1+1", "25", "0", ""):
            with self.subTest(text=text):
                contribution, errors = self._save(self.portal_a, self._post_vals(duration=text))
                self.assertFalse(contribution)
                self.assertEqual(list(errors), ["duration"])
        self.assertEqual(self._count(), before)
        _contribution, errors = self._save(self.portal_a, self._post_vals(duration="abc"))
        self.assertEqual(
            errors["duration"], "“abc” is not a duration. Type it like 2h30, 2:30, 2,5 or 45 min.")

    def test_a_trip_without_duration(self):
        contribution, errors = self._save(
            self.portal_a, self._post_vals(duration="", distance_km="12,5"))
        self.assertFalse(errors)
        self.assertEqual(contribution.sudo().distance_km, 12.5)
        self.assertEqual(contribution.sudo().duration, 0)

    def test_bad_texts_are_refused(self):
        tomorrow = fields.Date.to_string(fields.Date.today() + timedelta(days=2))
        cases = {
            "name": ["", "   ", "x" * 201, "line\x00break", "tab\tinside"],
            "date": ["", "2026-02-30", "02/03/2026", tomorrow, "1999-12-31", "9" * 41],
            "distance_km": ["abc", "-3", "1e5", "20000", "1,2,3"],
        }
        before = self._count()
        for field, values in cases.items():
            for value in values:
                with self.subTest(field=field, value=value):
                    contribution, errors = self._save(
                        self.portal_a, self._post_vals(**{field: value}))
                    self.assertFalse(contribution)
                    self.assertIn(field, errors)
        self.assertEqual(self._count(), before)

    def test_non_text_values_are_refused(self):
        contribution, errors = self._save(
            self.portal_a, self._post_vals(name=["a", "b"], project_id={"id": 1}))
        self.assertFalse(contribution)
        self.assertEqual(set(errors), {"name", "project_id"})

    def test_html_is_kept_as_text(self):
        name = '<script>alert("x")</script><b>Bold</b>'
        contribution, errors = self._save(self.portal_a, self._post_vals(name=name))
        self.assertFalse(errors)
        self.assertEqual(contribution.sudo().name, name)

    # ------------------------------------------------------------------
    # Ids: only what the form offers
    # ------------------------------------------------------------------

    def test_foreign_and_unknown_ids_are_refused(self):
        cases = {
            "structure_id": [self.association_b.id, self.region.id, 999999999, "1 OR 1=1",
                             "-1", "99999999999999999999"],
            "project_id": [self.project_b.id, self.project_closed.id, 999999999, "x"],
            "level_id": [999999999, "abc"],
        }
        before = self._count()
        for field, values in cases.items():
            for value in values:
                with self.subTest(field=field, value=value):
                    contribution, errors = self._save(
                        self.portal_a, self._post_vals(**{field: str(value)}))
                    self.assertFalse(contribution)
                    self.assertIn(field, errors)
        self.assertEqual(self._count(), before)

    def test_tasks_only_when_the_structure_uses_them(self):
        contribution, errors = self._save(
            self.portal_a, self._post_vals(task_id=str(self.task_a.id)))
        self.assertFalse(errors)
        self.assertFalse(contribution.sudo().task_id, "a structure without tasks ignores them")
        self.association_a.portal_use_tasks = True
        contribution, errors = self._save(
            self.portal_a, self._post_vals(task_id=str(self.task_a.id)))
        self.assertFalse(errors)
        self.assertEqual(contribution.sudo().task_id, self.task_a)
        self.assertEqual(contribution.sudo().project_id, self.project_a,
                         "the task brings its project")
        for post in (self._post_vals(task_id=str(self.task_b.id)),
                     self._post_vals(task_id=str(self.task_a.id),
                                     project_id=str(self.project_region.id))):
            contribution, errors = self._save(self.portal_a, post)
            self.assertFalse(contribution)
            self.assertIn("task_id", errors)

    def test_category_required_when_the_structure_uses_categories(self):
        self.association_a.portal_use_categories = True
        contribution, errors = self._save(self.portal_a, self._post_vals())
        self.assertFalse(contribution)
        self.assertIn("category_id", errors)
        contribution, errors = self._save(
            self.portal_a, self._post_vals(category_id=str(self.category_events.id)))
        self.assertFalse(errors)
        self.assertEqual(contribution.sudo().category_id, self.category_events)

    def test_two_structures_the_volunteer_chooses(self):
        contribution, errors = self._save(self.portal_two, self._post_vals())
        self.assertFalse(contribution)
        self.assertIn("structure_id", errors)
        contribution, errors = self._save(self.portal_two, self._post_vals(
            structure_id=str(self.association_b.id), project_id=str(self.project_b.id)))
        self.assertFalse(errors)
        self.assertEqual(contribution.sudo().structure_id, self.association_b)
        contribution, errors = self._save(self.portal_two, self._post_vals(
            structure_id=str(self.association_a.id), project_id=str(self.project_b.id)))
        self.assertIn("project_id", errors, "project B is not open to the volunteers of A")

    # ------------------------------------------------------------------
    # Saving, submitting, editing
    # ------------------------------------------------------------------

    def test_save_a_draft_then_submit(self):
        contribution, errors = self._save(self.portal_a, self._post_vals(
            project_id=str(self.project_a.id), level_id=str(self.level_qualified.id),
            distance_km="3"))
        self.assertFalse(errors)
        record = contribution.sudo()
        self.assertEqual(record.state, "draft")
        self.assertEqual(record.partner_id, self.volunteer_a)
        self.assertEqual(record.structure_id, self.association_a)
        self.assertEqual(record.source, "portal")
        self.assertEqual(record.level_id, self.level_qualified)
        self.assertEqual(record.date, DAY)
        self.assertEqual(record.create_uid, self.portal_a)
        contribution, errors = self._save(
            self.portal_a, self._post_vals(duration="3h", submit="1"), contribution)
        self.assertFalse(errors)
        self.assertEqual(record.state, "submitted")
        self.assertEqual(record.duration, 3)

    def test_submit_at_once(self):
        contribution, errors = self._save(self.portal_a, self._post_vals(submit="1"))
        self.assertFalse(errors)
        self.assertEqual(contribution.sudo().state, "submitted")

    def test_only_drafts_and_rejected_ones_change(self):
        submitted = self._contribution(state="submitted")
        validated = self._validated()
        rejected = self._contribution()
        rejected.action_reject("Wrong day")
        for contribution in (submitted, validated):
            before = contribution.read(["name", "duration", "state"])
            _found, errors = self._save(
                self.portal_a, self._post_vals(name="Changed", duration="9h"),
                contribution.with_user(self.portal_a))
            self.assertIn("form", errors)
            self.assertEqual(contribution.read(["name", "duration", "state"]), before)
        _found, errors = self._save(
            self.portal_a, self._post_vals(name="Corrected", submit="1"),
            rejected.with_user(self.portal_a))
        self.assertFalse(errors)
        self.assertEqual(rejected.state, "submitted")
        self.assertFalse(rejected.rejection_reason)

    def test_someone_else_contribution_is_out_of_reach(self):
        theirs = self._contribution(partner_id=self.volunteer_a2.id)
        Contribution = self.env["volunteer.contribution"].with_user(self.portal_a)
        self.assertFalse(Contribution._portal_find(self.volunteer_a, theirs.id))
        _found, errors = self._save(self.portal_a, self._post_vals(name="Mine now"),
                                   theirs.with_user(self.portal_a))
        self.assertIn("form", errors)
        self.assertEqual(theirs.name, "Food distribution")
        with self.assertRaises(AccessError):
            Contribution._portal_save(self.volunteer_a2, self.association_a, self._post_vals())

    def test_find_ignores_bad_ids(self):
        Contribution = self.env["volunteer.contribution"].with_user(self.portal_a)
        mine = self._contribution()
        self.assertEqual(Contribution._portal_find(self.volunteer_a, mine.id), mine)
        for value in (0, -1, 2**31, 10**30, "abc", None):
            self.assertFalse(Contribution._portal_find(self.volunteer_a, value))
        self.assertFalse(Contribution._portal_find(
            self.volunteer_a, mine.id, self.association_b), "out of the link's structure")

    def test_delete_drafts_only(self):
        draft = self._contribution(user=self.portal_a)
        validated = self._validated()
        draft.with_user(self.portal_a)._portal_delete()
        self.assertFalse(draft.exists())
        with self.assertRaises(UserError):
            validated.with_user(self.portal_a)._portal_delete()
        self.assertTrue(validated.exists())

    def test_totals(self):
        mine = self._contribution(duration=2) | self._validated(duration=1.5)
        self._contribution(duration=4, partner_id=self.volunteer_a2.id)
        Contribution = self.env["volunteer.contribution"].with_user(self.portal_a)
        domain = Contribution._portal_domain(self.volunteer_a)
        hours, amount, _currency = Contribution._portal_totals(
            domain, self.env["volunteer.structure"])
        self.assertEqual(hours, 3.5)
        self.assertEqual(amount, 0)
        hours, amount, currency = Contribution._portal_totals(domain, self.association_a)
        self.assertEqual(hours, 3.5)
        self.assertGreater(amount, 0)
        self.assertAlmostEqual(amount, sum(mine.mapped("amount")), places=2)
        self.assertEqual(currency, mine.currency_id)
