# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models


class VolunteerScaleMixin(models.AbstractModel):
    """A piece of the valuation scale: changing it revalues open contributions.

    Validated contributions keep their frozen value.
    """

    _name = "volunteer.scale.mixin"
    _description = "Part of the valuation scale"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["volunteer.contribution"]._refresh_open_valuations(records.company_id)
        return records

    def write(self, vals):
        companies = self.company_id
        result = super().write(vals)
        self.env["volunteer.contribution"]._refresh_open_valuations(companies | self.company_id)
        return result

    def unlink(self):
        companies = self.company_id
        result = super().unlink()
        self.env["volunteer.contribution"]._refresh_open_valuations(companies)
        return result
