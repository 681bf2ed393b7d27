# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Who may read, write, create and delete what: access rights and record rules."""

from datetime import date, timedelta
from itertools import count

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import COORDINATOR_GROUP, MANAGER_GROUP, VolunteerCase

# Expected rights of each role on a record within its reach:
# r = read, w = write, c = create, u = unlink (delete); "-" = refused.
ACCESS_TABLE = {
    "volunteer.contribution": {
        "internal": "----", "portal": "rwcu", "coordinator": "rwcu", "manager": "rwcu"},
    "volunteer.structure": {
        "internal": "----", "portal": "r---", "coordinator": "rwc-", "manager": "rwcu"},
    "volunteer.level": {
        "internal": "----", "portal": "r---", "coordinator": "r---", "manager": "rwcu"},
    "volunteer.category": {
        "internal": "----", "portal": "r---", "coordinator": "r---", "manager": "rwcu"},
    "volunteer.rate": {
        "internal": "----", "portal": "----", "coordinator": "r---", "manager": "rwcu"},
    "volunteer.reference.wage": {
        "internal": "----", "portal": "----", "coordinator": "r---", "manager": "rwcu"},
    "volunteer.contribution.reason.wizard": {
        "internal": "----", "portal": "----", "coordinator": "rwcu", "manager": "rwcu"},
}
MODES = ("read", "write", "create", "unlink")


