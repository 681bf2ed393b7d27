# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The yearly survey: a member structure with no software declares its year on a form.

The form (portal page or personal link of the structure's contact) only shows and
posts texts; what it may read and record, and every check, is here and in
``_declare``, the same core as the API's ``declare_aggregates``.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine import aggregate_declarations as rules
from ..engine import yearly_survey as survey
from .volunteer_aggregate_declaration_api import SOURCE_CONTEXT
from .volunteer_contribution import CONTRIBUTOR_TYPES
from .volunteer_contribution_portal import parse_id

SURVEY_CONTEXT = "volunteer_survey"
MAX_LINES = 60


class VolunteerAggregateDeclaration(models.Model):
    _inherit = "volunteer.aggregate.declaration"

    @api.model
    def _survey_structures(self):
        """The structures whose survey the current user may fill (sudo records)."""
        Structure = self.env["volunteer.structure"]
        if not self.has_access("create"):
            return Structure.sudo().browse()
        allowed = Structure._declarable_structures()
        if allowed is None:
            allowed = Structure.sudo().search([("company_id", "in", self.env.user.company_ids.ids)])
        return allowed

    @api.model
    def _survey_check_structure(self, structure):
        """Refuse a structure the current user may not declare for (superuser: the caller
        has checked a personal link, confined to its own structure)."""
        if structure and (self.env.su or structure in self._survey_structures()):
            return
        raise AccessError(self.env._(
            "You cannot fill the survey of this structure: only its contact and its "
            "coordinators can."))

    @api.model
    def _survey_year(self, year):
        """The year asked for, as a number, if the survey can be filled for it."""
        today = fields.Date.context_today(self)
        number = parse_id(str(year or ""))
        if number not in survey.offered_years(today):
            raise UserError(self.env._(
                "Choose a year between %(first)s and %(last)s.",
                first=survey.offered_years(today)[-1], last=today.year))
        return number

    @api.model
    def _survey_options(self, structure):
        """What the lines may name: the contributor types and the categories."""
        categories = self.env["volunteer.category"].search(
            ["|", ("company_id", "=", False), ("company_id", "=", structure.company_id.id)])
        return {
            "types": dict(self._fields["contributor_type"]._description_selection(self.env)),
            "categories": categories,
        }

    @api.model
    def _survey_declarations(self, structure, year):
        """The live declarations of ``structure``'s survey for ``year`` (sudo)."""
        self._survey_check_structure(structure)
        return self.sudo().search([
            ("structure_id", "=", structure.id),
            ("external_ref", "=like", survey.survey_prefix(structure.id, year) + "%"),
            ("state", "in", list(rules.LIVE_STATES)),
        ], order="id")

    @api.model
    def _survey_lines(self, structure, year):
        """The lines the form shows: those declared for the year, and one per type."""
        return survey.with_every_type([survey.SurveyLine(
            rec.contributor_type, rec.category_id.id or None, rec.hours, rec.headcount,
            rec.distance_km) for rec in self._survey_declarations(structure, year)])

    @api.model
    def _survey_copy_last_year(self, structure, year):
        """Lines pre-filled from the declarations of the year before (any source)."""
        self._survey_check_structure(structure)
        date_from, date_to = survey.year_period(year - 1)
        declarations = self.sudo().search([
            ("structure_id", "=", structure.id),
            ("date_from", ">=", date_from), ("date_to", "<=", date_to),
        ])
        return survey.copied_lines([survey.PastDeclaration(
            rec.id, rec.external_ref, rec.state, rec.date_from, rec.date_to,
            rec.contributor_type, rec.category_id.id or None, rec.hours, rec.headcount,
            rec.distance_km) for rec in declarations])

    @api.model
    def _survey_submit(self, structure, year, lines):
        """Record ``structure``'s survey for ``year``: every line or none.

        ``lines`` are dicts of :data:`~survey.LINE_KEYS` as posted (texts). A line
        sent again replaces its previous figures; a line left empty that was sent
        before is declared at 0. Returns the declarations recorded.
        """
        self._survey_check_structure(structure)
        year = self._survey_year(year)
        if not isinstance(lines, list) or len(lines) > MAX_LINES:
            raise UserError(self.env._("The survey has at most %(max)s lines.", max=MAX_LINES))
        lines = [self._survey_line(line) for line in lines]
        live = self._survey_declarations(structure, year)
        to_send = survey.lines_to_send(
            lines, {(rec.contributor_type, rec.category_id.id or None) for rec in live})
        if not to_send:
            raise UserError(self.env._(
                "Fill in at least one line: the hours and the number of people."))
        date_from, date_to = survey.year_period(year)
        key = str(structure.id)
        entries = [{
            "structure": key, "date_from": date_from, "date_to": date_to,
            "contributor_type": line["contributor_type"],
            "category": line["category_id"] or None, "hours": line["hours"],
            "headcount": line["headcount"], "distance_km": line["distance_km"],
            "external_ref": survey.survey_ref(
                structure.id, year, line["contributor_type"], line["category_id"]),
        } for line in to_send]
        labels = [self._survey_line_label(line) for line in to_send]
        source = "link" if self.env.context.get(SOURCE_CONTEXT) == "link" else "portal"
        return self.with_context(**{SURVEY_CONTEXT: True, SOURCE_CONTEXT: source})._declare(
            entries, structures={key: structure}, labels=labels)

    @api.model
    def _survey_line(self, line):
        """A posted line, with its type and category checked and its figures as typed."""
        if not isinstance(line, dict):
            raise UserError(self.env._("A line of the survey is not readable."))
        kind = line.get("contributor_type")
        if kind not in dict(CONTRIBUTOR_TYPES):
            raise UserError(self.env._("Choose the kind of contributors of each line."))
        category = parse_id(str(line.get("category_id") or ""))
        return {
            "contributor_type": kind, "category_id": category or None,
            **{name: line.get(name) if isinstance(line.get(name), str | int | float) else None
               for name in survey.FIGURE_KEYS},
        }

    @api.model
    def _survey_line_label(self, line):
        """How the messages name a line: its type, and its category if any."""
        label = dict(self._fields["contributor_type"]._description_selection(self.env))[
            line["contributor_type"]]
        if line["category_id"]:
            category = self.env["volunteer.category"].sudo().browse(line["category_id"]).exists()
            label = f"{label} · {category.name or line['category_id']}"
        return label

    @api.model
    def _problem_message(self, problem):
        """On the survey, the figures are named as the form names them."""
        if self.env.context.get(SURVEY_CONTEXT) and "key" in problem.params:
            names = {
                "hours": self.env._("hours"),
                "headcount": self.env._("number of people"),
                "distance_km": self.env._("distance (km)"),
            }
            key = problem.params["key"]
            problem = problem._replace(params=dict(problem.params, key=names.get(key, key)))
        return super()._problem_message(problem)
