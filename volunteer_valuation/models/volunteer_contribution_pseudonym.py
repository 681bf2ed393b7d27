# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The names or pseudonyms under which volunteers appear in shared reports."""

from odoo import api, models
from odoo.tools import SQL

from ..engine import pseudonyms
from ..engine.odoo_names import MANAGER_GROUP, PSEUDONYM_KEY_PARAM


class VolunteerContribution(models.Model):
    _inherit = "volunteer.contribution"

    @api.model
    def _volunteer_pseudonym_key(self):
        """The database's secret key of pseudonyms, created on first use."""
        params = self.env["ir.config_parameter"].sudo()
        key = params.get_param(PSEUDONYM_KEY_PARAM)
        if not key:
            key = pseudonyms.new_key()
            params.set_param(PSEUDONYM_KEY_PARAM, key)
        return key

    @api.model
    def _volunteer_named_ids(self, partner_ids):
        """Which of ``partner_ids`` I may see by name in a report.

        Managers see every name; a coordinator sees the volunteers of the
        structures they coordinate (direct members) and those who agreed to be
        named (``volunteer_share_identity``).
        """
        ids = sorted(set(partner_ids))
        if not ids or self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return set(ids)
        mine = self.env.user.volunteer_coordinated_structure_ids
        shared = [("volunteer_share_identity", "=", True)]
        if mine:
            shared = ["|", *shared, ("volunteer_structure_ids", "in", mine.ids)]
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        return set(Partner.search([("id", "in", ids), *shared]).ids)

    @api.model
    def _volunteer_report_labels(self, partner_ids):
        """{partner id: (label, named)}: the name, or a stable pseudonym."""
        ids = set(partner_ids)
        named = self._volunteer_named_ids(ids)
        # The names of a large export (tens of thousands of volunteers) in one plain read:
        # loading them in the ORM's cache took as long as the query.
        self.env["res.partner"].flush_model(["name"])
        labels = {partner_id: (name or "", True) for partner_id, name in self.env.execute_query(
            SQL("SELECT id, name FROM res_partner WHERE id = ANY(%s)", sorted(named)))}
        hidden = pseudonyms.pseudonyms(self._volunteer_pseudonym_key(), ids - named)
        labels.update({partner_id: (label, False) for partner_id, label in hidden.items()})
        return labels
