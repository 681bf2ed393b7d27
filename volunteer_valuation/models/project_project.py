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
    volunteer_structure_ids = fields.Many2many(
        "volunteer.structure", "project_project_volunteer_structure_rel", "project_id",
        "structure_id", string="Open to the volunteers of",
        help="Volunteers of these structures, and of their member structures, can declare "
             "time on this project from their volunteering space.",
    )
