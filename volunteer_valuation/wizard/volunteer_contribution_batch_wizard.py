# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import contribution_limits as limits


class VolunteerContributionBatchWizard(models.TransientModel):
    """One activity of many people at once: one contribution each."""

    _name = "volunteer.contribution.batch.wizard"
    _inherit = ["volunteer.input.mixin"]
    _description = "Record one activity for several volunteers"

    def _default_structure_id(self):
        if self.env.context.get("active_model") == "volunteer.structure":
            return self.env.context.get("active_id")
        return self.env.user.volunteer_coordinated_structure_ids[:1].id

    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            return self.env.context.get("active_ids")
        return []

    structure_id = fields.Many2one(
        "volunteer.structure", required=True, default=lambda self: self._default_structure_id(),
    )
    partner_ids = fields.Many2many(
        "res.partner", "volunteer_contribution_batch_wizard_partner_rel", "wizard_id",
        "partner_id", string="Volunteers", default=lambda self: self._default_partner_ids(),
        domain="[('volunteer_structure_ids', 'in', structure_id)]",
    )
    name = fields.Char(string="Description", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    duration = fields.Float(string="Hours each", required=True, help="Hours given by each person.")
    project_id = fields.Many2one("project.project")
    task_id = fields.Many2one("project.task", domain="[('project_id', '=?', project_id)]")
    level_id = fields.Many2one("volunteer.level", string="Competence level")
    category_id = fields.Many2one("volunteer.category")
    distance_km = fields.Float(string="Distance each (km)")
    validate = fields.Boolean(
        string="Validate at once", default=True,
        help="Record the contributions as validated, with their value. Otherwise they wait "
             "in draft.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_values(vals)
        return super().create(vals_list)

    @api.onchange("task_id")
    def _onchange_task_id(self):
        if self.task_id:
            self.project_id = self.task_id.project_id

    def action_create(self):
        """Create one contribution per volunteer, then show them."""
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Choose the volunteers who took part."))
        if self.duration < 0 or self.distance_km < 0 or not (self.duration or self.distance_km):
            raise UserError(self.env._(
                "Enter the hours each person gave (or, for a trip, a distance) greater than "
                "zero."))
        if self.duration > limits.max_hours():
            raise UserError(self.env._(
                "One person cannot give more than 24 hours a day: record each day apart."))
        outsiders = self.partner_ids - self.structure_id.volunteer_ids
        if outsiders:
            raise UserError(self.env._(
                "%(names)s are not volunteers of %(structure)s: add them to its volunteers "
                "first.", names=", ".join(outsiders.mapped("name")),
                structure=self.structure_id.name))
        common = {
            "name": self.name,
            "structure_id": self.structure_id.id,
            "date": self.date,
            "duration": self.duration,
            "project_id": self.project_id.id or self.task_id.project_id.id,
            "task_id": self.task_id.id,
            "level_id": self.level_id.id,
            "category_id": self.category_id.id,
            "distance_km": self.distance_km,
        }
        contributions = self.env["volunteer.contribution"].create([
            dict(common, partner_id=partner.id) for partner in self.partner_ids])
        if self.validate:
            contributions.action_validate()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation.volunteer_contribution_action")
        action["domain"] = [("id", "in", contributions.ids)]
        action["context"] = {}
        return action
