# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The volunteering space: /my/volunteering for portal users, /volunteering/link/<token>
for volunteers without an account. Routes parse the request and call the model."""

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, fields
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.http import content_disposition, request, route
from odoo.tools import float_repr

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..engine import durations, personal_data
from ..models.volunteer_contribution_portal import FORM_FIELDS, parse_id
from .routing import readonly_on_get

ITEMS_PER_PAGE = 20
MESSAGES = ("saved", "submitted", "deleted", "settings")


@dataclass
class Space:
    """Whose contributions a page shows, and where its pages live.

    ``structures`` are those the volunteer may declare in; ``scope`` limits what the
    pages show (None: all the volunteer's contributions). ``link`` is the personal link
    the space is opened with, if any.
    """

    partner: object
    structures: object
    scope: object
    model: object
    url: str
    link: object = None


class VolunteerPortal(CustomerPortal):

    # ------------------------------------------------------------------
    # /my home and shared helpers
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "volunteering_count" in counters:
            space = self._volunteering_space()
            count = space.model.search_count(space.model._portal_domain(space.partner))
            if count or space.structures:
                values["volunteering_count"] = count
        return values

    def _volunteering_space(self):
        """The space of the logged-in user (routes with ``auth="user"``).

        Portal users go through the record rules of the core, which give them their own
        contributions. The rules of internal users are about the structures they
        coordinate, not about their own time: an employee or a coordinator who
        volunteers reads their own contributions as superuser, every query of the space
        being limited to their partner.
        """
        user = request.env.user
        Contribution = request.env["volunteer.contribution"]
        if not user.share:
            Contribution = Contribution.sudo()
        partner = user.partner_id
        return Space(partner=partner, structures=partner.volunteer_structure_ids, scope=None,
                     model=Contribution, url="/my/volunteering")

    def _volunteering_contribution(self, space, contribution_id):
        """The contribution of that space, or a 404 for anything the volunteer may not see."""
        contribution = space.model._portal_find(space.partner, contribution_id, space.scope)
        if not contribution:
            raise request.not_found()
        return contribution

    def _volunteering_link_space(self, token):
        """The space of a personal link, or the response explaining why it does not work."""
        link = request.env["volunteer.access.link"]._get_by_token(token)
        state = link.state if link else "unknown"
        if state == "valid" and link.structure_id not in link.partner_id.volunteer_structure_ids:
            state = "revoked"
        if state != "valid":
            return None, request.render(
                "volunteer_valuation.portal_volunteering_link_invalid",
                {"state": state, "no_breadcrumbs": True}, status=403 if state != "expired" else 410)
        link._register_use()
        return Space(
            partner=link.partner_id, structures=link.structure_id, scope=link.structure_id,
            model=request.env["volunteer.contribution"].with_user(SUPERUSER_ID),
            url=f"/volunteering/link/{link.token}", link=link,
        ), None

    def _volunteering_values(self, space, page_name, **values):
        layout = self._prepare_portal_layout_values() if not space.link else {}
        return {
            **layout,
            "page_name": page_name,
            "space": space,
            "volunteering_url": space.url,
            "no_breadcrumbs": bool(space.link),
            "format_duration": durations.format_duration,
            "today": fields.Date.to_string(fields.Date.context_today(space.model)),
            **values,
        }

    # ------------------------------------------------------------------
    # The list
    # ------------------------------------------------------------------

    def _volunteering_periods(self):
        today = fields.Date.context_today(request.env.user)
        month = today.replace(day=1)
        last_month = month - relativedelta(months=1)
        year = today.replace(month=1, day=1)
        last_year = year - relativedelta(years=1)
        domains = {
            "all": [],
            "month": [("date", ">=", month)],
            "last_month": [("date", ">=", last_month), ("date", "<", month)],
            "year": [("date", ">=", year)],
            "last_year": [("date", ">=", last_year), ("date", "<", year)],
        }
        labels = {
            "all": request.env._("All time"),
            "month": request.env._("This month"),
            "last_month": request.env._("Last month"),
            "year": request.env._("This year"),
            "last_year": request.env._("Last year"),
        }
        return {key: {"label": labels[key], "domain": domains[key]} for key in domains}

    def _volunteering_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date desc, id desc"},
            "date_asc": {"label": env._("Oldest"), "order": "date asc, id asc"},
            "duration": {"label": env._("Longest"), "order": "duration desc, date desc, id desc"},
            "state": {"label": env._("Status"), "order": "state, date desc, id desc"},
            "name": {"label": env._("Description"), "order": "name, date desc, id desc"},
        }

    def _render_volunteering_list(self, space, page=1, sortby=None, filterby=None,
                                  structure=None, state=None, message=None):
        Contribution = space.model
        base_domain = Contribution._portal_domain(space.partner, space.scope)
        sortings = self._volunteering_sortings()
        periods = self._volunteering_periods()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in periods else "all"
        states = dict(Contribution._fields["state"]._description_selection(request.env))
        state = state if state in states else None
        # The structures to filter on: those of the volunteer and of their contributions.
        structure_ids = {
            group[0].id for group in Contribution._read_group(base_domain, ["structure_id"])}
        structure_choices = (space.structures.sudo()
                             | request.env["volunteer.structure"].sudo().browse(structure_ids))
        structure_id = parse_id(structure or "")
        chosen = structure_choices.filtered(lambda rec: rec.id == structure_id)
        domain = base_domain & Domain(periods[filterby]["domain"])
        if chosen:
            domain &= Domain("structure_id", "=", chosen.id)
        if state:
            domain &= Domain("state", "=", state)
        count = Contribution.search_count(domain)
        url_args = {"sortby": sortby, "filterby": filterby}
        if chosen:
            url_args["structure"] = chosen.id
        if state:
            url_args["state"] = state
        pager = portal_pager(url=space.url, url_args=url_args, total=count,
                             page=page, step=ITEMS_PER_PAGE)
        contributions = Contribution.search(
            domain, order=sortings[sortby]["order"], limit=ITEMS_PER_PAGE, offset=pager["offset"])
        showing = structure_choices.filtered("show_amount_to_volunteers")
        hours, amount, currency = Contribution._portal_totals(domain, showing)
        values = self._volunteering_values(
            space, "volunteering",
            contributions=contributions.sudo(),
            pager=pager,
            default_url=space.url,
            searchbar_sortings=sortings,
            sortby=sortby,
            searchbar_filters=periods,
            filterby=filterby,
            structure_choices=structure_choices,
            chosen_structure=chosen,
            state_choices=states,
            chosen_state=state,
            total_count=count,
            total_hours=hours,
            show_amounts=bool(showing),
            showing_structures=showing,
            total_amount=amount,
            currency=currency,
            message=message if message in MESSAGES else None,
        )
        return request.render("volunteer_valuation.portal_my_volunteering", values)

    @route(["/my/volunteering", "/my/volunteering/page/<int:page>"],
           type="http", auth="user", website=True, readonly=True)
    def portal_my_volunteering(self, page=1, sortby=None, filterby=None, structure=None,
                               state=None, message=None, **kw):
        space = self._volunteering_space()
        return self._render_volunteering_list(
            space, page, sortby, filterby, structure, state, message)

    # ------------------------------------------------------------------
    # The declaration form
    # ------------------------------------------------------------------

    def _form_values_of(self, contribution):
        """The texts the form shows for an existing contribution."""
        return {
            "name": contribution.name,
            "date": fields.Date.to_string(contribution.date),
            "duration": durations.format_duration(contribution.duration)
            if contribution.duration else "",
            "structure_id": str(contribution.structure_id.id),
            "project_id": str(contribution.project_id.id or ""),
            "task_id": str(contribution.task_id.id or ""),
            "level_id": str(contribution.level_id.id or ""),
            "category_id": str(contribution.category_id.id or ""),
            "distance_km": float_repr(contribution.distance_km, 3).rstrip("0").rstrip(".")
            if contribution.distance_km else "",
        }

    def _render_volunteering_form(self, space, contribution=None, typed=None, errors=None):
        Contribution = space.model
        options = Contribution._portal_options(space.structures)
        if typed is None:
            if contribution:
                typed = self._form_values_of(contribution.sudo())
            else:
                structures = options["structures"]
                typed = {
                    "date": fields.Date.to_string(fields.Date.context_today(Contribution)),
                    "structure_id": str(structures.id) if len(structures) == 1 else "",
                }
        editable = not contribution or contribution._portal_is_editable()
        values = self._volunteering_values(
            space, "volunteering_form",
            contribution=contribution.sudo() if contribution else None,
            editable=editable and bool(options["structures"]),
            options=options,
            typed={name: typed.get(name) or "" for name in FORM_FIELDS},
            errors=errors or {},
            states=dict(Contribution._fields["state"]._description_selection(request.env)),
            show_amount=bool(
                contribution and contribution.sudo().structure_id.show_amount_to_volunteers),
        )
        return request.render("volunteer_valuation.portal_volunteering_form", values)

    def _typed(self, post):
        """The posted texts, to show them back; anything else is left out."""
        return {name: post[name] for name in FORM_FIELDS if isinstance(post.get(name), str)}

    def _volunteering_form(self, space, contribution=None, post=None):
        """Show the form (GET) or save it (POST), then back to the list."""
        if request.httprequest.method != "POST":
            return self._render_volunteering_form(space, contribution)
        saved, errors = space.model._portal_save(
            space.partner, space.structures, post, contribution)
        if errors:
            return self._render_volunteering_form(space, contribution, self._typed(post), errors)
        message = "submitted" if saved.state == "submitted" else "saved"
        return request.redirect(f"{space.url}?message={message}")

    def _volunteering_delete(self, space, contribution):
        try:
            contribution._portal_delete()
        except UserError as error:
            return self._render_volunteering_form(space, contribution, errors={
                "form": error.args[0]})
        return request.redirect(f"{space.url}?message=deleted")

    @route("/my/volunteering/new", type="http", auth="user", website=True,
           methods=["GET", "POST"], readonly=readonly_on_get)
    def portal_my_volunteering_new(self, **post):
        space = self._volunteering_space()
        return self._volunteering_form(space, post=post)

    @route("/my/volunteering/<int:contribution_id>", type="http", auth="user", website=True,
           methods=["GET", "POST"], readonly=readonly_on_get)
    def portal_my_volunteering_contribution(self, contribution_id, **post):
        space = self._volunteering_space()
        contribution = self._volunteering_contribution(space, contribution_id)
        return self._volunteering_form(space, contribution, post)

    @route("/my/volunteering/<int:contribution_id>/delete", type="http", auth="user",
           website=True, methods=["POST"])
    def portal_my_volunteering_delete(self, contribution_id, **post):
        space = self._volunteering_space()
        contribution = self._volunteering_contribution(space, contribution_id)
        return self._volunteering_delete(space, contribution)

    # ------------------------------------------------------------------
    # My data: settings and export
    # ------------------------------------------------------------------

    def _render_volunteering_data(self, space, status=200, **values):
        values = self._volunteering_values(
            space, "volunteering_data", partner=space.partner, **values)
        return request.render(
            "volunteer_valuation.portal_volunteering_data", values, status=status)

    @route("/my/volunteering/data", type="http", auth="user", website=True,
           methods=["GET", "POST"], readonly=readonly_on_get)
    def portal_my_volunteering_data(self, message=None, **post):
        space = self._volunteering_space()
        if request.httprequest.method == "POST":
            # Only these two settings of one's own contact; portal users cannot write
            # contacts themselves.
            space.partner.sudo().write({
                "volunteer_share_identity": bool(post.get("share_identity")),
                "volunteer_reminder_opt_out": bool(post.get("reminder_opt_out")),
            })
            return request.redirect("/my/volunteering/data?message=settings")
        return self._render_volunteering_data(
            space, message=message if message in MESSAGES else None)

    @route("/my/volunteering/export", type="http", auth="user", website=True, readonly=True)
    def portal_my_volunteering_export(self, format=None, **kw):
        space = self._volunteering_space()
        if format not in personal_data.MIMETYPES:
            return self._render_volunteering_data(
                space, status=400, error=request.env._("Choose a format: CSV, XLSX or JSON."))
        contributions = space.model.search(space.model._portal_domain(space.partner))
        content = space.partner.sudo()._volunteer_personal_data_file(contributions.sudo(), format)
        filename = request.env._("my-volunteering-data") + f"-{fields.Date.today()}.{format}"
        return request.make_response(content, headers=[
            ("Content-Type", personal_data.MIMETYPES[format]),
            ("Content-Disposition", content_disposition(filename)),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ])

    # ------------------------------------------------------------------
    # Personal links (volunteers without an account)
    # ------------------------------------------------------------------

    @route(["/volunteering/link/<string:token>",
            "/volunteering/link/<string:token>/page/<int:page>"],
           type="http", auth="public", website=True, sitemap=False)
    def volunteering_link(self, token, page=1, sortby=None, filterby=None, state=None,
                          message=None, **kw):
        space, response = self._volunteering_link_space(token)
        if response:
            return response
        return self._render_volunteering_list(space, page, sortby, filterby, None, state, message)

    @route("/volunteering/link/<string:token>/new", type="http", auth="public", website=True,
           methods=["GET", "POST"], sitemap=False)
    def volunteering_link_new(self, token, **post):
        space, response = self._volunteering_link_space(token)
        if response:
            return response
        return self._volunteering_form(space, post=post)

    @route("/volunteering/link/<string:token>/<int:contribution_id>", type="http",
           auth="public", website=True, methods=["GET", "POST"], sitemap=False)
    def volunteering_link_contribution(self, token, contribution_id, **post):
        space, response = self._volunteering_link_space(token)
        if response:
            return response
        contribution = self._volunteering_contribution(space, contribution_id)
        return self._volunteering_form(space, contribution, post)

    @route("/volunteering/link/<string:token>/<int:contribution_id>/delete", type="http",
           auth="public", website=True, methods=["POST"], sitemap=False)
    def volunteering_link_delete(self, token, contribution_id, **post):
        space, response = self._volunteering_link_space(token)
        if response:
            return response
        contribution = self._volunteering_contribution(space, contribution_id)
        return self._volunteering_delete(space, contribution)