@tagged("post_install", "-at_install")
class TestAccessTable(VolunteerCase):
    """Each model × each role × read/write/create/unlink."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_users = {
            "internal": cls.internal,
            "portal": cls.portal_a,
            "coordinator": cls.coordinator_a,
            "manager": cls.manager,
        }
        cls.serial = count(1)

    def _day(self):
        """A different day for each dated record, long before any real data."""
        return date(2001, 1, 1) + timedelta(days=next(self.serial))

    def _create_vals(self, model, role):
        """Values of a record within the reach of ``role``."""
        if model == "volunteer.contribution":
            if role == "portal":
                return self._contribution_vals()
            return self._contribution_vals(partner_id=self.volunteer_a2.id)
        if model == "volunteer.structure":
            return {"name": f"Section {next(self.serial)}", "parent_id": self.association_a.id}
        if model in ("volunteer.level", "volunteer.category"):
            return {"name": f"Entry {next(self.serial)}"}
        if model == "volunteer.rate":
            day = self._day()
            return {"name": f"Old line {day}", "date_from": day, "date_to": day,
                    "method": "fixed", "fixed_amount": 5.0,
                    "structure_id": self.association_a.id}
        if model == "volunteer.reference.wage":
            return {"date_from": self._day(), "hourly_amount": 5.0}
        contribution = self._contribution(partner_id=self.volunteer_a2.id)
        return {"contribution_ids": [Command.set(contribution.ids)], "reason": "Duplicate"}

    def _fixture(self, model, role, mode):
        """An existing record within the reach of ``role``."""
        user = self.role_users[role]
        if model == "volunteer.structure" and mode != "unlink":
            return self.association_a  # portal volunteer A belongs to it, coordinator A runs it
        if model == "volunteer.contribution.reason.wizard":
            # a wizard is made by the user who runs it
            return self.env[model].with_user(user).sudo().create(
                self._create_vals(model, role)).sudo(False)
        return self.env[model].create(self._create_vals(model, role))

    def _write_vals(self, model):
        return {
            # A field of the declaration form: volunteers may write no other one.
            "volunteer.contribution": {"name": "Checked"},
            "volunteer.structure": {"name": "Association A (renamed)"},
            "volunteer.contribution.reason.wizard": {"reason": "Another reason"},
        }.get(model, {"name": "Renamed"})

    def _allowed(self, model, role, mode):
        """Whether ``role`` may perform ``mode`` on ``model``: False on AccessError."""
        user = self.role_users[role]
        try:
            with self.env.cr.savepoint():
                if mode == "create":
                    self.env[model].with_user(user).create(self._create_vals(model, role))
                else:
                    record = self._fixture(model, role, mode).with_user(user)
                    if mode == "read":
                        record.read([next(iter(self._write_vals(model)))])
                    elif mode == "write":
                        record.write(self._write_vals(model))
                    else:
                        record.unlink()
                self.env.flush_all()
        except AccessError:
            return False
        return True

    def _check_table(self, model):
        for role, rights in ACCESS_TABLE[model].items():
            for mode, right in zip(MODES, rights, strict=True):
                with self.subTest(model=model, role=role, mode=mode):
                    self.assertEqual(self._allowed(model, role, mode), right != "-",
                                     f"{role} {mode} {model}")

    def test_contribution_access(self):
        self._check_table("volunteer.contribution")

    def test_structure_access(self):
        self._check_table("volunteer.structure")

    def test_level_access(self):
        self._check_table("volunteer.level")

    def test_category_access(self):
        self._check_table("volunteer.category")

    def test_rate_access(self):
        self._check_table("volunteer.rate")

    def test_reference_wage_access(self):
        self._check_table("volunteer.reference.wage")

    def test_reason_wizard_access(self):
        self._check_table("volunteer.contribution.reason.wizard")

    def test_internal_user_without_group_sees_nothing(self):
        """An employee outside volunteering cannot even list these records."""
        for model in ACCESS_TABLE:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.internal).search([])


@tagged("post_install", "-at_install")
class TestRecordRules(VolunteerCase):
    """Who sees which contributions and structures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.in_federation = cls._contribution(
            name="Federation board", structure_id=cls.federation.id,
            partner_id=cls.volunteer_region.id)
        cls.in_region = cls._contribution(
            name="Region board", structure_id=cls.region.id, partner_id=cls.volunteer_region.id)
        cls.in_a = cls._contribution(name="A second", partner_id=cls.volunteer_a2.id)
        cls.in_a1 = cls._contribution(
            name="A1 section", structure_id=cls.section_a1.id, partner_id=cls.volunteer_a2.id)
        cls.in_b = cls._contribution(
            name="B volunteer", structure_id=cls.association_b.id,
            partner_id=cls.volunteer_b.id)
        cls.mine_draft = cls._contribution(name="Mine draft")
        cls.mine_submitted = cls._contribution(name="Mine submitted")
        cls.mine_submitted.action_submit()
        cls.mine_validated = cls._validated(name="Mine validated")
        cls.mine_rejected = cls._contribution(name="Mine rejected")
        cls.mine_rejected.action_reject("Wrong day")
        cls.mine = cls.mine_draft | cls.mine_submitted | cls.mine_validated | cls.mine_rejected

    def _visible(self, user, model="volunteer.contribution"):
        return self.env[model].with_user(user).search([])

    # Coordinators -------------------------------------------------------------------

    def test_coordinator_sees_own_structure_and_descendants(self):
        """Coordinator A sees A and its section, not its sibling B nor its parents."""
        visible = self._visible(self.coordinator_a)
        self.assertEqual(visible, self.in_a | self.in_a1 | self.mine)
        for other in (self.in_b, self.in_region, self.in_federation):
            with self.subTest(other=other.name), self.assertRaises(AccessError):
                other.with_user(self.coordinator_a).read(["name"])

    def test_region_coordinator_sees_associations_below(self):
        """A region coordinator sees the region and every association below it."""
        visible = self._visible(self.coordinator_region)
        self.assertEqual(
            visible, self.in_region | self.in_a | self.in_a1 | self.in_b | self.mine)
        self.assertNotIn(self.in_federation, visible)

    def test_coordinator_cannot_validate_other_structure(self):
        """Coordinator A cannot validate or reject a contribution of B."""
        for action in ("action_validate", "action_submit"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(self.in_b.with_user(self.coordinator_a), action)()
        with self.assertRaises(AccessError):
            self.in_b.with_user(self.coordinator_a).action_reject("Not mine")
        self.assertEqual(self.in_b.state, "draft")

    def test_coordinator_cannot_create_in_other_structure(self):
        """Coordinator A cannot record time in B."""
        with self.assertNothingCreated(exceptions=AccessError):
            self._contribution(user=self.coordinator_a, structure_id=self.association_b.id,
                               partner_id=self.volunteer_b.id)
        created = self._contribution(user=self.coordinator_a, partner_id=self.volunteer_a2.id)
        self.assertEqual(created.structure_id, self.association_a)

    def test_coordinator_cannot_move_contribution_out_of_reach(self):
        """Coordinator A cannot hand a contribution over to a structure they do not run."""
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.in_a.with_user(self.coordinator_a).write(
                {"structure_id": self.association_b.id})
        self.in_a.invalidate_recordset()
        self.assertEqual(self.in_a.structure_id, self.association_a)

    def test_coordinator_cannot_move_member_structure_out_of_reach(self):
        """Coordinator A cannot hand section A1 over to structures they only read or ignore."""
        for target in (self.association_b, self.region):
            with self.subTest(target=target.name), self.assertRaises(AccessError), \
                    self.env.cr.savepoint():
                self.section_a1.with_user(self.coordinator_a).write({"parent_id": target.id})
        self.section_a1.invalidate_recordset()
        self.assertEqual(self.section_a1.parent_id, self.association_a)

    def test_coordinator_reads_branch_structures(self):
        """Coordinator A reads its structures, their members and parents, not siblings."""
        visible = self._visible(self.coordinator_a, "volunteer.structure")
        self.assertEqual(visible, self.federation | self.region | self.association_a
                         | self.section_a1)
        with self.assertRaises(AccessError):
            self.association_b.with_user(self.coordinator_a).read(["name"])

    def test_coordinator_edits_only_own_structures(self):
        """Coordinator A edits A and its sections, not the region above it."""
        self.section_a1.with_user(self.coordinator_a).write({"rna": "W751234567"})
        self.assertEqual(self.section_a1.rna, "W751234567")
        for structure in (self.region, self.association_b):
            with self.subTest(structure=structure.name), self.assertRaises(AccessError):
                structure.with_user(self.coordinator_a).write({"name": "Taken over"})
        self.assertEqual(self.region.name, "Region")

    def test_coordinator_creates_member_structures_only_below(self):
        """Coordinator A may add a section under A, not under B."""
        Structure = self.env["volunteer.structure"].with_user(self.coordinator_a)
        section = Structure.create({"name": "Section A2", "parent_id": self.association_a.id})
        self.assertEqual(section.parent_id, self.association_a)
        with self.assertNothingCreated("volunteer.structure", AccessError):
            Structure.create({"name": "Section B1", "parent_id": self.association_b.id})

    def test_coordinator_cannot_extend_own_reach(self):
        """A coordinator cannot make themselves coordinator of another structure."""
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.coordinator_a.with_user(self.coordinator_a).write({
                "volunteer_coordinated_structure_ids": [Command.link(self.association_b.id)]})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.association_b.with_user(self.coordinator_a).write({
                "coordinator_ids": [Command.link(self.coordinator_a.id)]})
        self.assertNotIn(self.association_b, self.coordinator_a.volunteer_coordinated_structure_ids)

    # Managers and companies ----------------------------------------------------------

    def test_manager_sees_whole_company(self):
        """A manager sees every contribution and structure of the company."""
        everything = self.env["volunteer.contribution"].search([])
        self.assertEqual(self._visible(self.manager), everything)
        self.assertIn(self.in_federation, everything)
        self.assertEqual(self._visible(self.manager, "volunteer.structure"),
                         self.env["volunteer.structure"].search([]))

    def test_multi_company_isolation(self):
        """The data of a company the manager is not allowed in stays invisible."""
        other = self.env["res.company"].create({"name": "Other network"})
        structure = self.env["volunteer.structure"].create(
            {"name": "Other association", "company_id": other.id})
        contribution = self._contribution(name="Other company", structure_id=structure.id)
        rate = self.env["volunteer.rate"].create({
            "name": "Other scale", "date_from": date(2024, 1, 1), "company_id": other.id})
        wage = self.env["volunteer.reference.wage"].create({
            "date_from": date(2024, 1, 1), "hourly_amount": 10.0, "company_id": other.id})
        for record in (structure, contribution, rate, wage):
            with self.subTest(model=record._name):
                self.assertNotIn(record, self._visible(self.manager, record._name))
                with self.assertRaises(AccessError):
                    record.with_user(self.manager).read(["name"])
        group_manager = new_test_user(
            self.env, login="vv_group_manager", groups=MANAGER_GROUP,
            company_ids=[Command.set((self.company | other).ids)])
        self.assertIn(contribution, self._visible(group_manager))
        self.assertIn(structure, self._visible(group_manager, "volunteer.structure"))

    # Portal volunteers --------------------------------------------------------------

    def test_portal_reads_only_own_contributions(self):
        """A volunteer sees their own contributions, whatever their state, and no others."""
        self.assertEqual(self._visible(self.portal_a), self.mine)
        for other in (self.in_a, self.in_b):
            with self.subTest(other=other.name), self.assertRaises(AccessError):
                other.with_user(self.portal_a).read(["name", "amount"])

    def test_portal_creates_own_draft(self):
        """A volunteer declares their own time in their association."""
        created = self._contribution(user=self.portal_a, name="Stall at the fair")
        self.assertEqual(created.partner_id, self.volunteer_a)
        self.assertEqual(created.source, "portal")
        self.assertEqual(created.state, "draft")

    def test_portal_cannot_create_for_another_partner(self):
        """A volunteer cannot declare time for somebody else."""
        with self.assertNothingCreated(exceptions=(AccessError, ValidationError)):
            self._contribution(user=self.portal_a, partner_id=self.volunteer_a2.id)

    def test_portal_cannot_create_in_foreign_structure(self):
        """A volunteer cannot declare time in a structure they do not belong to."""
        with self.assertNothingCreated():
            self._contribution(user=self.portal_a, structure_id=self.association_b.id)
        with self.assertNothingCreated():
            self._contribution(user=self.portal_a, structure_id=self.region.id)

    def test_portal_cannot_create_estimate(self):
        """An estimate names nobody, so it is not a volunteer's own declaration."""
        with self.assertNothingCreated():
            self._contribution(user=self.portal_a, entry_mode="estimate", partner_id=False,
                               headcount=3, duration=12.0)

    def test_portal_edits_own_draft_and_rejected(self):
        """Drafts and rejected contributions stay editable by their volunteer."""
        for contribution in (self.mine_draft, self.mine_rejected):
            with self.subTest(state=contribution.state):
                contribution.with_user(self.portal_a).write({"duration": 3.0})
                self.assertEqual(contribution.duration, 3.0)

    def test_portal_cannot_edit_submitted_or_validated(self):
        """Once sent, a contribution is out of the volunteer's hands."""
        for contribution in (self.mine_submitted, self.mine_validated):
            with self.subTest(state=contribution.state):
                # a validated one answers that it is validated: a refusal all the same
                with self.assertRaisesAny(AccessError, UserError):
                    contribution.with_user(self.portal_a).write({"duration": 5.0})
                with self.assertRaisesAny(AccessError, UserError):
                    contribution.with_user(self.portal_a).unlink()
                contribution.invalidate_recordset()
                self.assertEqual(contribution.duration, 2.0)
                self.assertTrue(contribution.exists())

    def test_portal_deletes_own_draft(self):
        """A volunteer may delete their own draft."""
        self.mine_draft.with_user(self.portal_a).unlink()
        self.assertFalse(self.mine_draft.exists())

    def test_portal_cannot_touch_others_drafts(self):
        """A volunteer cannot edit, delete or submit a draft of another volunteer."""
        other = self.in_a.with_user(self.portal_a)
        for operation in (lambda: other.write({"duration": 8.0}), other.unlink,
                          other.action_submit):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                operation()
        self.assertEqual(self.in_a.duration, 2.0)
        self.assertEqual(self.in_a.state, "draft")

    def test_portal_cannot_reassign_own_draft(self):
        """A volunteer cannot give their draft to someone else or move it out of reach."""
        mine = self.mine_draft.with_user(self.portal_a)
        for vals in ({"partner_id": self.volunteer_a2.id},
                     {"structure_id": self.association_b.id}):
            with self.subTest(vals=vals), self.assertRaisesAny(AccessError, ValidationError):
                mine.write(vals)
        self.mine_draft.invalidate_recordset()
        self.assertEqual(self.mine_draft.partner_id, self.volunteer_a)
        self.assertEqual(self.mine_draft.structure_id, self.association_a)

    def test_portal_cannot_validate_or_reject_own(self):
        """A volunteer cannot approve their own time."""
        mine = self.mine_submitted.with_user(self.portal_a)
        with self.assertRaises(AccessError):
            mine.action_validate()
        with self.assertRaises(AccessError):
            mine.action_reject("I changed my mind")
        with self.assertRaises(AccessError):
            self.mine_validated.with_user(self.portal_a).action_reset_to_draft("Oops")
        self.assertEqual(self.mine_submitted.state, "submitted")
        self.assertEqual(self.mine_validated.state, "validated")

    def test_portal_reads_own_structures_only(self):
        """A volunteer reads the structures they belong to."""
        self.assertEqual(self._visible(self.portal_a, "volunteer.structure"),
                         self.association_a)
        with self.assertRaises(AccessError):
            self.association_b.with_user(self.portal_a).read(["name"])

    def test_portal_cannot_join_a_structure(self):
        """A volunteer cannot add themselves to another structure."""
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.volunteer_a.with_user(self.portal_a).write(
                {"volunteer_structure_ids": [Command.link(self.association_b.id)]})
        self.assertEqual(self.volunteer_a.volunteer_structure_ids, self.association_a)

    def test_portal_cannot_read_the_scale(self):
        """Rates and reference wages are not shown to volunteers."""
        for record in (self.rate_default, self.wage_2026):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.portal_a).read(["name"])


