# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Member side: what is sent to the federation, and what its answers mean.

The real exchange between two Odoo servers is tested by .ci/federation-test;
here the federation's answers are played back.
"""

from datetime import date
from unittest.mock import patch

import requests

from odoo.exceptions import AccessError, UserError

from .common import DAY, VolunteerCase

POST = "odoo.addons.volunteer_valuation.models.volunteer_federation_link.requests.post"


class Answer:
    def __init__(self, status, body):
        self.status_code, self._body, self.text = status, body, str(body)

    def json(self):
        return self._body


class TestFederationLink(VolunteerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._validated(duration=2.0)
        cls._validated(partner_id=cls.volunteer_a2.id, duration=3.0,
                       category_id=cls.category_events.id)
        cls._validated(partner_id=False, entry_mode="estimate", headcount=6, duration=12.0)
        cls.link = cls.env["volunteer.federation.link"].create({
            "url": "https://federation.example.org/", "database": "federation",
            "api_key": "secret-key", "structure_id": cls.association_a.id,
            "federation_ref": "FED-A", "send_period": "monthly"})

    def _send(self, answer):
        calls = []

        def post(url, **kwargs):
            calls.append((url, kwargs))
            if isinstance(answer, Exception):
                raise answer
            return answer
        with patch(POST, post):
            ids = self.link.action_send_aggregates(date(2026, 3, 1), date(2026, 3, 31))
        return self.env["volunteer.federation.sending"].browse(ids), calls

    def test_sends_totals_by_json2_and_records_the_answer(self):
        sending, calls = self._send(Answer(200, [41]))
        [(url, kwargs)] = calls
        self.assertEqual(
            url, "https://federation.example.org/json/2/volunteer.aggregate.declaration/"
                 "declare_aggregates")
        self.assertEqual(kwargs["headers"]["Authorization"], "bearer secret-key")
        self.assertEqual(kwargs["headers"]["X-Odoo-Database"], "federation")
        [entry] = kwargs["json"]["entries"]
        self.assertEqual(entry["structure"], "FED-A")
        self.assertEqual((entry["hours"], entry["headcount"]), (17.0, 2 + 6))
        self.assertEqual(entry["date_from"], "2026-03-01")
        self.assertEqual(sending.state, "sent")
        self.assertIn("received 1 total(s)", sending.answer)
        self.assertEqual(self.link.last_period_end, date(2026, 3, 31))

    def test_by_category_when_asked(self):
        self.link.send_categories = True
        _sending, [(_url, kwargs)] = self._send(Answer(200, [1, 2]))
        categories = {entry.get("category"): entry["hours"] for entry in kwargs["json"]["entries"]}
        self.assertEqual(categories, {self.category_events.name: 3.0, None: 14.0})

    def test_clear_errors_and_nothing_recorded_as_sent(self):
        cases = [
            (requests.ConnectionError("refused"), "cannot be reached"),
            (Answer(401, {"message": "Invalid apikey"}), "refused the API key"),
            (Answer(422, {"message": "Entry 1: no structure has the RNA number, SIREN or "
                                     "federation reference “FED-A”."}),
             "refused the totals: Entry 1: no structure"),
        ]
        for answer, message in cases:
            sending, _calls = self._send(answer)
            self.assertEqual(sending.state, "failed")
            self.assertIn(message, sending.answer)
            self.assertFalse(self.link.last_period_end)

    def test_cron_sends_last_month_once_and_retries_failures(self):
        with patch(POST, side_effect=requests.Timeout()), \
                patch("odoo.fields.Date.context_today", return_value=date(2026, 4, 3)):
            self.link._cron_send_aggregates()
        self.assertEqual(self.link.sending_ids.mapped("state"), ["failed"])
        with patch(POST, return_value=Answer(200, [7])), \
                patch("odoo.fields.Date.context_today", return_value=date(2026, 4, 4)):
            self.link._cron_send_aggregates()
            self.link._cron_send_aggregates()
        self.assertEqual(sorted(self.link.sending_ids.mapped("state")), ["failed", "sent"])
        self.assertEqual(self.link.last_period_end, date(2026, 3, 31))

    def test_api_key_and_sending_for_managers_only(self):
        link = self.link.with_user(self.coordinator_a)
        with self.assertRaises(AccessError):
            link.read(["name"])
        self.assertEqual(self.link.with_user(self.manager).api_key, "secret-key")
        with self.assertRaises(UserError):
            self.link.with_user(self.coordinator_a).action_send_aggregates(DAY, DAY)
