# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import models

MOVE_FIELDS = ("currency", "date", "type", "description", "amount", "balance_after",
               "structure", "reference", "note")


class ResPartner(models.Model):
    """"My data" includes a member's moves in every complementary currency."""

    _inherit = "res.partner"

    def _volunteer_personal_data(self, contributions):
        document = super()._volunteer_personal_data(contributions)
        Move = self.env["volunteer.currency.move"].sudo()
        moves = Move.search([("partner_id", "=", self.id)], order="currency_id, sequence")
        types = dict(Move._fields["move_type"]._description_selection(self.env))
        document["currency_moves"] = [{
            "currency": move.currency_id.name,
            "date": move.date,
            "type": types[move.move_type],
            "description": move.description or None,
            "amount": move.amount,
            "balance_after": move.balance_after,
            "structure": move.structure_id.complete_name or None,
            "reference": move.reference or None,
            "note": move.note or None,
        } for move in moves]
        return document

    def _volunteer_personal_data_labels(self):
        labels = super()._volunteer_personal_data_labels()
        env = self.env
        labels["currency_moves"] = {
            "title": env._("My currency moves"),
            "currency": env._("Currency"),
            "date": env._("Date"),
            "type": env._("Type"),
            "description": env._("Description"),
            "amount": env._("Units"),
            "balance_after": env._("Balance after"),
            "structure": env._("Structure"),
            "reference": env._("Reference"),
            "note": env._("Note"),
        }
        return labels

    def _volunteer_personal_data_tables(self):
        return dict(super()._volunteer_personal_data_tables(), currency_moves=MOVE_FIELDS)
