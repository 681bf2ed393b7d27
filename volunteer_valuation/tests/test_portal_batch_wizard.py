# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""One activity for many people at once: one contribution each, in one step."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import DAY
from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalBatchWizard(PortalCommon, TransactionCase):

    def _wizard(self, user=None, **vals):
        values = {
            "structure_id": self.association_a.id,
            "partner_ids": [Command.set((self.volunteer_a | self.volunteer_a2).ids)],
            "name": "Food collection", "date": DAY, "duration": 3.0,
        }
        values.update(vals)
        Wizard = self.env["volunteer.contribution.batch.wizard"]
        return (Wizard.with_user(user) if user else Wizard).create(values)

    def _created(self, name="Food collection"):
        return self.env["volunteer.contribution"].search([("name", "=", name)])

    def test_one_validated_contribution_each(self):
        action = self._wizard(user=self.coordinator_a, level_id=self.level_qualified.id,
                              task_id=self.task_a.id).action_create()
        created = self._created()
        self.assertEqual(created.partner_id, self.volunteer_a | self.volunteer_a2)
        self.assertEqual(self.env["volunteer.contribution"].search(action["domain"]), created)
        for contribution in created:
            self.assertEqual(contribution.state, "validated")
            self.assertEqual(contribution.duration, 3.0)
            self.assertEqual(contribution.date, DAY)
            self.assertEqual(contribution.level_id, self.level_qualified)
            self.assertEqual(contribution.task_id, self.task_a)
            self.assertEqual(contribution.project_id, self.project_a)
            self.assertEqual(contribution.source, "backend")
            self.assertEqual(contribution.validated_by_id, self.coordinator_a)
            self.assertGreater(contribution.amount, 0)

    def test_drafts_when_not_validated_at_once(self):
        self._wizard(validate=False).action_create()
        self.assertEqual(set(self._created().mapped("state")), {"draft"})

    def test_refused_with_nothing_written(self):
        cases = [
            ({"partner_ids": [Command.clear()]}, "Choose the volunteers"),
            ({"partner_ids": [Command.set((self.volunteer_a | self.volunteer_b).ids)]},
             "are not volunteers of Association A"),
            ({"duration": 30.0}, "24 hours"),
            ({"duration": 0.0}, "greater than zero"),
        ]
        for vals, message in cases:
            with self.subTest(message=message), self.assertNothingCreated() as catcher:
                self._wizard(**vals).action_create()
            self.assertIn(message, str(catcher.exception))
        self.assertFalse(self._created())

    def test_coordinators_record_in_their_structures_only(self):
        wizard = self._wizard(
            user=self.coordinator_a, structure_id=self.association_b.id,
            partner_ids=[Command.set(self.volunteer_b.ids)])
        with self.assertNothingCreated(exceptions=(AccessError, UserError)):
            wizard.action_create()

    def test_only_coordinators_use_it(self):
        for user in (self.portal_a, self.internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(user=user)

    def test_form_defaults_from_the_volunteers_list(self):
        Wizard = self.env["volunteer.contribution.batch.wizard"].with_user(self.coordinator_a)
        Wizard = Wizard.with_context(
            active_model="res.partner", active_ids=(self.volunteer_a | self.volunteer_a2).ids)
        with Form(Wizard) as form:
            self.assertEqual(form.structure_id, self.association_a)
            form.name = "Clean-up day"
            form.duration = 2.0
            form.task_id = self.task_a
            self.assertEqual(form.project_id, self.project_a)
            wizard = form.save()
        self.assertEqual(wizard.partner_ids, self.volunteer_a | self.volunteer_a2)
        wizard.action_create()
        self.assertEqual(len(self._created("Clean-up day")), 2)
