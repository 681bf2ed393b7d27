# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Approval workflow: submit, validate, reject, reset to draft, and the reason wizard."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VolunteerCase


@tagged("post_install", "-at_install")
class TestWorkflow(VolunteerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.in_a = cls._contribution(name="Sorting in A")
        cls.in_a1 = cls._contribution(name="Sorting in A1", structure_id=cls.section_a1.id,
                                      partner_id=cls.volunteer_a2.id)
        cls.in_b = cls._contribution(name="Sorting in B", structure_id=cls.association_b.id,
                                     partner_id=cls.volunteer_b.id)
        cls.batch = cls.in_a | cls.in_a1 | cls.in_b

    def _bodies(self, contribution):
        return " ".join(contribution.message_ids.mapped("body"))

    # Submit ---------------------------------------------------------------------

    def test_submit_batch(self):
        """Several drafts are submitted in one call."""
        self.batch.action_submit()
        self.assertEqual(set(self.batch.mapped("state")), {"submitted"})

    def test_submit_twice_refused(self):
        """Only drafts and rejected contributions can be submitted; the message names them."""
        self.in_a.action_submit()
        with self.assertRaises(UserError) as catcher:
            (self.in_a | self.in_b).action_submit()
        self.assertIn("Sorting in A", str(catcher.exception))
        self.assertNotIn("Sorting in B", str(catcher.exception))
        self.assertEqual(self.in_b.state, "draft", "a refused batch changes nothing")

    def test_portal_volunteer_submits_own_draft(self):
        """A volunteer sends their own draft to the coordinators."""
        mine = self._contribution(user=self.portal_a)
        self.assertEqual(mine.source, "portal")
        mine.with_user(self.portal_a).action_submit()
        self.assertEqual(mine.state, "submitted")

    # Validate ---------------------------------------------------------------------

    def test_validate_batch_by_region_coordinator(self):
        """A region coordinator validates contributions of several associations at once."""
        self.batch.action_submit()
        self.batch.with_user(self.coordinator_region).action_validate()
        for contribution in self.batch:
            with self.subTest(contribution=contribution.name):
                self.assertEqual(contribution.state, "validated")
                self.assertEqual(contribution.validated_by_id, self.coordinator_region)
                self.assertTrue(contribution.validation_date)
                self.assertEqual(contribution.amount, 24.04)

    def test_validate_twice_refused(self):
        """A validated contribution cannot be validated again."""
        self.in_a.action_validate()
        with self.assertRaises(UserError):
            self.in_a.action_validate()

    def test_validate_rejected_refused(self):
        """A rejected contribution is corrected and resubmitted before validation."""
        self.in_a.action_reject("Wrong date")
        with self.assertRaises(UserError) as catcher:
            self.in_a.with_user(self.coordinator_a).action_validate()
        self.assertIn("Rejected", str(catcher.exception))
        self.assertEqual(self.in_a.state, "rejected")

    def test_validation_appears_in_history(self):
        """The change of state is tracked in the chatter."""
        contribution = self._contribution()
        self.env.flush_all()
        self.env.cr.precommit.run()  # what the commit of the creation would do
        contribution.with_user(self.coordinator_a).action_validate()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = contribution.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state")
        self.assertTrue(tracked)
        self.assertEqual(tracked[:1].new_value_char, "Validated")

    # Reject -----------------------------------------------------------------------

    def test_reject_batch_with_reason(self):
        """Rejecting several contributions stores and posts the reason on each."""
        group = self.in_a | self.in_a1
        group.action_submit()
        group.with_user(self.coordinator_a).action_reject("Hours counted twice")
        for contribution in group:
            with self.subTest(contribution=contribution.name):
                self.assertEqual(contribution.state, "rejected")
                self.assertEqual(contribution.rejection_reason, "Hours counted twice")
                self.assertIn("Hours counted twice", self._bodies(contribution))

    def test_reject_requires_reason(self):
        """No rejection without a reason."""
        for reason in (None, "", "   "):
            with self.subTest(reason=reason), self.assertRaises(UserError) as catcher:
                self.batch.with_user(self.coordinator_region).action_reject(reason)
            self.assertIn("Say why", str(catcher.exception))
        self.assertEqual(set(self.batch.mapped("state")), {"draft"})
        self.assertFalse(any(self.batch.mapped("rejection_reason")))

    def test_reject_validated_refused(self):
        """A validated contribution is reopened by a manager, not rejected."""
        self.in_a.action_validate()
        with self.assertRaises(UserError):
            self.in_a.with_user(self.coordinator_a).action_reject("Too late")
        self.assertEqual(self.in_a.state, "validated")

    def test_resubmit_rejected_clears_reason(self):
        """The volunteer corrects a rejected contribution and submits it again."""
        self.in_a.action_submit()
        self.in_a.with_user(self.coordinator_a).action_reject("Only 1 hour that day")
        mine = self.in_a.with_user(self.portal_a)
        mine.duration = 1.0
        mine.action_submit()
        self.assertEqual(self.in_a.state, "submitted")
        self.assertFalse(self.in_a.rejection_reason)
        self.assertEqual(self.in_a.amount, 12.02)

    # Reset to draft ---------------------------------------------------------------

    def test_manager_resets_validated_with_reason(self):
        """A manager reopens validated contributions; the reason stays in their history."""
        group = self.in_a | self.in_b
        group.action_validate()
        group.with_user(self.manager).action_reset_to_draft("Duplicate of the March sheet")
        for contribution in group:
            with self.subTest(contribution=contribution.name):
                self.assertEqual(contribution.state, "draft")
                self.assertFalse(contribution.validated_by_id)
                self.assertFalse(contribution.validation_date)
                self.assertIn("Duplicate of the March sheet", self._bodies(contribution))

    def test_reset_validated_requires_reason(self):
        """Reopening a validated contribution needs a reason."""
        self.in_a.action_validate()
        for reason in (None, "  "):
            with self.subTest(reason=reason), self.assertRaises(UserError):
                self.in_a.with_user(self.manager).action_reset_to_draft(reason)
        self.assertEqual(self.in_a.state, "validated")

    def test_coordinator_cannot_reset_validated(self):
        """Only a manager may reopen a validated contribution."""
        self.in_a.action_validate()
        with self.assertRaises(AccessError):
            self.in_a.with_user(self.coordinator_a).action_reset_to_draft("Mistake")
        self.assertEqual(self.in_a.state, "validated")
        self.assertNotIn("Mistake", self._bodies(self.in_a))

    def test_coordinator_resets_rejected(self):
        """A rejected contribution can go back to draft without a manager."""
        self.in_a.action_reject("Missing details")
        self.in_a.with_user(self.coordinator_a).action_reset_to_draft()
        self.assertEqual(self.in_a.state, "draft")
        self.assertFalse(self.in_a.rejection_reason)

    # Reason wizard ----------------------------------------------------------------

    def _wizard(self, user, contributions, operation, reason):
        return self.env["volunteer.contribution.reason.wizard"].with_user(user).create({
            "contribution_ids": [Command.set(contributions.ids)],
            "operation": operation,
            "reason": reason,
        })

    def test_wizard_rejects_several(self):
        """The reason wizard rejects several contributions with one reason."""
        group = self.in_a | self.in_a1
        group.action_submit()
        wizard = self._wizard(self.coordinator_a, group, "reject", "Not volunteering time")
        self.assertEqual(wizard.contribution_count, 2)
        wizard.action_confirm()
        self.assertEqual(set(group.mapped("state")), {"rejected"})
        self.assertEqual(set(group.mapped("rejection_reason")), {"Not volunteering time"})
        for contribution in group:
            self.assertIn("Not volunteering time", self._bodies(contribution))

    def test_wizard_resets_validated(self):
        """A manager reopens validated contributions through the wizard."""
        group = self.in_a | self.in_b
        group.action_validate()
        self._wizard(self.manager, group, "reset", "Wrong structure").action_confirm()
        self.assertEqual(set(group.mapped("state")), {"draft"})
        self.assertIn("Wrong structure", self._bodies(self.in_b))

    def test_wizard_with_blank_reason_changes_nothing(self):
        """A reason made of spaces is no reason."""
        wizard = self._wizard(self.coordinator_a, self.in_a | self.in_a1, "reject", "   ")
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(set((self.in_a | self.in_a1).mapped("state")), {"draft"})

    def test_wizard_cannot_reject_outside_own_structures(self):
        """The wizard does not let a coordinator act on another association."""
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self._wizard(self.coordinator_a, self.in_b, "reject", "Not ours").action_confirm()
        self.assertEqual(self.in_b.state, "draft")

    def test_open_reason_wizard(self):
        """The buttons open the wizard on the selected contributions."""
        action = self.batch.with_context(reason_operation="reset").action_open_reason_wizard()
        self.assertEqual(action["res_model"], "volunteer.contribution.reason.wizard")
        self.assertEqual(action["context"]["default_contribution_ids"], self.batch.ids)
        self.assertEqual(action["context"]["default_operation"], "reset")
