# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A large Bénévalibre import runs in the background: progress, cancel, crash, rights."""

import base64
from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models import volunteer_job_benevalibre as job_import
from ..wizard import volunteer_import_benevalibre as import_wizard
from .common import COORDINATOR_GROUP, MANAGER_GROUP, VolunteerCase
from .test_import_benevalibre import EXPORT, action, make_file

CRON = "volunteer_valuation.ir_cron_volunteer_job"
JOB_LOGGER = "odoo.addons.volunteer_valuation.models.volunteer_job"


@tagged("post_install", "-at_install")
class TestVolunteerJob(VolunteerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.importer = new_test_user(
            cls.env, login="vv_job_importer", name="Isidore Importer",
            groups=",".join([MANAGER_GROUP, "base.group_partner_manager",
                             "project.group_project_manager"]),
            volunteer_coordinated_structure_ids=[Command.set(cls.association_a.ids)])
        cls.coordinator_b = new_test_user(
            cls.env, login="vv_job_coord_b", groups=COORDINATOR_GROUP, name="Bruno Coordinator",
            volunteer_coordinated_structure_ids=[Command.set(cls.association_b.ids)])
        cls.env["res.partner"].create({
            "name": "Kiki", "volunteer_structure_ids": [Command.set(cls.association_a.ids)]})
        cls.Contribution = cls.env["volunteer.contribution"]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _start(self, rows=None, user=None, check_only=False, kind="csv", **vals):
        """The wizard with a file it finds large: (the job it queued, the action it returned)."""
        large = dict.fromkeys(import_wizard.SYNC_MAX_BYTES, 0)
        with patch.dict(import_wizard.SYNC_MAX_BYTES, large):
            wizard = self.env["volunteer.import.benevalibre"].with_user(
                user or self.importer).create(dict({
                    "file": base64.b64encode(make_file(kind, rows)),
                    "filename": f"benevalo-export.{kind}",
                    "structure_id": self.association_a.id,
                }, **vals))
            result = wizard.action_preview() if check_only else wizard.action_import()
        return wizard.job_id, result

    def _run_cron(self):
        """What the cron worker does once the job is queued (its own transactions)."""
        with self.enter_registry_test_mode():
            self.env.ref(CRON).method_direct_trigger()
        self.env.invalidate_all()

    @contextmanager
    def _small_batches(self):
        """Batches of 2 actions and reading chunks of 3 lines: several steps for 7 actions."""
        with patch.object(job_import, "IMPORT_BATCH", 2), \
                patch.object(job_import, "READ_CHUNK", 3):
            yield

    @contextmanager
    def _cron_process(self, job):
        """A cron worker process: the job's steps, run on a cursor of its own."""
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            yield job.with_env(job.env(cr=cr))

    @staticmethod
    def _step(steps, job):
        """One step of the job, committed as the cron commits it."""
        job.env["ir.cron"]._commit_progress(next(steps))

    def _imported(self):
        return self.Contribution.search(
            [("structure_id", "=", self.association_a.id), ("source", "=", "import")])

    def _count(self, model, name):
        return self.env[model].with_context(active_test=False).search_count(
            [("name", "=", name)])

    def assertEachNameOnce(self):
        for model, name in (("res.partner", "Zoé Lefèvre"),
                            ("res.partner", "Unnamed volunteers (Bénévalibre)"),
                            ("volunteer.level", "Confirmé"), ("volunteer.category", "Jardinage"),
                            ("project.project", "Fête d'été")):
            self.assertEqual(self._count(model, name), 1, name)

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------

    def test_queued_then_done_with_report_file_and_notification(self):
        job, result = self._start()
        self.assertEqual((result["res_model"], result["res_id"]), ("volunteer.job", job.id))
        self.assertRecordValues(job, [{
            "state": "queued", "job_type": "import_benevalibre", "user_id": self.importer.id,
            "structure_id": self.association_a.id, "background": True, "progress": 0.0}])
        self.assertEqual(job.file_id.raw, make_file("csv"))
        self.assertFalse(job.file_id.sudo().index_content, "a large text nobody searches")
        self.assertEqual((job.file_id.res_model, job.file_id.res_id), ("volunteer.job", job.id))
        self.assertFalse(self._imported(), "nothing is imported in the request")

        self._run_cron()
        self.assertRecordValues(job, [{"state": "done", "progress": 100.0, "error": False}])
        self.assertTrue(job.date_started and job.date_finished)
        self.assertEqual(job.counters["created"], 7)
        self.assertTrue(job.report.startswith("Imported: 7 action(s), 35h40; 4 validated, 3 to "
                                              "validate."), job.report)
        imported = self._imported()
        self.assertEqual(len(imported), 7)
        self.assertEqual(imported.filtered(lambda rec: rec.state == "validated").validated_by_id,
                         self.importer, "validated with the rights of the user who asked")
        self.assertFalse(self.env["volunteer.job.line"].sudo().search([("job_id", "=", job.id)]),
                         "the lines read are dropped at the end")
        self.env["volunteer.job.line"].create({"job_id": job.id, "line": 2})
        self.env["volunteer.job"]._gc_job_lines()
        self.assertFalse(self.env["volunteer.job.line"].search([("job_id", "=", job.id)]))
        message = job.message_ids.filtered(lambda msg: "is done" in (msg.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.importer.partner_id)
        self.assertEqual(message.author_id, self.env.ref("base.partner_root"))
        self.assertIn("Imported: 7 action(s)", message.body)

    def test_xlsx_and_json_in_the_background(self):
        for kind in ("xlsx", "json"):
            with self.subTest(kind=kind), self._small_batches(), \
                    self.env.cr.savepoint() as savepoint:
                job, _result = self._start(kind=kind)
                self._run_cron()
                self.assertEqual((job.state, job.counters["created"]), ("done", 7))
                self.assertIn(f"File: {kind.upper()}, 7 action(s) read.", job.report)
                self.assertEqual(len(self._imported()), 7)
                savepoint.rollback()

    def test_background_check_then_import(self):
        job, _result = self._start(check_only=True)
        self._run_cron()
        self.assertRecordValues(job, [{"state": "checked", "can_import": True}])
        self.assertFalse(job.with_user(self.manager).can_import, "only its requester imports it")
        self.assertIn("To import: 7 action(s), 35h40, 52.5 km.", job.report)
        self.assertIn("Volunteers to create: Unnamed volunteers (Bénévalibre), Zoé Lefèvre.",
                      job.report)
        self.assertFalse(self._imported(), "a check writes nothing")
        with self.assertRaises(UserError):
            job.with_user(self.manager).action_import_checked()

        job.with_user(self.importer).action_import_checked()
        self.assertEqual(job.state, "queued")
        self._run_cron()
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self._imported()), 7)

    def test_invalid_file_fails_with_the_reason_and_writes_nothing(self):
        rows = [EXPORT[3], action("Paul", "Portal", title="Date impossible", day="31/02/2024")]
        job, _result = self._start(rows)
        self._run_cron()
        self.assertEqual(job.state, "failed")
        self.assertEqual(job.error, "Nothing was imported: correct the file, or tick “Skip "
                                    "invalid lines” to import the valid lines only.")
        self.assertIn("Line 3: “31/02/2024” is not a date (Date).", job.report)
        self.assertFalse(self._imported())

        job, _result = self._start(rows, skip_invalid=True)
        self._run_cron()
        self.assertEqual(job.state, "done")
        self.assertEqual(self._imported().mapped("name"), ["Accueil du public"])

    def test_unexpected_error_stops_the_job_and_keeps_earlier_batches(self):
        original = job_import.VolunteerJob._import_batch
        calls = []

        def failing_third_batch(job, actions, last):
            calls.append(len(actions))
            if len(calls) == 3:
                raise ZeroDivisionError("division by zero")
            return original(job, actions, last)

        job, _result = self._start()
        with self._small_batches(), mute_logger(JOB_LOGGER), \
                patch.object(job_import.VolunteerJob, "_import_batch", failing_third_batch):
            self._run_cron()
        self.assertEqual(job.state, "failed")
        self.assertEqual(job.error, (
            "An unexpected error stopped the job (ZeroDivisionError: division by zero). 4 "
            "action(s) had been imported: they stay, and importing the same file again adds "
            "only the others."))
        self.assertEqual(len(self._imported()), 4)

        job, _result = self._start()
        self._run_cron()
        self.assertEqual(job.counters["skipped"], 4)
        self.assertEqual(len(self._imported()), 7)
        self.assertEachNameOnce()

    # ------------------------------------------------------------------
    # Cancelling, crashing
    # ------------------------------------------------------------------

    def test_cancel_before_and_during_the_import(self):
        job, _result = self._start()
        job.with_user(self.importer).action_cancel()
        self._run_cron()
        self.assertRecordValues(job, [{"state": "cancelled",
                                       "error": "Cancelled by Isidore Importer."}])
        self.assertFalse(self._imported())
        with self.assertRaises(UserError):
            job.with_user(self.importer).action_cancel()

        job, _result = self._start()
        with self._small_batches(), self._cron_process(job) as in_cron:
            steps = in_cron._as_requester()._work()
            while not (in_cron.counters or {}).get("created"):
                self._step(steps, in_cron)
        self.env.invalidate_all()
        self.assertEqual((job.state, job.stage, job.processed, job.total),
                         ("running", "import", 2, 7))
        self.assertEqual(job.progress, round(10 + 90 * 2 / 7, 1))
        job.with_user(self.importer).action_cancel()
        self._run_cron()
        self.assertEqual(job.state, "cancelled")
        self.assertEqual(job.error, "Cancelled by Isidore Importer. 2 action(s) had been "
                                    "imported: they stay, and importing the same file again "
                                    "adds only the others.")
        self.assertEqual(len(self._imported()), 2)

    def test_crash_midway_resumes_without_duplicates(self):
        """The process dies while reading, then while importing: the cron finishes the job,
        and each action, volunteer, level, category and project is there once."""
        job, _result = self._start()
        with self._small_batches():
            with self._cron_process(job) as in_cron:
                steps = in_cron._as_requester()._work()
                self._step(steps, in_cron)  # the first 3 lines read, committed
                next(steps)  # 3 more lines read, never committed: the process dies
                in_cron.env.cr.rollback()
            self.env.invalidate_all()
            self.assertEqual((job.stage, job.position), ("read", 3))

            with self._cron_process(job) as in_cron:
                steps = in_cron._as_requester()._work()
                while (in_cron.counters or {}).get("created", 0) < 2:
                    self._step(steps, in_cron)
                next(steps)  # the second batch (and the placeholder volunteer), lost
                in_cron.env.cr.rollback()
            self.env.invalidate_all()
            self.assertEqual((job.stage, job.processed, len(self._imported())), ("import", 2, 2))

            self._run_cron()
        self.assertEqual(job.state, "done")
        self.assertIn("File: CSV, 7 action(s) read.", job.report)
        imported = self._imported()
        self.assertEqual(len(imported), 7)
        self.assertEqual(len(set(imported.mapped("import_key"))), 7)
        self.assertEachNameOnce()

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------

    def test_a_job_and_its_file_belong_to_their_requester(self):
        job, _result = self._start(user=self.coordinator_a, rows=[EXPORT[3][:13] + [None, None]])
        wizard = self.env["volunteer.import.benevalibre"].search([("job_id", "=", job.id)])
        self.assertEqual(job.with_user(self.coordinator_a).read(["name"])[0]["name"], job.name)
        self.assertEqual(job.with_user(self.manager).file_id.raw, job.file_id.raw)
        for model, record in (("volunteer.job", job), ("ir.attachment", job.file_id),
                              ("volunteer.import.benevalibre", wizard)):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(self.coordinator_b).search(
                    [("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    record.with_user(self.coordinator_b).read(["create_date"])
        Job = self.env["volunteer.job"].with_user(self.coordinator_a)
        with self.assertRaises(AccessError):
            Job.create({"name": "x", "job_type": "import_benevalibre"})
        with self.assertRaises(AccessError):
            job.with_user(self.coordinator_a).write({"user_id": self.manager.id})

        self._run_cron()
        self.assertEqual(job.state, "done")
        self.assertEqual(self._imported().validated_by_id, self.coordinator_a)

    def test_the_job_runs_with_the_requester_rights(self):
        job, _result = self._start(user=self.coordinator_a)
        other, _result = self._start(user=self.coordinator_a, structure_id=self.association_b.id)
        self._run_cron()
        self.assertEqual(job.state, "failed")
        self.assertIn("You cannot create competence levels", job.report)
        self.assertEqual(other.state, "failed")
        self.assertIn("You do not coordinate Federation / Region / Association B", other.report)
        self.assertFalse(self.Contribution.search([("source", "=", "import")]))
