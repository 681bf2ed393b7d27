# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models


class VolunteerClassificationMixin(models.AbstractModel):
    """A named, ordered value that sorts contributions (levels, categories)."""

    _name = "volunteer.classification.mixin"
    _description = "Classification of volunteer contributions"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company.",
    )
