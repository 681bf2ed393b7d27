# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Totals declared by a member structure for a period (yearly survey, API, member's Odoo).

The federation values the hours with its own scale when it accepts them (the value
is then frozen, like a validated contribution's) and keeps the member's own
valuation beside it. A resend of the same ``(structure_id, external_ref)``
supersedes the previous version, kept as history.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ..engine import aggregate_declarations as rules
from ..engine import contribution_limits as limits
from ..engine import rates as engine
from ..engine.odoo_names import COORDINATOR_GROUP, MANAGER_GROUP
from .volunteer_contribution import CONTRIBUTOR_TYPES

SOURCES = [
    ("portal", "Portal form"),
    ("link", "Personal link"),
    ("api", "API"),
    ("instance", "Member's Odoo"),
]
STATES = [
    (rules.SUBMITTED, "Submitted"),
    (rules.ACCEPTED, "Accepted"),
    (rules.REJECTED, "Rejected"),
    (rules.SUPERSEDED, "Superseded"),
]
# Fields set by the workflow methods only.
WORKFLOW_FIELDS = frozenset({
    "state", "rate_id", "hourly_rate", "valued_amount", "accepted_by_id", "acceptance_date",
    "rejection_reason", "superseded_by_id",
})
# What a declaration says: frozen once accepted, rejected or superseded.
DECLARED_FIELDS = frozenset({
    "structure_id", "date_from", "date_to", "contributor_type", "category_id", "level_id",
    "hours", "headcount", "distance_km", "amount", "external_ref", "source",
})


class VolunteerAggregateDeclaration(models.Model):
    _name = "volunteer.aggregate.declaration"
    _description = "Totals declared by a member structure"
    _inherit = ["mail.thread"]
    _order = "date_from desc, structure_id, id desc"

    structure_id = fields.Many2one(
        "volunteer.structure", required=True, index=True, ondelete="restrict", tracking=True,
        help="The member structure that declares these totals.")
    date_from = fields.Date(string="From", required=True, index=True)
    date_to = fields.Date(string="To", required=True)
    contributor_type = fields.Selection(CONTRIBUTOR_TYPES, required=True, default="volunteer")
    category_id = fields.Many2one("volunteer.category", ondelete="restrict")
    level_id = fields.Many2one("volunteer.level", string="Competence level", ondelete="restrict")
    hours = fields.Float(aggregator="sum", tracking=True)
    headcount = fields.Integer(string="Number of people", aggregator="sum", tracking=True)
    distance_km = fields.Float(string="Distance (km)", aggregator="sum")
    amount = fields.Monetary(
        string="Value declared by the member", currency_field="currency_id", aggregator="sum",
        help="The member's own valuation, kept for information: the federation values the "
             "hours with its own scale.")
    external_ref = fields.Char(
        string="Sender's key", required=True, index=True,
        help="The member's key of this declaration: sending the same key again replaces it.")
    source = fields.Selection(SOURCES, required=True, default="api", readonly=True)
    state = fields.Selection(
        STATES, string="Status", required=True, default=rules.SUBMITTED, index=True,
        readonly=True, tracking=True, copy=False)
    note = fields.Text()
    company_id = fields.Many2one(
        related="structure_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    rate_id = fields.Many2one(
        "volunteer.rate", string="Rate line", readonly=True, copy=False, ondelete="restrict")
    hourly_rate = fields.Monetary(
        string="Hourly value", currency_field="currency_id", readonly=True, copy=False,
        aggregator=None)
    valued_amount = fields.Monetary(
        string="Value", currency_field="currency_id", readonly=True, copy=False,
        aggregator="sum", help="The hours valued with the federation's scale at acceptance.")
    accepted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    acceptance_date = fields.Datetime(readonly=True, copy=False)
    rejection_reason = fields.Text(readonly=True, copy=False)
    superseded_by_id = fields.Many2one(
        "volunteer.aggregate.declaration", string="Replaced by", readonly=True, copy=False,
        index="btree_not_null", ondelete="set null")
    override_detailed = fields.Boolean(
        string="Accept despite detailed entries",
        help="Only a manager may tick it: the structure also has validated detailed "
             "contributions in this period, and both are counted.")

    _figures_positive = models.Constraint(
        "CHECK(hours >= 0 AND headcount >= 0 AND distance_km >= 0 AND "
        "(amount IS NULL OR amount >= 0))",
        "Declared hours, people, distances and values cannot be negative.")
    _period = models.Constraint(
        f"CHECK(date_from >= DATE '{limits.EARLIEST_DATE.isoformat()}' AND date_to >= date_from)",
        "The period starts after 1 January 2000 and ends after it starts.")
    _one_live_version = models.UniqueIndex(
        "(structure_id, external_ref) WHERE state IN ('submitted', 'accepted')",
        "This structure already has a live declaration with this key.")

    @api.depends("structure_id", "date_from", "date_to", "contributor_type")
    def _compute_display_name(self):
        labels = dict(CONTRIBUTOR_TYPES)
        for declaration in self:
            declaration.display_name = " - ".join(filter(None, (
                declaration.structure_id.name,
                declaration.date_from and fields.Date.to_string(declaration.date_from),
                declaration.date_to and fields.Date.to_string(declaration.date_to),
                labels.get(declaration.contributor_type),
            )))

    @api.constrains("hours", "headcount", "distance_km", "amount", "date_from", "date_to")
    def _check_figures(self):
        today = fields.Date.context_today(self)
        for declaration in self:
            _values, problems = rules.check_entry(declaration._as_entry(), today)
            if problems:
                raise ValidationError(self._problem_message(problems[0]))

    def _as_entry(self):
        """This declaration as an API entry, for the engine's checks."""
        return {
            "structure": self.structure_id.id, "date_from": self.date_from,
            "date_to": self.date_to, "contributor_type": self.contributor_type,
            "hours": self.hours, "headcount": self.headcount,
            "distance_km": self.distance_km, "amount": self.amount or 0.0,
            "external_ref": self.external_ref,
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if WORKFLOW_FIELDS & vals.keys() and not self.env.su:
                raise UserError(self.env._(
                    "A new declaration is submitted; acceptance, rejection and value come "
                    "from the workflow buttons."))
            if vals.get("override_detailed") and not self._is_manager():
                raise AccessError(self._override_message())
            if "source" in vals and not self.env.su and not self.env.context.get(
                    "volunteer_declaration_source_checked"):
                raise UserError(self.env._("The source of a declaration is set by Odoo."))
        declarations = super().create(vals_list)
        declarations._check_structures_allowed()
        return declarations

    def write(self, vals):
        if WORKFLOW_FIELDS & vals.keys() and not self.env.su:
            raise UserError(self.env._(
                "The status and value of a declaration change only through its buttons "
                "(accept, reject) or by a new sending."))
        if "override_detailed" in vals and not self._is_manager():
            raise AccessError(self._override_message())
        if DECLARED_FIELDS & vals.keys() and not self.env.su and any(
                declaration.state != rules.SUBMITTED for declaration in self):
            raise UserError(self.env._(
                "An accepted, rejected or replaced declaration keeps what was declared: the "
                "member sends a new version instead."))
        result = super().write(vals)
        if "structure_id" in vals:
            self._check_structures_allowed()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(declaration.state != rules.SUBMITTED for declaration in self):
            raise UserError(self.env._(
                "Accepted, rejected and replaced declarations stay in the history; only a "
                "submitted one can be deleted."))

    def _override_message(self):
        return self.env._(
            "Only a volunteering manager can accept a declaration for a period that also has "
            "validated detailed contributions.")

    def _is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    def _check_structures_allowed(self):
        """Who may declare for a structure: its coordinators and those of the structures
        above it, its contact on the portal, managers (record rules say the same)."""
        if self.env.su:
            return
        allowed = self.env["volunteer.structure"]._declarable_structures()
        refused = self.structure_id.sudo() - allowed if allowed is not None else None
        if refused:
            raise AccessError(self.env._(
                "You cannot declare totals for %(structures)s: only its contact, its "
                "coordinators and those of the structures above it can.",
                structures=", ".join(refused.mapped("complete_name"))))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def action_accept(self):
        """Accept in bulk: the hours are valued with today's scale, then frozen."""
        self._check_decider()
        self._check_states(rules.SUBMITTED, self.env._("Accepting"))
        self._check_double_count()
        valuations = self._valuations()
        unrated = self.filtered(lambda rec: not valuations[rec.id].found)
        if unrated:
            raise UserError(self.env._(
                "No valuation rate applies to %(names)s. Add a rate line (Configuration > "
                "Rates) covering their period, structure and level, or check the reference "
                "wage.", names=", ".join(unrated.mapped("display_name"))))
        now = fields.Datetime.now()
        for declaration in self:
            valuation = valuations[declaration.id]
            declaration.sudo().write({
                "state": rules.ACCEPTED, "rate_id": valuation.rate.id,
                "hourly_rate": float(valuation.hourly_rate),
                "valued_amount": float(valuation.amount),
                "accepted_by_id": self.env.user.id, "acceptance_date": now,
                "rejection_reason": False,
            })
        return True

    def action_reject(self, reason):
        """Reject in bulk, with the reason the member will read."""
        self._check_decider()
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Say why these declarations are rejected."))
        self._check_states(rules.SUBMITTED, self.env._("Rejecting"))
        self.sudo().write({"state": rules.REJECTED, "rejection_reason": reason})
        for declaration in self:
            declaration.message_post(body=self.env._("Rejected: %(reason)s", reason=reason))
        return True

    def _check_decider(self):
        """Coordinators above the structure (or managers) decide; not its own coordinators
        deciding on their own figures."""
        if not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(self.env._(
                "Only the coordinators above a structure can accept or reject its "
                "declarations."))
        self.check_access("write")
        if self._is_manager():
            return
        own = self.filtered(lambda rec: self.env.user in rec.structure_id.sudo().coordinator_ids)
        if own:
            raise AccessError(self.env._(
                "You coordinate %(structures)s: a coordinator of the structure above checks "
                "its declarations.",
                structures=", ".join(own.structure_id.mapped("complete_name"))))

    def _check_states(self, allowed, action):
        wrong = self.filtered(lambda rec: rec.state != allowed)
        if wrong:
            raise UserError(self.env._(
                "%(action)s is only possible for submitted declarations, not for %(names)s.",
                action=action, names=", ".join(wrong.mapped("display_name"))))

    def _check_double_count(self):
        """Refuse the periods a structure also recorded in detail (unless a manager said so)."""
        checked = self.filtered(lambda rec: not rec.override_detailed)
        clashes = checked._detailed_clashes()
        if clashes:
            raise UserError(self._double_count_message(clashes))

    def _detailed_clashes(self):
        """Declarations of ``self`` whose structure has validated detailed contributions
        in their period: they would be counted twice."""
        if not self:
            return self
        domain = Domain.OR(
            Domain("structure_id", "=", rec.structure_id.id)
            & Domain("date", "<=", rec.date_to) & Domain("date_last", ">=", rec.date_from)
            for rec in self)
        rows = self.env["volunteer.contribution"].sudo()._read_group(
            domain & Domain("state", "=", "validated") & Domain("entry_mode", "=", "detailed"),
            ["structure_id", "date:day", "date_last:day"], ["__count"])
        spans = {}
        for structure, first, last, _count in rows:
            spans.setdefault(structure.id, []).append((first, last))
        return self.filtered(lambda rec: any(
            rules.periods_overlap(rec.date_from, rec.date_to, first, last)
            for first, last in spans.get(rec.structure_id.id, ())))

    def _double_count_message(self, clashes):
        return self.env._(
            "%(names)s: this structure already has validated detailed contributions in this "
            "period, which would be counted twice. Keep one of them; a volunteering manager "
            "can tick “Accept despite detailed entries” when both are needed.",
            names=", ".join(clashes.mapped("display_name")))

    def _valuations(self):
        """{id: engine Valuation} of these declarations with their company's scale."""
        companies = self.company_id
        lines = {}
        for rate in self.env["volunteer.rate"].sudo().search([("company_id", "in", companies.ids)]):
            lines.setdefault(rate.company_id.id, []).append(rate._as_line())
        wages = self.env["volunteer.reference.wage"]._wage_periods(companies)
        result = {}
        for declaration in self:
            company = declaration.company_id.id
            digits = declaration.currency_id.decimal_places or 2
            try:
                result[declaration.id] = engine.valuate(
                    lines.get(company, []), wages.get(company, []), declaration._rate_facts(),
                    declaration.hours, digits)
            except engine.RateTieError:
                zero = engine.round_money(0, digits)
                result[declaration.id] = engine.Valuation(None, zero, zero)
        return result

    def _rate_facts(self):
        """What the scale looks at: the first day of the period and the declared criteria."""
        return engine.ContributionFacts(
            day=self.date_from,
            structure_path=frozenset(self.structure_id._path_ids()),
            level_id=self.level_id.id or None,
            category_id=self.category_id.id or None,
            contributor_type=self.contributor_type or None,
        )

    def action_open_reject_wizard(self):
        """Ask the reason of a rejection."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject"),
            "res_model": "volunteer.declaration.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_declaration_ids": self.ids},
        }
