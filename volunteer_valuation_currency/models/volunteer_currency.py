# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import formatLang

from odoo.addons.volunteer_valuation.engine import rates as rate_engine
from odoo.addons.volunteer_valuation.engine.odoo_names import MANAGER_GROUP

from ..engine import ledger

# Contributor type of volunteer.contribution -> field saying whether a currency credits it.
CREDITED_TYPE_FIELDS = {
    "volunteer": "credit_volunteer",
    "civic_service": "credit_civic_service",
    "skills_sponsorship": "credit_skills_sponsorship",
}


class VolunteerCurrency(models.Model):
    _name = "volunteer.currency"
    _description = "Complementary currency or time bank"
    _inherit = ["mail.thread", "volunteer.input.mixin"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, tracking=True)
    symbol = fields.Char(required=True, help="Short sign shown after amounts, such as h or Ğ.")
    sequence = fields.Integer(default=10)
    basis = fields.Selection(
        [("hours", "Hours given"), ("value", "Valued amount")],
        required=True, default="hours", tracking=True,
        help="Hours given: the rules give units per hour. Valued amount: the rules give units "
             "per euro of the contribution's value.",
    )
    decimal_places = fields.Integer(
        string="Decimals", default=2, required=True, tracking=True,
        help="Decimals of an amount (0 to 4). A time bank counting minutes uses 0.",
    )
    euro_backed = fields.Boolean(
        string="Backed by euros", tracking=True,
        help="Units can be exchanged for euros or goods, as in a local complementary currency "
             "(monnaie locale complémentaire).",
    )
    min_balance = fields.Float(
        string="Minimum balance", digits=(16, 4), tracking=True,
        help="Lowest balance a member may reach by spending or giving units: 0 forbids debt, "
             "a negative figure is an overdraft limit.",
    )
    max_balance = fields.Float(
        string="Maximum balance", digits=(16, 4), tracking=True,
        help="Highest balance a member may reach by transfers and adjustments (credits for "
             "validated contributions are always posted in full). 0: no maximum.",
    )
    credit_volunteer = fields.Boolean(
        string="Credits volunteers (bénévoles)", default=True, tracking=True,
    )
    credit_civic_service = fields.Boolean(
        string="Credits civic service volunteers (volontaires)", tracking=True,
    )
    credit_skills_sponsorship = fields.Boolean(
        string="Credits skills sponsorship (mécénat de compétences)", tracking=True,
    )
    requalification_risk = fields.Boolean(
        string="Risk of requalification", compute="_compute_requalification_risk",
        help="Backed by euros and crediting volunteers (bénévoles).",
    )
    risk_acknowledged = fields.Boolean(
        string="Requalification risk acknowledged", tracking=True, copy=False,
        help="A manager confirms having read the warning about paying volunteers in units "
             "backed by euros.",
    )
    risk_acknowledged_by_id = fields.Many2one(
        "res.users", string="Acknowledged by", readonly=True, copy=False,
    )
    risk_acknowledged_date = fields.Datetime(string="Acknowledged on", readonly=True, copy=False)
    structure_ids = fields.Many2many(
        "volunteer.structure", "volunteer_currency_structure_rel", "currency_id", "structure_id",
        string="Structures",
        help="Where the currency is used: these structures and their member structures. "
             "Empty: everywhere in the company.",
    )
    coordinator_ids = fields.Many2many(
        "res.users", "volunteer_currency_coordinator_rel", "currency_id", "user_id",
        string="Coordinators of the whole scope", compute="_compute_coordinator_ids",
        store=True, compute_sudo=True,
        help="Coordinators whose branch holds every structure where the currency is used: "
             "they see every balance of it. Read by the record rules.",
    )
    rule_ids = fields.One2many("volunteer.currency.rule", "currency_id", string="Conversion rules")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True, tracking=True)
    note = fields.Text(help="What the currency is for, who decided it, how units are used.")
    move_count = fields.Integer(string="Moves", compute="_compute_move_figures")
    units_in_circulation = fields.Float(
        string="Units in circulation", digits=(16, 4), compute="_compute_move_figures",
        help="Sum of the balances of the members you can see.",
    )

    @api.depends("euro_backed", "credit_volunteer")
    def _compute_requalification_risk(self):
        for currency in self:
            currency.requalification_risk = currency.euro_backed and currency.credit_volunteer

    @api.depends("structure_ids.branch_coordinator_ids",
                 "company_id.volunteer_structure_ids.branch_coordinator_ids")
    def _compute_coordinator_ids(self):
        for currency in self:
            scope = currency.structure_ids or currency.company_id.volunteer_structure_ids
            users = scope[:1].branch_coordinator_ids
            for structure in scope[1:]:
                users &= structure.branch_coordinator_ids
            currency.coordinator_ids = users

    def _compute_move_figures(self):
        rows = self.env["volunteer.currency.move"]._read_group(
            [("currency_id", "in", self.ids)], ["currency_id"], ["__count", "amount:sum"])
        figures = {currency.id: (count, total) for currency, count, total in rows}
        for currency in self:
            currency.move_count, currency.units_in_circulation = figures.get(
                currency._origin.id, (0, 0.0))

    @api.constrains("decimal_places")
    def _check_decimal_places(self):
        for currency in self:
            if not 0 <= currency.decimal_places <= ledger.MAX_DECIMAL_PLACES:
                raise ValidationError(self.env._(
                    "%(currency)s: the number of decimals goes from 0 to %(max)s.",
                    currency=currency.name, max=ledger.MAX_DECIMAL_PLACES))

    @api.constrains("min_balance", "max_balance")
    def _check_limits(self):
        for currency in self:
            if currency.min_balance > 0:
                raise ValidationError(self.env._(
                    "%(currency)s: balances start at 0, so the minimum balance is 0 or a "
                    "negative overdraft limit.", currency=currency.name))
            if currency.max_balance < 0:
                raise ValidationError(self.env._(
                    "%(currency)s: the maximum balance cannot be negative (0 means no maximum).",
                    currency=currency.name))

    @api.constrains("active", "euro_backed", "credit_volunteer", "risk_acknowledged")
    def _check_risk_acknowledged(self):
        for currency in self:
            if currency.active and currency.requalification_risk and not currency.risk_acknowledged:
                raise ValidationError(self.env._(
                    "%(currency)s is backed by euros and credits volunteers (bénévoles): a "
                    "manager must acknowledge the requalification risk on its form before it "
                    "can be active.", currency=currency.name))

    @api.constrains("structure_ids", "company_id")
    def _check_structure_company(self):
        for currency in self:
            if currency.structure_ids.company_id - currency.company_id:
                raise ValidationError(self.env._(
                    "The structures of %(currency)s must belong to its company.",
                    currency=currency.name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_values(vals)
            if vals.get("risk_acknowledged"):
                vals.update(self._acknowledgement_values())
        currencies = super().create(vals_list)
        currencies.flush_model(["coordinator_ids"])  # read by the record rules
        return currencies

    def write(self, vals):
        self._check_input_values(vals)
        locked = {"decimal_places", "company_id"} & vals.keys()
        if locked and self.env["volunteer.currency.move"].sudo().search_count(
                [("currency_id", "in", self.ids)], limit=1):
            raise UserError(self.env._(
                "Units of this currency have been posted: its company and its number of "
                "decimals can no longer change."))
        if "risk_acknowledged" in vals:
            vals = dict(vals, **(self._acknowledgement_values() if vals["risk_acknowledged"]
                                 else {"risk_acknowledged_by_id": False,
                                       "risk_acknowledged_date": False}))
        result = super().write(vals)
        if {"structure_ids", "company_id"} & vals.keys():
            self.flush_model(["coordinator_ids"])  # read by the record rules
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_moves(self):
        if self.env["volunteer.currency.move"].sudo().search_count(
                [("currency_id", "in", self.ids)], limit=1):
            raise UserError(self.env._(
                "Units of this currency have been posted: the ledger is kept. Archive the "
                "currency instead."))

    def _acknowledgement_values(self):
        """Who acknowledges the requalification risk, and when: a manager only."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._(
                "Only a volunteering manager can acknowledge the requalification risk."))
        return {"risk_acknowledged_by_id": self.env.user.id,
                "risk_acknowledged_date": fields.Datetime.now()}

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.readonly
    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation_currency.volunteer_currency_move_action")
        action["domain"] = [("currency_id", "=", self.id)]
        return action

    @api.readonly
    def action_view_balances(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation_currency.volunteer_currency_balance_action")
        action["domain"] = [("currency_id", "=", self.id)]
        return action

    def action_credit_validated_contributions(self):
        """Credit the validated contributions that have no credit in these currencies yet.

        For a currency created (or a rule added) after contributions were
        validated. Running it again credits nothing twice.
        """
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._(
                "Only a volunteering manager can credit past contributions."))
        self.check_access("write")
        contributions = self.env["volunteer.contribution"].sudo().search([
            ("state", "=", "validated"), ("partner_id", "!=", False),
            ("company_id", "in", self.company_id.ids),
        ])
        moves = self.sudo()._credit(contributions)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s contribution credit(s) posted.", count=len(moves)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------
    # Units, scope and crediting
    # ------------------------------------------------------------------

    def _format_units(self, value, signed=False):
        """``value`` with the currency's decimals and symbol, as the user's language writes
        numbers (12,50 h in French)."""
        text = formatLang(self.env, float(value or 0), digits=self.decimal_places)
        if signed and value and value > 0:
            text = "+" + text
        return f"{text} {self.symbol or ''}".strip()

    def _credited_types(self):
        return {ctype for ctype, field in CREDITED_TYPE_FIELDS.items() if self[field]}

    def _scope_structures(self):
        """Structures where the currency is used, members included (all: empty scope)."""
        Structure = self.env["volunteer.structure"].sudo()
        # sudo: the user's record rules must not hide structures and widen the scope
        structures = self.sudo().structure_ids
        if not structures:
            return Structure.search([("company_id", "=", self.company_id.id)])
        return Structure.search([("id", "child_of", structures.ids)])

    def _applies_to_structures(self, structures):
        """Whether the currency is used in each of ``structures`` (or their ancestors)."""
        scope = set(self.sudo().structure_ids.ids)
        return all(
            structure.company_id == self.company_id
            and (not scope or scope.intersection(structure._path_ids()))
            for structure in structures)

    def _applies_to_partner(self, partner):
        return bool(partner.sudo().volunteer_structure_ids & self._scope_structures())

    def _credit(self, contributions):
        """Post one credit per currency of ``self`` applying to each contribution.

        Contributions already holding a credit (not reversed) in a currency are
        skipped; a unique index on (contribution, currency, round) refuses a
        second credit posted concurrently.
        """
        Move = self.env["volunteer.currency.move"].sudo()
        contributions = contributions.filtered(
            lambda rec: rec.state == "validated" and rec.partner_id
            and rec.entry_mode == "detailed")
        currencies = self.filtered("active")
        if not contributions or not currencies:
            return Move
        key_domain = [("move_type", "=", "credit"), ("contribution_id", "in", contributions.ids),
                      ("currency_id", "in", currencies.ids)]
        rounds = {
            (contribution.id, currency.id): last_round
            for contribution, currency, last_round in Move._read_group(
                key_domain, ["contribution_id", "currency_id"], ["credit_round:max"])
        }
        live = {(move.contribution_id.id, move.currency_id.id)
                for move in Move.search(key_domain + [("reversal_ids", "=", False)])}
        lines = {currency.id: currency.rule_ids._as_lines() for currency in currencies}
        today = fields.Date.context_today(self)
        vals_list = []
        for contribution in contributions:
            facts = contribution._rate_facts()
            for currency in currencies:
                key = (contribution.id, currency.id)
                if key in live or not currency._credits(contribution):
                    continue
                try:
                    line = rate_engine.select_rate(lines[currency.id], facts)
                except rate_engine.RateTieError as error:
                    raise UserError(self.env._(
                        "Conversion rules “%(first)s” and “%(second)s” of %(currency)s both "
                        "apply to %(contribution)s: narrow one of them.",
                        first=error.first.name, second=error.second.name,
                        currency=currency.name, contribution=contribution.name)) from None
                if line is None:
                    continue
                amount = ledger.credit_amount(
                    currency.basis, line.fixed_amount, contribution.duration,
                    contribution.amount, currency.decimal_places)
                if amount <= 0:
                    continue
                vals_list.append({
                    "currency_id": currency.id, "partner_id": contribution.partner_id.id,
                    "amount": amount, "move_type": "credit", "date": today,
                    "contribution_id": contribution.id,
                    "structure_id": contribution.structure_id.id,
                    "credit_round": rounds.get(key, 0) + 1,
                    "rule_id": line.id, "rate": line.fixed_amount,
                })
        return Move._post(vals_list)

    def _credits(self, contribution):
        """Whether this currency credits ``contribution`` (company, type, structure)."""
        return (
            contribution.company_id == self.company_id
            and contribution.contributor_type in self._credited_types()
            and self._applies_to_structures(contribution.structure_id)
        )
