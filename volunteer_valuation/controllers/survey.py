# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The yearly survey of a member structure: /my/volunteering/survey for its contact or
coordinators, /volunteering/survey/<token> for a contact without an account. The routes
read the form and call the model, which checks and records."""

import re

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.http import request, route
from odoo.tools import float_repr

from ..engine import yearly_survey as survey
from ..models.volunteer_contribution_portal import parse_id
from .portal import VolunteerPortal
from .routing import readonly_on_get

LINE_RE = re.compile(r"line-(\d{1,3})-(\w+)")
EXTRA_LINES = 3  # blank lines by kind of activity offered under the lines of each type


def _figure_text(value):
    """A figure as the form shows it: typed text as is, numbers without useless zeros."""
    if isinstance(value, str):
        return value
    if not value:
        return "0" if value == 0 else ""
    return float_repr(value, 2).rstrip("0").rstrip(".")


class VolunteerSurveyPortal(VolunteerPortal):

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "volunteer_survey_count" in counters:
            count = len(request.env["volunteer.aggregate.declaration"]._survey_structures())
            if count:
                values["volunteer_survey_count"] = count
        return values

    def _survey_posted_lines(self, post):
        """The lines of the form, in their order: line-<n>-<field> texts."""
        lines = {}
        for key, value in post.items():
            match = LINE_RE.fullmatch(key)
            if match and match.group(2) in (*survey.LINE_KEYS, "free") and isinstance(value, str):
                lines.setdefault(int(match.group(1)), {})[match.group(2)] = value
        return [lines[index] for index in sorted(lines)]

    def _survey_shown_lines(self, lines, extra=True):
        """Lines as the template shows them: texts, and whether type and category are
        chosen on the line (the blank lines by kind of activity) or fixed."""
        shown = [{
            "contributor_type": line.get("contributor_type") or "volunteer"
            if isinstance(line, dict) else line.contributor_type,
            "category_id": str((line.get("category_id") if isinstance(line, dict)
                                else line.category_id) or ""),
            "free": bool(isinstance(line, dict) and line.get("free")),
            **{name: _figure_text(line.get(name) if isinstance(line, dict)
                                  else getattr(line, name))
               for name in survey.FIGURE_KEYS},
        } for line in lines]
        if extra:
            shown += [{"contributor_type": "volunteer", "category_id": "", "free": True,
                       "extra": True, **dict.fromkeys(survey.FIGURE_KEYS, "")}
                      for _index in range(EXTRA_LINES)]
        return shown

    def _render_survey(self, url, structures, structure, year, lines, link=None, status=200,
                       **values):
        Declaration = request.env["volunteer.aggregate.declaration"].sudo()
        today = fields.Date.context_today(Declaration)
        layout = self._prepare_portal_layout_values() if not link else {}
        sent = Declaration._survey_declarations(structure, year) if structure else Declaration
        options = Declaration._survey_options(structure) if structure else {}
        return request.render("volunteer_valuation.portal_volunteer_survey", {
            **layout,
            "page_name": "volunteer_survey",
            "no_breadcrumbs": bool(link),
            "survey_url": url,
            "link": link,
            "structures": structures,
            "structure": structure,
            "year": year,
            "years": survey.offered_years(today),
            "lines": lines,
            "sent": sent,
            "options": options,
            "category_names": {str(category.id): category.name
                               for category in options.get("categories", ())},
            **values,
        }, status=status)

    def _survey_page(self, url, structures, structure, year, post, submit, read_lines,
                     link=None):
        """Show the survey (GET) or record it (POST) and come back to it."""
        message = None
        if request.httprequest.method == "POST":
            posted = self._survey_posted_lines(post)
            try:
                with request.env.cr.savepoint():
                    submit(posted)
            except UserError as exc:
                kept = [line for line in posted if not line.get("free") or any(
                    (line.get(name) or "").strip() for name in survey.FIGURE_KEYS)]
                return self._render_survey(
                    url, structures, structure, year, self._survey_shown_lines(kept),
                    link=link,
                    status=403 if isinstance(exc, AccessError) else 200, error=exc.args[0])
            query = f"?year={year}" + (f"&structure={structure.id}" if not link else "")
            return request.redirect(f"{url}{query}&message=sent")
        copy = bool(post.get("copy"))
        lines = read_lines(copy)
        if copy:
            message = "copied" if lines else "nothing_to_copy"
            lines = survey.with_every_type(lines)
        elif post.get("message") == "sent":
            message = "sent"
        if message == "nothing_to_copy":
            lines = read_lines(False)
        return self._render_survey(url, structures, structure, year,
                                   self._survey_shown_lines(lines), link=link, message=message)

    @route("/my/volunteering/survey", type="http", auth="user", website=True,
           methods=["GET", "POST"], readonly=readonly_on_get)
    def portal_my_volunteer_survey(self, structure=None, year=None, **post):
        Declaration = request.env["volunteer.aggregate.declaration"]
        structures = Declaration._survey_structures()
        asked_year, posting = year, request.httprequest.method == "POST"
        # A form posts its structure; the model refuses one the user may not declare for.
        chosen = request.env["volunteer.structure"].sudo().browse(
            parse_id(str(structure or "")) or (None if posting else structures[:1].id)).exists()
        year = parse_id(str(year or "")) or fields.Date.context_today(Declaration).year - 1
        if not structures:
            return self._render_survey("/my/volunteering/survey", structures, None, year, [])
        if not posting:
            # Showing another structure's figures is refused like recording them.
            chosen = chosen if chosen in structures else structures[:1]
            if year not in survey.offered_years(fields.Date.context_today(Declaration)):
                year = fields.Date.context_today(Declaration).year - 1

        def read_lines(copy):
            if copy:
                return Declaration._survey_copy_last_year(chosen, year)
            return Declaration._survey_lines(chosen, year)

        def submit(lines):
            Declaration._survey_submit(chosen, asked_year, lines)

        shown = chosen if chosen in structures else structures[:1]
        return self._survey_page("/my/volunteering/survey", structures, shown, year, post,
                                 submit, read_lines)

    @route("/volunteering/survey/<string:token>", type="http", auth="public", website=True,
           methods=["GET", "POST"], sitemap=False)
    def volunteer_survey_link(self, token, year=None, **post):
        link, state = request.env["volunteer.access.link"]._survey_link(token)
        if state != "valid":
            return request.render(
                "volunteer_valuation.portal_volunteering_link_invalid",
                {"state": state, "no_breadcrumbs": True}, status=403 if state != "expired" else 410)
        today = fields.Date.context_today(link)
        asked_year = year
        year = parse_id(str(year or "")) or today.year - 1
        if request.httprequest.method != "POST" and year not in survey.offered_years(today):
            year = today.year - 1
        return self._survey_page(
            f"/volunteering/survey/{link.token}", link.structure_id, link.structure_id, year,
            post, lambda lines: link._survey_submit(asked_year, lines),
            lambda copy: link._survey_lines(year, copy), link=link)
