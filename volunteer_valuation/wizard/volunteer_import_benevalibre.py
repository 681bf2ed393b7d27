# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import benevalibre

# Files up to these sizes are checked and imported within the request: about
# 5 000 actions (an export takes some 210 bytes an action in CSV, 510 in JSON
# and 60 in XLSX), which import in about 10 seconds. A larger file goes to a
# background job, far from the workers' time limit and with its progress shown.
SYNC_MAX_BYTES = {"csv": 1_000_000, "json": 2_500_000, "xlsx": 300_000}


class VolunteerImportBenevalibre(models.TransientModel):
    """Brings the volunteering actions exported from Bénévalibre into a structure.

    The work is done by a job (``volunteer.job``): at once for a small file, in
    the background for a large one. The file is kept as an attachment.
    """

    _name = "volunteer.import.benevalibre"
    _description = "Import of a Bénévalibre export"

    def _default_structure_id(self):
        return self.env.user.volunteer_coordinated_structure_ids[:1]

    file = fields.Binary(
        string="Bénévalibre export", required=True, attachment=True,
        help="The file of the “Export” button of Bénévalibre's list of actions (of an "
             "association, or “My actions” of a volunteer): CSV, XLSX or JSON.",
    )
    filename = fields.Char()
    structure_id = fields.Many2one(
        "volunteer.structure", required=True, default=lambda self: self._default_structure_id(),
        help="The association (or local branch) whose actions the file holds.",
    )
    association_name = fields.Char(
        string="Association in the file",
        help="When the file holds the actions of several associations (a volunteer's own "
             "export), import only the actions of this one, named as in the file.",
    )
    skip_invalid = fields.Boolean(
        string="Skip invalid lines",
        help="Import the valid lines even when some lines are invalid. Otherwise nothing is "
             "imported while a line is invalid.",
    )
    state = fields.Selection(
        [("draft", "New"), ("preview", "Checked"), ("done", "Imported")],
        required=True, default="draft",
    )
    line_count = fields.Integer(string="Actions in the file", readonly=True)
    error_count = fields.Integer(string="Invalid lines", readonly=True)
    created_count = fields.Integer(string="Imported", readonly=True)
    skipped_count = fields.Integer(string="Already imported", readonly=True)
    report = fields.Text(readonly=True)
    job_id = fields.Many2one("volunteer.job", readonly=True)

    @api.onchange("file", "structure_id", "association_name", "skip_invalid")
    def _onchange_reset(self):
        self.state = "draft"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_preview(self):
        """Tell what an import would do, without writing anything (a large file: in a job)."""
        self.ensure_one()
        if self._is_large():
            return self._start_in_background(check_only=True)
        with self.env.cr.savepoint() as savepoint:
            job = self._create_job(check_only=True)
            job._run_now()
            values = self._job_values(job)
            savepoint.rollback()
        self.write(dict(values, state="preview", created_count=0))
        return self._reopen()

    def action_import(self):
        """Import the actions of the file that are valid and not yet imported."""
        self.ensure_one()
        if self._is_large():
            return self._start_in_background(check_only=False)
        with self.env.cr.savepoint() as savepoint:
            job = self._create_job(check_only=False)
            job._run_now()
            values = self._job_values(job)
            if job.state == "done":
                values.update(state="done", job_id=job.id)
            else:  # nothing was imported: no job to keep, the file stays here
                values.update(state="preview", created_count=0, job_id=False)
                savepoint.rollback()
        self.write(values)
        return self._reopen()

    def action_open_job(self):
        self.ensure_one()
        return self.job_id.action_open()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import from Bénévalibre"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # The job
    # ------------------------------------------------------------------

    def _attachment(self):
        """The uploaded file, as the attachment of the ``file`` field."""
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", self._name), ("res_field", "=", "file"), ("res_id", "=", self.id),
        ], limit=1)
        if not attachment:
            raise UserError(self.env._("Choose the file exported from Bénévalibre."))
        return attachment

    def _is_large(self):
        attachment = self._attachment()
        with self.env["volunteer.job"]._open_attachment(attachment) as stream:
            kind = benevalibre.detect_kind(stream.read(1024), self.filename or "")
        return attachment.file_size > SYNC_MAX_BYTES[kind]

    def _create_job(self, check_only):
        """A job that takes over the uploaded file (moved to it: no copy is made)."""
        attachment = self._attachment()
        name = self.env._("Bénévalibre import of %(file)s into %(structure)s",
                          file=self.filename or "-",
                          structure=self.structure_id.sudo().display_name)
        job = self.env["volunteer.job"]._create_for_me({
            "name": name,
            "job_type": "import_benevalibre",
            "stage": "read",
            "structure_id": self.structure_id.id,
            "check_only": check_only,
            "params": {"association_name": self.association_name or False,
                       "skip_invalid": self.skip_invalid},
            "counters": {},
        })
        attachment.write({"res_model": job._name, "res_id": job.id, "res_field": False,
                          "name": self.filename or "benevalibre-export"})
        job._update(file_id=attachment.id)
        return job

    def _start_in_background(self, check_only):
        job = self._create_job(check_only)
        job._queue()
        self.job_id = job
        return job.action_open()

    @staticmethod
    def _job_values(job):
        counters = job.counters or {}
        return {
            "line_count": counters.get("lines", 0),
            "error_count": counters.get("errors", 0),
            "skipped_count": counters.get("skipped", 0),
            "created_count": counters.get("created", 0),
            "report": job.report or job.error,
        }
