# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).


from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..engine import contribution_keys as keys
from ..engine import contribution_limits as limits
from ..engine import rates as engine
from ..engine.odoo_names import DEFAULT_FTE_ANNUAL_HOURS, FTE_ANNUAL_HOURS_PARAM

CONTRIBUTOR_TYPES = [
    (keys.VOLUNTEER, "Volunteer (bénévole)"),
    (keys.CIVIC_SERVICE, "Civic service volunteer (volontaire)"),
    (keys.SKILLS_SPONSORSHIP, "Skills sponsorship (mécénat de compétences)"),
]
ROLES = [
    (keys.GOVERNANCE, "Governance (board, bureau)"),
    (keys.SUPERVISION, "Supervision of volunteers"),
    (keys.OTHER_ROLE, "Other activity"),
]
ENTRY_MODES = [(keys.DETAILED, "Detailed"), (keys.ESTIMATE, "Estimate")]
STATES = [
    (keys.DRAFT, "Draft"),
    (keys.SUBMITTED, "To validate"),
    (keys.VALIDATED, "Validated"),
    (keys.REJECTED, "Rejected"),
]

# Fields whose change would change what a validated contribution counts or is worth.
VALUED_FIELDS = frozenset({
    "partner_id", "structure_id", "project_id", "task_id", "date", "date_end", "duration",
    "distance_km", "level_id", "category_id", "contributor_type", "role", "entry_mode",
    "headcount", "company_id",
})
# Fields only the workflow methods may write.
WORKFLOW_FIELDS = frozenset({
    "state", "rejection_reason", "hourly_rate", "amount", "rate_id", "validated_by_id",
    "validation_date",
})
# Fields Odoo sets itself (the way in, the import key, the company of the structure): never
# written by hand once the contribution exists.
SYSTEM_FIELDS = frozenset({"source", "import_key", "company_id"})
# Records a contribution may point to only while they are active (archived ones are kept
# for the history, not for new time).
ACTIVE_REFERENCES = ("partner_id", "structure_id", "project_id", "task_id", "level_id",
                     "category_id")


