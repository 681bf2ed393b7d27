# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Erase my data: /my/volunteering/erase asks the volunteer to confirm with their
password, then volunteer.erasure does the work; the retention period on "My data"."""

from odoo.exceptions import AccessError, UserError
from odoo.http import request, route

from .portal import VolunteerPortal
from .routing import readonly_on_get


class VolunteerErasurePortal(VolunteerPortal):

    def _render_volunteering_data(self, space, status=200, **values):
        values.setdefault(
            "retention_years",
            request.env["volunteer.erasure"].sudo()._retention_years(space.partner))
        return super()._render_volunteering_data(space, status=status, **values)

    @route("/my/volunteering/erase", type="http", auth="user", website=True,
           methods=["GET", "POST"], readonly=readonly_on_get)
    def portal_my_volunteering_erase(self, password=None, confirm=None, **post):
        space = self._volunteering_space()
        Erasure = request.env["volunteer.erasure"]
        error = None
        if request.httprequest.method == "POST":
            if not confirm:
                error = request.env._(
                    "Tick the box to confirm that you want your data erased.")
            else:
                try:
                    with request.env.cr.savepoint():
                        Erasure._erase_own_data(password)
                except (UserError, AccessError) as exception:
                    error = exception.args[0]
                else:
                    request.session.logout(keep_db=True)
                    return request.redirect("/volunteering/erased")
        values = self._volunteering_values(
            space, "volunteering_erase",
            can_erase=request.env.user.share,
            notices=Erasure.sudo()._erasure_notices(space.partner),
            email=Erasure.sudo()._confirmation_email(space.partner),
            error=error,
        )
        return request.render("volunteer_valuation.portal_volunteering_erase", values,
                              status=400 if error else 200)

    @route("/volunteering/erased", type="http", auth="public", website=True, sitemap=False,
           readonly=True)
    def volunteering_erased(self, **kw):
        return request.render("volunteer_valuation.portal_volunteering_erased",
                              {"no_breadcrumbs": True})
