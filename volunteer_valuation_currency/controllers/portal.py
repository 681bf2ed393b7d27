# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from psycopg2 import IntegrityError

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.volunteer_valuation.engine.odoo_names import XLSX_MIMETYPE

STATEMENT_PAGE_SIZE = 20


def _to_int(value):
    """An id from a query string or a form; 0 when it is not a number."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class VolunteerCurrencyPortal(CustomerPortal):
    """/my/volunteering/currency: a member's balances, statement and transfers."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "volunteer_currency_count" in counters:
            values["volunteer_currency_count"] = len(
                request.env["volunteer.currency"]._portal_currencies(request.env.user.partner_id))
        return values

    def _volunteer_currency_values(self, currency_id=None, page=1, **extra):
        partner = request.env.user.partner_id
        currencies = request.env["volunteer.currency"]._portal_currencies(partner)
        currency = currencies.filtered(lambda rec: rec.id == _to_int(currency_id)) or currencies[:1]
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "volunteer_currency",
            "currencies": currencies,
            "currency": currency,
            "partner": partner,
        })
        if currency:
            Move = request.env["volunteer.currency.move"]
            domain = [("currency_id", "=", currency.id), ("partner_id", "=", partner.id)]
            pager = portal_pager(
                url="/my/volunteering/currency", url_args={"currency_id": currency.id},
                total=Move.search_count(domain), page=page, step=STATEMENT_PAGE_SIZE)
            values.update({
                "balance": currency._balances(partner)[partner.id],
                "format_units": currency._format_units,
                "moves": Move.search(domain, limit=STATEMENT_PAGE_SIZE, offset=pager["offset"],
                                     order="sequence desc").sudo(),
                "pager": pager,
                # Names only of those who agreed to be named; the others by pseudonym.
                "recipients": currency._transfer_choices(partner),
            })
        values.update(extra)
        return values

    @http.route(["/my/volunteering/currency", "/my/volunteering/currency/page/<int:page>"],
                type="http", auth="user", website=True, readonly=True)
    def portal_my_volunteer_currency(self, currency_id=None, page=1, done=None, **kw):
        values = self._volunteer_currency_values(currency_id, page, done=bool(done))
        return request.render("volunteer_valuation_currency.portal_my_volunteer_currency", values)

    @http.route("/my/volunteering/currency/transfer", type="http", auth="user", website=True,
                methods=["POST"])
    def portal_volunteer_currency_transfer(self, currency_id=None, recipient_id=None, amount=None,
                                           note=None, **kw):
        partner = request.env.user.partner_id
        currencies = request.env["volunteer.currency"]._portal_currencies(partner)
        currency = currencies.filtered(lambda rec: rec.id == _to_int(currency_id))
        if not currency:
            raise request.not_found()
        recipient = _to_int(recipient_id)
        error = None
        try:
            with request.env.cr.savepoint():
                currency.transfer(partner.id, recipient, amount or "", note)
        except (UserError, AccessError, ValidationError) as exception:
            error = exception.args[0]
        except IntegrityError:
            error = request.env._(
                "Your account changed while the transfer was being recorded: check your "
                "balance and try again.")
        if error:
            values = self._volunteer_currency_values(
                currency.id, error=error,
                form={"recipient_id": recipient, "amount": amount or "", "note": note or ""})
            return request.render(
                "volunteer_valuation_currency.portal_my_volunteer_currency", values)
        return request.redirect(f"/my/volunteering/currency?currency_id={currency.id}&done=1")

    @http.route("/my/volunteering/currency/statement.xlsx", type="http", auth="user",
                website=True, readonly=True)
    def portal_volunteer_currency_statement(self, currency_id=None, **kw):
        partner = request.env.user.partner_id
        currencies = request.env["volunteer.currency"]._portal_currencies(partner)
        currency = currencies.filtered(lambda rec: rec.id == _to_int(currency_id))
        if not currency:
            raise request.not_found()
        content = request.env["volunteer.currency.workbook"]._statement_xlsx(currency, partner)
        return request.make_response(content, headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Disposition", content_disposition(
                f"statement-{currency.symbol}-{partner.name}.xlsx")),
        ])