class VolunteerContribution(models.Model):
    _name = "volunteer.contribution"
    _description = "Volunteer contribution"
    _inherit = ["mail.thread", "volunteer.input.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Description", required=True, tracking=True)
    note = fields.Text(string="Details")
    partner_id = fields.Many2one(
        "res.partner", string="Volunteer", index=True, ondelete="restrict", tracking=True,
    )
    structure_id = fields.Many2one(
        "volunteer.structure", required=True, index=True,
        ondelete="restrict", tracking=True,
    )
    project_id = fields.Many2one(
        "project.project", index="btree_not_null", ondelete="restrict",
        compute="_compute_project_id", store=True, readonly=False, precompute=True,
    )
    task_id = fields.Many2one(
        "project.task", index="btree_not_null", ondelete="restrict",
        domain="[('project_id', '=?', project_id)]",
    )
    date = fields.Date(
        required=True, index=True, default=fields.Date.context_today, tracking=True,
    )
    date_end = fields.Date(string="End date", help="For an activity over several days.")
    date_last = fields.Date(
        string="Last day", compute="_compute_date_last", store=True,
        help="The end date of an activity over several days, else its date.",
    )
    duration = fields.Float(
        string="Hours", tracking=True, aggregator="sum",
        help="Hours given. For an estimate, the hours of all the people together.",
    )
    distance_km = fields.Float(string="Distance (km)", aggregator="sum")
    level_id = fields.Many2one("volunteer.level", string="Competence level", ondelete="restrict")
    category_id = fields.Many2one("volunteer.category", ondelete="restrict")
    contributor_type = fields.Selection(
        CONTRIBUTOR_TYPES, required=True, default=keys.VOLUNTEER,
        tracking=True,
    )
    role = fields.Selection(ROLES, required=True, default=keys.OTHER_ROLE)
    entry_mode = fields.Selection(
        ENTRY_MODES, required=True, default=keys.DETAILED,
        help="Detailed: one person's time. Estimate: a structure's estimate of the time "
             "given by several people.",
    )
    headcount = fields.Integer(
        string="Number of people", default=1, aggregator="sum",
        help="For an estimate: how many people gave these hours.",
    )
    state = fields.Selection(
        STATES, string="Status", required=True, default=keys.DRAFT, index=True, tracking=True,
        copy=False,
    )
    rejection_reason = fields.Text(copy=False, readonly=True)
    rate_id = fields.Many2one(
        "volunteer.rate", string="Rate line", compute="_compute_valuation", store=True,
        index="btree_not_null", ondelete="set null",
    )
    hourly_rate = fields.Monetary(
        string="Hourly value", compute="_compute_valuation", store=True,
        currency_field="currency_id", aggregator=None,
    )
    amount = fields.Monetary(
        string="Value", compute="_compute_valuation", store=True, currency_field="currency_id",
        aggregator="sum", tracking=True,
    )
    source = fields.Selection(
        [("backend", "Back office"), ("portal", "Volunteer portal"), ("import", "Import"),
         ("api", "API")],
        required=True, default="backend", readonly=True, copy=False,
    )
    company_id = fields.Many2one(
        related="structure_id.company_id", store=True, index=True, precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    validated_by_id = fields.Many2one("res.users", string="Validated by", readonly=True, copy=False)
    validation_date = fields.Datetime(readonly=True, copy=False)
    in_my_structures = fields.Boolean(
        compute="_compute_in_my_structures", search="_search_in_my_structures",
        help="In a structure I coordinate or one of its members.",
    )

    _positive_time = models.Constraint(
        "CHECK(duration >= 0 AND distance_km >= 0 AND (duration > 0 OR distance_km > 0))",
        "Enter a duration (or, for a trip, a distance) greater than zero.",
    )
    # The database's last guard, built from the engine's limits (contribution_limits).
    _day_length = models.Constraint(
        f"CHECK(entry_mode != '{keys.DETAILED}' OR "
        f"duration <= {limits.HOURS_PER_DAY} * (COALESCE(date_end, date) - date + 1))",
        "One person cannot give more than 24 hours a day.",
    )
    _period = models.Constraint(
        f"CHECK(date >= DATE '{limits.EARLIEST_DATE.isoformat()}' AND "
        "(date_end IS NULL OR date_end >= date))",
        "The date must be after 1 January 2000 and the end date cannot be before the start date.",
    )
    _estimate_day_length = models.Constraint(
        f"CHECK(entry_mode != '{keys.ESTIMATE}' OR "
        f"duration <= {limits.HOURS_PER_DAY} * headcount * (COALESCE(date_end, date) - date + 1))",
        "An estimate cannot count more than 24 hours a day for each person.",
    )
    _estimate_shape = models.Constraint(
        "CHECK(entry_mode != 'estimate' OR (headcount > 0 AND partner_id IS NULL))",
        "An estimate gives a number of people and names no volunteer.",
    )
    _detailed_shape = models.Constraint(
        "CHECK(entry_mode != 'detailed' OR partner_id IS NOT NULL)",
        "A detailed contribution names its volunteer.",
    )
    _structure_state_date_idx = models.Index("(structure_id, state, date)")

    @api.depends("task_id")
    def _compute_project_id(self):
        for contribution in self:
            if contribution.task_id:
                contribution.project_id = contribution.task_id.project_id

    @api.depends("date", "date_end")
    def _compute_date_last(self):
        for contribution in self:
            contribution.date_last = contribution.date_end or contribution.date

    def _compute_in_my_structures(self):
        user = self.env.user
        for contribution in self:
            contribution.in_my_structures = (
                user in contribution.structure_id.sudo().branch_coordinator_ids)

    def _search_in_my_structures(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = Domain("structure_id.branch_coordinator_ids", "in", [self.env.uid])
        return domain if True in value else ~domain

    @api.depends(
        "state", "date", "duration", "structure_id", "level_id", "category_id",
        "contributor_type", "company_id",
    )
    def _compute_valuation(self):
        """Value open contributions with the scale; validated ones keep their value."""
        open_ones = self.filtered(lambda rec: rec.state != "validated")
        if not open_ones:
            return
        companies = open_ones.company_id
        lines = {}
        for rate in self.env["volunteer.rate"].sudo().search([("company_id", "in", companies.ids)]):
            lines.setdefault(rate.company_id.id, []).append(rate._as_line())
        wages = self.env["volunteer.reference.wage"]._wage_periods(companies)
        for contribution in open_ones:
            company = contribution.company_id.id
            valuation = contribution._valuate(lines.get(company, []), wages.get(company, []))
            contribution.rate_id = valuation.rate.id if valuation.found else False
            contribution.hourly_rate = float(valuation.hourly_rate)
            contribution.amount = float(valuation.amount)

    def _valuate(self, lines, wages):
        """This contribution's valuation by the engine; no rate when data is missing."""
        digits = self.currency_id.decimal_places or 2
        zero = engine.round_money(0, digits)
        nothing = engine.Valuation(None, zero, zero)
        if not (self.date and self.structure_id):
            return nothing
        try:
            return engine.valuate(lines, wages, self._rate_facts(), self.duration, digits)
        except engine.RateTieError:
            return nothing

    def _rate_facts(self):
        """What a scale (rates, conversion rules) looks at in this contribution."""
        return engine.ContributionFacts(
            day=self.date,
            structure_path=frozenset(self.structure_id._path_ids()),
            level_id=self.level_id.id or None,
            category_id=self.category_id.id or None,
            contributor_type=self.contributor_type or None,
        )

    @api.constrains("date", "date_end")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for contribution in self:
            problem = limits.period_problem(contribution.date, contribution.date_end, today)
            if problem == limits.TOO_EARLY:
                raise ValidationError(self.env._(
                    "The date %(date)s is before 1 January 2000.", date=contribution.date))
            if problem == limits.IN_FUTURE:
                raise ValidationError(self.env._(
                    "“%(name)s”: time can only be declared once given; the date cannot be in "
                    "the future.", name=contribution.name))
            if problem == limits.END_BEFORE_START:
                raise ValidationError(self.env._(
                    "“%(name)s”: the end date cannot be before the start date.",
                    name=contribution.name))

    @api.constrains("duration", "distance_km", "date", "date_end", "entry_mode")
    def _check_time(self):
        for contribution in self:
            if contribution.duration < 0 or contribution.distance_km < 0:
                raise ValidationError(self.env._(
                    "“%(name)s”: durations and distances cannot be negative.",
                    name=contribution.name))
            if contribution.duration <= 0 and contribution.distance_km <= 0:
                raise ValidationError(self.env._(
                    "“%(name)s”: enter a duration (or, for a trip, a distance) greater than "
                    "zero.", name=contribution.name))
            days = limits.period_days(contribution.date, contribution.date_end)
            if (contribution.entry_mode == keys.DETAILED
                    and contribution.duration > limits.max_hours(days)):
                raise ValidationError(self.env._(
                    "“%(name)s”: one person cannot give more than 24 hours a day "
                    "(%(hours)s h over %(days)s day(s)). For a group, record an estimate.",
                    name=contribution.name, hours=contribution.duration, days=days))
            people = max(contribution.headcount, 1)
            most = limits.max_hours(days, people)
            if contribution.entry_mode == keys.ESTIMATE and contribution.duration > most:
                raise ValidationError(self.env._(
                    "“%(name)s”: %(people)s person(s) cannot give more than %(max)s hours over "
                    "%(days)s day(s) (24 hours a day each).", name=contribution.name,
                    people=people, max=most, days=days))

    @api.constrains("entry_mode", "partner_id", "headcount")
    def _check_entry_mode(self):
        for contribution in self:
            if contribution.entry_mode == "estimate":
                if contribution.partner_id:
                    raise ValidationError(self.env._(
                        "“%(name)s”: an estimate covers several people and names no volunteer.",
                        name=contribution.name))
                if contribution.headcount <= 0:
                    raise ValidationError(self.env._(
                        "“%(name)s”: give the number of people this estimate covers.",
                        name=contribution.name))
            elif not contribution.partner_id:
                raise ValidationError(self.env._(
                    "“%(name)s”: choose the volunteer who gave this time.",
                    name=contribution.name))

    @api.constrains("task_id", "project_id")
    def _check_task_project(self):
        for contribution in self:
            if contribution.task_id and contribution.task_id.project_id != contribution.project_id:
                raise ValidationError(self.env._(
                    "“%(name)s”: task %(task)s belongs to another project than %(project)s.",
                    name=contribution.name, task=contribution.task_id.name,
                    project=contribution.project_id.name or "-"))

    @api.constrains("project_id", "task_id", "structure_id")
    def _check_project_open(self):
        """A project or task belongs to the company of the contribution; for a volunteer,
        it is also open to the structure (or to one of its parents)."""
        volunteer = self.env.user.share
        for contribution in self.sudo():
            structure = contribution.structure_id
            ancestors = set(structure._path_ids())
            for record in (contribution.project_id, contribution.task_id):
                if record.company_id and record.company_id != contribution.company_id:
                    raise ValidationError(self.env._(
                        "“%(name)s”: %(record)s belongs to another company than %(structure)s.",
                        name=contribution.name, record=record.display_name,
                        structure=structure.display_name))
            project = contribution.project_id
            if volunteer and project and not ancestors & set(project.volunteer_structure_ids.ids):
                raise ValidationError(self.env._(
                    "“%(name)s”: project %(project)s is not open to the volunteers of "
                    "%(structure)s (see “Open to the volunteers of” on the project).",
                    name=contribution.name, project=project.display_name,
                    structure=structure.display_name))

    @api.constrains("structure_id", "partner_id")
    def _check_own_declaration(self):
        """Portal volunteers declare only their own time, in their own structures."""
        user = self.env.user
        if not user.share:
            return
        for contribution in self:
            if contribution.partner_id != user.partner_id:
                raise ValidationError(self.env._("You can only declare your own time."))
            if user.partner_id not in contribution.structure_id.sudo().volunteer_ids:
                raise ValidationError(self.env._(
                    "You can only declare time in the structures you volunteer for."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_values(vals)
        structures = self.env["volunteer.structure"].sudo().browse(
            {vals["structure_id"] for vals in vals_list
             if isinstance(vals.get("structure_id"), int)}).exists()
        for vals in vals_list:
            if (WORKFLOW_FIELDS - {"state"}) & vals.keys() or vals.get("state", "draft") not in (
                    "draft", "submitted"):
                raise UserError(self.env._(
                    "A new contribution is saved as a draft or submitted; validation, "
                    "rejection and value come from the workflow buttons."))
            source = self._create_source(vals)
            if not self.env.su:
                structure = structures.filtered(lambda rec, vals=vals: rec.id == vals.get(
                    "structure_id"))
                if vals.get("source", source) != source or vals.get(
                        "company_id", structure.company_id.id) != structure.company_id.id:
                    raise UserError(self._system_fields_message(
                        {"source", "company_id"} & vals.keys()))
                if vals.get("import_key") and self.env.user.share:
                    raise UserError(self._system_fields_message({"import_key"}))
            vals.setdefault("source", source)
        contributions = super().create(vals_list)
        contributions._check_active_references(ACTIVE_REFERENCES)
        return contributions

    @api.model
    def _create_source(self, vals):
        """The way a new contribution comes in, as Odoo sees it (never chosen by hand)."""
        if self.env.user.share:
            return "portal"
        if vals.get("import_key") or self.env.context.get("import_file"):
            return "import"
        return "backend"

    def _is_trusted_create(self):
        """Whether this creation comes from a server path that checked every value itself
        (such as the declaration API), rather than from values sent by a client."""
        return False

    @api.model
    def _system_fields_message(self, names):
        labels = ", ".join(sorted(self._fields[name]._description_string(self.env)
                                  for name in names))
        return self.env._(
            "%(fields)s of a contribution are set by Odoo (the way it was entered, its import, "
            "the company of its structure) and cannot be chosen or changed by hand.",
            fields=labels)

    def write(self, vals):
        self._check_input_values(vals)
        if WORKFLOW_FIELDS & vals.keys():
            raise UserError(self.env._(
                "The state and the value of a contribution change only through its buttons "
                "(submit, validate, reject, reset to draft)."))
        if SYSTEM_FIELDS & vals.keys() and not self.env.su:
            raise UserError(self._system_fields_message(SYSTEM_FIELDS & vals.keys()))
        locked = VALUED_FIELDS & vals.keys()
        if locked and any(contribution.state == "validated" for contribution in self):
            labels = ", ".join(sorted(self._fields[name]._description_string(self.env)
                                      for name in locked))
            raise UserError(self.env._(
                "A validated contribution keeps what was validated (%(fields)s). A manager can "
                "reset it to draft, with a reason, to correct it.", fields=labels))
        result = super().write(vals)
        self._check_active_references([name for name in ACTIVE_REFERENCES if vals.get(name)])
        if {"structure_id", "partner_id"} & vals.keys():
            # Record rules were checked on the old values: the new ones must pass them too.
            self.check_access("write")
        return result

    def _check_active_references(self, names):
        """Refuse new links to archived structures, volunteers, projects, levels... made by
        a user (server code running as superuser, such as data files, may keep history)."""
        if self.env.su:
            return
        for name in names:
            archived = self.sudo().mapped(name).filtered(lambda record: not record.active)
            if archived:
                raise ValidationError(self.env._(
                    "“%(field)s”: %(records)s is archived; choose an active one.",
                    records=", ".join(archived.mapped("display_name")),
                    field=self._fields[name]._description_string(self.env)))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        if any(contribution.state == "validated" for contribution in self):
            raise UserError(self.env._(
                "A validated contribution is part of the accounts and cannot be deleted. "
                "A manager can reset it to draft first."))

    def _write_workflow(self, vals):
        """Write workflow fields, which :meth:`write` refuses to other callers."""
        return super().write(vals)  # pylint: disable=super-method-mismatch

    @api.model
    def _refresh_open_valuations(self, companies):
        """Revalue the open contributions of ``companies`` after a scale change."""
        if not companies:
            return
        open_ones = self.sudo().search([
            ("company_id", "in", companies.ids), ("state", "!=", "validated")])
        self.env.add_to_compute(self._fields["amount"], open_ones)

    @api.model
    def _fte_annual_hours(self):
        """Hours of one full-time job a year, from the settings (1607 by default)."""
        value = self.env["ir.config_parameter"].sudo().get_param(
            FTE_ANNUAL_HOURS_PARAM)
        try:
            hours = float(value)
        except (TypeError, ValueError):
            return DEFAULT_FTE_ANNUAL_HOURS
        return hours if hours > 0 else DEFAULT_FTE_ANNUAL_HOURS

    @api.model
    def _validated_totals(self, groupby, domain):
        """Validated hours and value per ``groupby`` value: {record id: (hours, amount)}.

        Under the caller's record rules: a coordinator adds up what they may see.
        """
        rows = self._read_group(
            domain + [("state", "=", "validated")], [groupby], ["duration:sum", "amount:sum"])
        return {record.id: (hours, amount) for record, hours, amount in rows}

    @api.model
    def _validated_totals_by_structure(self, structures):
        """Like :meth:`_validated_totals`, each structure including its members."""
        if not structures.ids:
            return {}
        per_structure = self._validated_totals(
            "structure_id", [("structure_id", "child_of", structures.ids)])
        paths = {structure.id: structure.parent_path
                 for structure in self.env["volunteer.structure"].sudo().browse(per_structure)}
        totals = {}
        for structure in structures:
            hours = amount = 0.0
            for structure_id, (sub_hours, sub_amount) in per_structure.items():
                if paths[structure_id].startswith(structure.parent_path or "-"):
                    hours += sub_hours
                    amount += sub_amount
            totals[structure.id] = (hours, amount)
        return totals
