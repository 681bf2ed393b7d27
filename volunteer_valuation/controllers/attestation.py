# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from werkzeug.exceptions import BadRequest

from odoo import http
from odoo.exceptions import UserError
from odoo.http import content_disposition, request

REPORT = "volunteer_valuation.report_volunteer_attestation"


class VolunteerAttestationController(http.Controller):
    """A volunteer downloads the attestation of their own volunteering (PDF)."""

    @http.route("/my/volunteering/attestation", type="http", auth="user", methods=["GET"],
                readonly=True)
    def my_volunteering_attestation(self, date_from=None, date_to=None, **kwargs):
        """Only ever the logged-in user's own partner: no partner can be chosen."""
        partner = request.env.user.partner_id
        data = {"date_from": date_from or None, "date_to": date_to or None}
        Report = request.env["ir.actions.report"].sudo()
        try:
            content, report_type = Report._render_qweb_pdf(REPORT, partner.ids, data=data)
        except UserError as error:  # a period that is not two dates, or the wrong way round
            raise BadRequest(error.args[0]) from error
        if report_type == "pdf":
            filename = request.env._("Volunteering attestation.pdf")
            headers = [("Content-Type", "application/pdf"),
                       ("Content-Disposition", content_disposition(filename))]
        else:  # test mode renders HTML
            headers = [("Content-Type", "text/html; charset=utf-8")]
        return request.make_response(content, headers=headers)
