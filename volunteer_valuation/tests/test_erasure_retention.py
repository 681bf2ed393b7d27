# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The daily retention run forgets the inactive volunteers only, and every total stays."""

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import VolunteerCase
from .erasure_common import ErasureMixin


@tagged("post_install", "-at_install")
class TestErasureRetention(ErasureMixin, VolunteerCase):
    """Everybody gave time five years ago; some showed up since, some did not:

    - Odile (no account): nothing since            -> forgotten
    - Béa (portal): never logged in since          -> forgotten
    - Roger: a member who never declared anything  -> forgotten
    - Rita: entered her old hours last month       -> kept
    - Paul (portal): logged in last month          -> kept
    - Alice: used her personal link last month     -> kept
    - Noé: joined today, nothing declared yet      -> kept
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive_currencies()
        today = fields.Date.context_today(cls.env["res.partner"])
        cls.long_ago = today - relativedelta(years=5)
        cls.last_month = datetime.combine(today - relativedelta(months=1), time(12))
        cls.env["volunteer.rate"].create({
            "name": "Flat rate before 2024", "date_from": date(2015, 1, 1),
            "date_to": date(2023, 12, 31), "method": "fixed", "fixed_amount": 15.0,
            "company_id": cls.company.id})
        Partner = cls.env["res.partner"]
        member = {"volunteer_structure_ids": [Command.set(cls.association_a.ids)]}
        cls.odile = Partner.create({"name": "Odile Old", "email": "odile@example.com", **member})
        cls.rita = Partner.create({"name": "Rita Recent", **member})
        cls.noe = Partner.create({"name": "Noé New", **member})
        cls.old = {
            "odile": cls._validated(name="Odile's stand", partner_id=cls.odile.id,
                                    date=cls.long_ago, duration=3.0),
            "bea": cls._validated(name="Béa's match", partner_id=cls.volunteer_b.id,
                                  structure_id=cls.association_b.id, date=cls.long_ago),
            "rita": cls._validated(name="Rita's stand", partner_id=cls.rita.id,
                                   date=cls.long_ago, duration=1.5),
            "paul": cls._validated(name="Paul's stand", date=cls.long_ago),
            "alice": cls._validated(name="Alice's stand", partner_id=cls.volunteer_a2.id,
                                    date=cls.long_ago),
        }
        cls.link = cls.env["volunteer.access.link"].create({
            "partner_id": cls.volunteer_a2.id, "structure_id": cls.association_a.id})
        cls.env["res.users.log"].with_user(cls.portal_a).sudo().create({})  # a login

    def setUp(self):
        super().setUp()
        then = datetime.combine(self.long_ago, time(12))
        everybody = (self.odile | self.rita | self.volunteer_a | self.volunteer_b
                     | self.volunteer_a2 | self.volunteer_region)
        self.backdate(everybody, then)
        self.backdate(self.portal_a | self.portal_b, then)
        old = self.env["volunteer.contribution"].union(*self.old.values())
        self.backdate(old - self.old["rita"], then)
        self.backdate(self.link, then)
        self.backdate(self.link, self.last_month, "last_use_date")
        self.forgotten = self.odile | self.volunteer_b | self.volunteer_region
        self.kept_people = self.rita | self.volunteer_a | self.volunteer_a2 | self.noe

    def totals(self):
        """What the accounts say: hours and value by structure, distinct people by year."""
        Contribution = self.env["volunteer.contribution"]
        by_structure = Contribution._validated_totals_by_structure(self.federation)
        people = Contribution._read_group(
            [("state", "=", "validated"), ("partner_id", "!=", False)], ["date:year"],
            ["partner_id:count_distinct", "duration:sum", "amount:sum", "__count"])
        return by_structure, people

    def run_cron(self):
        """Run the scheduled action as the scheduler would, by its XML id."""
        cron = self.env.ref("volunteer_valuation.ir_cron_volunteer_retention")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        cron.ir_actions_server_id.run()
        self.env.flush_all()
        self.env.cr.precommit.run()  # what its commit does
        self.env.invalidate_all()

    def test_only_the_inactive_are_forgotten(self):
        self.assertEqual(self.env["volunteer.erasure"]._retention_due(),
                         sorted(self.forgotten.ids))
        before = self.totals()
        kept = self.kept_values(self.env["volunteer.contribution"].union(*self.old.values()))
        self.run_cron()
        self.assertEqual(self.totals(), before, "every total unchanged")
        self.assertEqual(self.kept_values(
            self.env["volunteer.contribution"].union(*self.old.values())), kept)
        self.assertForgotten(self.odile, "Odile Old", "odile@example.com")
        self.assertForgotten(self.volunteer_b, "Béa Portal")
        self.assertForgotten(self.volunteer_region, "Roger Region")
        self.assertFalse(self.portal_b.with_context(active_test=False).active)
        self.placeholder_of(self.old["odile"])
        self.placeholder_of(self.old["bea"])
        self.assertEqual(self.old["odile"].name, "—")
        for person, name in ((self.rita, "Rita Recent"), (self.volunteer_a, "Paul Portal"),
                             (self.volunteer_a2, "Alice Second"), (self.noe, "Noé New")):
            with self.subTest(name=name):
                self.assertEqual(person.name, name)
                self.assertTrue(person.volunteer_structure_ids)
        self.assertEqual(self.old["paul"].partner_id, self.volunteer_a)
        self.assertTrue(self.link.exists())
        log = self.env["volunteer.erasure.log"].search([])
        self.assertRecordValues(log, [{
            "reason": "retention", "requested_by": "system", "user_id": False,
            "company_id": self.company.id, "retention_years": 3, "person_count": 3,
            "contribution_count": 2, "deleted_count": 0,
        }])

    def test_running_twice_changes_nothing_the_second_time(self):
        self.run_cron()
        contributions = self.env["volunteer.contribution"].search([])
        snapshot = (self.kept_values(contributions),
                    contributions.read(["partner_id", "name"]),
                    self.env["res.partner"].with_context(active_test=False).search_read(
                        [], ["name", "active", "email"]),
                    self.env["volunteer.erasure.log"].search_count([]))
        self.assertFalse(self.env["volunteer.erasure"]._retention_due())
        self.run_cron()
        contributions.invalidate_recordset()
        self.assertEqual((self.kept_values(contributions),
                          contributions.read(["partner_id", "name"]),
                          self.env["res.partner"].with_context(active_test=False).search_read(
                              [], ["name", "active", "email"]),
                          self.env["volunteer.erasure.log"].search_count([])), snapshot)

    def test_zero_years_keeps_everybody(self):
        self.company.volunteer_retention_years = 0
        self.assertFalse(self.env["volunteer.erasure"]._retention_due())
        self.run_cron()
        self.assertEqual(self.odile.name, "Odile Old")
        self.assertFalse(self.env["volunteer.erasure.log"].search([]))

    def test_the_longest_retention_of_her_companies_applies(self):
        other = self.env["res.company"].create({"name": "Other network"})
        structure = self.env["volunteer.structure"].create(
            {"name": "Other club", "company_id": other.id})
        self.odile.volunteer_structure_ids |= structure
        Erasure = self.env["volunteer.erasure"]
        for years, due in ((10, False), (0, False), (4, True)):
            with self.subTest(years=years):
                other.volunteer_retention_years = years
                self.assertEqual(self.odile.id in Erasure._retention_due(), due)
        self.run_cron()
        logs = self.env["volunteer.erasure.log"].search([], order="company_id")
        self.assertEqual(logs.company_id, self.company | other, "one line per company")
        self.assertEqual(logs.filtered(lambda log: log.company_id == other).person_count, 1)

    def test_people_who_are_never_forgotten_like_volunteers(self):
        """Staff, companies and structure contacts stay, whatever their age."""
        office = self.env["res.partner"].create({"name": "Association A office"})
        self.association_a.partner_id = office
        self.internal.partner_id.volunteer_structure_ids = self.association_a
        self.odile.is_company = True
        then = datetime.combine(self.long_ago, time(12))
        self.backdate(office | self.internal.partner_id, then)
        self.backdate(self.internal, then)
        due = self.env["volunteer.erasure"]._retention_due()
        self.assertEqual(due, sorted((self.volunteer_b | self.volunteer_region).ids))
