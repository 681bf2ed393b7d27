# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import rates as engine
from .volunteer_contribution import CONTRIBUTOR_TYPES


def rate_line_criteria(record):
    """The matching criteria of a scale line (a rate, a conversion rule) for the engine.

    ``record`` has date_from, date_to, structure_id, level_id, category_id and
    contributor_type fields.
    """
    structure = record.structure_id
    return {
        "id": record.id,
        "date_from": record.date_from,
        "date_to": record.date_to or None,
        "structure_id": structure.id or None,
        "structure_depth": structure.parent_path.count("/") - 1 if structure else -1,
        "level_id": record.level_id.id or None,
        "category_id": record.category_id.id or None,
        "contributor_type": record.contributor_type or None,
    }


class VolunteerRate(models.Model):
    _name = "volunteer.rate"
    _inherit = ["volunteer.scale.mixin"]
    _description = "Valuation rate line"
    _order = "company_id, structure_id, date_from desc, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    date_from = fields.Date(string="Valid from", required=True)
    date_to = fields.Date(string="Valid until")
    structure_id = fields.Many2one(
        "volunteer.structure", index=True, ondelete="cascade",
        help="Applies to this structure and to its member structures. Empty: everywhere.",
    )
    level_id = fields.Many2one("volunteer.level", string="Competence level", ondelete="restrict")
    category_id = fields.Many2one("volunteer.category", ondelete="restrict")
    contributor_type = fields.Selection(CONTRIBUTOR_TYPES, string="Contributor type")
    method = fields.Selection(
        [("fixed", "Fixed hourly amount"), ("wage", "Multiple of the reference wage")],
        required=True, default="wage",
    )
    fixed_amount = fields.Monetary(string="Hourly amount")
    coefficient = fields.Float(default=1.0, digits=(6, 4))
    apply_charges = fields.Boolean(
        string="Include employer charges",
        help="Multiply by the charges multiplier of the reference wage.",
    )
    current_hourly_value = fields.Monetary(
        string="Hourly value today", compute="_compute_current_hourly_value",
    )
    note = fields.Text(help="Why this rate: board decision, collective agreement...")

    _non_negative = models.Constraint(
        "CHECK(fixed_amount >= 0 AND coefficient >= 0)",
        "A rate cannot be negative.",
    )
    _period = models.Constraint(
        "CHECK(date_to IS NULL OR date_to >= date_from)",
        "A rate cannot end before it starts.",
    )

    def _compute_current_hourly_value(self):
        today = fields.Date.context_today(self)
        wages = self.env["volunteer.reference.wage"]._wage_periods(self.company_id)
        for rate in self:
            value = engine.hourly_value(
                rate._as_line(), wages.get(rate.company_id.id, []), today,
                rate.currency_id.decimal_places or 2,
            ) if rate.date_from else None
            rate.current_hourly_value = float(value) if value is not None else 0.0

    @api.constrains("fixed_amount", "coefficient")
    def _check_non_negative(self):
        if any(rate.fixed_amount < 0 or rate.coefficient < 0 for rate in self):
            raise ValidationError(self.env._("A rate cannot be negative."))

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        if any(rate.date_to and rate.date_to < rate.date_from for rate in self):
            raise ValidationError(self.env._("A rate cannot end before it starts."))

    @api.constrains("structure_id", "company_id")
    def _check_structure_company(self):
        for rate in self:
            if rate.structure_id and rate.structure_id.company_id != rate.company_id:
                raise ValidationError(self.env._(
                    "Rate %(rate)s and its structure must belong to the same company.",
                    rate=rate.name,
                ))

    @api.constrains(
        "active", "date_from", "date_to", "structure_id", "level_id", "category_id",
        "contributor_type", "company_id",
    )
    def _check_ties(self):
        lines = self.sudo().search([("company_id", "in", self.company_id.ids)])._as_lines()
        ties = engine.find_ties(lines)
        if ties:
            names = dict(self.sudo().browse([line.id for pair in ties for line in pair])
                         .mapped(lambda rate: (rate.id, rate.name)))
            first, second = ties[0]
            raise ValidationError(self.env._(
                "Rate lines “%(first)s” and “%(second)s” would both apply, with the same "
                "precedence, to some contributions. Narrow one of them (structure, level, "
                "category, contributor type or dates), or add a more specific line.",
                first=names[first.id], second=names[second.id],
            ))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.env["volunteer.contribution"].sudo().search_count(
            [("rate_id", "in", self.ids), ("state", "=", "validated")], limit=1)
        if used:
            raise UserError(self.env._(
                "This rate valued validated contributions: it is kept as evidence of the "
                "valuation method. Archive it, or end it with a “Valid until” date, instead."))

    def _as_lines(self):
        """These rates as engine lines (structure depth from the parent path)."""
        return [rate._as_line() for rate in self]

    def _as_line(self):
        return engine.RateLine(
            **rate_line_criteria(self),
            method=self.method,
            fixed_amount=self.fixed_amount,
            coefficient=self.coefficient,
            apply_charges=self.apply_charges,
            name=self.name,
        )
