# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from collections import Counter

from odoo import api, models

from odoo.addons.volunteer_valuation.engine import retention


class VolunteerErasure(models.AbstractModel):
    """Forgetting members keeps the ledger exact: balances are transferred (when the
    currency says where), then placeholders take the members' place on their moves."""

    _inherit = "volunteer.erasure"

    @api.model
    def _footprint_rows(self, partner_ids=None):
        yield from super()._footprint_rows(partner_ids)
        Move = self.env["volunteer.currency.move"].sudo()
        domain = ([("partner_id", "in", list(partner_ids))] if partner_ids is not None
                  else [])
        for partner, company, day, created in Move._read_group(
                domain, ["partner_id", "company_id"], ["date:max", "create_date:max"]):
            yield partner.id, company.id, retention.last_activity(day, created)

    @api.model
    def _deletable_drafts(self, drafts):
        """Drafts the ledger cites (credited, then reopened) are kept, anonymised."""
        cited = self.env["volunteer.currency.move"].sudo().search(
            [("contribution_id", "in", drafts.ids)]).contribution_id
        return super()._deletable_drafts(drafts) - cited

    @api.model
    def _anonymise_moves(self, partners, placeholders):
        counts = Counter(super()._anonymise_moves(partners, placeholders))
        self.env["volunteer.currency"].sudo()._erasure_transfer(partners)
        moves = self.env["volunteer.currency.move"]._anonymise_partners(placeholders)
        counts.update(move.company_id.id for move in moves)
        return counts

    @api.model
    def _erasure_notices(self, partner):
        notices = super()._erasure_notices(partner)
        return notices[:-1] + self.env["volunteer.currency"].sudo()._erasure_notices(
            partner) + notices[-1:]
