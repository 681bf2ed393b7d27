# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Accepted declarations of member structures go to the books with the contributions."""

from odoo import models

from ..engine import accounting
from ..engine import contribution_keys as keys


class VolunteerAccountingExportWizard(models.TransientModel):
    _inherit = "volunteer.accounting.export.wizard"

    def _accounting_rows(self, scope_domain):
        """Accepted declarations go to the books too (with the accounts of estimates, see
        :func:`accounting.account_pair`)."""
        rows = super()._accounting_rows(scope_domain)
        declared = self.env["volunteer.aggregate.declaration"]._accepted_totals(
            scope_domain, self.date_from, self.date_to)
        return rows + [
            accounting.Row(structure.id, month, contributor_type, keys.DECLARED, hours or 0.0,
                           accounting.to_money(amount or 0.0), accounting.to_money(low),
                           accounting.to_money(high))
            for (structure, month, contributor_type, _category, _level, hours, amount,
                 _headcount, _count, low, high) in declared
        ]
