# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The attacks that went through (issue “Trust boundaries”, items 1 to 9), tried again
over XML-RPC and plain HTTP: each one is refused with a clear message, nothing written.

The parts that need the currency addon are in its own test_security_attacks.py.
"""

import base64
import json
import re
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.volunteer_valuation.models import volunteer_access_link

from .common import DAY
from .security_common import RoleCommon, XmlRpcMixin
from .test_import_benevalibre import action, make_file

C = "volunteer.contribution"


@tagged("post_install", "-at_install")
class TestSecurityAttacks(RoleCommon, XmlRpcMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The coordinators volunteer too, in the structure they coordinate.
        cls.coordinator_a.partner_id.volunteer_structure_ids = cls.association_a
        cls.manager.partner_id.volunteer_structure_ids = cls.association_a
        Project = cls.env["project.project"]
        cls.project_a = Project.create({
            "name": "Food bank A", "volunteer_structure_ids": [Command.set(cls.association_a.ids)]})
        cls.project_other_company = Project.sudo().create({
            "name": "Secret project of the other network", "company_id": cls.company_2.id,
            "volunteer_structure_ids": [Command.set(cls.structure_2.ids)]})
        cls.draft = cls._contribution(name="Paul's draft")

    def _fields(self, record, names):
        record.invalidate_recordset()
        return record.sudo().read(names)[0]

    # ------------------------------------------------------------------
    # 1. Four eyes
    # ------------------------------------------------------------------

    def test_1_coordinator_cannot_validate_their_own_time(self):
        """Create in one's own name, submit, validate: the validation is refused."""
        own = self.coordinator_a.partner_id
        new_id = self.assertXmlRpcAllowed(self.coordinator_a, C, "create", {
            "name": "My own afternoon", "partner_id": own.id,
            "structure_id": self.association_a.id, "date": DAY.isoformat(), "duration": 4.0})
        self.assertXmlRpcAllowed(self.coordinator_a, C, "action_submit", [new_id])
        self.assertXmlRpcRefused(self.coordinator_a, C, "action_validate", [new_id],
                                 message="your own time")
        self.assertXmlRpcRefused(self.coordinator_a, C, "action_reject", [new_id], "No",
                                 message="your own time")
        contribution = self.env[C].browse(new_id)
        self.assertRecordValues(contribution, [{
            "state": "submitted", "validated_by_id": False, "rejection_reason": False}])
        # Another coordinator of the branch validates it.
        self.assertXmlRpcAllowed(self.coordinator_region, C, "action_validate", [new_id])
        self.assertEqual(contribution.state, "validated")

    def test_1_batch_wizard_refuses_validated_time_for_oneself(self):
        count = self.env[C].search_count([])
        wizard_id = self.assertXmlRpcAllowed(
            self.coordinator_a, "volunteer.contribution.batch.wizard", "create", {
                "structure_id": self.association_a.id, "name": "Sorting",
                "date": DAY.isoformat(), "duration": 2.0, "validate": True,
                "partner_ids": [Command.set(
                    (self.volunteer_a | self.coordinator_a.partner_id).ids)],
            })
        self.assertXmlRpcRefused(self.coordinator_a, "volunteer.contribution.batch.wizard",
                                 "action_create", [wizard_id], message="your own time")
        self.assertEqual(self.env[C].search_count([]), count)

    def test_1_import_creates_no_validated_time_for_the_importer(self):
        """A Bénévalibre action of the importer, validated there, is not validated here."""
        own = self.coordinator_a.partner_id
        content = make_file("csv", [action("Anne", "Coordinator", title="My meeting")])
        wizard = self.env["volunteer.import.benevalibre"].with_user(self.coordinator_a).create({
            "file": base64.b64encode(content), "filename": "export.csv",
            "structure_id": self.association_a.id})
        try:
            with self.env.cr.savepoint():
                wizard.action_import()
        except UserError as error:  # refused as a whole: the message says why
            self.assertIn("your own time", str(error))
        self.assertFalse(self.env[C].search(
            [("partner_id", "=", own.id), ("state", "=", "validated")]))

    def test_1_manager_self_validation_only_when_the_company_allows_it(self):
        own = self.manager.partner_id
        mine = self._contribution(name="Manager's evening", partner_id=own.id)
        self.assertXmlRpcRefused(self.manager, C, "action_validate", [mine.id],
                                 message="your own time")
        self.company.volunteer_allow_self_validation = True
        self.assertXmlRpcAllowed(self.manager, C, "action_validate", [mine.id])
        self.assertEqual(mine.state, "validated")
        self.assertTrue(any("whose own time this is" in message.body
                            for message in mine.message_ids))
        # The setting is for managers: a coordinator still cannot.
        theirs = self._contribution(
            name="Coordinator's evening", partner_id=self.coordinator_a.partner_id.id)
        self.assertXmlRpcRefused(self.coordinator_a, C, "action_validate", [theirs.id],
                                 message="your own time")

    # ------------------------------------------------------------------
    # 2. Structure tree
    # ------------------------------------------------------------------

    def test_2_coordinator_cannot_detach_or_move_their_structure(self):
        for vals in ({"parent_id": False}, {"parent_id": self.association_b.id},
                     {"company_id": self.company_2.id}):
            with self.subTest(vals=vals):
                self.assertXmlRpcRefused(
                    self.coordinator_a, "volunteer.structure", "write",
                    [self.association_a.id], vals, message="Only a volunteering manager")
        self.assertRecordValues(self.association_a, [{
            "parent_id": self.region.id, "company_id": self.company.id}])
        # Renaming their own structure stays possible, and a manager moves it.
        self.assertXmlRpcAllowed(self.coordinator_a, "volunteer.structure", "write",
                                 [self.association_a.id], {"name": "Association A+"})
        self.assertXmlRpcAllowed(self.manager, "volunteer.structure", "write",
                                 [self.section_a1.id], {"parent_id": self.association_b.id})
        self.assertEqual(self.section_a1.parent_id, self.association_b)

    def test_2_coordinator_creates_children_inside_their_branch_only(self):
        Structure = "volunteer.structure"
        child = self.assertXmlRpcAllowed(self.coordinator_a, Structure, "create", {
            "name": "Section A2", "parent_id": self.association_a.id})
        self.assertEqual(self.env[Structure].browse(child).branch_coordinator_ids,
                         self.coordinator_region | self.coordinator_a)
        count = self.env[Structure].search_count([])
        for vals in ({"name": "My own network"},
                     {"name": "Under B", "parent_id": self.association_b.id},
                     {"name": "Under the region", "parent_id": self.region.id},
                     {"name": "Mine at the top", "coordinator_ids": [
                         Command.set(self.coordinator_a.ids)]}):
            with self.subTest(vals=vals):
                self.assertXmlRpcRefused(self.coordinator_a, Structure, "create", vals)
        self.assertEqual(self.env[Structure].search_count([]), count)

    def test_2_coordinator_enrols_volunteers_in_their_branch_only(self):
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        # The region is above their branch: they read it, but do not enrol people in it.
        self.assertXmlRpcRefused(
            self.coordinator_a, "res.partner", "write", [stranger.id],
            {"volunteer_structure_ids": [Command.link(self.region.id)]},
            message="structures you coordinate")
        self.assertXmlRpcRefused(
            self.coordinator_a, "res.partner", "write", [stranger.id],
            {"volunteer_structure_ids": [Command.link(self.association_b.id)]})
        self.assertXmlRpcRefused(
            self.coordinator_a, "res.partner", "write", [self.volunteer_b.id],
            {"volunteer_structure_ids": [Command.clear()]})
        self.assertFalse(stranger.volunteer_structure_ids)
        self.assertEqual(self.volunteer_b.volunteer_structure_ids, self.association_b)
        self.assertXmlRpcAllowed(
            self.coordinator_a, "res.partner", "write", [stranger.id],
            {"volunteer_structure_ids": [Command.link(self.section_a1.id)]})
        self.assertEqual(stranger.volunteer_structure_ids, self.section_a1)

    # ------------------------------------------------------------------
    # 3. Wizards belong to their user
    # ------------------------------------------------------------------

    def test_3_import_file_stays_with_its_uploader(self):
        content = make_file("csv", [action("Alice", "Second", title="Permanence")])
        wizard = self.env["volunteer.import.benevalibre"].with_user(self.coordinator_a).create({
            "file": base64.b64encode(content), "filename": "export.csv",
            "structure_id": self.association_a.id})
        model = "volunteer.import.benevalibre"
        self.assertXmlRpcRefused(self.coordinator_b, model, "read", [wizard.id], ["file"])
        self.assertXmlRpcRefused(self.coordinator_b, model, "write", [wizard.id], {
            "file": base64.b64encode(b"forged").decode()})
        self.assertFalse(self.xmlrpc(self.coordinator_b, model, "search", [])[0])
        self.assertEqual(base64.b64decode(wizard.sudo().file), content)
        self.assertTrue(self.assertXmlRpcAllowed(
            self.coordinator_a, model, "read", [wizard.id], ["file"])[0]["file"])
        self.assertEqual(self.assertXmlRpcAllowed(self.manager, model, "search", []),
                         wizard.ids)

    def test_3_every_wizard_stays_with_its_user(self):
        wizards = {
            "volunteer.contribution.reason.wizard": {"reason": "Mine"},
            "volunteer.contribution.batch.wizard": {
                "structure_id": self.association_a.id, "name": "X", "duration": 1.0},
            "volunteer.portal.invite.wizard": {},
            "volunteer.valuation.report.wizard": {},
            "volunteer.attestation.wizard": {"partner_ids": [Command.set(self.volunteer_a.ids)]},
        }
        for model, vals in wizards.items():
            with self.subTest(model=model):
                record = self.env[model].with_user(self.coordinator_a).create(vals)
                self.assertXmlRpcRefused(self.coordinator_b, model, "read", [record.id], ["id"])
                self.assertXmlRpcRefused(self.coordinator_b, model, "unlink", [record.id])
                self.assertTrue(record.exists())
                self.assertXmlRpcAllowed(self.manager, model, "read", [record.id], ["id"])

    # ------------------------------------------------------------------
    # 4. Totals of partners, projects and tasks
    # ------------------------------------------------------------------

    def test_4_employee_without_volunteering_group_reads_no_totals(self):
        task = self.env["project.task"].create({"name": "Sorting", "project_id": self.project_a.id})
        self._validated(name="Paul", project_id=self.project_a.id, task_id=task.id, duration=4)
        for model, record in (("res.partner", self.volunteer_a),
                              ("project.project", self.project_a), ("project.task", task)):
            for name in ("volunteer_hours", "volunteer_amount"):
                with self.subTest(model=model, field=name):
                    self.assertXmlRpcRefused(self.internal, model, "read", [record.id], [name])
        # The fields are not even described to them; the name stays readable.
        described = self.assertXmlRpcAllowed(self.internal, "res.partner", "fields_get",
                                             ["name", "volunteer_hours", "volunteer_amount"])
        self.assertEqual(list(described), ["name"])
        self.assertXmlRpcAllowed(self.internal, "res.partner", "read", [self.volunteer_a.id],
                                 ["name"])

    def test_4_coordinators_add_up_what_they_may_see(self):
        """Totals are computed under the record rules of the reader, not as superuser."""
        two = self.env["res.partner"].create({
            "name": "Two", "volunteer_structure_ids": [
                Command.set((self.association_a | self.association_b).ids)]})
        self._validated(name="In A", partner_id=two.id, duration=3)
        self._validated(name="In B", partner_id=two.id, structure_id=self.association_b.id,
                        duration=5)
        for user, hours in ((self.coordinator_a, 3.0), (self.coordinator_b, 5.0),
                            (self.coordinator_region, 8.0), (self.manager, 8.0)):
            with self.subTest(user=user.name):
                [values] = self.assertXmlRpcAllowed(
                    user, "res.partner", "read", [two.id], ["volunteer_hours"])
                self.assertEqual(values["volunteer_hours"], hours)

    # ------------------------------------------------------------------
    # 5. A volunteer writes what the form offers, nothing else
    # ------------------------------------------------------------------

    def test_5_volunteer_cannot_point_to_a_project_of_another_company(self):
        before = self._fields(self.draft, ["project_id"])
        self.assertXmlRpcRefused(self.portal_a, C, "write", [self.draft.id],
                                 {"project_id": self.project_other_company.id},
                                 message="another company")
        self.assertEqual(self._fields(self.draft, ["project_id"]), before)
        [values] = self.assertXmlRpcAllowed(self.portal_a, C, "read", [self.draft.id],
                                            ["project_id"])
        self.assertFalse(values["project_id"])
        # Nor to a project of the company that is not open to their structure.
        closed = self.env["project.project"].create({"name": "Board secrets"})
        self.assertXmlRpcRefused(self.portal_a, C, "write", [self.draft.id],
                                 {"project_id": closed.id}, message="not open")
        self.assertXmlRpcAllowed(self.portal_a, C, "write", [self.draft.id],
                                 {"project_id": self.project_a.id})

    def test_5_volunteer_cannot_write_source_or_import_key(self):
        names = ["source", "import_key", "note", "contributor_type", "role"]
        before = self._fields(self.draft, names)
        for vals in ({"source": "import"}, {"import_key": "benevalibre:abc:1"},
                     {"note": "hidden"}, {"contributor_type": "civic_service"},
                     {"role": "governance"}, {"company_id": self.company_2.id}):
            with self.subTest(vals=vals):
                self.assertXmlRpcRefused(self.portal_a, C, "write", [self.draft.id], vals)
        self.assertEqual(self._fields(self.draft, names), before)
        count = self.env[C].search_count([])
        self.assertXmlRpcRefused(self.portal_a, C, "create", {
            "name": "Forged import", "partner_id": self.volunteer_a.id,
            "structure_id": self.association_a.id, "date": DAY.isoformat(), "duration": 1.0,
            "import_key": "benevalibre:abc:1"})
        self.assertEqual(self.env[C].search_count([]), count)

    def test_5_nobody_writes_the_system_fields_by_hand(self):
        names = ["source", "import_key", "validated_by_id"]
        before = self._fields(self.draft, names)
        for vals in ({"source": "api"}, {"import_key": "x"},
                     {"validated_by_id": self.manager.id}):
            with self.subTest(vals=vals):
                self.assertXmlRpcRefused(self.manager, C, "write", [self.draft.id], vals)
        self.assertEqual(self._fields(self.draft, names), before)
        count = self.env[C].search_count([])
        self.assertXmlRpcRefused(self.coordinator_a, C, "create", {
            "name": "Chosen source", "partner_id": self.volunteer_a.id, "source": "api",
            "structure_id": self.association_a.id, "date": DAY.isoformat(), "duration": 1.0})
        self.assertEqual(self.env[C].search_count([]), count)

    # ------------------------------------------------------------------
    # 6. Company of a contribution
    # ------------------------------------------------------------------

    def test_6_manager_cannot_move_a_contribution_to_another_company(self):
        self.manager.company_ids |= self.company_2
        self.assertXmlRpcRefused(self.manager, C, "write", [self.draft.id],
                                 {"company_id": self.company_2.id}, message="set by Odoo")
        self.assertEqual(self.draft.company_id, self.company)
        count = self.env[C].search_count([])
        self.assertXmlRpcRefused(self.manager, C, "create", {
            "name": "Elsewhere", "partner_id": self.volunteer_a.id, "date": DAY.isoformat(),
            "structure_id": self.association_a.id, "duration": 1.0,
            "company_id": self.company_2.id})
        self.assertEqual(self.env[C].search_count([]), count)

    # ------------------------------------------------------------------
    # 7. Personal links
    # ------------------------------------------------------------------

    def test_7_revocation_is_final_and_tokens_are_drawn_by_odoo(self):
        link = self.env["volunteer.access.link"].create({
            "partner_id": self.volunteer_a.id, "structure_id": self.association_a.id})
        self.assertXmlRpcAllowed(self.coordinator_a, "volunteer.access.link", "action_revoke",
                                 [link.id])
        for vals in ({"revoked": False}, {"revoked_date": False},
                     {"token": "aaaaaaaaaaaaaaaaaaaaaaaa"}):
            with self.subTest(vals=vals):
                self.assertXmlRpcRefused(self.coordinator_a, "volunteer.access.link", "write",
                                         [link.id], vals, message="drawn at random")
        self.assertEqual(link.state, "revoked")
        self.assertEqual(self.url_open(f"/volunteering/link/{link.token}").status_code, 403)
        count = self.env["volunteer.access.link"].search_count([])
        self.assertXmlRpcRefused(self.coordinator_a, "volunteer.access.link", "create", {
            "partner_id": self.volunteer_a.id, "structure_id": self.association_a.id,
            "token": "aaaaaaaaaaaaaaaaaaaaaaaa"}, message="drawn at random")
        self.assertEqual(self.env["volunteer.access.link"].search_count([]), count)
        self.assertEqual(
            self.url_open("/volunteering/link/aaaaaaaaaaaaaaaaaaaaaaaa").status_code, 403)

    def test_7_tokens_are_compared_in_constant_time(self):
        link = self.env["volunteer.access.link"].create({
            "partner_id": self.volunteer_a.id, "structure_id": self.association_a.id})
        Link = self.env["volunteer.access.link"]
        with patch.object(volunteer_access_link, "consteq",
                          wraps=volunteer_access_link.consteq) as compare:
            self.assertEqual(Link._get_by_token(link.token), link)
            almost = link.token[:-1] + ("A" if link.token[-1] != "A" else "B")
            self.assertFalse(Link._get_by_token(almost))
        compare.assert_called_once_with(link.token, link.token)

    # ------------------------------------------------------------------
    # 8. Attestations over the generic report routes
    # ------------------------------------------------------------------

    def _attestation_html(self, partner, options):
        url = f"/report/html/volunteer_valuation.report_volunteer_attestation_main/{partner.id}"
        response = self.url_open(url, params={"options": options})
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_8_volunteer_cannot_forge_the_signatory(self):
        self.association_a.write({"attestation_signatory_id": self.coordinator_region.id,
                                  "attestation_signatory_function": "Regional president"})
        self._validated(name="Paul", duration=3)
        self.authenticate("vv_portal_a", "vv_portal_a")
        forged = json.dumps({"signatory_id": self.manager.id, "show_amount": True,
                             "signatory_function": "Président fictif"})
        html = self._attestation_html(self.volunteer_a, forged)
        signature = re.search(r'o_volunteer_signatory">(.*?)</p>', html, re.S).group(1)
        self.assertIn("Rémi Region", signature)
        self.assertIn("Regional president", signature)
        self.assertNotIn("Président fictif", html)
        self.assertNotIn("Maud Manager", html)
        self.assertNotIn("Valued amount", html)  # the setting is off
        # Another volunteer's attestation stays out of reach.
        response = self.url_open(
            "/report/html/volunteer_valuation.report_volunteer_attestation_main/"
            f"{self.volunteer_b.id}")
        self.assertNotIn(self.volunteer_b.name, response.text)

    def test_8_nobody_signs_their_own_attestation(self):
        coordinator = self.coordinator_a.partner_id
        self._validated(name="Coordinator's hours", partner_id=coordinator.id, duration=3)
        Report = self.env["report.volunteer_valuation.report_volunteer_attestation_main"]
        with self.assertRaisesRegex(UserError, "Nobody signs their own attestation"):
            Report.with_user(self.coordinator_a)._get_report_values(
                coordinator.ids, {"signatory_id": self.coordinator_a.id})
        # Left to the structure, the signatory is another coordinator of the branch.
        values = Report.with_user(self.coordinator_a)._get_report_values(coordinator.ids, {})
        self.assertEqual(values["signatory"], self.coordinator_region)

    # ------------------------------------------------------------------
    # 9. Estimates
    # ------------------------------------------------------------------

    def test_9_estimate_hours_are_bounded(self):
        count = self.env[C].search_count([])
        base = {"name": "Festival", "structure_id": self.association_a.id,
                "date": DAY.isoformat(), "entry_mode": "estimate", "headcount": 3}
        self.assertXmlRpcRefused(self.coordinator_a, C, "create", dict(base, duration=73.0),
                                 message="24 hours")
        self.assertXmlRpcRefused(self.coordinator_a, C, "create",
                                 dict(base, duration=1e12, headcount=1))
        self.assertEqual(self.env[C].search_count([]), count)
        self.assertXmlRpcAllowed(self.coordinator_a, C, "create", dict(base, duration=72.0))
