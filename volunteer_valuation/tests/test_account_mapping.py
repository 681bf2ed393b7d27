# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Accounts of in-kind contributions: defaults per company, managers only, class 8 only."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import VolunteerCase

MAPPING = "volunteer.account.mapping"


@tagged("post_install", "-at_install")
class TestAccountMapping(VolunteerCase):

    def lines(self, company, env=None):
        env = env or self.env
        return {(line.contributor_type, line.entry_mode): (
            line.debit_code, line.debit_label, line.credit_code, line.credit_label)
            for line in env[MAPPING].search([("company_id", "=", company.id)])}

    def test_every_company_gets_the_defaults(self):
        volunteers = ("864", "Personnel bénévole", "875", "Bénévolat")
        skills = ("862", "Prestations", "871", "Prestations en nature")
        expected = {
            ("volunteer", "detailed"): volunteers, ("volunteer", "estimate"): volunteers,
            ("civic_service", "detailed"): volunteers, ("civic_service", "estimate"): volunteers,
            ("skills_sponsorship", "detailed"): skills,
            ("skills_sponsorship", "estimate"): skills,
        }
        self.assertEqual(self.lines(self.company), expected)
        self.env["ir.config_parameter"].sudo().set_param(
            "volunteer_valuation.cerfa_volunteer_account", "870")
        company = self.env["res.company"].create({"name": "Nouvelle association"})
        self.assertEqual(self.lines(company)[("volunteer", "detailed")][2], "870")
        self.assertEqual(self.lines(company)[("skills_sponsorship", "estimate")], skills)
        self.assertEqual((company.volunteer_journal_code, company.volunteer_journal_name),
                         ("CVN", "Contributions volontaires en nature"))
        self.assertFalse(self.env[MAPPING]._create_missing(company), "nothing twice")

    def test_only_managers_change_the_accounts(self):
        line = self.env[MAPPING].search([
            ("company_id", "=", self.company.id), ("contributor_type", "=", "civic_service"),
            ("entry_mode", "=", "detailed")])
        self.assertEqual(line.with_user(self.coordinator_a).credit_code, "875")  # may read
        with self.assertRaises(AccessError):
            line.with_user(self.coordinator_a).write({"credit_code": "870"})
        line.with_user(self.manager).write({"credit_code": "870", "post_entries": False})
        self.assertEqual((line.credit_code, line.post_entries), ("870", False))
        with self.assertRaises(UserError):
            line.with_user(self.manager).write({"contributor_type": "volunteer"})
        with self.assertRaises(UserError):
            self.env[MAPPING].with_user(self.manager).create({
                "company_id": self.company.id, "contributor_type": "volunteer",
                "entry_mode": "detailed", "debit_code": "864", "debit_label": "x",
                "credit_code": "870", "credit_label": "y"})
        with self.assertRaises(AccessError):
            line.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            line.with_user(self.portal_a).read(["debit_code"])

    def test_accounts_stay_in_class_8(self):
        line = self.env[MAPPING].search([("company_id", "=", self.company.id)], limit=1)
        for vals in ({"debit_code": "601"}, {"credit_code": "706"}, {"debit_code": "86 4"},
                     {"credit_code": ""}, {"credit_label": " "}):
            self.assertWriteRefused(line.with_user(self.manager), vals, None)
        line.with_user(self.manager).write({"debit_code": "8640000", "credit_code": "875100"})

    def test_each_company_sees_its_own_accounts(self):
        company = self.env["res.company"].create({"name": "Autre fédération"})
        self.assertFalse(self.lines(company, self.env(user=self.manager)))
        self.assertEqual(len(self.lines(self.company, self.env(user=self.manager))), 6)

    def test_settings_move_volunteering_between_870_and_875(self):
        lines = self.env[MAPPING].search([("company_id", "=", self.company.id)])
        kept = lines.filtered(lambda line: line.contributor_type == "civic_service"
                              and line.entry_mode == "estimate")
        kept.credit_code = "8751"  # chosen by hand: never moved
        self.env["res.config.settings"].create({"volunteer_cerfa_volunteer_account": "870"}
                                               ).execute()
        self.assertEqual(
            sorted(set(lines.mapped(lambda line: (line.contributor_type, line.credit_code)))),
            [("civic_service", "870"), ("civic_service", "8751"), ("skills_sponsorship", "871"),
             ("volunteer", "870")])
        self.env["res.config.settings"].create({"volunteer_cerfa_volunteer_account": "875"}
                                               ).execute()
        self.assertEqual(set(lines.filtered(lambda line: line.contributor_type == "volunteer")
                             .mapped("credit_code")), {"875"})

    def test_journal_code_checked(self):
        with self.assertRaises(ValidationError):
            self.company.volunteer_journal_code = "C V N"
        with self.assertRaises(ValidationError):
            self.company.volunteer_journal_name = " "
        settings = self.env["res.config.settings"].create({
            "volunteer_journal_code": "BENEV", "volunteer_journal_name": "Bénévolat"})
        settings.execute()
        self.assertEqual(self.company.volunteer_journal_code, "BENEV")
