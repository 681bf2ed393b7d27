# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import ledger


class VolunteerCurrency(models.Model):
    """Where the balance of a forgotten member goes."""

    _inherit = "volunteer.currency"

    erasure_structure_id = fields.Many2one(
        "volunteer.structure", string="Receives the balances of forgotten members",
        ondelete="restrict", tracking=True,
        help="When a member's data is erased (after the retention period or on request), "
             "their balance is transferred to the account of this structure's contact. Empty: "
             "the balance stays in the ledger, on the member's anonymous account.",
    )

    @api.constrains("erasure_structure_id", "company_id", "structure_ids")
    def _check_erasure_structure(self):
        for currency in self.filtered("erasure_structure_id"):
            structure = currency.erasure_structure_id
            if not structure.partner_id:
                raise ValidationError(self.env._(
                    "%(structure)s has no contact: give it one (its account in %(currency)s) "
                    "before it receives the balances of forgotten members.",
                    structure=structure.complete_name, currency=currency.name))
            if not currency._applies_to_structures(structure):
                raise ValidationError(self.env._(
                    "%(currency)s is not used in %(structure)s: choose one of its structures "
                    "to receive the balances of forgotten members.",
                    currency=currency.name, structure=structure.complete_name))

    def _erasure_account(self):
        """The partner whose account receives forgotten members' balances, if any."""
        self.ensure_one()
        return self.active and self.erasure_structure_id.partner_id

    @api.model
    def _erasure_balances(self, partners):
        """[(currency, partner, balance)] of ``partners``' non-zero balances."""
        rows = self.env["volunteer.currency.move"].sudo()._read_group(
            [("partner_id", "in", partners.ids)], ["currency_id", "partner_id"], ["amount:sum"])
        return [(currency, partner, balance) for currency, partner, total in rows
                if (balance := ledger.round_units(total or 0, currency.decimal_places))]

    @api.model
    def _erasure_transfer(self, partners):
        """Transfer ``partners``' balances to the accounts chosen by their currencies, as
        ordinary transfers posted by the ledger (its numbering and balances); a currency
        without such an account keeps the balance where it is."""
        vals_list = []
        for currency, partner, balance in self._erasure_balances(partners):
            account = currency._erasure_account()
            if not account or account == partner:
                continue
            note = currency.with_context(lang=currency.company_id.partner_id.lang).env._(
                "Balance of a member whose data was erased")
            common = {"currency_id": currency.id, "move_type": "transfer", "note": note,
                      "structure_id": currency.erasure_structure_id.id}
            vals_list += [
                dict(common, partner_id=partner.id, amount=-balance,
                     counterpart_partner_id=account.id),
                dict(common, partner_id=account.id, amount=balance,
                     counterpart_partner_id=partner.id),
            ]
        return self.env["volunteer.currency.move"]._post(vals_list)

    @api.model
    def _erasure_notices(self, partner):
        """What happens to ``partner``'s balances when their data is erased."""
        notices = []
        for currency, _partner, balance in self._erasure_balances(partner):
            amount = currency._format_units(balance)
            account = currency._erasure_account()
            if account and account != partner:
                notices.append(self.env._(
                    "Your balance of %(amount)s in %(currency)s is transferred to the account "
                    "of %(structure)s.", amount=amount, currency=currency.name,
                    structure=currency.erasure_structure_id.complete_name))
            else:
                notices.append(self.env._(
                    "Your balance of %(amount)s in %(currency)s stays in the ledger, on an "
                    "anonymous account that nobody uses.", amount=amount, currency=currency.name))
        return notices
