# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models

from ..engine.odoo_names import COORDINATOR_GROUP


class VolunteerTotalsMixin(models.AbstractModel):
    """Validated volunteer hours and value of a record, with a smart button.

    ``_volunteer_contribution_field`` names the field of volunteer.contribution
    that points to the inheriting model. Only coordinators and managers read the
    totals, each adding up the contributions their record rules let them see.
    """

    _name = "volunteer.totals.mixin"
    _description = "Volunteer hours and value of a record"
    _volunteer_contribution_field = None

    volunteer_hours = fields.Float(
        string="Volunteer hours", compute="_compute_volunteer_totals",
        groups=COORDINATOR_GROUP,
        help="Validated hours of volunteering, in the structures you may see.",
    )
    volunteer_amount = fields.Monetary(
        string="Volunteering value", compute="_compute_volunteer_totals",
        currency_field="volunteer_currency_id",
        groups=COORDINATOR_GROUP,
        help="Value of the validated hours of volunteering, in the structures you may see.",
    )
    volunteer_currency_id = fields.Many2one(
        "res.currency", compute="_compute_volunteer_currency_id",
    )

    def _compute_volunteer_currency_id(self):
        self.volunteer_currency_id = self.env.company.currency_id

    def _compute_volunteer_totals(self):
        field = self._volunteer_contribution_field
        ids = self._origin.ids
        totals = self.env["volunteer.contribution"]._validated_totals(
            field, [(field, "in", ids)]) if ids else {}
        for record in self:
            record.volunteer_hours, record.volunteer_amount = totals.get(
                record._origin.id, (0.0, 0.0))

    @api.readonly
    def action_view_volunteer_contributions(self):
        self.ensure_one()
        field = self._volunteer_contribution_field
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation.volunteer_contribution_action")
        action["domain"] = [(field, "=", self.id)]
        action["context"] = dict(
            self._volunteer_contribution_defaults(), search_default_validated=1)
        return action

    def _volunteer_contribution_defaults(self):
        """Default values of a contribution created from this record."""
        return {f"default_{self._volunteer_contribution_field}": self.id}
