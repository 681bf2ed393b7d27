# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.volunteer_valuation.engine import rates as rate_engine
from odoo.addons.volunteer_valuation.models.volunteer_contribution import CONTRIBUTOR_TYPES
from odoo.addons.volunteer_valuation.models.volunteer_rate import rate_line_criteria


class VolunteerCurrencyRule(models.Model):
    """A dated conversion rule of a currency: units per hour or per euro of value.

    Matching and precedence are those of the valuation scale (the core's rate
    engine): the deepest structure wins, then the rule with the most criteria
    set; two rules that would tie are refused.
    """

    _name = "volunteer.currency.rule"
    _description = "Currency conversion rule"
    _order = "currency_id, structure_id, date_from desc, id"

    name = fields.Char(compute="_compute_name", store=True)
    currency_id = fields.Many2one(
        "volunteer.currency", string="Complementary currency", required=True, index=True,
        ondelete="cascade",
    )
    basis = fields.Selection(related="currency_id.basis")
    date_from = fields.Date(string="Valid from", required=True)
    date_to = fields.Date(string="Valid until")
    rate = fields.Float(
        digits=(16, 6), required=True,
        help="Units per hour given (time basis) or per euro of valued amount (value basis).",
    )
    structure_id = fields.Many2one(
        "volunteer.structure", index=True, ondelete="cascade",
        help="Applies to this structure and to its member structures. Empty: everywhere the "
             "currency is used.",
    )
    level_id = fields.Many2one("volunteer.level", string="Competence level", ondelete="restrict")
    category_id = fields.Many2one("volunteer.category", ondelete="restrict")
    contributor_type = fields.Selection(CONTRIBUTOR_TYPES, string="Contributor type")
    company_id = fields.Many2one(
        related="currency_id.company_id", store=True, index=True, precompute=True,
    )
    active = fields.Boolean(default=True)

    _non_negative = models.Constraint("CHECK(rate >= 0)", "A conversion rate cannot be negative.")
    _period = models.Constraint(
        "CHECK(date_to IS NULL OR date_to >= date_from)",
        "A conversion rule cannot end before it starts.",
    )

    @api.depends("currency_id.symbol", "currency_id.basis", "currency_id.company_id", "rate")
    def _compute_name(self):
        for rule in self:
            per = ("h" if rule.currency_id.basis == "hours"
                   else rule.currency_id.company_id.currency_id.symbol or "")
            rule.name = f"{rule.rate:g} {rule.currency_id.symbol or ''}/{per}"

    @api.constrains("rate")
    def _check_rate(self):
        if any(rule.rate < 0 for rule in self):
            raise ValidationError(self.env._("A conversion rate cannot be negative."))

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        if any(rule.date_to and rule.date_to < rule.date_from for rule in self):
            raise ValidationError(self.env._("A conversion rule cannot end before it starts."))

    @api.constrains("structure_id", "currency_id")
    def _check_structure(self):
        for rule in self:
            if rule.structure_id and not rule.currency_id._applies_to_structures(
                    rule.structure_id):
                raise ValidationError(self.env._(
                    "%(currency)s is not used in %(structure)s: a rule there would never apply.",
                    currency=rule.currency_id.name, structure=rule.structure_id.display_name))

    @api.constrains(
        "active", "date_from", "date_to", "structure_id", "level_id", "category_id",
        "contributor_type", "currency_id",
    )
    def _check_ties(self):
        for currency in self.currency_id:
            rules = self.sudo().search([("currency_id", "=", currency.id)])
            ties = rate_engine.find_ties(rules._as_lines())
            if ties:
                first, second = ties[0]
                raise ValidationError(self.env._(
                    "Conversion rules “%(first)s” (from %(first_date)s) and “%(second)s” (from "
                    "%(second_date)s) of %(currency)s would both apply, with the same precedence, "
                    "to some contributions. Narrow one of them (structure, level, category, "
                    "contributor type or dates), or add a more specific rule.",
                    first=first.name, first_date=first.date_from, second=second.name,
                    second_date=second.date_from, currency=currency.name))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.env["volunteer.currency.move"].sudo().search_count(
                [("rule_id", "in", self.ids)], limit=1):
            raise UserError(self.env._(
                "This rule converted validated contributions into credits: it is kept as "
                "evidence. Archive it, or end it with a “Valid until” date, instead."))

    def _as_lines(self):
        """These rules as lines of the core's rate engine (the rate as fixed amount)."""
        return [rule._as_line() for rule in self]

    def _as_line(self):
        return rate_engine.RateLine(
            **rate_line_criteria(self),
            fixed_amount=self.rate,
            name=self.name or "",
        )
