# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What a Bénévalibre import would do, from the lines read, and the report that says it.

The figures come from the job's lines in a few SQL aggregates (whatever the
size of the file); names are matched to records once per distinct name.
"""

from dataclasses import dataclass, field
from datetime import date

from odoo import models
from odoo.tools import SQL

from ..engine import benevalibre
from ..engine import rates as rates_engine
from ..engine.durations import format_duration
from ..engine.odoo_names import MANAGER_GROUP

UNNAMED = "__unnamed__"
LISTED_LINES = 20
LISTED_NAMES = 30
LISTED_PROBLEMS = 100
KINDS = ("volunteer", "level", "category", "project")
MODELS = {"volunteer": "res.partner", "level": "volunteer.level",
          "category": "volunteer.category", "project": "project.project"}


@dataclass
class _Plan:
    """What an import of the file would do."""

    kind: str
    ignored_columns: tuple = ()
    line_count: int = 0
    associations: dict = field(default_factory=dict)  # name in the file: actions
    blocking: list = field(default_factory=list)  # problems of the whole file (messages)
    problems: list = field(default_factory=list)  # the first invalid lines (messages)
    problem_count: int = 0
    skipped: int = 0  # actions already imported
    count: int = 0  # actions to import
    seconds: int = 0
    km: float = 0.0
    pending: int = 0
    unnamed: int = 0
    unrated: int = 0  # validated actions no rate applies to
    unrated_lines: list = field(default_factory=list)
    found: dict = field(default_factory=lambda: {kind: {} for kind in KINDS})  # key: record
    new: dict = field(default_factory=lambda: {kind: {} for kind in KINDS})  # key: name

    @property
    def error_count(self):
        return self.problem_count + len(self.blocking)

    @property
    def names(self):
        """{kind: {key: id}} of the records found, for the import."""
        return {kind: {key: record.id for key, record in self.found[kind].items()}
                for kind in KINDS}


class VolunteerJob(models.Model):
    _inherit = "volunteer.job"

    def _benevalibre_plan(self):
        """Check the lines read: problems, association, keys already imported, names, rates."""
        params = self.params
        plan = _Plan(kind=params.get("kind", "csv"),
                     ignored_columns=tuple(params.get("ignored_columns", ())))
        self._plan_problems(plan)
        if not self._check_structure(plan):
            return plan
        wanted = params.get("association_name")
        association = benevalibre.normalize(wanted) if wanted else None
        self.env.cr.execute("""
            UPDATE volunteer_job_line line
               SET selected = line.problem IS NULL
                   AND (%(association)s::varchar IS NULL OR line.association = %(association)s)
                   AND NOT EXISTS (SELECT 1 FROM volunteer_contribution contribution
                                    WHERE contribution.structure_id = %(structure)s
                                      AND contribution.import_key = line.key)
             WHERE line.job_id = %(job)s
        """, {"association": association, "structure": self.structure_id.id, "job": self.id})
        self._plan_associations(plan, wanted, association)
        self.env.cr.execute("""
            SELECT COUNT(*) FILTER (WHERE selected),
                   COUNT(*) FILTER (WHERE NOT selected AND problem IS NULL
                                    AND (%(association)s::varchar IS NULL
                                         OR association = %(association)s)),
                   COALESCE(SUM((data->>'seconds')::integer) FILTER (WHERE selected), 0),
                   COALESCE(SUM((data->>'distance_km')::numeric) FILTER (WHERE selected), 0),
                   COUNT(*) FILTER (WHERE selected AND (data->>'pending')::boolean)
              FROM volunteer_job_line WHERE job_id = %(job)s
        """, {"association": association, "job": self.id})
        plan.count, plan.skipped, plan.seconds, km, plan.pending = self.env.cr.fetchone()
        plan.km = float(km)
        self._match_volunteers(plan)
        self._match_records(plan)
        self._check_creation_rights(plan)
        self._plan_unrated(plan)
        return plan

    def _plan_problems(self, plan):
        self.env.cr.execute("""
            SELECT COUNT(*) FILTER (WHERE line IS NOT NULL),
                   COUNT(*) FILTER (WHERE line IS NOT NULL AND problem IS NOT NULL)
              FROM volunteer_job_line WHERE job_id = %s
        """, (self.id,))
        plan.line_count, plan.problem_count = self.env.cr.fetchone()
        self.env.cr.execute("""
            (SELECT line, problem, data FROM volunteer_job_line
              WHERE job_id = %(job)s AND line IS NULL ORDER BY id)
            UNION ALL
            (SELECT line, problem, data FROM volunteer_job_line
              WHERE job_id = %(job)s AND line IS NOT NULL AND problem IS NOT NULL
              ORDER BY line LIMIT %(limit)s)
        """, {"job": self.id, "limit": LISTED_PROBLEMS})
        for line, code, params in self.env.cr.fetchall():
            message = self._problem_message(code, params or {})
            if line is None:
                plan.blocking.append(message)
            else:
                plan.problems.append(self._line_label(plan.kind, line, message))
        if plan.problem_count > LISTED_PROBLEMS:
            plan.problems.append(self.env._(
                "… and %(count)s more invalid lines.",
                count=plan.problem_count - LISTED_PROBLEMS))
        if not plan.line_count and not plan.blocking:
            plan.blocking.append(self._problem_message("empty", {}))

    def _plan_associations(self, plan, wanted, association):
        self.env.cr.execute("""
            SELECT data->>'association', COUNT(*) FROM volunteer_job_line
             WHERE job_id = %s AND problem IS NULL GROUP BY 1
        """, (self.id,))
        plan.associations = dict(self.env.cr.fetchall())
        if wanted:
            if not any(benevalibre.normalize(name) == association for name in plan.associations):
                plan.blocking.append(self.env._(
                    "The file has no action of the association “%(name)s”; it has: %(names)s.",
                    name=wanted, names=self._association_list(plan.associations)))
        elif len(plan.associations) > 1:
            plan.blocking.append(self.env._(
                "The file holds the actions of several associations (%(names)s): fill in "
                "“Association in the file” to import those of one of them.",
                names=self._association_list(plan.associations)))

    def _association_list(self, associations):
        return ", ".join(
            self.env._("%(name)s (%(count)s)", name=name or "-", count=count)
            for name, count in sorted(associations.items()))

    def _check_structure(self, plan):
        """Whether the user coordinates the structure (or manages them all)."""
        user = self.env.user
        if user.has_group(MANAGER_GROUP):
            return True
        mine = self.env["volunteer.structure"].search(
            [("id", "child_of", user.volunteer_coordinated_structure_ids.ids)])
        if self.structure_id in mine:
            return True
        plan.blocking.append(self.env._(
            "You do not coordinate %(structure)s: you cannot import its actions.",
            structure=self.structure_id.sudo().complete_name))
        return False

    def _distinct(self, *columns):
        """Distinct values of the selected lines' ``columns`` (keys of their data)."""
        return self.env.execute_query(SQL(
            "SELECT DISTINCT %s FROM volunteer_job_line WHERE job_id = %s AND selected",
            SQL(", ").join(SQL("data->>%s", column) for column in columns), self.id))

    def _match_volunteers(self, plan):
        """Volunteers by first and last name, then pseudo, among those of the structure."""
        partners = self.env["res.partner"].search(
            [("volunteer_structure_ids", "in", self.structure_id.ids)], order="id")
        index = {}
        for partner in partners:
            index.setdefault(benevalibre.normalize(partner.name), partner)
        unnamed_names = {benevalibre.normalize(self._unnamed_name()),
                         benevalibre.normalize(self.with_context(lang="en_US")._unnamed_name())}
        found, new = plan.found["volunteer"], plan.new["volunteer"]
        for first, last, pseudo in self._distinct("first_name", "last_name", "pseudo"):
            keys = benevalibre.volunteer_keys(first, last, pseudo)
            if keys:
                partner = next((index[key] for key in keys if key in index), None)
                key, name = keys[0], benevalibre.person_name(first, last, pseudo)
            else:
                partner = next((index[name] for name in unnamed_names if name in index), None)
                key, name = UNNAMED, self._unnamed_name()
            if partner:
                found[key] = partner
            else:
                new.setdefault(key, name)
        plan.new["volunteer"] = {key: name for key, name in new.items() if key not in found}
        if plan.found["volunteer"].get(UNNAMED) or UNNAMED in plan.new["volunteer"]:
            self.env.cr.execute("""
                SELECT COUNT(*) FROM volunteer_job_line WHERE job_id = %s AND selected
                   AND data->>'first_name' = '' AND data->>'last_name' = ''
                   AND data->>'pseudo' = ''
            """, (self.id,))
            plan.unnamed = self.env.cr.fetchone()[0]

    def _match_records(self, plan):
        """Levels, categories and projects by name; Bénévalibre's 12 default categories are ours."""
        Contribution = self.env["volunteer.contribution"]
        domain = [("company_id", "in", [self.structure_id.company_id.id, False])]
        categories = self.env["volunteer.category"].search(domain)
        for kind in KINDS[1:]:
            records = categories if kind == "category" else self.env[MODELS[kind]].search(domain)
            names = {name for (name,) in self._distinct(kind) if name}
            found, index = plan.found[kind], Contribution._name_index(records)
            if kind == "category":
                for name in names:
                    xmlid = benevalibre.default_category_key(name)
                    default = xmlid and self.env.ref(
                        f"volunteer_valuation.{xmlid}", raise_if_not_found=False)
                    if default and default in categories:
                        found[benevalibre.normalize(name)] = default
            for name in names:
                key = benevalibre.normalize(name)
                if key in found:
                    continue
                if key in index:
                    found[key] = index[key]
                else:
                    plan.new[kind].setdefault(key, name)

    def _check_creation_rights(self, plan):
        """Records to create that the user may not create stop the import, with a clear word."""
        labels = {
            "volunteer": self.env._("volunteers"),
            "level": self.env._("competence levels"),
            "category": self.env._("categories"),
            "project": self.env._("projects"),
        }
        for kind, label in labels.items():
            if plan.new[kind] and not self.env[MODELS[kind]].has_access("create"):
                plan.blocking.append(self.env._(
                    "You cannot create %(kind)s, and the file needs these new ones: %(names)s. "
                    "Ask a manager to create them with these names, or to run this import.",
                    kind=label, names=", ".join(sorted(plan.new[kind].values()))))

    def _plan_unrated(self, plan):
        """Actions validated in Bénévalibre that no valuation rate applies to."""
        structure = self.structure_id
        company = structure.company_id
        lines = self.env["volunteer.rate"].sudo().search([("company_id", "=", company.id)])
        lines = lines._as_lines()
        wages = self.env["volunteer.reference.wage"]._wage_periods(company).get(company.id, [])
        path = frozenset(structure._path_ids())
        self.env.cr.execute("""
            SELECT data->>'date', data->>'level', data->>'category', COUNT(*),
                   (ARRAY_AGG(line ORDER BY line))[1:%s]
              FROM volunteer_job_line
             WHERE job_id = %s AND selected AND NOT (data->>'pending')::boolean
          GROUP BY 1, 2, 3
        """, (LISTED_LINES + 1, self.id))
        for day, level, category, count, first_lines in self.env.cr.fetchall():
            level = plan.found["level"].get(benevalibre.normalize(level))
            category = plan.found["category"].get(benevalibre.normalize(category))
            facts = rates_engine.ContributionFacts(
                day=date.fromisoformat(day), structure_path=path,
                level_id=level.id if level else None,
                category_id=category.id if category else None, contributor_type="volunteer")
            try:
                found = rates_engine.valuate(lines, wages, facts, 1.0).found
            except rates_engine.RateTieError:
                found = False
            if not found:
                plan.unrated += count
                plan.unrated_lines += first_lines
        plan.unrated_lines = sorted(plan.unrated_lines)[:LISTED_LINES + 1]

    # ------------------------------------------------------------------
    # Report
    # ------------------------------------------------------------------

    def _unnamed_name(self):
        return self.env._("Unnamed volunteers (Bénévalibre)")

    def _check_heading(self):
        return self.env._(
            "Some lines are invalid: correct the file, or tick “Skip invalid lines” to "
            "import the valid lines only.")

    def _blocked_heading(self, plan):
        if plan.blocking:
            return self.env._("Nothing was imported.")
        return self.env._(
            "Nothing was imported: correct the file, or tick “Skip invalid lines” to "
            "import the valid lines only.")

    def _problem_message(self, code, params):
        params = dict(params)
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
        template = messages.get(code, code)
        try:
            return template % params
        except (KeyError, TypeError, ValueError):
            return template

    def _line_label(self, kind, line, message):
        if kind == "json":
            return self.env._("Action %(line)s: %(message)s", line=line, message=message)
        return self.env._("Line %(line)s: %(message)s", line=line, message=message)

    def _lines(self, lines):
        listed = [str(line) for line in lines[:LISTED_LINES]]
        if len(lines) > LISTED_LINES:
            listed.append("…")
        return ", ".join(listed)

    def _names(self, names):
        names = sorted(names)
        if len(names) <= LISTED_NAMES:
            return ", ".join(names)
        return self.env._("%(names)s and %(count)s more", names=", ".join(names[:LISTED_NAMES]),
                          count=len(names) - LISTED_NAMES)

    def _matching_sentences(self):
        """(kind, found, to create, created): whole sentences for the translators."""
        env = self.env
        return (
            ("volunteer",
             lambda names: env._("Volunteers found: %(names)s.", names=names),
             lambda names: env._("Volunteers to create: %(names)s.", names=names),
             lambda names: env._("Volunteers created: %(names)s.", names=names)),
            ("level",
             lambda names: env._("Competence levels found: %(names)s.", names=names),
             lambda names: env._("Competence levels to create: %(names)s.", names=names),
             lambda names: env._("Competence levels created: %(names)s.", names=names)),
            ("category",
             lambda names: env._("Categories found: %(names)s.", names=names),
             lambda names: env._("Categories to create: %(names)s.", names=names),
             lambda names: env._("Categories created: %(names)s.", names=names)),
            ("project",
             lambda names: env._("Projects found: %(names)s.", names=names),
             lambda names: env._("Projects to create: %(names)s.", names=names),
             lambda names: env._("Projects created: %(names)s.", names=names)),
        )

    def _benevalibre_report(self, plan, done=False):
        out = [self.env._("File: %(kind)s, %(count)s action(s) read.",
                          kind=plan.kind.upper(), count=plan.line_count)]
        if plan.ignored_columns:
            out.append(self.env._("Ignored columns: %(columns)s.",
                                  columns=", ".join(plan.ignored_columns)))
        if plan.associations:
            out.append(self.env._("Associations: %(names)s.",
                                  names=self._association_list(plan.associations)))
        out += ["⚠ " + message for message in plan.blocking]
        if plan.problems:
            out.append(self.env._("Invalid lines (%(count)s):", count=plan.problem_count))
            out += ["  " + message for message in plan.problems]
        if plan.skipped:
            out.append(self.env._(
                "Already imported, skipped: %(count)s action(s).", count=plan.skipped))
        totals = {"count": plan.count, "hours": format_duration(plan.seconds / 3600),
                  "km": round(plan.km, 2)}
        if done:
            out.append(self.env._(
                "Imported: %(count)s action(s), %(hours)s, %(km)s km.", **totals))
        else:
            out.append(self.env._(
                "To import: %(count)s action(s), %(hours)s, %(km)s km.", **totals))
        if plan.unnamed:
            out.append(self.env._(
                "Actions with no name (anonymous members): %(count)s, recorded for the "
                "volunteer “%(name)s”.", count=plan.unnamed, name=self._unnamed_name()))
        for kind, found, to_create, created in self._matching_sentences():
            if plan.found[kind]:
                out.append(found(self._names(
                    {record.display_name for record in plan.found[kind].values()})))
            if plan.new[kind]:
                out.append((created if done else to_create)(self._names(
                    plan.new[kind].values())))
        rated = plan.count - plan.pending - plan.unrated
        if rated:
            out.append(self.env._(
                "Validated in Bénévalibre, validated here too: %(count)s action(s).",
                count=rated))
        if plan.pending:
            out.append(self.env._(
                "Pending moderation in Bénévalibre, to validate here: %(count)s action(s).",
                count=plan.pending))
        if plan.unrated:
            out.append(self.env._(
                "Validated in Bénévalibre but left to validate here, because no valuation rate "
                "applies to them (add a rate line or a reference wage covering their dates): "
                "%(count)s action(s), lines %(lines)s.",
                count=plan.unrated, lines=self._lines(plan.unrated_lines)))
        return "\n".join(out)
