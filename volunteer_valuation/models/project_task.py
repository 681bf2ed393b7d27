# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "volunteer.totals.mixin"]
    _volunteer_contribution_field = "task_id"

    volunteer_contribution_ids = fields.One2many(
        "volunteer.contribution", "task_id", string="Volunteer contributions",
    )

    def _volunteer_contribution_defaults(self):
        return dict(super()._volunteer_contribution_defaults(),
                    default_project_id=self.project_id.id)
