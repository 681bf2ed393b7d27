# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import io

import xlsxwriter

from odoo import models

from odoo.addons.volunteer_valuation.engine.spreadsheet import write_cell


class VolunteerCurrencyWorkbook(models.AbstractModel):
    """XLSX exports of a currency: balances at a date, circulation, a member's statement.

    The figures come from the currency (with the reader's access rights);
    every cell goes through the core's ``write_cell``, so text stays text.
    """

    _name = "volunteer.currency.workbook"
    _description = "Complementary currency spreadsheets"

    def _balances_xlsx(self, currency, day):
        """Balance of every member of the currency on ``day``."""
        headers = [self.env._("Member"), self.env._("Structures"),
                   self.env._("Balance (%(symbol)s)", symbol=currency.symbol)]
        rows = [(partner.name, ", ".join(partner.sudo().volunteer_structure_ids.mapped(
            "display_name")), balance) for partner, balance in currency._balance_rows(day)]
        title = self.env._("%(currency)s: balances on %(date)s", currency=currency.name,
                           date=day)
        return self._workbook(title, headers, rows, currency, number_columns=(2,),
                              total_columns=(2,))

    def _circulation_xlsx(self, currency, date_from, date_to, granularity):
        """Units issued, spent, adjusted and in circulation per period and structure."""
        headers = [self.env._("Period start"), self.env._("Period end"), self.env._("Structure"),
                   self.env._("Issued"), self.env._("Spent"), self.env._("Adjusted"),
                   self.env._("In circulation at the end")]
        table = currency._circulation_rows(date_from, date_to, granularity)
        names = {structure.id: structure.display_name
                 for structure in self.env["volunteer.structure"].sudo().browse(
                     {row.structure_id for row in table if row.structure_id})}
        no_structure = self.env._("No structure (adjustments)")
        rows = [(row.period_start, row.period_end,
                 names.get(row.structure_id, no_structure) if row.structure_id else no_structure,
                 row.issued, row.spent, row.adjusted, row.circulating) for row in table]
        title = self.env._("%(currency)s: units from %(start)s to %(end)s",
                           currency=currency.name, start=date_from, end=date_to)
        return self._workbook(title, headers, rows, currency, number_columns=(3, 4, 5, 6),
                              date_columns=(0, 1))

    def _statement_xlsx(self, currency, partner, date_from=None, date_to=None):
        """One member's moves with the balance after each, and opening/closing balances."""
        opening, lines = currency._statement(partner, date_from, date_to)
        headers = [self.env._("Date"), self.env._("No."), self.env._("Type"),
                   self.env._("Description"), self.env._("Structure"), self.env._("Note"),
                   self.env._("Units"), self.env._("Balance")]
        types = dict(self.env["volunteer.currency.move"]._fields["move_type"]
                     ._description_selection(self.env))
        rows = [(None, None, None, self.env._("Opening balance"), None, None, None, opening)]
        rows += [(move.date, move.sequence, types[move.move_type], move.description,
                  move.structure_id.display_name, move.note, move.amount, balance)
                 for move, balance in lines]
        closing = lines[-1][1] if lines else opening
        rows.append((None, None, None, self.env._("Closing balance"), None, None, None, closing))
        title = self.env._("Statement of %(partner)s in %(currency)s",
                           partner=partner.name, currency=currency.name)
        return self._workbook(title, headers, rows, currency, number_columns=(6, 7),
                              date_columns=(0,))

    def _workbook(self, title, headers, rows, currency, number_columns=(), date_columns=(),
                  total_columns=()):
        """One sheet: a title, a header row, the rows, and totals of ``total_columns``."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet()
        bold = book.add_format({"bold": True})
        header = book.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1})
        places = currency.decimal_places
        number = book.add_format({"num_format": "0." + "0" * places if places else "0"})
        total = book.add_format({"bold": True, "num_format": "0." + "0" * places
                                 if places else "0"})
        dates = book.add_format({"num_format": "yyyy-mm-dd"})
        write_cell(sheet, 0, 0, title, bold)
        for col, label in enumerate(headers):
            write_cell(sheet, 2, col, label, header)
            sheet.set_column(col, col, 14 if col in number_columns or col in date_columns else 28)
        for index, row in enumerate(rows, start=3):
            for col, value in enumerate(row):
                cell_format = number if col in number_columns else None
                write_cell(sheet, index, col, value, cell_format, dates)
        if total_columns:
            last = len(rows) + 3
            write_cell(sheet, last, 0, self.env._("Total"), bold)
            for col in total_columns:
                write_cell(sheet, last, col, sum(row[col] or 0 for row in rows), total)
        sheet.freeze_panes(3, 0)
        book.close()
        return output.getvalue()
