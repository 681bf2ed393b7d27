# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Who may do what on every model of both addons: one table, checked against what the
access rights (ir.model.access) and the record rules actually let each role do.

Each role reads, writes, creates and deletes a sample record of each model, all in
Association A (company 1), in a savepoint rolled back afterwards. A letter of the table
means allowed (r read, w write, c create, d delete), a dash refused. The sample of a
wizard was made by coord_a: other users may make their own (c), not touch that one. A
model added to either addon without a row here makes the test fail: decide its rules,
then add it.
"""

import base64
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.volunteer_valuation.tests.security_common import RoleCommon

from .common import RULES_FROM

ADDONS = ("volunteer_valuation", "volunteer_valuation_currency")
ROLES = ("public", "portal", "portal_b", "employee", "coord_a", "coord_b", "manager",
         "manager2")
# portal: volunteer of Association A; portal_b: volunteer of Association B; employee: an
# internal user without a volunteering group; coord_a / coord_b: coordinators of
# Association A / B; manager2: manager of another company. The dashboard's rows are its
# tiles, whose figures are computed under each reader's own rules; a job is deleted by the
# lifecycle (cancel, then the autovacuum), its lines by the job itself.
MATRIX = """
model                       public portal portal_b employee coord_a coord_b manager manager2
contribution                ----   rwcd   ----     ----     rwcd    ----    rwcd    ----
structure                   ----   r---   ----     ----     rwc-    ----    rwcd    ----
level                       ----   r---   r---     ----     r---    r---    rwcd    ----
category                    ----   r---   r---     ----     r---    r---    rwcd    ----
rate                        ----   ----   ----     ----     r---    r---    rwcd    ----
reference.wage              ----   ----   ----     ----     r---    r---    rwcd    ----
access.link                 ----   ----   ----     ----     rwcd    ----    rwcd    ----
valuation.report            ----   ----   ----     ----     r---    ----    r---    ----
contribution.reason.wizard  ----   ----   ----     ----     rwcd    --c-    rwcd    --c-
contribution.batch.wizard   ----   ----   ----     ----     rwcd    --c-    rwcd    --c-
portal.invite.wizard        ----   ----   ----     ----     rwcd    --c-    rwcd    --c-
import.benevalibre          ----   ----   ----     ----     rwcd    --c-    rwcd    --c-
valuation.report.wizard     ----   ----   ----     ----     rwcd    --c-    rwcd    --c-
attestation.wizard          ----   ----   ----     ----     rwcd    --c-    rwcd    --c-
currency                    ----   r---   r---     ----     r---    r---    rwcd    ----
currency.rule               ----   ----   ----     ----     r---    r---    rwcd    ----
currency.move               ----   r---   ----     ----     r---    ----    r---    ----
currency.balance            ----   ----   ----     ----     r---    ----    r---    ----
currency.operation          ----   ----   ----     ----     ----    ----    rwcd    ----
currency.report.wizard      ----   ----   ----     ----     rwcd    --c-    rwcd    --c-
dashboard                   ----   ----   ----     ----     r---    r---    r---    r---
account.mapping             ----   ----   ----     ----     r---    r---    rw--    ----
accounting.export.wizard    ----   ----   ----     ----     rwcd    --c-    rwcd    --c-
erasure.log                 ----   ----   ----     ----     ----    ----    r---    ----
job                         ----   ----   ----     ----     r---    ----    r---    ----
job.line                    ----   ----   ----     ----     ----    ----    ----    ----
aggregate.declaration       ----   ----   ----     ----     rwcd    ----    rwcd    ----
declaration.reject.wizard   ----   ----   ----     ----     rwcd    --c-    rwcd    --c-
federation.link             ----   ----   ----     ----     ----    ----    rwcd    ----
federation.sending          ----   ----   ----     ----     ----    ----    r---    ----
"""
REFUSALS = (AccessError, MissingError, UserError, ValidationError)


class _RolledBack(Exception):
    """Ends a savepoint whose operation succeeded, so that it is undone."""


def parse_matrix(text):
    """{model: {role: "rwcd"}} from the table above (models named without "volunteer.")."""
    header, *rows = [line.split() for line in text.strip().splitlines()]
    assert tuple(header[1:]) == ROLES, header
    return {f"volunteer.{row[0]}": dict(zip(ROLES, row[1:], strict=True)) for row in rows}


@tagged("post_install", "-at_install")
class TestPermissionMatrix(RoleCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "public": cls.public, "portal": cls.portal_a, "portal_b": cls.portal_b,
            "employee": cls.internal, "coord_a": cls.coordinator_a,
            "coord_b": cls.coordinator_b, "manager": cls.manager, "manager2": cls.manager_2,
        }
        cls.env["volunteer.currency"].search([]).write({"active": False})
        cls.a_units = cls.env["volunteer.currency"].create({
            "name": "A units", "symbol": "AU", "structure_ids": [Command.set(
                cls.association_a.ids)],
            "rule_ids": [(0, 0, {"date_from": RULES_FROM, "rate": 1})]})
        cls.validated = cls._validated(name="Validated in A")
        cls.samples = cls._samples()

    @classmethod
    def _samples(cls):
        """{model: (record to read/write/delete, values to write, values to create)}."""
        env = cls.env
        as_coordinator = env(user=cls.coordinator_a)
        section = env["volunteer.structure"].create({
            "name": "Section A2", "parent_id": cls.association_a.id,
            "volunteer_ids": [Command.set(cls.volunteer_a.ids)]})
        link = env["volunteer.access.link"].create(
            {"partner_id": cls.volunteer_a.id, "structure_id": cls.association_a.id})
        export = base64.b64encode(b"Titre,Date\n")
        level = env["volunteer.level"].create({"name": "Matrix", "company_id": cls.company.id})
        old = {"date_from": date(2001, 1, 1), "date_to": date(2001, 12, 31),
               "level_id": level.id, "method": "fixed", "company_id": cls.company.id}
        older = dict(old, date_from=date(2002, 1, 1), date_to=date(2002, 12, 31))
        coordinator_wizards = {
            "volunteer.contribution.reason.wizard": {"reason": "Duplicate"},
            "volunteer.contribution.batch.wizard": {
                "structure_id": cls.association_a.id, "name": "Sorting", "duration": 1.0},
            "volunteer.portal.invite.wizard": {},
            "volunteer.import.benevalibre": {
                "file": export, "filename": "export.csv", "structure_id": cls.association_a.id},
            "volunteer.valuation.report.wizard": {},
            "volunteer.attestation.wizard": {
                "partner_ids": [Command.set(cls.volunteer_a.ids)]},
            "volunteer.currency.report.wizard": {"currency_id": cls.a_units.id},
            "volunteer.accounting.export.wizard": {},
            "volunteer.declaration.reject.wizard": {"reason": "Figures to check"},
        }
        samples = {
            "volunteer.contribution": (
                cls._contribution(name="Draft in A"), {"name": "Renamed"},
                cls._contribution_vals(name="New in A")),
            "volunteer.structure": (
                section, {"name": "Section A2 bis"},
                {"name": "Section A3", "parent_id": cls.association_a.id}),
            "volunteer.level": (
                env["volunteer.level"].create({"name": "Sample level",
                                               "company_id": cls.company.id}),
                {"name": "Renamed"}, {"name": "New level", "company_id": cls.company.id}),
            "volunteer.category": (
                env["volunteer.category"].create({"name": "Sample category",
                                                  "company_id": cls.company.id}),
                {"name": "Renamed"}, {"name": "New category", "company_id": cls.company.id}),
            "volunteer.rate": (
                env["volunteer.rate"].create(dict(old, name="Sample rate", fixed_amount=10)),
                {"note": "Renamed"}, dict(older, name="New rate", fixed_amount=11)),
            "volunteer.reference.wage": (
                env["volunteer.reference.wage"].create(
                    {"date_from": date(2001, 1, 1), "hourly_amount": 5.0}),
                {"note": "Source"}, {"date_from": date(2002, 1, 1), "hourly_amount": 6.0,
                                     "company_id": cls.company.id}),
            "volunteer.access.link": (
                link, {"expiry_date": date(2030, 1, 1)},
                {"partner_id": cls.volunteer_a2.id, "structure_id": cls.association_a.id}),
            "volunteer.valuation.report": (
                env["volunteer.valuation.report"].search(
                    [("structure_id", "=", cls.association_a.id)], limit=1),
                {"hours": 1}, {"hours": 1}),
            "volunteer.currency": (
                env["volunteer.currency"].create({"name": "Spare", "symbol": "S"}),
                {"note": "Why"}, {"name": "New", "symbol": "N", "company_id": cls.company.id}),
            "volunteer.currency.rule": (
                env["volunteer.currency.rule"].create({
                    "currency_id": cls.a_units.id, "date_from": date(2001, 1, 1),
                    "date_to": date(2001, 12, 31), "rate": 2}),
                {"rate": 2.5}, {"currency_id": cls.a_units.id, "date_from": date(2002, 1, 1),
                                "date_to": date(2002, 12, 31), "rate": 3}),
            "volunteer.currency.move": (
                env["volunteer.currency.move"].search(
                    [("contribution_id", "=", cls.validated.id)]),
                {"note": "Changed"}, {"currency_id": cls.a_units.id,
                                      "partner_id": cls.volunteer_a.id, "amount": 5,
                                      "move_type": "adjustment", "reference": "x",
                                      "sequence": 9, "company_id": cls.company.id}),
            "volunteer.currency.balance": (
                env["volunteer.currency.balance"].search(
                    [("currency_id", "=", cls.a_units.id)]), {"balance": 1}, {"balance": 1}),
            "volunteer.currency.operation": (
                env["volunteer.currency.operation"].create({
                    "currency_id": cls.a_units.id, "partner_id": cls.volunteer_a.id,
                    "amount": 1, "reference": "Ticket"}),
                {"amount": 2}, {"currency_id": cls.a_units.id, "partner_id": cls.volunteer_a.id,
                                "amount": 3, "reference": "Ticket 2"}),
        }
        job = env["volunteer.job"].create({
            "name": "Sample job", "job_type": "export_workbook", "user_id": cls.coordinator_a.id,
            "company_id": cls.company.id})
        samples.update({
            "volunteer.dashboard": (
                env["volunteer.dashboard"].search([], limit=1), {"sequence": 2}, {"sequence": 2}),
            "volunteer.account.mapping": (
                env["volunteer.account.mapping"].search(
                    [("company_id", "=", cls.company.id)], limit=1),
                {"debit_label": "Renamed"},
                {"company_id": cls.company.id, "contributor_type": "volunteer",
                 "entry_mode": "detailed", "debit_code": "864", "debit_label": "Bénévoles",
                 "credit_code": "875", "credit_label": "Bénévolat"}),
            "volunteer.erasure.log": (
                env["volunteer.erasure.log"].create({
                    "reason": "request", "requested_by": "manager",
                    "company_id": cls.company.id}),
                {"person_count": 2},
                {"reason": "request", "requested_by": "manager", "company_id": cls.company.id}),
            "volunteer.job": (
                job, {"name": "Renamed"},
                {"name": "New job", "job_type": "export_workbook", "company_id": cls.company.id}),
            "volunteer.job.line": (
                env["volunteer.job.line"].create({"job_id": job.id, "line": 2}), {"line": 3},
                {"job_id": job.id, "line": 4}),
        })
        samples.update(cls._federation_samples())
        wizard_writes = {
            "volunteer.contribution.reason.wizard": {"reason": "Other"},
            "volunteer.contribution.batch.wizard": {"name": "Sorting again"},
            "volunteer.portal.invite.wizard": {"partner_ids": [Command.clear()]},
            "volunteer.import.benevalibre": {"association_name": "Other"},
            "volunteer.valuation.report.wizard": {"include_children": False},
            "volunteer.attestation.wizard": {"signatory_function": "President"},
            "volunteer.currency.report.wizard": {"report": "circulation"},
            "volunteer.accounting.export.wizard": {"include_children": False},
            "volunteer.declaration.reject.wizard": {"reason": "Other figures"},
        }
        for model, vals in coordinator_wizards.items():
            samples[model] = (as_coordinator[model].create(vals), wizard_writes[model], vals)
        for model, (record, _write, _create) in samples.items():
            assert len(record) == 1, f"no sample of {model}"
        return samples

    @classmethod
    def _federation_samples(cls):
        """Samples of the federation's models: a member's declaration, a link, a sending."""
        env = cls.env
        declaration = {
            "structure_id": cls.association_a.id, "date_from": date(2025, 1, 1),
            "date_to": date(2025, 12, 31), "contributor_type": "volunteer", "hours": 10,
            "headcount": 2, "external_ref": "matrix-2025", "company_id": cls.company.id}
        link = {"url": "https://federation.example.org", "database": "federation",
                "api_key": "secret", "structure_id": cls.association_a.id,
                "federation_ref": "A-75"}
        link_record = env["volunteer.federation.link"].create(link)
        return {
            "volunteer.aggregate.declaration": (
                env["volunteer.aggregate.declaration"].create(declaration), {"hours": 12},
                dict(declaration, external_ref="matrix-2025-new")),
            "volunteer.federation.link": (
                link_record, {"name": "Renamed"}, dict(link, federation_ref="A-76")),
            "volunteer.federation.sending": (
                env["volunteer.federation.sending"].create({"link_id": link_record.id}),
                {"answer": "Changed"}, {"link_id": link_record.id}),
        }

    def _allowed(self, operation):
        """Whether ``operation`` (a callable) goes through; it is undone either way."""
        try:
            with self.env.cr.savepoint():
                operation()
                self.env.flush_all()
                raise _RolledBack
        except _RolledBack:
            return True
        except REFUSALS:
            return False
        finally:
            self.env.invalidate_all()

    def _rights(self, model, user):
        record, write_vals, create_vals = self.samples[model]
        mine = record.with_user(user)
        Model = self.env[model].with_user(user)
        checks = (
            ("r", lambda: mine.read(["display_name"])),
            ("w", lambda: mine.write(dict(write_vals))),
            ("c", lambda: Model.create(dict(create_vals))),
            ("d", lambda: mine.unlink()),
        )
        return "".join(letter if self._allowed(check) else "-" for letter, check in checks)

    def test_every_model_of_both_addons_is_in_the_table(self):
        defined = {
            name for name, model in self.env.registry.items()
            if model._original_module in ADDONS and not model._abstract
        }
        self.assertEqual(set(parse_matrix(MATRIX)), defined)

    def test_permission_matrix(self):
        expected = parse_matrix(MATRIX)
        actual = {model: {role: self._rights(model, self.users[role]) for role in ROLES}
                  for model in expected}
        mismatches = [
            f"{model} / {role}: expected {expected[model][role]}, got {actual[model][role]}"
            for model in expected for role in ROLES
            if expected[model][role] != actual[model][role]]
        self.assertFalse(mismatches, "\n".join(mismatches))
