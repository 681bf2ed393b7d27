# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The Bénévalibre import as a job: read the file, check it, import it batch by batch.

1. read: the file is streamed into ``volunteer.job.line`` rows, a chunk per
   step, each action with its import key (memory does not grow with the file);
2. plan: one step checks the lines against the database (problems,
   association, actions already imported, names found or to create, rates)
   and writes the report; a check stops there;
3. import: a batch of actions per step; the volunteers, levels, categories
   and projects a batch needs are created with it, and their ids kept on the
   job, so that no batch, even one run again after a crash, creates them twice.
   The unique import key of a structure stops any contribution from being
   created twice.
"""

import json

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..engine import benevalibre
from ..engine.durations import format_duration
from .volunteer_job_benevalibre_plan import KINDS, MODELS, UNNAMED

READ_CHUNK = 2000
IMPORT_BATCH = 1000
# Share of the progress bar taken by reading the file and checking it.
READ_SHARE = 10.0


class VolunteerJob(models.Model):
    _inherit = "volunteer.job"

    structure_id = fields.Many2one("volunteer.structure", readonly=True, index="btree_not_null")
    check_only = fields.Boolean(
        readonly=True, help="Only check the file and report what an import would do.")
    counters = fields.Json(readonly=True, help="Figures of the import so far.")
    can_import = fields.Boolean(compute="_compute_can_import")

    @api.depends_context("uid")
    @api.depends("state", "user_id", "params")
    def _compute_can_import(self):
        for job in self:
            job.can_import = (job.state == "checked" and job.user_id == self.env.user
                              and not (job.params or {}).get("blocked"))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_import_checked(self):
        """Import the file of a check: the same job goes on, reading the file again."""
        self.ensure_one()
        if not self.can_import:
            raise UserError(self.env._(
                "Only %(user)s can import the file of this check, once it is checked and "
                "importable.", user=self.user_id.name))
        self._update(check_only=False, stage="read", position=0, processed=0, total=0,
                     progress=0.0, report=False, date_finished=False, counters={})
        self._queue()
        return self.action_open()

    # ------------------------------------------------------------------
    # Stage 1: reading the file
    # ------------------------------------------------------------------

    def _stage_read(self):
        """Stream the file into lines, a chunk per step, after the records already read."""
        with self._open_attachment(self.file_id) as stream:
            params = dict(self.params or {})
            params.setdefault("today", fields.Date.to_string(fields.Date.context_today(self)))
            scan = benevalibre.ExportScan(stream, self.file_id.name,
                                          fields.Date.to_date(params["today"]))
            export = scan.export
            params.update(kind=export.kind, ignored_columns=list(export.ignored_columns))
            self._update(params=params)
            entries = list(export.file_problems)
            position = self.position
            size = max(self.file_id.file_size, 1)
            for position, entry in scan.entries(skip=self.position):
                if entry is not None:
                    entries.append(entry)
                if len(entries) >= READ_CHUNK:
                    self._store_entries(entries, position, stream.tell() / size)
                    entries = []
                    yield READ_CHUNK
            self._store_entries(entries, position, 1.0)
            self._update(stage="plan")
            yield len(entries)

    def _store_entries(self, entries, position, share):
        """Insert the entries read as lines; each action gets its key (rank of its fingerprint)."""
        cr = self.env.cr
        actions = [(entry, entry.fingerprint()) for entry in entries
                   if isinstance(entry, benevalibre.Action)]
        counts = {}
        if actions:
            cr.execute("""
                SELECT fingerprint, COUNT(*) FROM volunteer_job_line
                 WHERE job_id = %s AND fingerprint IN %s GROUP BY fingerprint
            """, (self.id, tuple({fingerprint for _action, fingerprint in actions})))
            counts = dict(cr.fetchall())
        fingerprints = iter(actions)
        rows = []
        for entry in entries:
            if isinstance(entry, benevalibre.Problem):
                rows.append((self.id, entry.line, entry.code, None, None, None,
                             json.dumps(entry.params)))
                continue
            action, fingerprint = next(fingerprints)
            counts[fingerprint] = counts.get(fingerprint, 0) + 1
            rows.append((self.id, action.line, None, fingerprint,
                         benevalibre.action_key(fingerprint, counts[fingerprint]),
                         benevalibre.normalize(action.association),
                         json.dumps(benevalibre.action_values(action))))
        if rows:
            cr.execute_values("""
                INSERT INTO volunteer_job_line
                       (job_id, line, problem, fingerprint, key, association, data)
                VALUES %s
            """, rows, template="(%s, %s, %s, %s, %s, %s, %s::jsonb)", page_size=500)
        self._update(position=position, processed=self.processed + len(entries),
                     progress=round(READ_SHARE * min(share, 1.0), 1))

    # ------------------------------------------------------------------
    # Stage 2: checking the file against the database
    # ------------------------------------------------------------------

    def _stage_plan(self):
        """Check the lines, write the report; stop there for a check, else import."""
        plan = self._benevalibre_plan()
        report = self._benevalibre_report(plan)
        counters = {"lines": plan.line_count, "errors": plan.error_count,
                    "skipped": plan.skipped, "created": 0, "validated": 0}
        blocked = bool(plan.blocking or (plan.problem_count and not self.params.get(
            "skip_invalid")))
        self._update(counters=counters, params=dict(self.params, blocked=blocked))
        if self.check_only:
            heading = self._check_heading() if blocked and not plan.blocking else None
            self._finish("checked", report="\n".join(filter(None, [heading, report])))
        elif blocked:
            heading = self._blocked_heading(plan)
            self._finish("failed", report=f"{heading}\n{report}", error=heading)
        else:
            self._update(stage="import", report=report, position=0, processed=0,
                         total=plan.count, progress=READ_SHARE, params=dict(
                             self.params, names=plan.names,
                             hours=format_duration(plan.seconds / 3600),
                             report_done=self._benevalibre_report(plan, done=True)))
        yield 0

    # ------------------------------------------------------------------
    # Stage 3: importing, batch by batch
    # ------------------------------------------------------------------

    def _stage_import(self):
        """A batch of the selected lines per step, from the last line imported on."""
        while True:
            self.env.cr.execute("""
                SELECT id, key, data FROM volunteer_job_line
                 WHERE job_id = %s AND selected AND id > %s ORDER BY id LIMIT %s
            """, (self.id, self.position, IMPORT_BATCH))
            rows = self.env.cr.fetchall()
            if not rows:
                break
            actions = [benevalibre.action_from_values(dict(data, key=key))
                       for _id, key, data in rows]
            self._import_batch(actions, rows[-1][0])
            yield len(actions)
        self._finish_import()

    def _import_batch(self, actions, last):
        """Create the contributions of ``actions`` not yet imported; validate as Bénévalibre did."""
        structure = self.structure_id
        existing = set(self.env["volunteer.contribution"].sudo().search([
            ("structure_id", "=", structure.id),
            ("import_key", "in", [action.key for action in actions]),
        ]).mapped("import_key"))
        actions = [action for action in actions if action.key not in existing]
        names = self._create_missing_names(actions)
        vals_list = [{
            "name": action.title,
            "note": action.description or False,
            "partner_id": names["volunteer"][self._volunteer_key(action)],
            "structure_id": structure.id,
            "project_id": names["project"].get(benevalibre.normalize(action.project), False),
            "level_id": names["level"].get(benevalibre.normalize(action.level), False),
            "category_id": names["category"].get(benevalibre.normalize(action.category), False),
            "date": action.date,
            "date_end": action.date_end or False,
            "duration": action.hours,
            "distance_km": float(action.distance_km),
            "state": "submitted",
            "source": "import",
            "import_key": action.key,
        } for action in actions]
        Contribution = self.env["volunteer.contribution"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        contributions = Contribution.create(vals_list)
        validated_keys = {action.key for action in actions if not action.pending}
        to_validate = contributions.filtered(
            lambda rec: rec.import_key in validated_keys and rec.rate_id)
        if to_validate:
            to_validate.action_validate()
        counters = dict(self.counters)
        counters["created"] += len(contributions)
        counters["validated"] += len(to_validate)
        counters["skipped"] += len(existing)
        self._update(position=last, counters=counters, params=dict(self.params, names=names))
        self._set_progress(self.processed + len(actions) + len(existing), self.total,
                           READ_SHARE, 100.0)

    @staticmethod
    def _volunteer_key(action):
        keys = benevalibre.volunteer_keys(action.first_name, action.last_name, action.pseudo)
        return keys[0] if keys else UNNAMED

    def _create_missing_names(self, actions):
        """Ids of every name of ``actions``, creating the missing records (kept on the job)."""
        names = {kind: dict(self.params["names"][kind]) for kind in KINDS}
        wanted = {kind: {} for kind in KINDS}
        for action in actions:
            key = self._volunteer_key(action)
            wanted["volunteer"].setdefault(
                key, self._unnamed_name() if key == UNNAMED else action.person_name)
            for kind, name in (("level", action.level), ("category", action.category),
                               ("project", action.project)):
                if name:
                    wanted[kind].setdefault(benevalibre.normalize(name), name)
        company = self.structure_id.company_id
        for kind in KINDS:
            missing = {key: name for key, name in wanted[kind].items() if key not in names[kind]}
            if not missing:
                continue
            if kind == "volunteer":
                vals = [{"name": name, "volunteer_structure_ids": [
                    Command.link(self.structure_id.id)]} for name in missing.values()]
            else:
                vals = [{"name": name, "company_id": company.id} for name in missing.values()]
            records = self.env[MODELS[kind]].create(vals)
            names[kind].update(zip(missing, records.ids, strict=True))
        return names

    def _finish_import(self):
        counters = self.counters
        heading = self.env._(
            "Imported: %(count)s action(s), %(hours)s; %(validated)s validated, %(submitted)s to "
            "validate.", count=counters["created"], hours=self.params["hours"],
            validated=counters["validated"], submitted=counters["created"] - counters["validated"])
        self._finish("done", report=f"{heading}\n{self.params['report_done']}")

    def _kept_message(self):
        if self.job_type != "import_benevalibre" or not (self.counters or {}).get("created"):
            return super()._kept_message()
        return " " + self.env._(
            "%(count)s action(s) had been imported: they stay, and importing the same file "
            "again adds only the others.", count=self.counters["created"])
