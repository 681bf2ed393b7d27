# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import base64
import binascii
from dataclasses import dataclass, field

from odoo import Command, api, fields, models

from ..engine import benevalibre
from ..engine import rates as rates_engine
from ..engine.durations import format_duration

UNNAMED = "__unnamed__"
LISTED_LINES = 20
LISTED_NAMES = 30


@dataclass
class _Matching:
    """Names of the file matched to records, or to create: by normalized name."""

    found: dict = field(default_factory=dict)
    new: dict = field(default_factory=dict)

    def record(self, name):
        return self.found.get(benevalibre.normalize(name))


@dataclass
class _Plan:
    """What an import of the file would do."""

    export: benevalibre.Export
    problems: list = field(default_factory=list)  # translated messages
    blocking: list = field(default_factory=list)  # problems of the whole file
    skipped: list = field(default_factory=list)  # actions already imported
    actions: list = field(default_factory=list)  # actions to import
    volunteer_keys: dict = field(default_factory=dict)  # action key: volunteer key
    volunteers: _Matching = field(default_factory=_Matching)
    levels: _Matching = field(default_factory=_Matching)
    categories: _Matching = field(default_factory=_Matching)
    projects: _Matching = field(default_factory=_Matching)
    unrated: list = field(default_factory=list)  # validated actions no rate applies to


