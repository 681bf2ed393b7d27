# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import io
from datetime import date

from odoo import fields, models
from odoo.exceptions import UserError

from ..engine import valuation_workbook as workbook
from ..engine.odoo_names import XLSX_MIMETYPE

STATE_CHOICES = [
    ("validated", "Validated only"),
    ("validated_submitted", "Validated and to validate"),
    ("all", "All but rejected"),
]
# Contributions up to which an export is made in the request (a few seconds); above,
# a background job makes it, so that no request nears the workers' time limit.
EXPORT_SYNC_MAX = 20_000
STATES = {
    "validated": ("validated",),
    "validated_submitted": ("validated", "submitted"),
    "all": ("validated", "submitted", "draft"),
}


class VolunteerValuationReportWizard(models.TransientModel):
    """Exports: the valuation workbook, and the CEC file with its attestations."""

    _name = "volunteer.valuation.report.wizard"
    _inherit = ["volunteer.period.mixin"]
    _description = "Volunteer valuation report"

    def _default_cec_year(self):
        return fields.Date.context_today(self).year - 1

    mode = fields.Selection(
        [("workbook", "Valuation workbook"), ("cec", "Civic engagement account (CEC)")],
        required=True, default="workbook",
    )
    structure_ids = fields.Many2many(
        "volunteer.structure", "volunteer_valuation_report_wizard_structure_rel",
        "wizard_id", "structure_id", string="Structures",
        help="Leave empty for all the structures you may see.",
    )
    include_children = fields.Boolean(
        string="Include member structures", default=True,
        help="Also count the contributions of the member structures of the chosen ones.",
    )
    states = fields.Selection(
        STATE_CHOICES, string="Contributions", required=True, default="validated",
        help="Rejected contributions are never counted. Only validated ones have a frozen "
             "value.",
    )
    cec_year = fields.Integer(string="Year", default=lambda self: self._default_cec_year())

    def action_export_xlsx(self):
        """The valuation workbook of the period: a download, or a job when it is large."""
        self.ensure_one()
        self._check_period()
        return self._export("export_workbook")

    def action_export_cec_xlsx(self):
        """The CEC file for the association's "valideur CEC": a download, or a job."""
        self.ensure_one()
        return self._export("export_cec")

    def _export(self, job_type):
        """Make the file now when it is small; else hand it to a background job."""
        Contribution = self.env["volunteer.contribution"]
        count = Contribution.search_count(self._export_domain(job_type), limit=EXPORT_SYNC_MAX + 1)
        if count <= EXPORT_SYNC_MAX:
            return self._download(*self._export_file(job_type))
        job = self.env["volunteer.job"]._create_for_me({
            "name": self._export_job_name(job_type),
            "job_type": job_type,
            "stage": "export",
            "params": {
                "mode": self.mode, "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to),
                "structure_ids": self.structure_ids.ids,
                "include_children": self.include_children, "states": self.states,
                "cec_year": self.cec_year,
            },
        })
        job._queue()
        return job.action_open()

    def _export_job_name(self, job_type):
        if job_type == "export_cec":
            return self.env._("CEC %(year)s", year=self.cec_year)
        return self.env._("Volunteer valuation %(date_from)s to %(date_to)s",
                          date_from=self.date_from, date_to=self.date_to)

    # The calls of the contributions' report builders, each in one place.

    def _export_domain(self, job_type):
        """The contributions an export reads, to tell a large export from a small one."""
        if job_type == "export_cec":
            domain = self.env["volunteer.contribution"]._cec_domain(self.cec_year)
        else:
            domain = [("date", ">=", self.date_from), ("date", "<=", self.date_to),
                      ("state", "in", list(STATES[self.states]))]
        return domain + self._structure_domain()

    def _export_file(self, job_type):
        """(file name, XLSX content) of the export ``job_type``."""
        if job_type == "export_cec":
            return self._cec_file()
        return self._workbook_file()

    def _workbook_file(self):
        data = self.env["volunteer.contribution"]._valuation_workbook_data(
            self.date_from, self.date_to, self.structure_ids, self.include_children,
            STATES[self.states])
        output = io.BytesIO()
        workbook.write_workbook(output, data)
        name = self.env._(
            "Volunteer valuation %(date_from)s to %(date_to)s.xlsx",
            date_from=self.date_from, date_to=self.date_to)
        return name, output.getvalue()

    def _cec_file(self):
        Contribution = self.env["volunteer.contribution"]
        lines = Contribution._cec_lines(self.cec_year, self._structure_domain())
        labels = Contribution._volunteer_report_labels({line.partner_id for line in lines})
        structures = self.env["volunteer.structure"].sudo().with_context(
            active_test=False).browse({line.structure_id for line in lines})
        by_id = {structure.id: structure for structure in structures}
        data = workbook.CecWorkbookData(
            company=self.env.company.name,
            year=self.cec_year,
            thresholds=Contribution._cec_thresholds(),
            generated_at=fields.Datetime.context_timestamp(
                self, fields.Datetime.now()).replace(tzinfo=None),
            generated_by=self.env.user.name,
            rows=[workbook.CecRow(
                labels[line.partner_id][0], by_id[line.structure_id].complete_name,
                by_id[line.structure_id].rna or "", by_id[line.structure_id].siren or "", line,
            ) for line in sorted(lines, key=lambda line: (
                labels[line.partner_id][0].casefold(), -line.hours))],
        )
        output = io.BytesIO()
        workbook.write_cec_workbook(output, data)
        return self.env._("CEC %(year)s.xlsx", year=self.cec_year), output.getvalue()

    def action_print_cec_attestations(self):
        """Attestations of the eligible volunteers of the year that I may name."""
        self.ensure_one()
        Contribution = self.env["volunteer.contribution"]
        lines = Contribution._cec_lines(self.cec_year, self._structure_domain())
        eligible = {line.partner_id for line in lines if line.eligible}
        named = Contribution._volunteer_named_ids(eligible)
        if not named:
            raise UserError(self.env._(
                "No volunteer you may name reaches the CEC thresholds in %(year)s.",
                year=self.cec_year))
        return self.env.ref("volunteer_valuation.report_volunteer_attestation").report_action(
            sorted(named), data={
                "date_from": fields.Date.to_string(date(self.cec_year, 1, 1)),
                "date_to": fields.Date.to_string(date(self.cec_year, 12, 31)),
                "show_amount": False,
                "signatory_id": self.env.user.id,
            })

    def _structure_domain(self):
        if not self.structure_ids:
            return []
        operator = "child_of" if self.include_children else "in"
        return [("structure_id", operator, self.structure_ids.ids)]

    def _download(self, name, content):
        """A download action for an attachment that only I can read (see the record rules)."""
        attachment = self.env["ir.attachment"].create({
            "name": name,
            "raw": content,
            "mimetype": XLSX_MIMETYPE,
            "res_model": self._name,
            "res_id": self.id,
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }
