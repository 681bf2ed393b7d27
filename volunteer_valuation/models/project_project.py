# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models


class ProjectProject(models.Model):
    _name = "project.project"
    _inherit = ["project.project", "volunteer.totals.mixin"]
    _volunteer_contribution_field = "project_id"

    volunteer_contribution_ids = fields.One2many(
        "volunteer.contribution", "project_id", string="Volunteer contributions",
    )
