# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.volunteer_valuation.engine.odoo_names import COORDINATOR_GROUP, MANAGER_GROUP

from ..engine import ledger

MOVE_TYPES = [
    ("credit", "Credit for a contribution"),
    ("spend", "Spending"),
    ("transfer", "Transfer"),
    ("reversal", "Reversal"),
    ("adjustment", "Adjustment"),
]
# Move types a manager may reverse; a credit is reversed by reopening its contribution.
REVERSIBLE_TYPES = ("spend", "adjustment")


class VolunteerCurrencyMove(models.Model):
    """One line of a member's account in a currency, posted for good when created.

    Moves are never written nor deleted: a correction is a reversal or an
    adjustment. Each account (currency, member) numbers its moves; a unique
    index on that number makes two concurrent postings on one account
    impossible, and another on (contribution, currency, round) makes a
    second credit for the same validation impossible.
    """

    _name = "volunteer.currency.move"
    _description = "Complementary currency move"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, index=True, ondelete="restrict",
    )
    # A currency holding moves cannot be deleted (see volunteer.currency); the cascade only
    # serves the uninstallation of this addon.
    currency_id = fields.Many2one(
        "volunteer.currency", string="Complementary currency", required=True, index=True,
        ondelete="cascade",
    )
    symbol = fields.Char(related="currency_id.symbol")
    amount = fields.Float(digits=(16, 4), required=True, aggregator="sum")
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    move_type = fields.Selection(MOVE_TYPES, string="Type", required=True, index=True)
    contribution_id = fields.Many2one(
        "volunteer.contribution", index="btree_not_null", ondelete="restrict",
    )
    contribution_date = fields.Date(related="contribution_id.date", string="Contribution date")
    reversed_move_id = fields.Many2one(
        "volunteer.currency.move", string="Reverses", index="btree_not_null",
        ondelete="cascade",
    )
    reversal_ids = fields.One2many("volunteer.currency.move", "reversed_move_id",
                                   string="Reversed by")
    counterpart_partner_id = fields.Many2one(
        "res.partner", string="Counterpart", ondelete="restrict",
        groups=COORDINATOR_GROUP,
        help="For a transfer: the member who gave or received the units. Volunteers see "
             "them in the description, by name only when they agreed to be named.",
    )
    reference = fields.Char(help="Receipt, decision or event the move refers to.")
    note = fields.Text()
    structure_id = fields.Many2one(
        "volunteer.structure", index="btree_not_null", ondelete="restrict",
        help="Where the units were earned (credits) or spent.",
    )
    rule_id = fields.Many2one(
        "volunteer.currency.rule", string="Conversion rule", ondelete="set null",
    )
    rate = fields.Float(digits=(16, 6), help="Rate of the conversion rule used for a credit.")
    credit_round = fields.Integer(
        string="Validation round",
        help="For a credit: 1 for the first validation of the contribution, 2 after it was "
             "reopened and validated again, and so on.",
    )
    sequence = fields.Integer(
        string="No.", required=True, help="Number of the move in the member's account.",
    )
    balance_after = fields.Float(string="Balance", digits=(16, 4))
    company_id = fields.Many2one("res.company", required=True, index=True)
    description = fields.Char(compute="_compute_description")
    amount_display = fields.Char(string="Units", compute="_compute_amount_display")
    balance_display = fields.Char(string="Balance after", compute="_compute_amount_display")

    _nonzero = models.Constraint("CHECK(amount <> 0)", "A move cannot be zero.")
    _credit_shape = models.Constraint(
        "CHECK(move_type != 'credit' OR (contribution_id IS NOT NULL AND credit_round > 0 "
        "AND amount > 0))",
        "A credit is positive and comes from a contribution.",
    )
    _reversal_shape = models.Constraint(
        "CHECK(move_type != 'reversal' OR reversed_move_id IS NOT NULL)",
        "A reversal says which move it reverses.",
    )
    _transfer_shape = models.Constraint(
        "CHECK(move_type != 'transfer' OR (counterpart_partner_id IS NOT NULL "
        "AND counterpart_partner_id != partner_id))",
        "A transfer goes to another member.",
    )
    _manual_shape = models.Constraint(
        "CHECK(move_type NOT IN ('spend', 'adjustment') OR reference IS NOT NULL)",
        "Spending and adjustments have a reference.",
    )
    _spend_sign = models.Constraint(
        "CHECK(move_type != 'spend' OR amount < 0)", "Spending takes units from a member.",
    )
    _account_sequence_unique = models.UniqueIndex(
        "(currency_id, partner_id, sequence)",
        "This member's account changed while the move was being posted: try again.",
    )
    _credit_once = models.UniqueIndex(
        "(contribution_id, currency_id, credit_round) WHERE move_type = 'credit'",
        "This contribution has already been credited in this currency.",
    )
    _reversed_once = models.UniqueIndex(
        "(reversed_move_id) WHERE reversed_move_id IS NOT NULL",
        "This move has already been reversed.",
    )

    @api.depends("move_type", "contribution_id", "reversed_move_id", "counterpart_partner_id",
                 "reference", "amount")
    @api.depends_context("uid")
    def _compute_description(self):
        # A volunteer sees other members by name only when they agreed to it.
        counterparts = self.sudo().counterpart_partner_id
        labels = self.env["volunteer.contribution"].sudo(False)._volunteer_report_labels(
            counterparts.ids) if self.env.user.share and counterparts else {}
        for move in self:
            record = move.sudo()
            counterpart = labels.get(record.counterpart_partner_id.id, (
                record.counterpart_partner_id.name, True))[0]
            if move.move_type == "credit":
                text = record.contribution_id.name
            elif move.move_type == "reversal":
                text = self.env._("Reversal of %(move)s",
                                  move=record.reversed_move_id.description or "")
            elif move.move_type == "transfer" and move.amount < 0:
                text = self.env._("Transfer to %(partner)s", partner=counterpart)
            elif move.move_type == "transfer":
                text = self.env._("Transfer from %(partner)s", partner=counterpart)
            else:
                text = move.reference
            move.description = text or ""

    @api.depends("amount", "balance_after", "currency_id.decimal_places", "currency_id.symbol")
    def _compute_amount_display(self):
        for move in self:
            move.amount_display = move.currency_id._format_units(move.amount, signed=True)
            move.balance_display = move.currency_id._format_units(move.balance_after)

    @api.depends("currency_id", "partner_id", "sequence")
    def _compute_display_name(self):
        for move in self:
            move.display_name = (f"{move.currency_id.symbol or ''} {move.partner_id.name or ''} "
                                 f"#{move.sequence}").strip()

    def write(self, vals):
        if vals:
            raise UserError(self.env._(
                "Currency moves are posted for good and cannot be changed. Correct a move with "
                "a reversal or an adjustment."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._(
            "Currency moves are posted for good and cannot be deleted. Correct a move with a "
            "reversal or an adjustment."))

    def action_reverse(self):
        """Reverse spending or adjustments (a manager's correction)."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a volunteering manager can reverse a move."))
        self.check_access("read")
        wrong = self.filtered(lambda move: move.move_type not in REVERSIBLE_TYPES)
        if wrong:
            raise UserError(self.env._(
                "Only spending and adjustments are reversed here. A credit is reversed by "
                "resetting its contribution to draft; a transfer is undone by a transfer back."))
        done = self.filtered("reversal_ids")
        if done:
            raise UserError(self.env._(
                "%(moves)s already reversed.", moves=", ".join(done.mapped("display_name"))))
        for currency in self.currency_id:
            currency._check_usable()
        return self._reverse(limited=True)

    def _as_ledger_moves(self):
        """These moves as plain ledger moves."""
        return [ledger.Move(
            partner_id=move.partner_id.id, amount=ledger.to_decimal(move.amount), day=move.date,
            kind=ledger.kind_of(move.move_type, move.reversed_move_id.move_type),
            structure_id=move.structure_id.id or None, sequence=move.sequence, id=move.id,
        ) for move in self.sudo()]

    def _reverse(self, note=False, limited=False):
        """Post the reversal of each move of ``self``."""
        return self._post([{
            "currency_id": move.currency_id.id, "partner_id": move.partner_id.id,
            "amount": -move.amount, "move_type": "reversal", "reversed_move_id": move.id,
            "contribution_id": move.contribution_id.id,
            "structure_id": move.structure_id.id, "reference": move.reference,
            "note": note or False,
        } for move in self.sudo()], limited=limited)

    @api.model
    def _post(self, vals_list, limited=False):
        """Create moves, posted: numbered in each account with the balance after them.

        With ``limited``, a move taking a balance under the currency's minimum
        or over its maximum is refused (credits and their reversals are not
        limited: they follow the validation of contributions).
        """
        Move = self.sudo()
        if not vals_list:
            return Move
        currencies = self.env["volunteer.currency"].sudo().browse(
            {vals["currency_id"] for vals in vals_list})
        partners = self.env["res.partner"].sudo().browse(
            {vals["partner_id"] for vals in vals_list})
        accounts = {
            (currency.id, partner.id): (last or 0, ledger.to_decimal(total or 0))
            for currency, partner, last, total in Move._read_group(
                [("currency_id", "in", currencies.ids), ("partner_id", "in", partners.ids)],
                ["currency_id", "partner_id"], ["sequence:max", "amount:sum"])
        }
        today = fields.Date.context_today(self)
        for vals in vals_list:
            currency = currencies.browse(vals["currency_id"])
            key = (currency.id, vals["partner_id"])
            last, balance = accounts.get(key, (0, ledger.to_decimal(0)))
            amount = ledger.round_units(vals["amount"], currency.decimal_places)
            if not amount:
                raise UserError(self.env._("A move cannot be zero."))
            breach = limited and ledger.limit_breach(
                balance, amount, currency.min_balance, currency.max_balance or None)
            if breach:
                raise UserError(currency._limit_message(
                    breach, partners.browse(vals["partner_id"]), balance))
            [(sequence, balance)] = ledger.post(last, balance, [amount])
            accounts[key] = (sequence, balance)
            vals.update({
                "amount": float(amount), "sequence": sequence, "balance_after": float(balance),
                "company_id": currency.company_id.id, "date": vals.get("date") or today,
            })
        moves = Move.create(vals_list)
        moves.flush_recordset()
        return moves
