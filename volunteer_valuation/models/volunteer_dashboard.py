# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import json

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date

# Contributions that count in the figures: sent for validation or validated. Drafts and
# rejected ones do not.
COUNTED_STATES = ("submitted", "validated")
TILES = [
    ("month", "This month"),
    ("year", "This year"),
    ("to_validate", "To validate"),
    ("volunteers", "Active volunteers"),
    ("estimates", "Estimates"),
    ("months", "Hours by month"),
]


class VolunteerDashboard(models.Model):
    """The first screen of the Volunteering app: one kanban card per figure.

    The tiles are fixed rows; their figures are computed for the reader with
    ``_read_group`` on contributions, so the record rules apply (a coordinator sees
    their branch of the network) and the database does the adding up: three grouped
    queries whatever the number of contributions.
    """

    _name = "volunteer.dashboard"
    _description = "Volunteering dashboard tile"
    _auto = False
    _order = "sequence"
    _table_query = "SELECT * FROM (VALUES {}) AS tile (id, kind, sequence)".format(", ".join(
        f"({index}, '{kind}', {index * 10})" for index, (kind, _label) in enumerate(TILES, 1)))

    kind = fields.Selection(TILES, string="Figure", readonly=True)
    sequence = fields.Integer(readonly=True)
    currency_id = fields.Many2one("res.currency", compute="_compute_figures")
    period_label = fields.Char(string="Period", compute="_compute_figures")
    previous_label = fields.Char(string="Compared with", compute="_compute_figures")
    hours = fields.Float(compute="_compute_figures", digits=(16, 1))
    previous_hours = fields.Float(compute="_compute_figures", digits=(16, 1))
    amount = fields.Monetary(string="Value", compute="_compute_figures")
    count = fields.Integer(compute="_compute_figures")
    previous_count = fields.Integer(compute="_compute_figures")
    change = fields.Float(
        compute="_compute_figures",
        help="Change against the same days of last year, as a fraction (0.1 is +10 %).")
    has_previous = fields.Boolean(compute="_compute_figures")
    share = fields.Float(compute="_compute_figures", help="Estimated hours out of all hours.")
    graph = fields.Text(compute="_compute_figures")

    @api.depends_context("uid", "company", "allowed_company_ids", "lang", "tz")
    def _compute_figures(self):
        today = fields.Date.context_today(self)
        figures = self._figures(today)
        currency = self.env.company.currency_id
        for tile in self:
            values = dict.fromkeys(
                ("hours", "previous_hours", "amount", "change", "share"), 0.0)
            values.update(count=0, previous_count=0, has_previous=False, graph=False,
                          period_label=False, previous_label=False)
            values.update(figures.get(tile.kind, {}))
            tile.update(dict(values, currency_id=currency))

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    def _figures(self, today):
        """The values of every tile, from three grouped queries."""
        month, year = today.replace(day=1), today.replace(month=1, day=1)
        last_year = today - relativedelta(years=1)
        first = year - relativedelta(years=1)
        Contribution = self.env["volunteer.contribution"]
        counted = [("state", "in", COUNTED_STATES)]
        # Totals of my whole branch, rows of structures sharing totals only included.
        Totals, days_domain = Contribution._branch_totals_model(
            counted + [("date", ">=", first), ("date", "<=", today)])
        days = Totals._read_group(
            days_domain, ["date:day", "entry_mode"], ["duration:sum", "amount:sum"])

        def total(start, end, mode=None):
            hours = amount = 0.0
            for day, entry_mode, day_hours, day_amount in days:
                if start <= day <= end and mode in (None, entry_mode):
                    hours += day_hours or 0.0
                    amount += day_amount or 0.0
            return hours, amount

        [(waiting, waiting_hours)] = Contribution._read_group(
            [("state", "=", "submitted")], [], ["__count", "duration:sum"])
        figures = {
            "month": self._compare(
                total(month, today), total(month - relativedelta(years=1), last_year),
                format_date(self.env, month, date_format="MMMM y"),
                format_date(self.env, month - relativedelta(years=1), date_format="MMMM y")),
            "year": self._compare(
                total(year, today), total(first, last_year), str(year.year), str(first.year)),
            "to_validate": {"count": waiting, "hours": waiting_hours or 0.0},
        }
        # Named volunteers of this year and of the same days of last year, in one query.
        Totals, people_domain = Contribution._branch_totals_model(
            counted + [("partner_id", "!=", False), "|",
                       "&", ("date", ">=", year), ("date", "<=", today),
                       "&", ("date", ">=", first), ("date", "<=", last_year)])
        people = dict(Totals._read_group(
            people_domain, ["date:year"], ["partner_id:count_distinct"]))
        count, previous = people.get(year, 0), people.get(first, 0)
        figures["volunteers"] = {
            "count": count, "previous_count": previous, "has_previous": bool(previous),
            "change": (count - previous) / previous if previous else 0.0,
            "period_label": str(year.year), "previous_label": str(first.year),
        }
        year_hours = total(year, today)[0]
        estimated = total(year, today, "estimate")[0]
        figures["estimates"] = {
            "hours": estimated, "previous_hours": year_hours,
            "share": estimated / year_hours if year_hours else 0.0,
            "period_label": str(year.year),
        }
        figures["months"] = {"graph": self._month_graph(month, today, total),
                             "period_label": self.env._("Last 12 months")}
        return figures

    def _compare(self, current, previous, label, previous_label):
        (hours, amount), (previous_hours, _previous_amount) = current, previous
        return {
            "hours": hours, "amount": amount, "previous_hours": previous_hours,
            "has_previous": bool(previous_hours),
            "change": (hours - previous_hours) / previous_hours if previous_hours else 0.0,
            "period_label": label, "previous_label": previous_label,
        }

    def _month_graph(self, month, today, total):
        """Hours of the last twelve months, for Odoo's dashboard bar chart."""
        values = []
        for back in range(11, -1, -1):
            start = month - relativedelta(months=back)
            end = min(start + relativedelta(months=1, days=-1), today)
            values.append({
                "label": format_date(self.env, start, date_format="MMM"),
                "value": round(total(start, end)[0], 1),
                "type": "future" if back == 0 else "past",
            })
        return json.dumps([{
            "key": self.env._("Hours"), "values": values,
            "is_sample_data": not any(value["value"] for value in values),
        }])

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open(self):
        """The contributions behind a tile."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.kind == "to_validate":
            return self.env["ir.actions.act_window"]._for_xml_id(
                "volunteer_valuation.volunteer_contribution_action_to_validate")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation.volunteer_contribution_action")
        start = {
            "month": today.replace(day=1),
            "months": today.replace(day=1) - relativedelta(months=11),
        }.get(self.kind, today.replace(month=1, day=1))
        domain = [("state", "in", COUNTED_STATES), ("date", ">=", start), ("date", "<=", today)]
        if self.kind == "estimates":
            domain.append(("entry_mode", "=", "estimate"))
        context = {}
        if self.kind == "volunteers":
            context = {"search_default_groupby_partner": 1}
        elif self.kind == "months":
            context = {"graph_groupbys": ["date:month"]}
            action["views"] = [(False, "graph")] + [
                view for view in action["views"] if view[1] != "graph"]
        action.update(domain=domain, context=context,
                      name=dict(self._fields["kind"]._description_selection(self.env))[self.kind])
        return action
