# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import logging
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError

from .volunteer_currency_move import VolunteerCurrencyMove as LedgerMove

_logger = logging.getLogger(__name__)

# What anonymisation changes on a move: who holds the account, who was the counterpart.
ANONYMISED_FIELDS = frozenset({"partner_id", "counterpart_partner_id"})


class VolunteerCurrencyMove(models.Model):
    _inherit = "volunteer.currency.move"

    @api.model
    def _anonymise_partners(self, placeholders):
        """Put each forgotten person's placeholder ({partner id: placeholder}) in their
        place on their moves and as counterpart of others' transfers. Returns the moves."""
        Move = self.sudo().with_context(active_test=False)
        ids = list(placeholders)
        moves = Move.search(["|", ("partner_id", "in", ids), ("counterpart_partner_id", "in", ids)])
        groups = defaultdict(list)
        for move in moves:
            vals = {fname: placeholders[move[fname].id].id for fname in ANONYMISED_FIELDS
                    if move[fname].id in placeholders}
            groups[tuple(sorted(vals.items()))].append(move.id)
        for vals, move_ids in groups.items():
            Move.browse(move_ids)._write_anonymised(dict(vals))
        if moves:
            _logger.info("Currency ledger: %s move(s) given to anonymous members.", len(moves))
        return moves

    def _write_anonymised(self, vals):
        """The only write of posted moves: an anonymous placeholder takes the place of a
        forgotten member (volunteer.erasure, which writes its register). Amounts, dates,
        numbers and balances never change; any other write is refused, as always."""
        if not vals or set(vals) - ANONYMISED_FIELDS:
            raise UserError(self.env._(
                "Currency moves are posted for good: anonymisation only replaces the member "
                "and the counterpart of a move."))
        partners = self.env["res.partner"].sudo().browse(vals.values())
        if len(partners.exists()) != len(set(vals.values())) or not all(
                partners.mapped("volunteer_anonymous")):
            raise UserError(self.env._(
                "Only an anonymous placeholder can take the place of a forgotten member."))
        # Skips LedgerMove.write, which refuses every change of a posted move.
        return super(LedgerMove, self.sudo()).write(vals)  # pylint: disable=super-method-mismatch
