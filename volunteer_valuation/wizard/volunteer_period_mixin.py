# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class VolunteerPeriodMixin(models.AbstractModel):
    """A period chosen in a wizard: this calendar year so far by default."""

    _name = "volunteer.period.mixin"
    _description = "Period of a volunteering report"

    def _default_date_from(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._(
                    "The period ends (%(date_to)s) before it starts (%(date_from)s).",
                    date_from=wizard.date_from, date_to=wizard.date_to))
