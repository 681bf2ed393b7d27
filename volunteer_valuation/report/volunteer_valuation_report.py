# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.tools import SQL

from ..engine import contribution_keys as keys
from ..models.volunteer_contribution import CONTRIBUTOR_TYPES

CURRENCIES_SPEC = "currency_id:array_agg_distinct"
CONVERTED_SPEC = "amount:sum_currency"
STRUCTURE_MODEL = "volunteer.structure"


class VolunteerValuationReport(models.Model):
    """Validated contributions with the dimensions of the analysis (structure and its
    parent and network, date, contributor type, level, category, project, entry mode):
    the pivot and graph analysis.

    One row per validated contribution, as a ``_table_query`` read straight from the
    contributions table: the pivot's ``GROUP BY GROUPING SETS`` then runs on the
    contributions themselves, filters and record rules (on ``structure_id`` and
    ``company_id``) reach the table's indexes, and the totals are those of the
    contributions by construction. Grouping the contributions first (by seven
    dimensions) gave half as many rows as contributions: PostgreSQL built them, on
    disk, and grouped them again.
    """

    _name = "volunteer.valuation.report"
    _description = "Volunteer valuation analysis"
    _auto = False
    _rec_name = "structure_id"
    _order = "date desc, id desc"
    _depends = {
        "volunteer.contribution": [
            "structure_id", "date", "contributor_type", "level_id", "category_id",
            "project_id", "entry_mode", "duration", "amount", "state", "company_id",
        ],
        "volunteer.structure": ["parent_id", "parent_path"],
        "res.company": ["currency_id"],
    }

    date = fields.Date(readonly=True)
    structure_id = fields.Many2one(STRUCTURE_MODEL, readonly=True)
    parent_structure_id = fields.Many2one(
        STRUCTURE_MODEL, string="Parent structure", readonly=True)
    root_structure_id = fields.Many2one(
        STRUCTURE_MODEL, string="Network", readonly=True,
        help="The top structure of the network (the federation).")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    contributor_type = fields.Selection(CONTRIBUTOR_TYPES, readonly=True)
    level_id = fields.Many2one("volunteer.level", string="Competence level", readonly=True)
    category_id = fields.Many2one("volunteer.category", readonly=True)
    project_id = fields.Many2one("project.project", readonly=True)
    entry_mode = fields.Selection(
        [(keys.DETAILED, "Detailed"), (keys.ESTIMATE, "Estimate")], readonly=True)
    hours = fields.Float(readonly=True, aggregator="sum")
    amount = fields.Monetary(
        string="Value", currency_field="currency_id", readonly=True, aggregator="sum")
    fte = fields.Float(
        string="Full-time equivalents", readonly=True, aggregator="sum", digits=(16, 3),
        help="Hours divided by the hours of one full-time job a year (Settings).")
    contribution_count = fields.Integer(string="Contributions", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    def _select(self):
        annual_hours = self.env["volunteer.contribution"]._fte_annual_hours()
        return SQL(
            """
            SELECT contribution.id,
                   contribution.date,
                   contribution.structure_id,
                   structure.parent_id AS parent_structure_id,
                   split_part(structure.parent_path, '/', 1)::integer AS root_structure_id,
                   contribution.company_id,
                   company.currency_id,
                   contribution.contributor_type,
                   contribution.level_id,
                   contribution.category_id,
                   contribution.project_id,
                   contribution.entry_mode,
                   contribution.duration AS hours,
                   contribution.amount,
                   contribution.duration / %(annual_hours)s AS fte,
                   1 AS contribution_count
            """,
            annual_hours=float(annual_hours),
        )

    def _from(self):
        # Left joins on primary keys: PostgreSQL leaves them out of the queries that do
        # not use their columns.
        return SQL(
            """
              FROM volunteer_contribution contribution
         LEFT JOIN volunteer_structure structure ON structure.id = contribution.structure_id
         LEFT JOIN res_company company ON company.id = contribution.company_id
            """
        )

    def _where(self):
        return SQL("WHERE contribution.state = %s", keys.VALIDATED)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        """Structures in the order of their full names, without joining them.

        The ORM orders groups of a many2one by joining the structures and grouping by
        their ordering columns too. PostgreSQL, not knowing that a name follows from an
        id, then expects a group per contribution: it sorted every row on disk instead
        of hashing a few hundred groups, and its estimates made it compile the query
        (JIT) for seconds. The position of the id in the ordered list of structures
        gives the same order at no cost.
        """
        field = self._fields.get(field_name)
        if field is None or field.type != "many2one" or field.comodel_name != STRUCTURE_MODEL:
            return super()._order_field_to_sql(alias, field_name, direction, nulls, query)
        # The ids only, in the order of every structure: the point of this method.
        ordered = self.env[STRUCTURE_MODEL].sudo().with_context(  # pylint: disable=no-search-all
            active_test=False).search([])
        return SQL("array_position(%s::integer[], %s) %s %s", ordered.ids,
                   self._field_to_sql(alias, field_name, query), direction, nulls)

    def _read_group_select(self, aggregate_spec, query):
        """The currency measures of the pivot, when every row I may read has one currency.

        With each monetary measure, the pivot asks the group's currencies
        (``array_agg_distinct``) and its value converted to my company's currency
        (``sum_currency``). PostgreSQL cannot hash a DISTINCT aggregate, so it sorted
        every row first, and the conversion joined each row to its company and rate.
        Rows are limited to my allowed companies (record rule): when these share one
        currency, it is that of every group, and its rate is one number.
        """
        if aggregate_spec in (CURRENCIES_SPEC, CONVERTED_SPEC):
            currency = self._single_currency()
            if currency and aggregate_spec == CURRENCIES_SPEC:
                return SQL("ARRAY[%s]", currency.id)
            if currency:
                rate = currency._get_rates(self.env.company, fields.Date.context_today(self))
                return SQL("SUM(%s) / %s", self._field_to_sql(self._table, "amount", query),
                           rate[currency.id])
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _single_currency(self):
        """The currency of every row I may read, if they all have the same (else empty)."""
        Company = self.env["res.company"]
        companies = (Company.sudo().with_context(active_test=False).search([])  # pylint: disable=no-search-all
                     if self.env.su else self.env.companies)
        currencies = companies.currency_id
        return currencies if len(currencies) == 1 else currencies.browse()
