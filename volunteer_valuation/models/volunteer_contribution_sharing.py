# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Sharing levels in reports: no row leaves a structure that shares totals only, and
no name leaves one that shares pseudonyms, while the totals of a branch stay exact.

Record rules hide those rows from the coordinators above; the totals of their
branch are then added up here without the rules, in one controlled query
limited to the structures they coordinate and their members (never a row is
returned, only sums).
"""

from odoo import api, models

from ..engine.odoo_names import MANAGER_GROUP

HIDDEN_LEVELS = ("pseudonyms", "aggregates")


class VolunteerContribution(models.Model):
    _inherit = "volunteer.contribution"

    @api.model
    def _branch_totals_model(self, domain):
        """(model, domain) adding up my whole branch: myself for managers; for a
        coordinator, without record rules but limited to their branch and companies."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return self, domain
        return self.sudo(), [
            *domain, ("structure_id.branch_coordinator_ids", "in", [self.env.uid]),
            ("company_id", "in", self.env.companies.ids)]

    @api.model
    def _validated_totals(self, groupby, domain):
        model, domain = self._branch_totals_model(domain)
        return super(VolunteerContribution, model)._validated_totals(groupby, domain)

    @api.model
    def _valuation_aggregate(self, domain):
        """Totals of the whole branch; people only of the rows I may read."""
        model, branch_domain = self._branch_totals_model(domain)
        sets = super(VolunteerContribution, model)._valuation_aggregate(branch_domain)
        if model is not self:
            readable = set(self.env["volunteer.structure"].sudo().search(
                [("row_coordinator_ids", "in", [self.env.uid])]).ids)
            sets["person"] = [row for row in sets["person"] if row[0] in readable]
        return sets

    @api.model
    def _valuation_people(self, domain):
        model, domain = self._branch_totals_model(domain)
        return super(VolunteerContribution, model)._valuation_people(domain)

    @api.model
    def _volunteer_named_ids(self, partner_ids):
        """Above a structure sharing pseudonyms (or totals), nobody is named by consent."""
        named = super()._volunteer_named_ids(partner_ids)
        if not named or self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return named
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        mine = self.env.user.volunteer_coordinated_structure_ids
        direct = set(Partner.search([
            ("id", "in", sorted(named)), ("volunteer_structure_ids", "in", mine.ids)]).ids
        ) if mine else set()
        hidden = Partner.search([
            ("id", "in", sorted(named - direct)),
            ("volunteer_structure_ids.effective_sharing_level", "in", list(HIDDEN_LEVELS))])
        return named - set(hidden.ids)
