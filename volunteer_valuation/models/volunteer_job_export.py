# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Large exports as jobs: the valuation workbook and the CEC file, made by the cron.

A workbook is one stream (xlsxwriter in constant-memory mode), so it is made
in a single step, by the report wizard's own code, with the requester's rights;
the file is attached to the job.
"""

from odoo import fields, models

from ..engine.odoo_names import XLSX_MIMETYPE


class VolunteerJob(models.Model):
    _inherit = "volunteer.job"

    def _stage_export(self):
        """Make the file with the wizard's values, attach it to the job, and tell the user."""
        params = dict(self.params)
        params["structure_ids"] = [fields.Command.set(params.get("structure_ids", []))]
        wizard = self.env["volunteer.valuation.report.wizard"].create(params)
        name, content = wizard._export_file(self.job_type)
        self._set_progress(1, 2)
        attachment = self.env["ir.attachment"].sudo().create({
            "name": name, "raw": content, "mimetype": XLSX_MIMETYPE,
            "res_model": self._name, "res_id": self.id,
        })
        self._finish("done", result=attachment)
        yield 1
