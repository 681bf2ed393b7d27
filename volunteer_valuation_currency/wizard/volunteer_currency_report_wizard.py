# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import base64

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.volunteer_valuation.engine.odoo_names import XLSX_MIMETYPE


class VolunteerCurrencyReportWizard(models.TransientModel):
    """Export a currency's balances, its circulation or a member's statement as XLSX."""

    _name = "volunteer.currency.report.wizard"
    _description = "Export a currency report"

    report = fields.Selection(
        [("balances", "Balances of every member at a date"),
         ("circulation", "Units issued, spent and in circulation"),
         ("statement", "Statement of a member")],
        string="What to export", required=True, default="balances",
    )
    currency_id = fields.Many2one(
        "volunteer.currency", string="Complementary currency", required=True,
        default=lambda self: self.env["volunteer.currency"].search([], limit=1),
    )
    date = fields.Date(string="Balances on", default=fields.Date.context_today)
    date_from = fields.Date(
        string="Period start",
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
    )
    date_to = fields.Date(string="Period end", default=fields.Date.context_today)
    granularity = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        string="Per", default="month",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Member", domain=[("volunteer_currency_move_ids", "!=", False)],
    )

    def action_export(self):
        """Build the workbook and download it."""
        self.ensure_one()
        Workbook = self.env["volunteer.currency.workbook"]
        currency = self.currency_id
        if self.report == "balances":
            day = self.date or fields.Date.context_today(self)
            content = Workbook._balances_xlsx(currency, day)
            name = f"balances-{currency.symbol}-{day}.xlsx"
        else:
            if self.date_from and self.date_to and self.date_from > self.date_to:
                raise UserError(self.env._("The period ends before it starts."))
            if self.report == "circulation":
                if not (self.date_from and self.date_to):
                    raise UserError(self.env._("Give the first and last days of the period."))
                content = Workbook._circulation_xlsx(
                    currency, self.date_from, self.date_to, self.granularity or "month")
                name = f"circulation-{currency.symbol}-{self.date_from}-{self.date_to}.xlsx"
            else:
                if not self.partner_id:
                    raise UserError(self.env._("Choose the member whose statement you want."))
                content = Workbook._statement_xlsx(
                    currency, self.partner_id, self.date_from, self.date_to)
                name = f"statement-{currency.symbol}-{self.partner_id.name}.xlsx"
        attachment = self.env["ir.attachment"].create({
            "name": name,
            "datas": base64.b64encode(content),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": XLSX_MIMETYPE,
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
