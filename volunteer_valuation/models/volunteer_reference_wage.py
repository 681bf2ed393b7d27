# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.rates import WagePeriod


class VolunteerReferenceWage(models.Model):
    _name = "volunteer.reference.wage"
    _inherit = ["volunteer.scale.mixin"]
    _description = "Reference hourly wage"
    _order = "company_id, date_from desc"

    name = fields.Char(required=True, default="SMIC horaire brut")
    date_from = fields.Date(string="Valid from", required=True, index=True)
    date_to = fields.Date(
        string="Valid until", compute="_compute_date_to",
        help="The day before the next reference wage starts.",
    )
    hourly_amount = fields.Monetary(string="Hourly wage", required=True)
    charges_multiplier = fields.Float(
        string="Employer charges multiplier", default=1.0, digits=(6, 4), required=True,
        help="Applied by the rate lines that ask for it: 1.45 turns a gross wage into its "
             "cost with employer charges. No official value exists; set yours.",
    )
    note = fields.Text(help="Source of the figure (decree, collective agreement...).")

    _positive_amount = models.Constraint(
        "CHECK(hourly_amount >= 0 AND charges_multiplier > 0)",
        "A reference wage and its charges multiplier cannot be negative.",
    )
    _unique_start = models.UniqueIndex(
        "(company_id, date_from)",
        "Two reference wages cannot start on the same day: their periods would overlap.",
    )

    @api.depends("date_from", "company_id")
    def _compute_date_to(self):
        starts = {
            company.id: sorted(dates)
            for company, dates in self._read_group(
                [("company_id", "in", self.company_id.ids)],
                ["company_id"], ["date_from:array_agg"])
        }
        for wage in self:
            later = [day for day in starts.get(wage.company_id.id, [])
                     if wage.date_from and day > wage.date_from]
            wage.date_to = later[0] - timedelta(days=1) if later else False

    @api.constrains("hourly_amount", "charges_multiplier")
    def _check_amounts(self):
        for wage in self:
            if wage.hourly_amount < 0 or wage.charges_multiplier <= 0:
                raise ValidationError(self.env._(
                    "A reference wage and its charges multiplier cannot be negative."))

    @api.model
    def _wage_periods(self, companies):
        """Reference wages of ``companies`` as engine periods, by company id."""
        periods = {}
        for wage in self.sudo().search([("company_id", "in", companies.ids)]):
            periods.setdefault(wage.company_id.id, []).append(wage._as_period())
        return periods

    def _as_period(self):
        return WagePeriod(self.date_from, self.hourly_amount, self.charges_multiplier)
