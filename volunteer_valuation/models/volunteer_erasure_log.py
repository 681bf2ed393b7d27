# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError

REASONS = [
    ("retention", "Retention period over"),
    ("request", "On request"),
]
REQUESTERS = [
    ("system", "Automatic (retention period)"),
    ("manager", "A volunteering manager"),
    ("volunteer", "The volunteer, from their volunteering space"),
]


class VolunteerErasureLog(models.Model):
    """The register of what was forgotten: how many, when, why and by whom.

    It names nobody who was forgotten, and is written once by the erasure
    (volunteer.erasure) then never changed nor deleted, like the ledger of a
    currency: it proves that the retention period is applied.
    """

    _name = "volunteer.erasure.log"
    _description = "Register of volunteers' data erasures"
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    reason = fields.Selection(REASONS, required=True, readonly=True)
    requested_by = fields.Selection(REQUESTERS, string="Requested by", required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Run by", readonly=True, ondelete="set null",
        help="The manager who anonymised a volunteer; empty for the automatic run and for "
             "a volunteer's own request.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="restrict",
    )
    retention_years = fields.Integer(
        string="Retention period (years)", readonly=True,
        help="The company's retention period when the automatic run forgot these volunteers.",
    )
    person_count = fields.Integer(string="People forgotten", readonly=True, aggregator="sum")
    contribution_count = fields.Integer(
        string="Contributions anonymised", readonly=True, aggregator="sum",
        help="Kept in the accounts, with their date, hours, structure and value, under an "
             "anonymous name.",
    )
    deleted_count = fields.Integer(
        string="Drafts deleted", readonly=True, aggregator="sum",
        help="Drafts never submitted, deleted at the volunteer's request.",
    )
    move_count = fields.Integer(
        string="Currency moves anonymised", readonly=True, aggregator="sum",
        help="Moves of a complementary currency whose member was replaced by the anonymous "
             "name; their amounts and dates do not change.",
    )

    def write(self, vals):
        if vals:
            raise UserError(self.env._(
                "The register of erasures is written once and never changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._(
            "The register of erasures is kept: its lines cannot be deleted."))
