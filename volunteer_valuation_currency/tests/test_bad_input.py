# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Malformed input, sent as a careless or hostile client would: each payload gets a clear
error (no crash, no traceback in a page) and leaves the contributions and the currency
ledger exactly as they were (row counts and a checksum of both tables).

RPC payloads go through JSON-RPC, which carries NUL characters and NaN; form payloads
are posted to the volunteering space and the currency page with the session's token.
"""

import math

from odoo import Command, http
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.volunteer_valuation.tests.common import DAY
from odoo.addons.volunteer_valuation.tests.security_common import (
    QUIET_LOGGERS,
    JsonRpcMixin,
    RoleCommon,
)

from .common import RULES_FROM

C = "volunteer.contribution"
NAN, INF = math.nan, math.inf
HUGE = "x" * 200_000
TABLES = ("volunteer_contribution", "volunteer_currency_move")


@tagged("post_install", "-at_install")
class TestBadInput(RoleCommon, JsonRpcMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Currency = cls.env["volunteer.currency"]
        Currency.search([]).write({"active": False})
        cls.time_bank = Currency.create({
            "name": "Time bank", "symbol": "h", "basis": "hours", "decimal_places": 2,
            "min_balance": -5, "rule_ids": [(0, 0, {"date_from": RULES_FROM, "rate": 1})]})
        cls.validated = cls._validated(name="Paul's credited afternoon", duration=4.0)
        cls.draft = cls._contribution(name="Paul's draft")
        Project = cls.env["project.project"]
        open_to_a = {"volunteer_structure_ids": [Command.set(cls.association_a.ids)]}
        cls.project_a = Project.create(dict(open_to_a, name="Food bank A"))
        cls.task_elsewhere = cls.env["project.task"].create({
            "name": "Elsewhere", "project_id": Project.create({"name": "Other"}).id})
        cls.archived_project = Project.create(dict(open_to_a, name="Old project",
                                                   active=False))
        cls.project_2 = Project.sudo().create({"name": "Other network's project",
                                               "company_id": cls.company_2.id})
        cls.archived_structure = cls.env["volunteer.structure"].create({
            "name": "Closed section", "parent_id": cls.association_a.id, "active": False})
        cls.archived_partner = cls.env["res.partner"].create({
            "name": "Gone", "active": False,
            "volunteer_structure_ids": [Command.set(cls.association_a.ids)]})
        cls.archived_level = cls.env["volunteer.level"].create(
            {"name": "Retired level", "active": False})
        cls.contribution_2 = cls.env[C].sudo().create({
            "name": "In the other network", "partner_id": cls.manager_2.partner_id.id,
            "structure_id": cls.structure_2.id, "date": DAY, "duration": 1.0})

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _snapshot(self):
        """Row count and checksum of the contributions and of the moves."""
        self.env.flush_all()
        figures = {}
        for table in TABLES:
            self.env.cr.execute(SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) "
                "FROM %s t", SQL.identifier(table)))
            figures[table] = self.env.cr.fetchone()
        return figures

    def _valid(self, **vals):
        return dict({"name": "Sorting", "partner_id": self.volunteer_a.id, "date": DAY.isoformat(),
                     "structure_id": self.association_a.id, "duration": 2.0}, **vals)

    def _entry(self, **vals):
        return dict({"volunteer_email": "paul@example.com", "structure": self.association_a.id,
                     "date": DAY.isoformat(), "duration": "2h", "name": "Sorting"}, **vals)

    def _rpc_payloads(self):
        """(label, user, model, method, args, kwargs), each one malformed."""
        coord, portal, manager = self.coordinator_a, self.portal_a, self.manager
        draft, bank = self.draft.id, self.time_bank.id
        payloads = []
        create_cases = {
            "name int": {"name": 123}, "name list": {"name": ["a"]},
            "name dict": {"name": {"a": 1}}, "name huge": {"name": HUGE},
            "name NUL": {"name": "a\x00b"}, "name missing": {"name": False},
            "duration text": {"duration": "abc"}, "duration negative": {"duration": -1},
            "duration NaN": {"duration": NAN}, "duration inf": {"duration": INF},
            "duration -inf": {"duration": -INF}, "duration 1e308": {"duration": 1e308},
            "duration 25 h": {"duration": 25}, "duration bool": {"duration": True},
            "duration list": {"duration": [1]}, "distance NaN": {"distance_km": NAN},
            "distance negative": {"distance_km": -5}, "distance text": {"distance_km": "far"},
            "date year 1": {"date": "0001-01-01"}, "date year 9999": {"date": "9999-12-31"},
            "date 30 Feb": {"date": "2026-02-30"}, "date word": {"date": "yesterday"},
            "date int": {"date": 20260302}, "date empty": {"date": ""},
            "end before start": {"date_end": "2026-03-01"},
            "structure of another company": {"structure_id": self.structure_2.id},
            "structure archived": {"structure_id": self.archived_structure.id},
            "structure huge id": {"structure_id": 2**40}, "structure -1": {"structure_id": -1},
            "structure text": {"structure_id": "A"}, "structure 0": {"structure_id": 0},
            "partner archived": {"partner_id": self.archived_partner.id},
            "partner 2**31": {"partner_id": 2**31},
            "partner missing": {"partner_id": 999_999_999},
            "project archived": {"project_id": self.archived_project.id},
            "project of another company": {"project_id": self.project_2.id},
            "task of another project": {"project_id": self.project_a.id,
                                        "task_id": self.task_elsewhere.id},
            "level archived": {"level_id": self.archived_level.id},
            "level huge id": {"level_id": 2**40},
            "headcount huge": {"entry_mode": "estimate", "partner_id": False,
                               "headcount": 2**40},
            "headcount negative": {"entry_mode": "estimate", "partner_id": False,
                                   "headcount": -3},
            "state validated": {"state": "validated"}, "state bogus": {"state": "bogus"},
            "entry mode bogus": {"entry_mode": "bogus"}, "unknown field": {"x_hack": 1},
            "source chosen": {"source": "api"}, "contributor type int": {"contributor_type": 5},
            "note NUL": {"note": "a\x00"}, "note huge": {"note": HUGE},
            "company chosen": {"company_id": self.company_2.id},
        }
        for label, vals in create_cases.items():
            payloads.append((f"create: {label}", coord, C, "create", [self._valid(**vals)], {}))
        payloads += [
            ("create: a text", coord, C, "create", ["garbage"], {}),
            ("create: a list of numbers", coord, C, "create", [[1, 2]], {}),
            ("portal create: someone else", portal, C, "create",
             [self._valid(partner_id=self.volunteer_a2.id)], {}),
            ("portal create: other structure", portal, C, "create",
             [self._valid(structure_id=self.association_b.id)], {}),
            ("portal create: note", portal, C, "create", [self._valid(note="x")], {}),
            ("portal create: import key", portal, C, "create",
             [self._valid(import_key="benevalibre:x:1")], {}),
        ]
        write_cases = {
            "duration NaN": {"duration": NAN}, "duration negative": {"duration": -2},
            "name NUL": {"name": "\x00"}, "name huge": {"name": HUGE},
            "date year 1": {"date": "0001-01-01"}, "date year 9999": {"date": "9999-12-31"},
            "structure huge id": {"structure_id": 2**40},
            "project of another company": {"project_id": self.project_2.id},
            "state": {"state": "validated"}, "partner": {"partner_id": self.volunteer_a2.id},
            "amount": {"amount": 1000.0}, "level archived": {"level_id": self.archived_level.id},
            "category huge id": {"category_id": 2**40}, "source": {"source": "import"},
        }
        for label, vals in write_cases.items():
            payloads.append((f"portal write: {label}", portal, C, "write", [[draft], vals], {}))
        payloads += [
            ("portal write: a text", portal, C, "write", [[draft], "x"], {}),
            ("portal write: another's draft", portal, C, "write",
             [[self.contribution_2.id], {"name": "Mine"}], {}),
            ("write: company", coord, C, "write", [[draft], {"company_id": self.company_2.id}],
             {}),
            ("write: import key", coord, C, "write", [[draft], {"import_key": "k"}], {}),
            ("write: validated one", coord, C, "write",
             [[self.validated.id], {"duration": 9}], {}),
            ("reject: reason int", coord, C, "action_reject", [[draft], 123], {}),
            ("reject: reason NUL", coord, C, "action_reject", [[draft], "no\x00"], {}),
            ("reject: reason huge", coord, C, "action_reject", [[draft], HUGE], {}),
            ("reject: missing record", coord, C, "action_reject", [[2**30], "No"], {}),
            ("validate: another company", coord, C, "action_validate",
             [[self.contribution_2.id]], {}),
            ("reset: reason NUL", manager, C, "action_reset_to_draft",
             [[self.validated.id], "a\x00"], {}),
            ("reset: reason list", manager, C, "action_reset_to_draft",
             [[self.validated.id], ["a"]], {}),
        ]
        declare_cases = {
            "a text": "abc", "an empty list": [], "a number": [1],
            "name int": [self._entry(name=1)], "too many": [self._entry()] * 1001,
            "date year 1": [self._entry(date="0001-01-01")],
            "date year 9999": [self._entry(date="9999-12-31")],
            "duration NaN": [self._entry(duration=NAN)],
            "duration negative text": [self._entry(duration="-2h")],
            "duration 1e308": [self._entry(duration=1e308)],
            "structure of another company": [self._entry(structure=self.structure_2.id)],
            "structure archived": [self._entry(structure=self.archived_structure.id)],
            "volunteer of another structure": [self._entry(
                volunteer_email=False, partner_id=self.volunteer_b.id)],
            "unknown key": [self._entry(x_hack=1)],
            "name NUL": [self._entry(name="a\x00b")],
            "note NUL": [self._entry(note="a\x00b")],
            "distance NaN": [self._entry(distance_km=NAN)],
            "level archived": [self._entry(level=self.archived_level.id)],
            "project of another company": [self._entry(project=self.project_2.id)],
        }
        self.volunteer_a.email = "paul@example.com"
        for label, entries in declare_cases.items():
            payloads.append((f"declare: {label}", coord, C, "declare", [entries], {}))
        transfer_cases = {
            "amount NaN": {"amount": NAN}, "amount text NaN": {"amount": "NaN"},
            "amount negative": {"amount": -1}, "amount 1e309": {"amount": "1e309"},
            "amount huge text": {"amount": HUGE[:5000]}, "amount bool": {"amount": True},
            "recipient huge id": {"recipient_id": 2**40},
            "recipient text": {"recipient_id": "abc"},
            "recipient elsewhere": {"recipient_id": self.volunteer_b.id},
            "recipient archived": {"recipient_id": self.archived_partner.id},
            "sender someone else": {"sender_id": self.volunteer_a2.id},
            "note NUL": {"note": "\x00"}, "note huge": {"note": HUGE},
        }
        for label, vals in transfer_cases.items():
            kwargs = dict({"sender_id": self.volunteer_a.id,
                           "recipient_id": self.volunteer_a2.id, "amount": 1}, **vals)
            payloads.append((f"transfer: {label}", portal, "volunteer.currency", "transfer",
                             [[bank]], kwargs))
        payloads.append(("transfer: missing currency", portal, "volunteer.currency", "transfer",
                         [[2**30], self.volunteer_a.id, self.volunteer_a2.id, 1], {}))
        spend_cases = {
            "amount NaN": {"amount": NAN}, "amount negative": {"amount": -3},
            "amount text": {"amount": "abc"}, "reference NUL": {"reference": "\x00"},
            "reference huge": {"reference": HUGE}, "reference empty": {"reference": ""},
            "member archived": {"partner_id": self.archived_partner.id},
            "member huge id": {"partner_id": 2**40},
            "structure archived": {"structure_id": self.archived_structure.id},
            "structure of another company": {"structure_id": self.structure_2.id},
        }
        for label, vals in spend_cases.items():
            kwargs = dict({"partner_id": self.volunteer_a.id, "amount": 1,
                           "reference": "Ticket"}, **vals)
            payloads.append((f"spend: {label}", manager, "volunteer.currency", "spend",
                             [[bank]], kwargs))
        for label, amount in (("NaN", NAN), ("zero", 0), ("huge exponent", "1e999999"),
                              ("text", "lots")):
            payloads.append((f"adjust: amount {label}", manager, "volunteer.currency", "adjust",
                             [[bank], self.volunteer_a.id, amount, "Fix"], {}))
        payloads += [
            ("balances: partner text", portal, "volunteer.currency", "get_balances",
             [[bank], "abc"], {}),
            ("balances: bad date", portal, "volunteer.currency", "get_balances",
             [[bank], [self.volunteer_a.id], "garbage"], {}),
            ("balances: huge id", portal, "volunteer.currency", "get_balances",
             [[bank], [2**40]], {}),
        ]
        batch = "volunteer.contribution.batch.wizard"
        base = {"structure_id": self.association_a.id, "name": "Sorting",
                "date": DAY.isoformat(), "duration": 2.0,
                "partner_ids": [Command.set(self.volunteer_a.ids)]}
        for label, vals in (("duration NaN", {"duration": NAN}), ("name NUL", {"name": "\x00"}),
                            ("date text", {"date": "soon"}), ("name huge", {"name": HUGE})):
            payloads.append((f"batch wizard: {label}", coord, batch, "create",
                             [dict(base, **vals)], {}))
        payloads.append(("reason wizard: NUL", coord, "volunteer.contribution.reason.wizard",
                         "create", [{"reason": "a\x00b",
                                     "contribution_ids": [Command.set([draft])]}], {}))
        return payloads

    def _wizard_payloads(self):
        """(label, user, model, values, action): the wizard is created, its action fails."""
        base = {"structure_id": self.association_a.id, "name": "Sorting",
                "date": DAY.isoformat(), "duration": 2.0,
                "partner_ids": [Command.set(self.volunteer_a.ids)]}
        batch = "volunteer.contribution.batch.wizard"
        operation = "volunteer.currency.operation"
        spend = {"operation": "spend", "currency_id": self.time_bank.id,
                 "partner_id": self.volunteer_a.id, "amount": 1, "reference": "Ticket"}
        return [
            ("batch: structure of another company", self.coordinator_a, batch,
             dict(base, structure_id=self.structure_2.id), "action_create"),
            ("batch: volunteer of another structure", self.coordinator_a, batch,
             dict(base, partner_ids=[Command.set(self.volunteer_b.ids)]), "action_create"),
            ("batch: 30 hours", self.coordinator_a, batch, dict(base, duration=30),
             "action_create"),
            ("batch: negative hours", self.coordinator_a, batch, dict(base, duration=-1),
             "action_create"),
            ("batch: year 1", self.coordinator_a, batch, dict(base, date="0001-01-01"),
             "action_create"),
            ("reason: another company", self.coordinator_a, "volunteer.contribution.reason.wizard",
             {"reason": "No", "contribution_ids": [Command.set(self.contribution_2.ids)]},
             "action_confirm"),
            ("operation: amount NaN", self.manager, operation, dict(spend, amount=NAN),
             "action_confirm"),
            ("operation: archived member", self.manager, operation,
             dict(spend, partner_id=self.archived_partner.id), "action_confirm"),
            ("operation: transfer to oneself", self.manager, operation,
             dict(spend, operation="transfer", recipient_id=self.volunteer_a.id),
             "action_confirm"),
        ]

    def _form_payloads(self):
        """(label, url, posted values) of the portal forms, each one malformed."""
        new = "/my/volunteering/new"
        form = {"name": "Sorting food", "date": DAY.isoformat(), "duration": "2h30",
                "structure_id": "", "project_id": "", "task_id": "", "level_id": "",
                "category_id": "", "distance_km": ""}
        cases = {
            "name NUL": {"name": "a\x00b"}, "name huge": {"name": "x" * 5000},
            "name empty": {"name": "  "}, "duration NaN": {"duration": "NaN"},
            "duration negative": {"duration": "-2"}, "duration 1e309": {"duration": "1e309"},
            "duration 30 h": {"duration": "30"}, "date year 1": {"date": "0001-01-01"},
            "date year 9999": {"date": "9999-12-31"}, "date word": {"date": "abc"},
            "structure text": {"structure_id": "x"},
            "structure elsewhere": {"structure_id": str(self.association_b.id)},
            "structure archived": {"structure_id": str(self.archived_structure.id)},
            "project of another company": {"project_id": str(self.project_2.id)},
            "level huge id": {"level_id": str(2**40)}, "distance NaN": {"distance_km": "NaN"},
            "distance negative": {"distance_km": "-4"},
        }
        payloads = [(f"declaration form: {label}", new, dict(form, **vals))
                    for label, vals in cases.items()]
        payloads.append(("declaration form: another's contribution",
                         f"/my/volunteering/{self.contribution_2.id}", form))
        transfer = {"currency_id": str(self.time_bank.id),
                    "recipient_id": str(self.volunteer_a2.id), "amount": "1", "note": ""}
        for label, vals in (
                ("amount NaN", {"amount": "NaN"}), ("amount 1e400", {"amount": "1e400"}),
                ("recipient text", {"recipient_id": "x"}),
                ("recipient elsewhere", {"recipient_id": str(self.volunteer_b.id)}),
                ("note NUL", {"note": "a\x00b"}), ("currency text", {"currency_id": "x"}),
                ("amount huge", {"amount": "9" * 5000})):
            payloads.append((f"transfer form: {label}", "/my/volunteering/currency/transfer",
                             dict(transfer, **vals)))
        return payloads

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_rpc_payloads(self):
        payloads = self._rpc_payloads()
        before = self._snapshot()
        for label, user, model, method, args, kwargs in payloads:
            with self.subTest(label):
                result, error = self.rpc(user, model, method, *args, **kwargs)
                self.assertIsNotNone(error, f"{label}: accepted, returned {result!r}")
                self.assertClearError(error)
                self.assertEqual(self._snapshot(), before, f"{label}: something was written")
        self.assertGreaterEqual(len(payloads), 130)

    def test_wizard_payloads(self):
        before = self._snapshot()
        for label, user, model, vals, action in self._wizard_payloads():
            with self.subTest(label):
                wizard_id, error = self.rpc(user, model, "create", vals)
                if error is None:
                    _result, error = self.rpc(user, model, action, [wizard_id])
                self.assertIsNotNone(error, f"{label}: accepted")
                self.assertClearError(error)
                self.assertEqual(self._snapshot(), before, f"{label}: something was written")

    def test_form_payloads(self):
        payloads = self._form_payloads()
        self.authenticate("vv_portal_a", "vv_portal_a")
        before = self._snapshot()
        for label, url, data in payloads:
            with self.subTest(label):
                data = dict(data, csrf_token=http.Request.csrf_token(self))
                with mute_logger(*QUIET_LOGGERS):
                    response = self.url_open(url, data=data, allow_redirects=False)
                self.env.invalidate_all()
                self.assertIn(response.status_code, (200, 400, 403, 404), label)
                self.assertNotIn("Traceback", response.text)
                if response.status_code == 200:
                    self.assertIn("alert-danger", response.text, label)
                self.assertEqual(self._snapshot(), before, f"{label}: something was written")
        # Without the session's token, a form is refused too.
        response = self.url_open("/my/volunteering/new", data=payloads[0][2],
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("Traceback", response.text)
        self.assertEqual(self._snapshot(), before)
        self.assertGreaterEqual(len(payloads), 25)
