# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Declarations from the volunteering space: what the form offers, reading, saving.

The portal controllers only parse the request and call these methods, for a portal
user (in the user's own environment, so that record rules apply) or for a personal
link (as superuser, limited to the link's volunteer and structure). Whatever the route
(RPC included), a volunteer writes only the fields of the form; each showing of the
form carries a one-time key, so that the same form posted twice gives one contribution.
"""

import re
import secrets
from datetime import date

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, ConcurrencyError, UserError, ValidationError
from odoo.fields import Domain

from ..engine import contribution_limits as limits
from ..engine import durations

MAX_NAME_LENGTH = 200
MAX_VALUE_LENGTH = 40  # every other posted value: an id, a date, a duration, a distance
MAX_DISTANCE_KM = 10000
MAX_ID = 2**31 - 1
EDITABLE_STATES = ("draft", "rejected")
DISTANCE_RE = re.compile(r"^\d{1,5}(?:[.,]\d{1,3})?$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
FORM_FIELDS = (
    "name", "date", "duration", "structure_id", "project_id", "task_id", "level_id",
    "category_id", "distance_km",
)
# What a volunteer may write on their contributions through any route (RPC included):
# the fields of the form, and, on creation, their own name, the state and the form key.
PORTAL_WRITE_FIELDS = frozenset(FORM_FIELDS)
PORTAL_CREATE_FIELDS = PORTAL_WRITE_FIELDS | {"partner_id", "state", "form_key"}
FORM_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def parse_id(value):
    """A positive database id from a text, or None."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        number = int(value)
        if 0 < number <= MAX_ID:
            return number
    return None


class VolunteerContribution(models.Model):
    _name = "volunteer.contribution"
    _inherit = ["volunteer.contribution"]

    form_key = fields.Char(
        readonly=True, copy=False,
        help="Random key of the declaration form that created this contribution: the same "
             "form sent twice (a double click) gives one contribution.",
    )

    _form_key_unique = models.UniqueIndex(
        "(partner_id, form_key) WHERE form_key IS NOT NULL",
        "This declaration form was already sent.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.user.share and not self.env.su and not self._is_trusted_create():
            for vals in vals_list:
                self._check_portal_fields(vals, PORTAL_CREATE_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        if self.env.user.share and not self.env.su:
            self._check_portal_fields(vals, PORTAL_WRITE_FIELDS)
        return super().write(vals)

    @api.model
    def _check_portal_fields(self, vals, allowed):
        """Volunteers write what their declaration form offers, nothing else."""
        extra = sorted(set(vals) - allowed, key=str)
        if extra:
            labels = ", ".join(
                self._fields[name]._description_string(self.env) if name in self._fields
                else str(name)[:40] for name in extra)
            raise ValidationError(self.env._(
                "A volunteer fills in the fields of the declaration form only; %(fields)s "
                "cannot be set from the volunteering space.", fields=labels))

    @api.model
    def _portal_domain(self, partner, structures=None):
        """The contributions a volunteer sees: their own, in ``structures`` when given."""
        domain = Domain("partner_id", "=", partner.id)
        if structures is not None:
            domain &= Domain("structure_id", "in", structures.ids)
        return domain

    @api.model
    def _portal_find(self, partner, contribution_id, structures=None):
        """The contribution ``contribution_id`` if the volunteer may see it, else empty."""
        number = parse_id(str(contribution_id))
        if not number:
            return self.browse()
        return self.search(
            self._portal_domain(partner, structures) & Domain("id", "=", number), limit=1)

    def _portal_is_editable(self):
        self.ensure_one()
        return self.state in EDITABLE_STATES

    @api.model
    def _portal_options(self, structures):
        """What the declaration form offers in ``structures``.

        Read as superuser: volunteers cannot read projects, but they may see the names of
        those open to them. Returns a dict with the structures, the projects open to each
        structure (by structure id), the tasks of each project (by project id, for the
        structures that use tasks), the levels and the categories.
        """
        structures = structures.sudo().filtered("active")
        ancestors = {
            structure.id: set(structure._path_ids())
            for structure in structures
        }
        companies = [False, *structures.company_id.ids]
        projects = self.env["project.project"].sudo().search([
            ("volunteer_structure_ids", "in", list(set().union(*ancestors.values()))),
            ("is_template", "=", False), ("company_id", "in", companies),
        ], order="name, id")
        projects_by_structure = {
            structure.id: projects.filtered(
                lambda project, structure=structure:
                    ancestors[structure.id] & set(project.volunteer_structure_ids.ids))
            for structure in structures
        }
        task_projects = self.env["project.project"].sudo().union(*(
            projects_by_structure[structure.id]
            for structure in structures if structure.portal_use_tasks))
        tasks = self.env["project.task"].sudo().search([
            ("project_id", "in", task_projects.ids), ("is_template", "=", False),
            ("state", "not in", ["1_done", "1_canceled"]),
        ], order="project_id, sequence, name, id") if task_projects else self.env["project.task"]
        tasks_by_project = {
            project.id: tasks.filtered(lambda task, project=project: task.project_id == project)
            for project in task_projects
        }
        company_domain = [("company_id", "in", companies)]
        return {
            "structures": structures,
            "projects": projects,
            "projects_by_structure": projects_by_structure,
            "tasks": tasks,
            "tasks_by_project": tasks_by_project,
            "levels": self.env["volunteer.level"].sudo().search(company_domain),
            "categories": self.env["volunteer.category"].sudo().search(company_domain)
            if any(structures.mapped("portal_use_categories")) else self.env["volunteer.category"],
            # A new key each time the form is shown: a second post of the same form is
            # recognised (see _portal_save).
            "form_key": secrets.token_urlsafe(18),
        }

    @api.model
    def _portal_parse(self, post, options):
        """Values of a posted declaration, checked against what the form offers.

        Returns ``(vals, errors)``; ``errors`` maps a form field to its message, and the
        values are only to be used when it is empty.
        """
        texts, errors = {}, {}
        for name in FORM_FIELDS:
            value = post.get(name) or ""
            limit = MAX_NAME_LENGTH if name == "name" else MAX_VALUE_LENGTH
            if not isinstance(value, str):
                errors[name] = self.env._("This value is not valid.")
            elif len(value) > limit:
                errors[name] = self.env._(
                    "This is too long: %(limit)s characters at most.", limit=limit)
            elif CONTROL_RE.search(value):
                errors[name] = self.env._("Remove the special characters from this value.")
            else:
                texts[name] = value.strip()
        vals = {}
        if "name" in texts:
            if texts["name"]:
                vals["name"] = texts["name"]
            else:
                errors["name"] = self.env._("Say in a few words what you did.")
        if "date" in texts:
            day, message = self._portal_parse_date(texts["date"])
            if message:
                errors["date"] = message
            else:
                vals["date"] = day
        distance = 0.0
        if texts.get("distance_km"):
            if DISTANCE_RE.match(texts["distance_km"]):
                distance = float(texts["distance_km"].replace(",", "."))
            if not DISTANCE_RE.match(texts["distance_km"]) or distance > MAX_DISTANCE_KM:
                errors["distance_km"] = self.env._(
                    "Type the distance in kilometres, such as 12 or 12,5.")
        vals["distance_km"] = distance
        if "duration" in texts:
            hours, message = self._portal_parse_duration(texts["duration"], distance)
            if message:
                errors["duration"] = message
            else:
                vals["duration"] = hours
        self._portal_parse_relations(texts, options, vals, errors)
        return vals, errors

    @api.model
    def _portal_parse_date(self, text):
        if not text:
            return None, self.env._("Give the day you gave this time.")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None, self.env._("This date is not valid; pick it in the calendar.")
        problem = limits.period_problem(day, None, fields.Date.context_today(self))
        if problem == limits.IN_FUTURE:
            return None, self.env._(
                "The date cannot be in the future: declare your time once given.")
        if problem == limits.TOO_EARLY:
            return None, self.env._("The date cannot be before 1 January 2000.")
        return day, None

    @api.model
    def _portal_parse_duration(self, text, distance):
        if not text:
            if distance:
                return 0.0, None
            return None, self.env._("How long? Type a duration such as 2h30.")
        try:
            hours = durations.parse_duration(text)
        except durations.DurationError:
            return None, self.env._(
                "“%(text)s” is not a duration. Type it like 2h30, 2:30, 2,5 or 45 min.",
                text=text)
        if hours <= 0 and not distance:
            return None, self.env._("The duration must be more than zero.")
        if hours > limits.max_hours():
            return None, self.env._(
                "One person cannot give more than 24 hours a day: declare each day apart.")
        return hours, None

    @api.model
    def _portal_parse_relations(self, texts, options, vals, errors):
        """Structure, project, task, level and category: only what the form offers."""

        def pick(name, records, message):
            if not texts.get(name):
                return records.browse()
            number = parse_id(texts[name])
            if number not in records.ids:
                errors[name] = message
                return None
            return records.browse(number)

        structures = options["structures"]
        if "structure_id" not in texts:
            return
        if not texts["structure_id"] and len(structures) == 1:
            structure = structures
        else:
            structure = pick("structure_id", structures, self.env._(
                "Choose one of your structures in the list."))
            if structure is not None and not structure:
                errors["structure_id"] = self.env._("Choose the structure you gave time to.")
        if not structure:
            return
        vals["structure_id"] = structure.id
        project = pick("project_id", options["projects_by_structure"].get(structure.id), (
            self.env._("Choose a project from the list: this one is not open to the "
                       "volunteers of %(structure)s.", structure=structure.name)))
        task = self.env["project.task"]
        if structure.portal_use_tasks and texts.get("task_id"):
            allowed = self.env["project.task"].union(*(
                options["tasks_by_project"].get(candidate.id, self.env["project.task"])
                for candidate in (project or options["projects_by_structure"][structure.id])))
            task = pick("task_id", allowed, self.env._("Choose a task from the list."))
        if project is not None:
            vals["project_id"] = project.id or (task.project_id.id if task else False)
        if task is not None:
            vals["task_id"] = task.id
        level = pick("level_id", options["levels"], self.env._("Choose a level from the list."))
        if level is not None:
            vals["level_id"] = level.id
        if structure.portal_use_categories:
            category = pick("category_id", options["categories"], self.env._(
                "Choose a category from the list."))
            if category is not None and not category:
                errors["category_id"] = self.env._("Choose the kind of activity.")
            elif category is not None:
                vals["category_id"] = category.id

    @api.model
    def _portal_save(self, partner, structures, post, contribution=None):
        """Create (or update) a declaration of ``partner`` from the posted form, and submit
        it when the form's ``submit`` button was used.

        ``structures`` are those the declaration may name: the volunteer's own, or the
        structure of a personal link. Returns ``(contribution, errors)``; on errors nothing
        is written. The record is written as superuser once checked: volunteers cannot
        read the projects and tasks that the core rules read, and the ownership
        constraint of the core still applies to portal users.
        """
        if not self.env.su and partner != self.env.user.partner_id:
            raise AccessError(self.env._("You can only declare your own time."))
        if contribution:
            contribution.ensure_one()
            if contribution.partner_id != partner or not contribution._portal_is_editable():
                return contribution, {"form": self.env._(
                    "This contribution can no longer be changed: only drafts and rejected "
                    "contributions can.")}
            if not self.env.su:
                contribution.check_access("write")
        options = self._portal_options(structures)
        if not options["structures"]:
            return contribution, {"form": self.env._(
                "You are not registered as a volunteer of any structure: ask your "
                "coordinator to add you.")}
        vals, errors = self._portal_parse(post, options)
        if errors:
            return contribution, errors
        key = post.get("form_key")
        key = key if not contribution and isinstance(key, str) and FORM_KEY_RE.match(key) else None
        if key:
            self._portal_lock_form(partner, key)
            sent = self._portal_sent(partner, key)
            if sent and sent._portal_same_declaration(vals):
                return sent.with_env(self.env), {}  # the same form, sent twice
            key = key if not sent else None
        try:
            with self.env.cr.savepoint():
                if contribution:
                    contribution.sudo().write(vals)
                    saved = contribution
                else:
                    saved = self.sudo().create(dict(
                        vals, partner_id=partner.id, source="portal", form_key=key or False,
                    )).with_env(self.env)
                if post.get("submit"):
                    saved.sudo().action_submit()
        except (UserError, ValidationError) as error:
            return contribution, {"form": error.args[0]}
        except UniqueViolation as error:
            if not (key and (error.diag.constraint_name or "").endswith("form_key_unique")):
                raise
            # The same form is being saved by a request running at the same time: this
            # one is tried again once that one is done, and then finds its contribution.
            raise ConcurrencyError(self.env._("This declaration is already being saved.")) \
                from error
        return saved, {}

    @api.model
    def _portal_lock_form(self, partner, key):
        """Refuse, to be tried again, a form that another request is saving right now (a
        double click): the retry finds the contribution once that request is done, with no
        insert bound to fail on the unique index (nor its error in the server's log)."""
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [partner.id, key])
        if not self.env.cr.fetchone()[0]:
            raise ConcurrencyError(self.env._("This declaration is already being saved."))

    @api.model
    def _portal_sent(self, partner, key):
        """The contribution already saved from the declaration form of ``key``, if any."""
        return self.sudo().search(
            [("partner_id", "=", partner.id), ("form_key", "=", key)], limit=1)

    def _portal_same_declaration(self, vals):
        """Whether this contribution holds the values of a declaration posted again."""
        self.ensure_one()
        record = self.sudo()
        return all(
            (record[name].id if isinstance(record[name], models.BaseModel) else record[name])
            == (value or False if name.endswith("_id") else value)
            for name, value in vals.items())

    def _portal_delete(self):
        """Delete a draft or rejected declaration."""
        self.ensure_one()
        if not self._portal_is_editable():
            raise UserError(self.env._(
                "Only drafts and rejected contributions can be deleted."))
        self.unlink()

    @api.model
    def _portal_totals(self, domain, structures_showing_amounts):
        """Hours of the contributions in ``domain``, and the value of those whose structure
        shows values to volunteers: ``(hours, amount, currency)``."""
        hours = self._read_group(domain, [], ["duration:sum"])[0][0] or 0.0
        amount, currency = 0.0, self.env.company.currency_id
        if structures_showing_amounts:
            rows = self._read_group(
                Domain(domain) & Domain("structure_id", "in", structures_showing_amounts.ids),
                ["company_id"], ["amount:sum"])
            if rows:
                currency = rows[0][0].sudo().currency_id or currency
                amount = sum(row[1] for row in rows)
        return hours, amount, currency
