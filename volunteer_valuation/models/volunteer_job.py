# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Imports and exports too long for one web request, run by a cron in batches.

A job belongs to the user who asked for it and runs with that user's rights
(record rules apply): only its bookkeeping (state, progress, report) is
written as the superuser. Each job type goes through stages; a stage is a
generator (``_stage_<stage>``) that does one unit of work per step and yields
how many items it handled. The cron commits after each step, so that a crash
or a restart resumes from the last step committed; a small job runs all its
steps at once in the request that asked for it (:meth:`_run_now`).
"""

import io
import logging
from contextlib import contextmanager

import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)

ACTIVE_STATES = ("queued", "running")
# Another transaction changed the job meanwhile (a cancel, most often): the step is rolled
# back and the next one sees the change. The job row is not locked during a step, so that a
# cancel never waits for one.
RETRY_ERRORS = (psycopg2.errors.SerializationFailure, psycopg2.errors.DeadlockDetected)
CRON_XMLID = "volunteer_valuation.ir_cron_volunteer_job"


class VolunteerJob(models.Model):
    _name = "volunteer.job"
    _inherit = ["mail.thread"]
    _description = "Background import or export"
    _order = "id desc"
    _mail_post_access = "read"

    name = fields.Char(required=True, readonly=True)
    job_type = fields.Selection(
        [("import_benevalibre", "Bénévalibre import"),
         ("export_workbook", "Valuation workbook"),
         ("export_cec", "CEC export")],
        string="Type", required=True, readonly=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Requested by", required=True, readonly=True, index=True,
        ondelete="cascade", default=lambda self: self.env.user,
        help="The job runs with this user's access rights, and only this user (and the "
             "volunteering managers) can see it and its files.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company)
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("checked", "Checked"),
         ("done", "Done"), ("failed", "Failed"), ("cancelled", "Cancelled")],
        required=True, default="queued", readonly=True, tracking=True, index=True,
    )
    stage = fields.Selection(
        [("read", "Reading the file"), ("plan", "Checking the file"),
         ("import", "Importing"), ("export", "Writing the file")],
        readonly=True,
    )
    params = fields.Json(readonly=True, help="What the wizard asked for.")
    processed = fields.Integer(readonly=True)
    total = fields.Integer(readonly=True)
    progress = fields.Float(readonly=True, aggregator=None, help="Percentage done.")
    position = fields.Integer(
        readonly=True, help="Records of the file read, then the last line imported.")
    file_id = fields.Many2one("ir.attachment", readonly=True)
    result_id = fields.Many2one("ir.attachment", readonly=True)
    report = fields.Text(readonly=True)
    error = fields.Text(string="Why it stopped", readonly=True)
    background = fields.Boolean(readonly=True, help="Run by the cron, not in the request.")
    date_started = fields.Datetime(string="Started", readonly=True)
    date_finished = fields.Datetime(string="Finished", readonly=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_finished(self):
        if any(job.state in ACTIVE_STATES for job in self):
            raise UserError(self.env._("Cancel a job before deleting it."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_cancel(self):
        """Stop the job; what earlier batches imported stays, and the report says so."""
        for job in self:
            if job.state not in ACTIVE_STATES:
                raise UserError(self.env._(
                    "The job “%(name)s” is already finished.", name=job.name))
            job._finish("cancelled", error=job._cancel_message())
        return True

    def action_download_result(self):
        """Download the file the job made."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.result_id.id}?download=true",
            "target": "download",
        }

    def action_open(self):
        """The job's form, from a wizard that started it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Starting
    # ------------------------------------------------------------------

    @api.model
    def _create_for_me(self, vals):
        """A job of the current user, who may not create one directly."""
        job = self.sudo().with_context(mail_create_nosubscribe=True).create(dict(
            vals, user_id=self.env.uid, company_id=self.env.company.id))
        return self.browse(job.id)

    @api.model
    @contextmanager
    def _open_attachment(self, attachment):
        """The content of ``attachment`` as a binary file, streamed from the file store."""
        if attachment.store_fname:
            stream = open(attachment._full_path(attachment.store_fname), "rb")  # noqa: SIM115
        else:
            stream = io.BytesIO(attachment.raw)
        try:
            yield stream
        finally:
            stream.close()

    def _queue(self):
        """Hand the job to the cron, which starts at once (a trigger wakes it up)."""
        self._update(state="queued", background=True)
        self.env.ref(CRON_XMLID).sudo()._trigger()

    def _run_now(self):
        """Do the whole job within the current transaction (small work)."""
        for _processed in self._as_requester()._work():
            pass

    # ------------------------------------------------------------------
    # Running
    # ------------------------------------------------------------------

    @api.model
    def _cron_run(self):
        """The cron: run the queued jobs, oldest first, one committed step at a time.

        Steps follow each other while the cron's time slice lasts; then the cron
        is triggered again, so that a long job never holds a worker past its
        time limit and other crons get their turn.
        """
        Cron = self.env["ir.cron"]
        jobs = self.sudo().search([("state", "in", ACTIVE_STATES)], order="id")
        if Cron._commit_progress(remaining=len(jobs)) <= 0:
            self._retrigger(jobs)
            return
        for job in jobs:
            for processed in job._as_requester()._work():
                left = self.sudo().search_count([("state", "in", ACTIVE_STATES)])
                if Cron._commit_progress(processed, remaining=left) <= 0:
                    self._retrigger(jobs)
                    return

    @api.model
    def _retrigger(self, jobs):
        if jobs.filtered(lambda job: job.state in ACTIVE_STATES):
            self.env.ref(CRON_XMLID).sudo()._trigger()

    def _as_requester(self):
        """The job as seen by the user who asked for it: their rights, language and company."""
        user = self.user_id
        companies = self.company_id | user.company_ids
        return self.with_user(user).with_context(
            lang=user.lang, tz=user.tz, allowed_company_ids=companies.ids)

    def _work(self):
        """Run the job step by step; yields the number of items of each step.

        The caller may commit between two steps. A step that fails is rolled
        back and ends the job with the reason; one that meets another
        transaction on the job (a cancel) is rolled back and left for the next run.
        """
        self.ensure_one()
        while True:
            self.invalidate_recordset(["state", "stage"])
            if self.state not in ACTIVE_STATES:
                return
            if self.state == "queued":
                self._update(state="running", date_started=fields.Datetime.now(),
                             error=False)
            steps = getattr(self, f"_stage_{self.stage}")()
            while True:
                try:
                    with self.env.cr.savepoint():
                        self.invalidate_recordset(["state"])
                        if self.state != "running":
                            return
                        processed = next(steps, None)
                except RETRY_ERRORS as error:
                    _logger.info("Volunteer job %s meets another transaction (%s): later",
                                 self.id, error)
                    return
                except (UserError, ValidationError, AccessError) as error:
                    self._finish("failed", error=error.args[0])
                    yield 0
                    return
                except Exception as error:  # any fault ends the job, with its reason
                    _logger.exception("Volunteer job %s failed", self.id)
                    self._finish("failed", error=self.env._(
                        "An unexpected error stopped the job (%(error)s).%(kept)s",
                        error=f"{type(error).__name__}: {error}", kept=self._kept_message()))
                    yield 0
                    return
                if processed is None:
                    break  # the stage is over; the loop goes on with the next one
                yield processed

    def _update(self, **vals):
        """Bookkeeping of the job: written as the superuser (users cannot write jobs)."""
        self.sudo().write(vals)

    def _set_progress(self, processed, total, start=0.0, end=100.0):
        """Progress within a stage that covers ``start`` to ``end`` percent of the bar."""
        share = processed / total if total else 1.0
        self._update(processed=processed, total=total,
                     progress=round(start + (end - start) * min(share, 1.0), 1))

    # ------------------------------------------------------------------
    # Ending
    # ------------------------------------------------------------------

    def _finish(self, state, report=None, error=None, result=None):
        """End the job, drop what it kept to resume, and tell the user who asked for it."""
        self._update(**{
            "state": state, "date_finished": fields.Datetime.now(), "stage": False,
            "progress": 100.0 if state in ("done", "checked") else self.progress,
            **({"report": report} if report is not None else {}),
            **({"error": error} if error is not None else {}),
            **({"result_id": result.id} if result else {}),
        })
        self._drop_lines()
        self._notify()

    def _notify(self):
        """A message on the job, sent to the requester's inbox (or by e-mail)."""
        for job in self.filtered("background"):
            texts = {
                "done": self.env._("“%(name)s” is done.", name=job.name),
                "checked": self.env._(
                    "“%(name)s”: the file is checked. Open the job to read the report and "
                    "import it.", name=job.name),
                "failed": self.env._("“%(name)s” stopped.", name=job.name),
                "cancelled": self.env._("“%(name)s” was cancelled.", name=job.name),
            }
            lines = [texts[job.state]]
            for text in filter(None, (job.error, job.report)):
                lines += text.split("\n")
            body = Markup("<br/>").join(lines)
            if job.result_id:
                body += Markup('<br/><a href="/web/content/%s?download=true">%s</a>') % (
                    job.result_id.id, job.result_id.name)
            job.sudo().message_post(
                body=body, subtype_xmlid="mail.mt_note",
                author_id=self.env.ref("base.partner_root").id,
                partner_ids=job.user_id.partner_id.ids,
            )

    def _cancel_message(self):
        return self.env._("Cancelled by %(user)s.%(kept)s", user=self.env.user.name,
                          kept=self._kept_message())

    def _kept_message(self):
        """What earlier steps left in the database (each job type says it)."""
        return ""

    def _drop_lines(self):
        """Delete the lines read from the files of these jobs: technical rows, in one query."""
        if self.ids:
            self.env.cr.execute("DELETE FROM volunteer_job_line WHERE job_id IN %s",
                                [tuple(self.ids)])
            self.env["volunteer.job.line"].invalidate_model()

    @api.autovacuum
    def _gc_job_lines(self):
        """Lines of finished jobs, should a job have ended without dropping them."""
        self.env.cr.execute("""
            DELETE FROM volunteer_job_line line USING volunteer_job job
             WHERE job.id = line.job_id AND job.state NOT IN %s
        """, [ACTIVE_STATES])
        self.env["volunteer.job.line"].invalidate_model()
