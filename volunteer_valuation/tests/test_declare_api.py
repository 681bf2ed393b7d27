# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""External forms declare time through the API: JSON-2 with an API key, and XML-RPC."""

import json
import xmlrpc.client
from datetime import date, datetime, timedelta
from http import HTTPStatus

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DAY, VolunteerCase, VolunteerCommon

QUIET_LOGGERS = ("odoo.http", "odoo.sql_db", "odoo.addons.rpc.controllers.xmlrpc")
FAULT_USER_ERROR = 2


def _api_key(user):
    """An API key of ``user`` for every RPC (as from their preferences), valid one day."""
    return user.env["res.users.apikeys"].with_user(user)._generate(
        None, "External form", datetime.now() + timedelta(hours=12))


@tagged("post_install", "-at_install")
class TestDeclareApi(VolunteerCommon, HttpCase):
    """Real HTTP calls to the test server, as an external form would make them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.volunteer_a.email = "paul.portal@example.org"
        cls.volunteer_a2.email = "alice.second@example.org"
        cls.volunteer_b.email = "bea.portal@example.org"
        cls.project = cls.env["project.project"].create({"name": "Jardin partagé"})
        cls.task = cls.env["project.task"].create({
            "name": "Arrosage", "project_id": cls.project.id})
        cls.coordinator_key = _api_key(cls.coordinator_a)
        # Portal users hold API keys when "Customers can generate API keys" is on (Settings).
        cls.env["ir.config_parameter"].set_param("portal.allow_api_keys", True)
        cls.portal_key = _api_key(cls.portal_a)
        cls.internal_key = _api_key(cls.internal)
        cls.Contribution = cls.env["volunteer.contribution"]

    def setUp(self):
        super().setUp()
        self.env.flush_all()
        self.db = self.env.cr.dbname

    def _count(self):
        self.env.invalidate_all()
        return self.Contribution.search_count([])

    def _json2(self, key, entries):
        """POST /json/2/volunteer.contribution/declare, as documented in the README."""
        with mute_logger(*QUIET_LOGGERS):
            response = self.url_open(
                "/json/2/volunteer.contribution/declare",
                data=json.dumps({"entries": entries}),
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {key}",
                    "X-Odoo-Database": self.db,
                },
            )
        self.env.invalidate_all()
        return response

    def _xmlrpc(self, login, secret, entries):
        with mute_logger(*QUIET_LOGGERS):
            uid = self.xmlrpc_common.authenticate(self.db, login, secret, {})
            self.assertTrue(uid, "the key or password should open the session")
            result = self.xmlrpc_object.execute_kw(
                self.db, uid, secret, "volunteer.contribution", "declare", [entries])
        self.env.invalidate_all()
        return result

    def assertRefused(self, response, status, *messages):
        self.assertEqual(response.status_code, status, response.text)
        body = response.json()
        for message in messages:
            self.assertIn(message, body["message"])
        return body

    def _batch(self):
        return [{
            "volunteer_email": "Paul.Portal@example.org",
            "structure": "Association A",
            "project": "Jardin partagé",
            "task": "Arrosage",
            "date": DAY.isoformat(),
            "duration": "2h30",
            "name": "Arrosage du jardin",
            "level": "Qualified",
            "category": self.category_events.id,
            "distance_km": 12,
            "role": "supervision",
        }, {
            "partner_id": self.volunteer_a2.id,
            "structure": self.association_a.id,
            "date": "2026-02-27",
            "duration": 1.25,
            "name": "Atelier compost",
            "contributor_type": "civic_service",
        }]

    def test_json2_coordinator_declares_a_batch(self):
        response = self._json2(self.coordinator_key, self._batch())
        self.assertEqual(response.status_code, HTTPStatus.OK, response.text)
        ids = response.json()
        self.assertEqual(len(ids), 2)
        first, second = self.Contribution.browse(ids)
        self.assertRecordValues(first, [{
            "partner_id": self.volunteer_a.id, "structure_id": self.association_a.id,
            "project_id": self.project.id, "task_id": self.task.id, "date": DAY,
            "duration": 2.5, "name": "Arrosage du jardin", "level_id": self.level_qualified.id,
            "category_id": self.category_events.id, "distance_km": 12.0, "role": "supervision",
            "source": "api", "state": "submitted", "create_uid": self.coordinator_a.id,
        }])
        self.assertRecordValues(second, [{
            "partner_id": self.volunteer_a2.id, "structure_id": self.association_a.id,
            "project_id": False, "date": date(2026, 2, 27), "duration": 1.25,
            "contributor_type": "civic_service", "source": "api", "state": "submitted",
        }])

    def test_json2_batch_with_one_bad_entry_writes_nothing(self):
        before = self._count()
        entries = self._batch()
        entries.insert(1, dict(entries[1], duration="2h75"))
        body = self.assertRefused(
            self._json2(self.coordinator_key, entries), HTTPStatus.UNPROCESSABLE_ENTITY,
            "Nothing was recorded", "Entry 2: the duration “2h75” is not understood")
        self.assertEqual(body["name"], "odoo.exceptions.UserError")
        self.assertNotIn("Entry 1", body["message"])
        self.assertEqual(self._count(), before)

    def test_json2_coordinator_outside_their_structures_refused(self):
        before = self._count()
        elsewhere = dict(self._batch()[1], partner_id=self.volunteer_b.id,
                         structure=self.association_b.id)
        self.assertRefused(
            self._json2(self.coordinator_key, [elsewhere]), HTTPStatus.UNPROCESSABLE_ENTITY,
            "Entry 1: there is no structure")
        # A volunteer of another structure, in their own structure: refused too.
        not_theirs = dict(self._batch()[1], partner_id=self.volunteer_b.id)
        self.assertRefused(
            self._json2(self.coordinator_key, [not_theirs]), HTTPStatus.UNPROCESSABLE_ENTITY,
            "Entry 1: Béa Portal is not a volunteer of Federation / Region / Association A.")
        self.assertEqual(self._count(), before)

    def test_json2_volunteer_declares_own_time(self):
        entry = {
            "volunteer_email": "paul.portal@example.org", "structure": "Association A",
            "date": DAY.isoformat(), "duration": "1:45", "name": "Permanence",
            "category": "Organising events",
        }
        response = self._json2(self.portal_key, [entry])
        self.assertEqual(response.status_code, HTTPStatus.OK, response.text)
        contribution = self.Contribution.browse(response.json())
        self.assertRecordValues(contribution, [{
            "partner_id": self.volunteer_a.id, "duration": 1.75, "source": "api",
            "state": "submitted", "category_id": self.category_events.id}])
        # Without any volunteer field, a volunteer's entry is their own.
        entry.pop("volunteer_email")
        response = self._json2(self.portal_key, [entry])
        self.assertEqual(response.status_code, HTTPStatus.OK, response.text)

    def test_json2_volunteer_for_someone_else_refused(self):
        before = self._count()
        for other in ({"volunteer_email": "alice.second@example.org"},
                      {"partner_id": self.volunteer_a2.id}):
            with self.subTest(other=other):
                entry = dict({"structure": "Association A", "date": DAY.isoformat(),
                              "duration": 2, "name": "Pour Alice"}, **other)
                self.assertRefused(
                    self._json2(self.portal_key, [entry]), HTTPStatus.UNPROCESSABLE_ENTITY,
                    "Entry 1: you can only declare your own time.")
        # Nor in a structure they do not volunteer for.
        entry = {"structure": self.association_b.id, "date": DAY.isoformat(), "duration": 2,
                 "name": "Ailleurs"}
        self.assertRefused(self._json2(self.portal_key, [entry]),
                           HTTPStatus.UNPROCESSABLE_ENTITY, "Entry 1:")
        self.assertEqual(self._count(), before)

    def test_json2_without_rights_or_key_refused(self):
        before = self._count()
        self.assertRefused(self._json2(self.internal_key, self._batch()), HTTPStatus.FORBIDDEN)
        self.assertRefused(self._json2("not-a-key", self._batch()), HTTPStatus.UNAUTHORIZED,
                           "Invalid apikey")
        self.assertEqual(self._count(), before)

    def test_xmlrpc_coordinator_with_api_key(self):
        ids = self._xmlrpc(self.coordinator_a.login, self.coordinator_key, self._batch())
        contributions = self.Contribution.browse(ids)
        self.assertEqual(contributions.mapped("source"), ["api", "api"])
        self.assertEqual(sum(contributions.mapped("duration")), 3.75)

    def test_xmlrpc_batch_with_one_bad_entry_writes_nothing(self):
        before = self._count()
        entries = self._batch()
        entries[1]["date"] = (date.today() + timedelta(days=1)).isoformat()
        with self.assertRaises(xmlrpc.client.Fault) as catcher:
            self._xmlrpc(self.coordinator_a.login, self.coordinator_key, entries)
        self.assertEqual(catcher.exception.faultCode, FAULT_USER_ERROR)
        self.assertIn("Entry 2: the date", catcher.exception.faultString)
        self.assertIn("is in the future", catcher.exception.faultString)
        self.assertEqual(self._count(), before)

    def test_xmlrpc_volunteer_for_someone_else_refused(self):
        """With the volunteer's own API key, or their password."""
        before = self._count()
        entry = {"volunteer_email": "alice.second@example.org", "structure": "Association A",
                 "date": DAY.isoformat(), "duration": 2, "name": "Pour Alice"}
        for secret in (self.portal_key, self.portal_a.login):
            with self.subTest(secret=secret[:4]), self.assertRaises(xmlrpc.client.Fault) as err:
                self._xmlrpc(self.portal_a.login, secret, [entry])
            self.assertIn("Entry 1: you can only declare your own time.", err.exception.faultString)
        self.assertEqual(self._count(), before)


