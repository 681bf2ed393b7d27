# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Member structures declare their totals: checks, rights, supersede, acceptance."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import DAY, VolunteerCase

Q1_FROM, Q1_TO = date(2026, 1, 1), date(2026, 2, 28)


class FederationCommon:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.association_a.rna = "W751234567"
        cls.association_b.siren = "732829320"
        cls.section_a1.federation_ref = "FED-A1"
        cls.Declaration = cls.env["volunteer.aggregate.declaration"]

    @staticmethod
    def _entry(**values):
        entry = {
            "structure": "FED-A1", "date_from": Q1_FROM.isoformat(),
            "date_to": Q1_TO.isoformat(), "contributor_type": "volunteer", "hours": 120,
            "headcount": 8, "external_ref": "2026-Q1-volunteer",
        }
        entry.update(values)
        return entry

    def _declare(self, user, *entries):
        ids = self.Declaration.with_user(user).declare_aggregates(list(entries))
        return self.Declaration.browse(ids)


class TestDeclareAggregates(FederationCommon, VolunteerCase):

    def test_coordinator_declares_by_rna_siren_and_reference(self):
        declarations = self._declare(
            self.coordinator_region,
            self._entry(),
            self._entry(structure="W751234567", category=self.category_events.name,
                        level="Qualified", amount="1 450,50", distance_km=35),
            self._entry(structure="732829320", contributor_type="civic_service"),
        )
        first, second, third = declarations
        self.assertRecordValues(first, [{
            "structure_id": self.section_a1.id, "state": "submitted", "source": "api",
            "hours": 120.0, "headcount": 8}])
        self.assertRecordValues(second, [{
            "structure_id": self.association_a.id, "category_id": self.category_events.id,
            "level_id": self.level_qualified.id, "amount": 1450.5, "distance_km": 35.0}])
        self.assertRecordValues(third, [{
            "structure_id": self.association_b.id, "contributor_type": "civic_service"}])

    def test_foreign_structure_refused_and_nothing_written(self):
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError) as caught:
            self._declare(self.coordinator_a, self._entry(), self._entry(structure="732829320"))
        message = str(caught.exception)
        self.assertIn("Entry 2", message)
        self.assertIn("you are not one of its coordinators", message)
        self.assertNotIn("Entry 1", message)

    def test_every_bad_entry_gets_its_message(self):
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError) as caught:
            self._declare(
                self.coordinator_region,
                self._entry(hours=-5),
                self._entry(structure="W000000000"),
                self._entry(headcount="many", colour="blue"),
                self._entry(),
            )
        message = str(caught.exception)
        self.assertIn("Nothing was recorded", message)
        self.assertIn("Entry 1: “-5” is not a positive number (hours).", message)
        self.assertIn("Entry 2: no structure has the RNA number, SIREN or federation reference "
                      "“W000000000”.", message)
        self.assertIn("Entry 3: unknown field(s) colour", message)
        self.assertIn("Entry 3: “many” is not a number of people", message)
        self.assertNotIn("Entry 4", message)

    def test_same_key_twice_in_one_sending(self):
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError) as caught:
            self._declare(self.coordinator_region, self._entry(), self._entry(hours=3))
        self.assertIn("Entry 2: the key “2026-Q1-volunteer” is sent twice", str(caught.exception))

    def test_internal_user_without_role_cannot_declare(self):
        with self.assertRaises(AccessError):
            self._declare(self.internal, self._entry())

    def test_negative_figure_refused_on_create_too(self):
        with self.assertNothingCreated("volunteer.aggregate.declaration"):
            self.Declaration.with_user(self.coordinator_region).create({
                "structure_id": self.section_a1.id, "date_from": Q1_FROM, "date_to": Q1_TO,
                "hours": -3, "headcount": 2, "external_ref": "x"})

    def test_resend_supersedes_without_double_count(self):
        first = self._declare(self.coordinator_region, self._entry())
        first.with_user(self.coordinator_region).action_accept()
        second = self._declare(self.coordinator_region, self._entry(hours=150, headcount=9))
        self.assertEqual(first.state, "superseded")
        self.assertEqual(first.superseded_by_id, second)
        self.assertEqual(first.hours, 120.0, "history keeps what was first declared")
        second.with_user(self.coordinator_region).action_accept()
        live = self.Declaration.search([
            ("structure_id", "=", self.section_a1.id), ("state", "=", "accepted")])
        self.assertEqual(live, second)
        self.assertEqual(sum(live.mapped("hours")), 150.0)
        self.assertEqual(self.Declaration.with_context(active_test=False).search_count([
            ("structure_id", "=", self.section_a1.id)]), 2)

    def test_accept_values_with_federation_scale_frozen(self):
        reference = self._validated(duration=1.0)
        declaration = self._declare(
            self.coordinator_region, self._entry(structure="W751234567", amount=999))
        declaration.with_user(self.coordinator_region).action_accept()
        self.assertRecordValues(declaration, [{
            "state": "accepted", "hourly_rate": reference.hourly_rate,
            "valued_amount": round(120 * reference.hourly_rate, 2), "amount": 999.0,
            "accepted_by_id": self.coordinator_region.id, "rate_id": reference.rate_id.id,
        }])
        self.wage_2026.hourly_amount = 20.0
        self.env.flush_all()
        self.assertEqual(declaration.valued_amount, round(120 * reference.hourly_rate, 2))

    def test_structure_own_coordinator_cannot_accept(self):
        declaration = self._declare(self.coordinator_a, self._entry(structure="W751234567"))
        with self.assertRaises(AccessError):
            declaration.with_user(self.coordinator_a).action_accept()
        self.assertEqual(declaration.state, "submitted")

    def test_reject_in_bulk_with_reason(self):
        declarations = self._declare(
            self.coordinator_region, self._entry(), self._entry(external_ref="other"))
        with self.assertRaises(UserError):
            declarations.with_user(self.coordinator_region).action_reject("  ")
        declarations.with_user(self.coordinator_region).action_reject("Figures of 2025")
        self.assertEqual(set(declarations.mapped("state")), {"rejected"})
        self.assertEqual(declarations[0].rejection_reason, "Figures of 2025")
        with self.assertRaises(UserError):
            declarations.with_user(self.coordinator_region).action_accept()

    def test_workflow_fields_not_written_by_hand(self):
        declaration = self._declare(self.coordinator_region, self._entry())
        with self.assertRaises(UserError):
            declaration.with_user(self.coordinator_region).write({"state": "accepted"})
        with self.assertRaises(UserError):
            declaration.with_user(self.coordinator_region).write({"valued_amount": 1.0})

    def test_detailed_contributions_refuse_declaration_unless_manager(self):
        self._validated(date=DAY, structure_id=self.association_a.id)
        entry = self._entry(structure="W751234567", date_to="2026-03-31")
        with self.assertNothingCreated("volunteer.aggregate.declaration", UserError) as caught:
            self._declare(self.coordinator_region, entry)
        self.assertIn("counted twice", str(caught.exception))
        declaration = self.Declaration.with_user(self.coordinator_region).create({
            "structure_id": self.association_a.id, "date_from": Q1_FROM,
            "date_to": date(2026, 3, 31), "hours": 10, "headcount": 2, "external_ref": "form"})
        with self.assertRaises(UserError):
            declaration.with_user(self.coordinator_region).action_accept()
        with self.assertRaises(AccessError):
            declaration.with_user(self.coordinator_region).override_detailed = True
        declaration.with_user(self.manager).override_detailed = True
        declaration.with_user(self.manager).action_accept()
        self.assertEqual(declaration.state, "accepted")

    def test_record_rules_by_role(self):
        other_company = self.env["res.company"].create({"name": "Other federation"})
        foreign = self.env["volunteer.structure"].create(
            {"name": "Foreign", "company_id": other_company.id, "federation_ref": "FOREIGN"})
        mine = self._declare(self.coordinator_region, self._entry())
        b_side = self._declare(self.manager, self._entry(structure="732829320"))
        self.Declaration.sudo().with_context(volunteer_declaration_source_checked=True).create({
            "structure_id": foreign.id, "date_from": Q1_FROM, "date_to": Q1_TO, "hours": 1,
            "headcount": 1, "external_ref": "f"})
        self.assertEqual(self.Declaration.with_user(self.coordinator_a).search([]), mine)
        self.assertEqual(self.Declaration.with_user(self.coordinator_region).search([]),
                         mine | b_side)
        self.assertEqual(self.Declaration.with_user(self.manager).search([]), mine | b_side,
                         "a declaration of another company stays there")
        self.assertFalse(self.Declaration.with_user(self.portal_a).search([]))
        self.section_a1.partner_id = self.portal_a.partner_id
        self.assertEqual(self.Declaration.with_user(self.portal_a).search([]), mine)
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_a).action_accept()

    def test_portal_contact_declares_for_its_structure_only(self):
        self.section_a1.partner_id = self.portal_a.partner_id
        declaration = self._declare(self.portal_a, self._entry())
        self.assertEqual(declaration.structure_id, self.section_a1)
        with self.assertRaises(UserError):
            self._declare(self.portal_a, self._entry(structure="732829320"))

    def test_checks_of_a_declaration_made_in_a_form(self):
        with self.assertRaises(ValidationError):
            self.Declaration.create({
                "structure_id": self.section_a1.id, "date_from": Q1_FROM, "date_to": Q1_TO,
                "hours": 500, "headcount": 0, "external_ref": "zero people"})
