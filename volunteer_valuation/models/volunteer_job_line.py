# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models


class VolunteerJobLine(models.Model):
    """One record of a background job's file, read and checked, waiting to be imported.

    The file is read once into these lines, so that the import goes through it
    batch by batch (and resumes after a restart) without reading it again;
    they are dropped when the job ends. Written and read in SQL, in bulk.
    """

    _name = "volunteer.job.line"
    _description = "Line read from the file of a background job"
    _order = "job_id, id"
    _log_access = False

    job_id = fields.Many2one("volunteer.job", required=True, ondelete="cascade")
    line = fields.Integer(help="Line of the file (the header is line 1), or none for a "
                               "problem of the whole file.")
    problem = fields.Char(help="Code of the problem of this line; empty for an action.")
    fingerprint = fields.Char(help="What identifies the action across exports.")
    key = fields.Char(help="Import key: the fingerprint and the rank of the action among those "
                           "of the file with the same fingerprint.")
    association = fields.Char(help="Association of the action, normalized.")
    data = fields.Json(help="The action read, or the details of the problem.")
    selected = fields.Boolean(help="To import: an action of the association chosen, not yet "
                                   "imported.")

    _job_id_idx = models.Index("(job_id, id)")
    _job_fingerprint_idx = models.Index("(job_id, fingerprint)")
