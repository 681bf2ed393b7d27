# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Declarations of external forms: the ``declare`` method of the API, all entries or none."""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from ..engine import contribution_limits as limits
from ..engine import durations
from ..engine.benevalibre import normalize
from ..engine.odoo_names import MANAGER_GROUP
from .volunteer_contribution import CONTRIBUTOR_TYPES, ROLES

DECLARE_KEYS = frozenset({
    "volunteer_email", "partner_id", "structure", "project", "task", "date", "date_end",
    "duration", "name", "note", "level", "category", "distance_km", "contributor_type", "role",
})
MAX_DECLARE_ENTRIES = 1000
MAX_DECLARE_NUMBER = 1_000_000  # hours or kilometres: anything above is a typing error
# Context value marking the creations of declare(): an object, which no RPC
# caller can put into a context (they only send JSON or XML-RPC values).
API_SOURCE = object()


class _EntryError(ValueError):
    """One entry of a declaration cannot be recorded; the argument says why."""


class VolunteerContribution(models.Model):
    _inherit = "volunteer.contribution"

    @api.model
    def _create_source(self, vals):
        if self.env.context.get("volunteer_declare_source") is API_SOURCE:
            return "api"
        return super()._create_source(vals)

    def _is_trusted_create(self):
        """declare() checked every value itself: its creations are not form posts."""
        return (self.env.context.get("volunteer_declare_source") is API_SOURCE
                or super()._is_trusted_create())

    @api.model
    def _name_index(self, records):
        """{normalized name, in every installed language: record} (first record wins)."""
        index = {}
        records = records.with_context(prefetch_langs=True)
        for lang, _label in self.env["res.lang"].get_installed():
            for record in records.with_context(lang=lang):
                index.setdefault(normalize(record.name), records.browse(record.id))
        return index

    # ------------------------------------------------------------------
    # Declarations of external forms
    # ------------------------------------------------------------------

    @api.model
    def declare(self, entries):
        """Record the time declared by an external form; all the entries or none.

        ``entries`` is a list of dicts with ``volunteer_email`` (or ``partner_id``),
        ``structure``, ``date``, ``duration`` (hours, or a text such as "2h30"), ``name``
        and optionally ``project``, ``task``, ``level``, ``category`` (each an id or an
        exact name), ``distance_km``, ``contributor_type``, ``role``, ``date_end``,
        ``note``. A coordinator declares for the volunteers of their structures, a
        volunteer for themselves only. Returns the ids of the contributions created,
        submitted for validation.
        """
        self.check_access("create")
        if not isinstance(entries, list | tuple) or not entries:
            raise UserError(self.env._(
                "Send a list of entries, one object per contribution."))
        if len(entries) > MAX_DECLARE_ENTRIES:
            raise UserError(self.env._(
                "Send at most %(max)s entries at once.", max=MAX_DECLARE_ENTRIES))
        lookups = self._declare_lookups(entries)
        vals_list, errors = [], []
        for number, entry in enumerate(entries, 1):
            try:
                vals_list.append(self._declare_values(entry, lookups))
            except _EntryError as error:
                errors.append(self.env._(
                    "Entry %(number)s: %(reason)s", number=number, reason=error.args[0]))
        if errors:
            raise UserError(self.env._(
                "Nothing was recorded, because of these entries:\n%(errors)s",
                errors="\n".join(errors)))
        contributions = self.with_context(
            volunteer_declare_source=API_SOURCE, mail_create_nosubscribe=True,
        ).create(vals_list)
        return contributions.ids

    @api.model
    def _declare_lookups(self, entries):
        """Everything the entries name, looked up at once."""
        entries = [entry for entry in entries if isinstance(entry, dict)]

        def wanted(key):
            values = [entry.get(key) for entry in entries]
            ids = [value for value in values if isinstance(value, int) and not isinstance(
                value, bool)]
            names = [value.strip() for value in values if isinstance(value, str) and value.strip()]
            return ids, names

        user = self.env.user
        Structure = self.env["volunteer.structure"]
        ids, names = wanted("structure")
        structures = Structure.search(
            ["|", ("id", "in", ids), "|", ("name", "in", names), ("complete_name", "in", names)])
        if user.share:
            allowed = user.partner_id.volunteer_structure_ids
        elif user.has_group(MANAGER_GROUP):
            allowed = structures
        else:
            allowed = Structure.search([("branch_coordinator_ids", "in", [user.id])])
        lookups = {
            "structures": structures,
            "allowed_structures": set(allowed.ids),
            # Short lists of reference data, matched by name below.
            "levels": self.env["volunteer.level"].search([]),  # pylint: disable=no-search-all
            "categories": self.env["volunteer.category"].search([]),  # pylint: disable=no-search-all
        }
        lookups["level_names"] = self._name_index(lookups["levels"])
        lookups["category_names"] = self._name_index(lookups["categories"])
        # Projects and tasks are looked up without the caller's read rights (a volunteer
        # cannot read most projects), then kept only in the structure's company.
        for key, model in (("project", "project.project"), ("task", "project.task")):
            ids, names = wanted(key)
            lookups[key] = self.env[model].sudo().search(
                ["|", ("id", "in", ids), ("name", "in", names)]) if ids or names else (
                self.env[model].sudo())
        emails = {email_normalize(entry.get("volunteer_email") or "") for entry in entries} - {
            False}
        partner_ids, _names = wanted("partner_id")
        Partner = self.env["res.partner"]
        if user.share:
            lookups["partners"] = user.partner_id
        else:
            lookups["partners"] = Partner.search(
                ["|", ("id", "in", partner_ids), ("email_normalized", "in", list(emails))])
        return lookups

    def _declare_values(self, entry, lookups):
        """Values of the contribution of one entry; raises _EntryError saying what is wrong."""
        if not isinstance(entry, dict):
            raise _EntryError(self.env._("it is not an object with named values."))
        unknown = sorted(set(entry) - DECLARE_KEYS)
        if unknown:
            raise _EntryError(self.env._(
                "unknown field(s) %(fields)s; the fields are: %(known)s.",
                fields=", ".join(unknown), known=", ".join(sorted(DECLARE_KEYS))))
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _EntryError(self.env._("give a short description of what was done (“name”)."))
        structure = self._declare_structure(entry.get("structure"), lookups)
        partner = self._declare_partner(entry, structure, lookups)
        project, task = self._declare_project_task(entry, structure, lookups)
        day = self._declare_date(entry.get("date"), "date", required=True)
        day_end = self._declare_date(entry.get("date_end"), "date_end")
        if day_end and day_end < day:
            raise _EntryError(self.env._("the end date cannot be before the date."))
        hours = self._declare_number(entry.get("duration"), "duration", duration=True)
        distance = self._declare_number(entry.get("distance_km"), "distance_km")
        if hours <= 0 and distance <= 0:
            raise _EntryError(self.env._(
                "give a duration (or, for a trip, a distance) greater than zero."))
        days = limits.period_days(day, day_end)
        if hours > limits.max_hours(days):
            raise _EntryError(self.env._(
                "%(hours)s in %(days)s day(s) is more than one person can give.",
                hours=durations.format_duration(hours), days=days))
        vals = {
            "name": name.strip(),
            "structure_id": structure.id,
            "partner_id": partner.id,
            "project_id": project.id,
            "task_id": task.id,
            "date": day,
            "date_end": day_end,
            "duration": hours,
            "distance_km": distance,
            "level_id": self._declare_named(entry, "level", structure, lookups).id,
            "category_id": self._declare_named(entry, "category", structure, lookups).id,
            "state": "submitted",
        }
        if entry.get("note"):
            vals["note"] = str(entry["note"])
        for key, selection in (("contributor_type", CONTRIBUTOR_TYPES), ("role", ROLES)):
            if entry.get(key) is not None:
                keys = [value for value, _label in selection]
                if entry[key] not in keys:
                    raise _EntryError(self.env._(
                        "“%(value)s” is not a possible %(field)s; use one of: %(keys)s.",
                        value=entry[key], field=key, keys=", ".join(keys)))
                vals[key] = entry[key]
        return vals

    def _declare_structure(self, value, lookups):
        if value in (None, False, ""):
            raise _EntryError(self.env._("give the structure (its id or its exact name)."))
        structures = lookups["structures"]
        if isinstance(value, int) and not isinstance(value, bool):
            found = structures.filtered(lambda rec: rec.id == value)
        elif isinstance(value, str):
            found = structures.filtered(lambda rec: rec.complete_name == value.strip())
            found = found or structures.filtered(lambda rec: rec.name == value.strip())
        else:
            found = structures.browse()
        if not found:
            raise _EntryError(self.env._(
                "there is no structure “%(structure)s” that you can see.", structure=value))
        if len(found) > 1:
            raise _EntryError(self.env._(
                "several structures are named “%(structure)s”: give its id or its full name "
                "(%(names)s).", structure=value, names=", ".join(found.mapped("complete_name"))))
        if found.id not in lookups["allowed_structures"]:
            raise _EntryError(self.env._(
                "you cannot declare time in “%(structure)s”.", structure=found.complete_name))
        return found

    def _declare_partner(self, entry, structure, lookups):
        email, partner_id = entry.get("volunteer_email"), entry.get("partner_id")
        user = self.env.user
        if user.share:
            own = user.partner_id
            if (partner_id not in (None, False, own.id)
                    or (email and email_normalize(email) != own.email_normalized)):
                raise _EntryError(self.env._("you can only declare your own time."))
            return own
        if partner_id not in (None, False):
            found = lookups["partners"].filtered(
                lambda rec: rec.id == partner_id and not isinstance(partner_id, bool))
            if not found:
                raise _EntryError(self.env._(
                    "there is no volunteer with id %(id)s.", id=partner_id))
        elif email:
            normalized = email_normalize(email)
            if not normalized:
                raise _EntryError(self.env._("“%(email)s” is not an e-mail address.", email=email))
            found = lookups["partners"].filtered(
                lambda rec: rec.email_normalized == normalized
                and structure in rec.volunteer_structure_ids)
            if not found:
                raise _EntryError(self.env._(
                    "no volunteer of %(structure)s has the e-mail address %(email)s.",
                    structure=structure.complete_name, email=email))
            if len(found) > 1:
                raise _EntryError(self.env._(
                    "several volunteers of %(structure)s share the e-mail address %(email)s: "
                    "give their partner_id.", structure=structure.complete_name, email=email))
        else:
            raise _EntryError(self.env._(
                "give the volunteer's e-mail address (“volunteer_email”) or their id "
                "(“partner_id”)."))
        if structure not in found.volunteer_structure_ids:
            raise _EntryError(self.env._(
                "%(volunteer)s is not a volunteer of %(structure)s.",
                volunteer=found.name, structure=structure.complete_name))
        return found

    def _declare_project_task(self, entry, structure, lookups):
        project = self._declare_record(entry.get("project"), lookups["project"], "project")
        task = self._declare_record(
            entry.get("task"), lookups["task"].filtered(
                lambda rec: not project or rec.project_id == project), "task")
        project = project or task.project_id
        for record in (project, task):
            if record.company_id and record.company_id != structure.company_id:
                raise _EntryError(self.env._(
                    "“%(name)s” belongs to another company than %(structure)s.",
                    name=record.display_name, structure=structure.complete_name))
        return project.sudo(False), task.sudo(False)

    def _declare_record(self, value, candidates, key):
        """The project or task named by ``value`` (an id or an exact name), or an empty one."""
        if value in (None, False, ""):
            return candidates.browse()
        if isinstance(value, int) and not isinstance(value, bool):
            found = candidates.filtered(lambda rec: rec.id == value)
        elif isinstance(value, str):
            found = candidates.filtered(lambda rec: rec.name == value.strip())
        else:
            found = candidates.browse()
        if len(found) != 1:
            raise _EntryError(self.env._(
                "there is no single %(field)s “%(value)s”; give its id.",
                field=key, value=value) if found else self.env._(
                "there is no %(field)s “%(value)s”.", field=key, value=value))
        return found

    def _declare_named(self, entry, key, structure, lookups):
        """The level or category of an entry, by id or by name in any language."""
        value = entry.get(key)
        records = lookups[{"level": "levels", "category": "categories"}[key]]
        if value in (None, False, ""):
            return records.browse()
        if isinstance(value, int) and not isinstance(value, bool):
            found = records.filtered(lambda rec: rec.id == value)
        elif isinstance(value, str):
            found = lookups[f"{key}_names"].get(normalize(value), records.browse())
        else:
            found = records.browse()
        if not found or (found.company_id and found.company_id != structure.company_id):
            raise _EntryError(self.env._(
                "there is no %(field)s “%(value)s”.", field=key, value=value))
        return found

    def _declare_date(self, value, key, required=False):
        if value in (None, False, ""):
            if required:
                raise _EntryError(self.env._("give the date (YYYY-MM-DD)."))
            return None
        try:
            day = fields.Date.to_date(value) if isinstance(value, str | date) else None
        except ValueError:
            day = None
        if day is None:
            raise _EntryError(self.env._(
                "“%(value)s” is not a date (%(field)s, written YYYY-MM-DD).",
                value=value, field=key))
        problem = limits.period_problem(day, None, fields.Date.context_today(self))
        if problem == limits.TOO_EARLY:
            raise _EntryError(self.env._("the date %(date)s is before 1 January 2000.", date=value))
        if problem == limits.IN_FUTURE:
            raise _EntryError(self.env._(
                "the date %(date)s is in the future: time is declared once given.", date=value))
        return day

    def _declare_number(self, value, key, duration=False):
        """Hours (number or text such as "2h30") or kilometres; 0 when not given."""
        if value in (None, False, ""):
            return 0.0
        try:
            if duration:
                number = durations.parse_duration(value)
            elif isinstance(value, bool) or not isinstance(value, int | float | str):
                raise ValueError(value)
            else:
                number = float(str(value).replace(",", "."))
            if not 0 <= number <= MAX_DECLARE_NUMBER:  # negative, NaN, infinite or absurd
                raise ValueError(value)
            return number
        except ValueError:
            if duration:
                raise _EntryError(self.env._(
                    "the duration “%(value)s” is not understood: write hours as 2.5, 2h30, "
                    "2:30 or 150 min.", value=value))
            raise _EntryError(self.env._(
                "“%(value)s” is not a positive number (%(field)s).", value=value, field=key))