@tagged("post_install", "-at_install")
class TestMembershipChanges(VolunteerCase):
    """Memberships edited at runtime change what record rules let through, at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.in_b = cls._contribution(
            name="B volunteer", structure_id=cls.association_b.id,
            partner_id=cls.volunteer_b.id)
        cls.newcomer = new_test_user(cls.env, login="vv_newcomer", groups=COORDINATOR_GROUP)

    def _visible(self, user):
        return self.env["volunteer.contribution"].with_user(user).search([])

    def test_coordinator_added_on_structure(self):
        """Adding a coordinator to a structure opens it to them; removing closes it."""
        self.assertFalse(self._visible(self.newcomer))
        self.association_b.write({"coordinator_ids": [Command.link(self.newcomer.id)]})
        self.assertEqual(self._visible(self.newcomer), self.in_b)
        self.association_b.write({"coordinator_ids": [Command.unlink(self.newcomer.id)]})
        self.assertFalse(self._visible(self.newcomer))

    def test_structure_added_on_user(self):
        """Giving a user structures to coordinate from the user form works at once."""
        self.assertNotIn(self.in_b, self._visible(self.coordinator_a))
        self.coordinator_a.write(
            {"volunteer_coordinated_structure_ids": [Command.link(self.association_b.id)]})
        self.assertIn(self.in_b, self._visible(self.coordinator_a))
        self.in_b.with_user(self.coordinator_a).action_validate()
        self.assertEqual(self.in_b.state, "validated")

    def _visible_structures(self):
        return self.env["volunteer.structure"].with_user(self.portal_a).search([])

    def test_volunteer_joins_structure_from_partner(self):
        """A volunteer added to B may see B and declare time there right away."""
        self._contribution(user=self.portal_a)  # the rules are now evaluated and cached
        self.assertEqual(self._visible_structures(), self.association_a)
        with self.assertNothingCreated():
            self._contribution(user=self.portal_a, structure_id=self.association_b.id)
        self.volunteer_a.write(
            {"volunteer_structure_ids": [Command.link(self.association_b.id)]})
        self.assertEqual(self._visible_structures(), self.association_a | self.association_b)
        created = self._contribution(user=self.portal_a, structure_id=self.association_b.id)
        self.assertEqual(created.structure_id, self.association_b)

    def test_volunteer_joins_structure_from_structure(self):
        """Adding a volunteer on the structure's side has the same immediate effect."""
        self._contribution(user=self.portal_a)
        self.assertEqual(self._visible_structures(), self.association_a)
        self.association_b.write({"volunteer_ids": [Command.link(self.volunteer_a.id)]})
        self.assertEqual(self._visible_structures(), self.association_a | self.association_b)
        created = self._contribution(user=self.portal_a, structure_id=self.association_b.id)
        self.assertEqual(created.structure_id, self.association_b)

    def test_volunteer_leaves_structure(self):
        """A volunteer removed from A no longer sees A nor declares time there."""
        self._contribution(user=self.portal_a)
        self.assertEqual(self._visible_structures(), self.association_a)
        self.volunteer_a.write(
            {"volunteer_structure_ids": [Command.unlink(self.association_a.id)]})
        self.assertFalse(self._visible_structures())
        with self.assertNothingCreated():
            self._contribution(user=self.portal_a)