@tagged("post_install", "-at_install")
class TestDeclare(VolunteerCase):
    """The rules of declare() itself, called in Python."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.volunteer_a.email = "paul.portal@example.org"
        cls.Contribution = cls.env["volunteer.contribution"].with_user(cls.coordinator_a)

    def _entry(self, **values):
        return dict({"partner_id": self.volunteer_a.id, "structure": "Association A",
                     "date": DAY.isoformat(), "duration": 2, "name": "Permanence"}, **values)

    def assertEntryRefused(self, entry, message, user=None):
        Contribution = self.Contribution.with_user(user) if user else self.Contribution
        with self.assertNothingCreated(exceptions=(UserError, AccessError)) as catcher:
            Contribution.declare([entry])
        self.assertIn(message, str(catcher.exception))

    def test_durations_as_people_type_them(self):
        durations = {"2h30": 2.5, "2:30": 2.5, "150 min": 2.5, 2.5: 2.5, "2,5": 2.5, 3: 3.0}
        ids = self.Contribution.declare(
            [self._entry(duration=value) for value in durations])
        self.assertEqual(self.Contribution.browse(ids).mapped("duration"),
                         list(durations.values()))

    def test_distance_only_and_several_days(self):
        ids = self.Contribution.declare([
            self._entry(duration=None, distance_km="35,5", name="Transport"),
            self._entry(date="2026-02-27", date_end="2026-03-01", duration=30, name="Camp"),
        ])
        self.assertRecordValues(self.Contribution.browse(ids), [
            {"duration": 0.0, "distance_km": 35.5, "date_end": False},
            {"duration": 30.0, "distance_km": 0.0, "date_end": date(2026, 3, 1)},
        ])

    def test_every_error_is_told_with_its_entry(self):
        entries = [
            self._entry(),
            self._entry(name=" "),
            self._entry(durration=2),
            "not an object",
            self._entry(structure="Nowhere"),
            self._entry(level="Grand maître"),
            self._entry(task="Arrosage"),
            self._entry(duration=25),
            self._entry(duration=0),
            self._entry(date="02/03/2026"),
            self._entry(date="1999-12-31"),
            self._entry(role="boss"),
            self._entry(partner_id=None),
            self._entry(partner_id=None, volunteer_email="nobody@example.org"),
        ]
        with self.assertNothingCreated(exceptions=UserError) as catcher:
            self.Contribution.declare(entries)
        message = str(catcher.exception)
        for expected in (
            "Entry 2: give a short description",
            "Entry 3: unknown field(s) durration",
            "Entry 4: it is not an object",
            "Entry 5: there is no structure “Nowhere”",
            "Entry 6: there is no level “Grand maître”",
            "Entry 7: there is no task “Arrosage”",
            "Entry 8: 25h00 in 1 day(s)",
            "Entry 9: give a duration (or, for a trip, a distance)",
            "Entry 10: “02/03/2026” is not a date",
            "Entry 11: the date 1999-12-31 is before 1 January 2000",
            "Entry 12: “boss” is not a possible role",
            "Entry 13: give the volunteer's e-mail address",
            "Entry 14: no volunteer of Federation / Region / Association A has the e-mail",
        ):
            self.assertIn(expected, message)
        self.assertNotIn("Entry 1:", message)

    def test_structure_by_full_name_when_names_repeat(self):
        twin = self.env["volunteer.structure"].create({
            "name": "Association A", "parent_id": self.association_b.id})
        self.coordinator_a.volunteer_coordinated_structure_ids = [Command.link(twin.id)]
        self.assertEntryRefused(self._entry(), "several structures are named “Association A”")
        ids = self.Contribution.declare(
            [self._entry(structure="Federation / Region / Association A")])
        self.assertEqual(self.Contribution.browse(ids).structure_id, self.association_a)

    def test_internal_user_without_volunteering_rights(self):
        self.assertEntryRefused(self._entry(), "", user=self.internal)

    def test_coordinator_of_a_parent_declares_in_member_structures(self):
        self.volunteer_a.volunteer_structure_ids = [Command.link(self.section_a1.id)]
        ids = self.Contribution.with_user(self.coordinator_region).declare(
            [self._entry(structure=self.section_a1.id)])
        self.assertEqual(self.Contribution.browse(ids).source, "api")

    def test_plain_create_keeps_its_source(self):
        """Only declare() marks contributions as coming from the API."""
        portal = self.env["volunteer.contribution"].with_user(self.portal_a).with_context(
            volunteer_declare_source="api").create(self._contribution_vals())
        self.assertEqual(portal.source, "portal")
        backend = self.Contribution.create(self._contribution_vals())
        self.assertEqual(backend.source, "backend")
