# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""declare_aggregates(): member structures send their totals (JSON-2, XML-RPC, forms)."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import aggregate_declarations as rules
from ..engine.benevalibre import normalize

MAX_ENTRIES = 1000
SOURCE_CONTEXT = "volunteer_declaration_source"


class VolunteerAggregateDeclaration(models.Model):
    _inherit = "volunteer.aggregate.declaration"

    @api.model
    def declare_aggregates(self, entries):
        """Record the totals declared by member structures; all the entries or none.

        ``entries`` is a list of dicts with ``structure`` (RNA, SIREN or the
        structure's reference at the federation), ``date_from``, ``date_to``
        (YYYY-MM-DD), ``contributor_type``, ``hours``, ``headcount``,
        ``external_ref`` and optionally ``category``, ``level`` (names or ids),
        ``distance_km``, ``amount``. Sending an ``external_ref`` again replaces
        the previous version. Returns the ids of the declarations created.
        """
        self.check_access("create")
        if not isinstance(entries, list | tuple) or not entries:
            raise UserError(self.env._("Send a list of entries, one object per total."))
        if len(entries) > MAX_ENTRIES:
            raise UserError(self.env._("Send at most %(max)s entries at once.", max=MAX_ENTRIES))
        return self._declare(entries).ids

    @api.model
    def _declare(self, entries, structures=None, labels=None):
        """Check and record ``entries`` (all or none); the core of every way of declaring.

        ``structures`` maps an entry's ``structure`` to a record, for the forms, which
        name a structure that may have no RNA, SIREN or reference; ``labels`` names
        the entries in the messages (default: their number).
        """
        labels = labels or [
            self.env._("Entry %(number)s", number=number) for number in range(1, len(entries) + 1)]
        today = fields.Date.context_today(self)
        checked = [rules.check_entry(entry, today) for entry in entries]
        lookups = self._declare_lookups([values for values, _problems in checked], structures)
        vals_list, vals_labels, errors = [], [], []
        for label, (values, problems) in zip(labels, checked, strict=True):
            messages = [self._problem_message(problem) for problem in problems]
            if not problems:
                vals, more = self._declaration_values(values, lookups)
                messages += more
                vals_list.append(vals)
                vals_labels.append(label)
            errors += [self.env._("%(entry)s: %(reason)s", entry=label, reason=message)
                       for message in messages]
        keys = [(vals["structure_id"], vals["external_ref"]) for vals in vals_list]
        for index in rules.duplicate_keys(keys):
            errors.append(self.env._(
                "%(entry)s: the key “%(key)s” is sent twice for the same structure.",
                entry=vals_labels[index], key=keys[index][1]))
        if not errors:
            drafts = self.browse()
            for vals in vals_list:
                drafts |= self.new(vals)
            clashes = drafts._detailed_clashes()
            errors += [self._double_count_message(clashes)] if clashes else []
        if errors:
            raise UserError(self.env._(
                "Nothing was recorded, because of these entries:\n%(errors)s",
                errors="\n".join(errors)))
        return self._record_versions(vals_list)

    @api.model
    def _record_versions(self, vals_list):
        """Create the new versions; the live ones with the same keys become history."""
        source = self.env.context.get(SOURCE_CONTEXT) or "api"
        keys = [(vals["structure_id"], vals["external_ref"]) for vals in vals_list]
        live = self.sudo().search([
            ("structure_id", "in", list({key[0] for key in keys})),
            ("external_ref", "in", list({key[1] for key in keys})),
            ("state", "in", list(rules.LIVE_STATES)),
        ])
        replaced = self.sudo().browse(rules.supersede_plan(
            [(rec.id, rec.structure_id.id, rec.external_ref) for rec in live], keys))
        replaced.write({"state": rules.SUPERSEDED})
        replaced.flush_recordset(["state"])
        declarations = self.with_context(volunteer_declaration_source_checked=True).create(
            [dict(vals, source=source) for vals in vals_list])
        by_key = {(rec.structure_id.id, rec.external_ref): rec.id for rec in declarations}
        for old in replaced:
            old.superseded_by_id = by_key[(old.structure_id.id, old.external_ref)]
        return declarations

    @api.model
    def _declare_lookups(self, values_list, structures=None):
        """Structures, categories and levels named by the entries, looked up at once."""
        Structure = self.env["volunteer.structure"].sudo()
        by_key = {key: Structure.browse(structure.ids)
                  for key, structure in (structures or {}).items()}
        names = list({values["structure"] for values in values_list
                      if values.get("structure") and values["structure"] not in by_key})
        found = Structure.search([
            ("company_id", "in", self.env.companies.ids),
            "|", "|", ("rna", "in", names), ("siren", "in", names),
            ("federation_ref", "in", names)]) if names else Structure
        for structure in found:
            for key in {structure.rna, structure.siren, structure.federation_ref} - {False}:
                by_key.setdefault(key, Structure.browse())
                by_key[key] |= structure
        allowed = self.env["volunteer.structure"]._declarable_structures()
        Level, Category = self.env["volunteer.level"], self.env["volunteer.category"]
        Contribution = self.env["volunteer.contribution"]
        # A few configured levels and categories, read once for every entry.
        levels = Level.search([])  # pylint: disable=no-search-all
        categories = Category.search([])  # pylint: disable=no-search-all
        return {
            "structures": by_key,
            "allowed": None if allowed is None else set(allowed.ids),
            "level": (levels, Contribution._name_index(levels)),
            "category": (categories, Contribution._name_index(categories)),
        }

    @api.model
    def _declaration_values(self, values, lookups):
        """(vals of a declaration, error messages) of one checked entry."""
        errors = []
        matches = lookups["structures"].get(values["structure"], [])
        structure = matches[:1] if len(matches) == 1 else None
        if not matches:
            errors.append(self.env._(
                "no structure has the RNA number, SIREN or federation reference “%(key)s”.",
                key=values["structure"]))
        elif len(matches) > 1:
            errors.append(self.env._(
                "several structures answer to “%(key)s” (%(names)s): use the federation's "
                "reference.", key=values["structure"],
                names=", ".join(matches.mapped("complete_name"))))
        elif lookups["allowed"] is not None and structure.id not in lookups["allowed"]:
            errors.append(self.env._(
                "you cannot declare for “%(structure)s”: you are not one of its coordinators.",
                structure=structure.complete_name))
            structure = None
        vals = {
            "structure_id": structure.id if structure else False,
            "date_from": values["date_from"], "date_to": values["date_to"],
            "contributor_type": values["contributor_type"], "hours": values["hours"],
            "headcount": values["headcount"], "distance_km": values.get("distance_km", 0.0),
            "amount": values.get("amount", 0.0), "external_ref": values["external_ref"],
        }
        for key in ("category", "level"):
            if values.get(key) in (None, ""):
                continue
            records, names = lookups[key]
            value = values[key]
            if isinstance(value, int) and not isinstance(value, bool):
                record = records.filtered(lambda rec, value=value: rec.id == value)
            else:
                record = names.get(normalize(str(value)), records.browse())
            if not record or (structure and record.company_id
                              and record.company_id != structure.company_id):
                errors.append(self.env._(
                    "there is no %(field)s “%(value)s”.", field=key, value=value))
            else:
                vals[f"{key}_id"] = record.id
        return vals, errors

    @api.model
    def _problem_message(self, problem):
        """The translated message of an engine :class:`~rules.Problem`."""
        params = problem.params
        messages = {
            "not_object": lambda: self.env._("it is not an object with named values."),
            "unknown_keys": lambda: self.env._(
                "unknown field(s) %(keys)s; the fields are: %(known)s.", **params),
            "missing": lambda: self.env._("“%(key)s” is missing.", **params),
            "bad_date": lambda: self.env._(
                "“%(value)s” is not a date (%(key)s, written YYYY-MM-DD).", **params),
            "too_old": lambda: self.env._(
                "the date %(value)s (%(key)s) is before 1 January 2000.", **params),
            "future": lambda: self.env._(
                "the period cannot start in the future (%(value)s).", **params),
            "period_order": lambda: self.env._("the period ends before it starts."),
            "bad_type": lambda: self.env._(
                "“%(value)s” is not a contributor type; use one of: %(known)s.", **params),
            "bad_number": lambda: self.env._(
                "“%(value)s” is not a positive number (%(key)s).", **params),
            "bad_headcount": lambda: self.env._(
                "“%(value)s” is not a number of people (a whole number, 0 or more).",
                **params),
            "no_people": lambda: self.env._(
                "hours are declared with no people (headcount 0)."),
            "too_many_hours": lambda: self.env._(
                "%(hours)s hours is more than %(people)s person(s) can give in %(days)s day(s) "
                "(%(max)s hours at most).", **params),
        }
        return messages[problem.code]()