class VolunteerImportBenevalibre(models.TransientModel):
    """Brings the volunteering actions exported from Bénévalibre into a structure."""

    _name = "volunteer.import.benevalibre"
    _description = "Import of a Bénévalibre export"

    def _default_structure_id(self):
        return self.env.user.volunteer_coordinated_structure_ids[:1]

    file = fields.Binary(
        string="Bénévalibre export", required=True, attachment=False,
        help="The file of the “Export” button of Bénévalibre's list of actions (of an "
             "association, or “My actions” of a volunteer): CSV, XLSX or JSON.",
    )
    filename = fields.Char()
    structure_id = fields.Many2one(
        "volunteer.structure", required=True, default=_default_structure_id,
        help="The association (or local branch) whose actions the file holds.",
    )
    association_name = fields.Char(
        string="Association in the file",
        help="When the file holds the actions of several associations (a volunteer's own "
             "export), import only the actions of this one, named as in the file.",
    )
    skip_invalid = fields.Boolean(
        string="Skip invalid lines",
        help="Import the valid lines even when some lines are invalid. Otherwise nothing is "
             "imported while a line is invalid.",
    )
    state = fields.Selection(
        [("draft", "New"), ("preview", "Checked"), ("done", "Imported")],
        required=True, default="draft",
    )
    line_count = fields.Integer(string="Actions in the file", readonly=True)
    error_count = fields.Integer(string="Invalid lines", readonly=True)
    created_count = fields.Integer(string="Imported", readonly=True)
    skipped_count = fields.Integer(string="Already imported", readonly=True)
    report = fields.Text(readonly=True)

    @api.onchange("file", "structure_id", "association_name", "skip_invalid")
    def _onchange_reset(self):
        self.state = "draft"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_preview(self):
        """Read the file and tell what an import would do, without writing anything."""
        self.ensure_one()
        plan = self._plan()
        heading = None
        if plan.problems and not plan.blocking and not self.skip_invalid:
            heading = self.env._(
                "Some lines are invalid: correct the file, or tick “Skip invalid lines” to "
                "import the valid lines only.")
        self.write(dict(self._counts(plan), state="preview", created_count=0,
                        report=self._report(plan, heading=heading)))
        return self._reopen()

    def action_import(self):
        """Import the actions of the file that are valid and not yet imported."""
        self.ensure_one()
        plan = self._plan()
        if plan.blocking or (plan.problems and not self.skip_invalid):
            report = self._report(plan, heading=self.env._(
                "Nothing was imported: correct the file, or tick “Skip invalid lines” to "
                "import the valid lines only.") if not plan.blocking else self.env._(
                "Nothing was imported."))
            self.write(dict(self._counts(plan), state="preview", created_count=0, report=report))
            return self._reopen()
        report = self._report(plan, done=True)
        contributions = self._execute(plan)
        validated = contributions.filtered(lambda rec: rec.state == "validated")
        heading = self.env._(
            "Imported: %(count)s action(s), %(hours)s; %(validated)s validated, %(submitted)s to "
            "validate.", count=len(contributions),
            hours=format_duration(sum(action.hours for action in plan.actions)),
            validated=len(validated), submitted=len(contributions - validated))
        self.write(dict(self._counts(plan), state="done", created_count=len(contributions),
                        report=f"{heading}\n{report}"))
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import from Bénévalibre"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @staticmethod
    def _counts(plan):
        return {
            "line_count": plan.export.line_count,
            "error_count": len(plan.export.invalid_lines) + len(plan.blocking),
            "skipped_count": len(plan.skipped),
        }

    # ------------------------------------------------------------------
    # Reading the file and matching its names
    # ------------------------------------------------------------------

    def _plan(self):
        structure = self.structure_id
        try:
            content = base64.b64decode(self.file or b"", validate=True)
        except (binascii.Error, ValueError):
            content = b""
        export = benevalibre.read_export(
            content, self.filename or "", today=fields.Date.context_today(self))
        plan = _Plan(export=export)
        for problem in export.problems:
            message = self._problem_message(problem)
            if problem.line is None:
                plan.blocking.append(message)
            else:
                plan.problems.append(self._line_label(export, problem.line, message))
        actions = self._actions_of_association(export, plan)
        if not self._check_structure(plan):
            return plan
        existing = set(self.env["volunteer.contribution"].sudo().search([
            ("structure_id", "=", structure.id),
            ("import_key", "in", [action.key for action in actions]),
        ]).mapped("import_key")) if actions else set()
        plan.skipped = [action for action in actions if action.key in existing]
        plan.actions = [action for action in actions if action.key not in existing]
        self._match_volunteers(plan)
        self._match_levels(plan)
        self._match_categories(plan)
        self._match_projects(plan)
        self._check_creation_rights(plan)
        plan.unrated = self._unrated(plan)
        return plan

    def _actions_of_association(self, export, plan):
        associations = export.associations
        if self.association_name:
            wanted = benevalibre.normalize(self.association_name)
            actions = [action for action in export.actions
                       if benevalibre.normalize(action.association) == wanted]
            if not actions:
                plan.blocking.append(self.env._(
                    "The file has no action of the association “%(name)s”; it has: %(names)s.",
                    name=self.association_name, names=self._association_list(associations)))
            return actions
        if len(associations) > 1:
            plan.blocking.append(self.env._(
                "The file holds the actions of several associations (%(names)s): fill in "
                "“Association in the file” to import those of one of them.",
                names=self._association_list(associations)))
        return export.actions

    def _association_list(self, associations):
        return ", ".join(
            self.env._("%(name)s (%(count)s)", name=name or "-", count=count)
            for name, count in sorted(associations.items()))

    def _check_structure(self, plan):
        """Whether the user coordinates the structure (or manages them all)."""
        user = self.env.user
        if user.has_group("volunteer_valuation.group_volunteer_manager"):
            return True
        mine = self.env["volunteer.structure"].search(
            [("id", "child_of", user.volunteer_coordinated_structure_ids.ids)])
        if self.structure_id in mine:
            return True
        plan.blocking.append(self.env._(
            "You do not coordinate %(structure)s: you cannot import its actions.",
            structure=self.structure_id.sudo().complete_name))
        return False

    def _match_volunteers(self, plan):
        """Volunteers by first and last name, then pseudo, among those of the structure."""
        partners = self.env["res.partner"].search(
            [("volunteer_structure_ids", "in", self.structure_id.ids)], order="id")
        index = {}
        for partner in partners:
            index.setdefault(benevalibre.normalize(partner.name), partner)
        unnamed_names = {benevalibre.normalize(self._unnamed_name()),
                         benevalibre.normalize(self.with_context(lang="en_US")._unnamed_name())}
        matching = plan.volunteers
        for action in plan.actions:
            if action.is_unnamed:
                key = UNNAMED
                partner = next((index[name] for name in unnamed_names if name in index), None)
                name = self._unnamed_name()
            else:
                names = [f"{action.first_name} {action.last_name}",
                         f"{action.last_name} {action.first_name}", action.pseudo]
                keys = [benevalibre.normalize(name) for name in names if name.strip()]
                partner = next((index[key] for key in keys if key in index), None)
                key = keys[0]
                name = action.person_name
            plan.volunteer_keys[action.key] = key
            if partner:
                matching.found[key] = partner
            else:
                matching.new.setdefault(key, name)

    def _unnamed_name(self):
        return self.env._("Unnamed volunteers (Bénévalibre)")

    def _company_domain(self):
        return [("company_id", "in", [self.structure_id.company_id.id, False])]

    def _match_names(self, matching, names, index):
        for name in names:
            key = benevalibre.normalize(name)
            if not key or key in matching.found:
                continue
            if key in index:
                matching.found[key] = index[key]
            else:
                matching.new.setdefault(key, name)

    def _match_levels(self, plan):
        levels = self.env["volunteer.level"].search(self._company_domain())
        self._match_names(plan.levels, [action.level for action in plan.actions],
                          self.env["volunteer.contribution"]._name_index(levels))

    def _match_categories(self, plan):
        """Bénévalibre's 12 default categories are ours; others are matched by name."""
        categories = self.env["volunteer.category"].search(self._company_domain())
        defaults = {
            key: self.env.ref(f"volunteer_valuation.{key}", raise_if_not_found=False)
            for key in benevalibre.DEFAULT_CATEGORIES
        }
        names = {action.category for action in plan.actions}
        for name in names:
            default = defaults.get(benevalibre.default_category_key(name))
            if default and default in categories:
                plan.categories.found[benevalibre.normalize(name)] = default
        self._match_names(plan.categories, names, self.env["volunteer.contribution"]._name_index(
            categories))

    def _match_projects(self, plan):
        projects = self.env["project.project"].search(self._company_domain())
        self._match_names(plan.projects, [action.project for action in plan.actions],
                          self.env["volunteer.contribution"]._name_index(projects))

    def _check_creation_rights(self, plan):
        """Records to create that the user may not create stop the import, with a clear word."""
        kinds = (
            (plan.volunteers, "res.partner", self.env._("volunteers")),
            (plan.levels, "volunteer.level", self.env._("competence levels")),
            (plan.categories, "volunteer.category", self.env._("categories")),
            (plan.projects, "project.project", self.env._("projects")),
        )
        for matching, model, label in kinds:
            if matching.new and not self.env[model].has_access("create"):
                plan.blocking.append(self.env._(
                    "You cannot create %(kind)s, and the file needs these new ones: %(names)s. "
                    "Ask a manager to create them with these names, or to run this import.",
                    kind=label, names=", ".join(sorted(matching.new.values()))))

    def _unrated(self, plan):
        """Actions validated in Bénévalibre that no valuation rate applies to."""
        structure = self.structure_id
        company = structure.company_id
        lines = self.env["volunteer.rate"].sudo().search([("company_id", "=", company.id)])
        lines = lines._as_lines()
        wages = self.env["volunteer.reference.wage"]._wage_periods(company).get(company.id, [])
        path = frozenset(int(part) for part in (structure.parent_path or "").split("/") if part)
        unrated = []
        for action in plan.actions:
            if action.pending:
                continue
            level = plan.levels.record(action.level)
            category = plan.categories.record(action.category)
            facts = rates_engine.ContributionFacts(
                day=action.date, structure_path=path, level_id=level.id if level else None,
                category_id=category.id if category else None, contributor_type="volunteer")
            try:
                found = rates_engine.valuate(lines, wages, facts, action.hours).found
            except rates_engine.RateTieError:
                found = False
            if not found:
                unrated.append(action)
        return unrated

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    def _execute(self, plan):
        """Create what is missing, then the contributions; validate those Bénévalibre did."""
        structure = self.structure_id
        company = structure.company_id
        if plan.volunteers.new:
            self._create_missing(plan.volunteers, "res.partner", lambda name: {
                "name": name, "volunteer_structure_ids": [Command.link(structure.id)]})
        for matching, model in ((plan.levels, "volunteer.level"),
                                (plan.categories, "volunteer.category"),
                                (plan.projects, "project.project")):
            self._create_missing(matching, model, lambda name: {
                "name": name, "company_id": company.id})
        vals_list = []
        for action in plan.actions:
            vals_list.append({
                "name": action.title,
                "note": action.description or False,
                "partner_id": plan.volunteers.found[plan.volunteer_keys[action.key]].id,
                "structure_id": structure.id,
                "project_id": self._record_id(plan.projects, action.project),
                "level_id": self._record_id(plan.levels, action.level),
                "category_id": self._record_id(plan.categories, action.category),
                "date": action.date,
                "date_end": action.date_end or False,
                "duration": action.hours,
                "distance_km": float(action.distance_km),
                "state": "submitted",
                "source": "import",
                "import_key": action.key,
            })
        Contribution = self.env["volunteer.contribution"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        contributions = Contribution.create(vals_list)
        validated_keys = {action.key for action in plan.actions if not action.pending}
        to_validate = contributions.filtered(
            lambda rec: rec.import_key in validated_keys and rec.rate_id)
        if to_validate:
            to_validate.action_validate()
        return contributions

    def _create_missing(self, matching, model, values):
        if not matching.new:
            return
        keys = list(matching.new)
        records = self.env[model].create([values(matching.new[key]) for key in keys])
        matching.found.update(zip(keys, records, strict=True))
        matching.new = {}

    @staticmethod
    def _record_id(matching, name):
        record = matching.record(name) if name else None
        return record.id if record else False

    # ------------------------------------------------------------------
    # Report
    # ------------------------------------------------------------------

    def _problem_message(self, problem):
        params = dict(problem.params)
        if "columns" in params:
            params["columns"] = ", ".join(params["columns"])
        messages = {
            "unreadable": self.env._(
                "The file cannot be read (%(reason)s). Export it again from Bénévalibre, as "
                "CSV, XLSX or JSON."),
            "empty": self.env._("The file holds no action."),
            "not_a_list": self.env._(
                "This JSON file is not a list of actions as Bénévalibre exports them."),
            "missing_columns": self.env._(
                "This is not a Bénévalibre export of actions: the column(s) %(columns)s are "
                "missing."),
            "not_an_object": self.env._("this entry is not an action."),
            "missing_title": self.env._("the title (Titre) is empty."),
            "missing_date": self.env._("the date (Date) is empty."),
            "bad_date": self.env._("“%(value)s” is not a date (%(column)s)."),
            "date_too_early": self.env._("the date %(date)s is before 1 January 2000."),
            "date_in_future": self.env._("the date %(date)s is in the future."),
            "end_before_start": self.env._(
                "the end date %(date_end)s is before the date %(date)s."),
            "bad_duration": self.env._(
                "the duration “%(value)s” is not understood (Bénévalibre writes 2:30:00)."),
            "missing_duration": self.env._("the duration (Durée) is empty."),
            "negative_duration": self.env._("the duration “%(value)s” is negative."),
            "bad_number": self.env._("“%(value)s” is not a number (%(column)s)."),
            "negative_distance": self.env._("the distance “%(value)s” is negative."),
            "no_time": self.env._("the action has neither a duration nor a distance."),
            "too_long": self.env._(
                "%(hours)s hours over %(days)s day(s) is more than one person can give."),
            "bad_boolean": self.env._(
                "“%(value)s” is neither True nor False (En attente de modération)."),
        }
        template = messages.get(problem.code, problem.code)
        try:
            return template % params
        except (KeyError, TypeError, ValueError):
            return template

    def _line_label(self, export, line, message):
        if export.kind == "json":
            return self.env._("Action %(line)s: %(message)s", line=line, message=message)
        return self.env._("Line %(line)s: %(message)s", line=line, message=message)

    def _lines(self, actions):
        lines = [str(action.line) for action in actions[:LISTED_LINES]]
        if len(actions) > LISTED_LINES:
            lines.append("…")
        return ", ".join(lines)

    def _names(self, names):
        names = sorted(names)
        if len(names) <= LISTED_NAMES:
            return ", ".join(names)
        return self.env._("%(names)s and %(count)s more", names=", ".join(names[:LISTED_NAMES]),
                          count=len(names) - LISTED_NAMES)

    def _matching_sentences(self, plan):
        """(matching, found, to create, created): whole sentences for the translators."""
        env = self.env
        return (
            (plan.volunteers,
             lambda names: env._("Volunteers found: %(names)s.", names=names),
             lambda names: env._("Volunteers to create: %(names)s.", names=names),
             lambda names: env._("Volunteers created: %(names)s.", names=names)),
            (plan.levels,
             lambda names: env._("Competence levels found: %(names)s.", names=names),
             lambda names: env._("Competence levels to create: %(names)s.", names=names),
             lambda names: env._("Competence levels created: %(names)s.", names=names)),
            (plan.categories,
             lambda names: env._("Categories found: %(names)s.", names=names),
             lambda names: env._("Categories to create: %(names)s.", names=names),
             lambda names: env._("Categories created: %(names)s.", names=names)),
            (plan.projects,
             lambda names: env._("Projects found: %(names)s.", names=names),
             lambda names: env._("Projects to create: %(names)s.", names=names),
             lambda names: env._("Projects created: %(names)s.", names=names)),
        )

    def _report(self, plan, heading=None, done=False):
        export = plan.export
        out = [heading] if heading else []
        out.append(self.env._(
            "File: %(kind)s, %(count)s action(s) read.", kind=export.kind.upper(),
            count=export.line_count))
        if export.ignored_columns:
            out.append(self.env._("Ignored columns: %(columns)s.",
                                  columns=", ".join(export.ignored_columns)))
        if export.associations:
            out.append(self.env._("Associations: %(names)s.",
                                  names=self._association_list(export.associations)))
        for message in plan.blocking:
            out.append("⚠ " + message)
        if plan.problems:
            out.append(self.env._("Invalid lines (%(count)s):", count=len(plan.problems)))
            out += ["  " + message for message in plan.problems]
        if plan.skipped:
            out.append(self.env._(
                "Already imported, skipped: %(count)s action(s).", count=len(plan.skipped)))
        totals = {
            "count": len(plan.actions),
            "hours": format_duration(sum(action.hours for action in plan.actions)),
            "km": round(sum(float(action.distance_km) for action in plan.actions), 2),
        }
        if done:
            out.append(self.env._(
                "Imported: %(count)s action(s), %(hours)s, %(km)s km.", **totals))
        else:
            out.append(self.env._(
                "To import: %(count)s action(s), %(hours)s, %(km)s km.", **totals))
        unnamed = [action for action in plan.actions if action.is_unnamed]
        if unnamed:
            out.append(self.env._(
                "Actions with no name (anonymous members): %(count)s, recorded for the "
                "volunteer “%(name)s”.", count=len(unnamed), name=self._unnamed_name()))
        for matching, found, to_create, created in self._matching_sentences(plan):
            if matching.found:
                out.append(found(self._names(
                    {record.display_name for record in matching.found.values()})))
            if matching.new:
                out.append((created if done else to_create)(self._names(matching.new.values())))
        pending = [action for action in plan.actions if action.pending]
        unrated = {action.key for action in plan.unrated}
        rated = [action for action in plan.actions
                 if not action.pending and action.key not in unrated]
        if rated:
            out.append(self.env._(
                "Validated in Bénévalibre, validated here too: %(count)s action(s).",
                count=len(rated)))
        if pending:
            out.append(self.env._(
                "Pending moderation in Bénévalibre, to validate here: %(count)s action(s).",
                count=len(pending)))
        if plan.unrated:
            out.append(self.env._(
                "Validated in Bénévalibre but left to validate here, because no valuation rate "
                "applies to them (add a rate line or a reference wage covering their dates): "
                "%(count)s action(s), lines %(lines)s.",
                count=len(plan.unrated), lines=self._lines(plan.unrated)))
        return "\n".join(out)
