# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models
from odoo.tools import SQL

from ..models.volunteer_contribution import CONTRIBUTOR_TYPES


class VolunteerValuationReport(models.Model):
    """Validated contributions added up by structure, month, contributor type,
    level, category, project and entry mode: the pivot and graph analysis.

    A SQL view given as ``_table_query`` (no database view to keep in step with
    the contributions table): filters on its columns are pushed by PostgreSQL
    into the aggregation, and the record rules are those of contributions.
    """

    _name = "volunteer.valuation.report"
    _description = "Volunteer valuation analysis"
    _auto = False
    _rec_name = "structure_id"
    _order = "date desc, structure_id"
    _depends = {
        "volunteer.contribution": [
            "structure_id", "date", "contributor_type", "level_id", "category_id",
            "project_id", "entry_mode", "duration", "amount", "state",
        ],
        "volunteer.structure": ["parent_id", "parent_path", "company_id"],
    }

    date = fields.Date(string="Month", readonly=True)
    structure_id = fields.Many2one("volunteer.structure", readonly=True)
    parent_structure_id = fields.Many2one(
        "volunteer.structure", string="Parent structure", readonly=True)
    root_structure_id = fields.Many2one(
        "volunteer.structure", string="Network", readonly=True,
        help="The top structure of the network (the federation).")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    contributor_type = fields.Selection(CONTRIBUTOR_TYPES, readonly=True)
    level_id = fields.Many2one("volunteer.level", string="Competence level", readonly=True)
    category_id = fields.Many2one("volunteer.category", readonly=True)
    project_id = fields.Many2one("project.project", readonly=True)
    entry_mode = fields.Selection(
        [("detailed", "Detailed"), ("estimate", "Estimate")], readonly=True)
    hours = fields.Float(readonly=True, aggregator="sum")
    amount = fields.Monetary(
        string="Value", currency_field="currency_id", readonly=True, aggregator="sum")
    fte = fields.Float(
        string="Full-time equivalents", readonly=True, aggregator="sum", digits=(16, 3),
        help="Hours divided by the hours of one full-time job a year (Settings).")
    contribution_count = fields.Integer(string="Contributions", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        annual_hours = self.env["volunteer.contribution"]._fte_annual_hours()
        return SQL(
            """
            SELECT facts.*,
                   structure.company_id AS company_id,
                   structure.parent_id AS parent_structure_id,
                   split_part(structure.parent_path, '/', 1)::integer AS root_structure_id,
                   company.currency_id AS currency_id,
                   facts.hours / %(annual_hours)s AS fte
              FROM (
                    SELECT MIN(contribution.id) AS id,
                           contribution.structure_id,
                           date_trunc('month', contribution.date::timestamp)::date AS date,
                           contribution.contributor_type,
                           contribution.level_id,
                           contribution.category_id,
                           contribution.project_id,
                           contribution.entry_mode,
                           SUM(contribution.duration) AS hours,
                           SUM(contribution.amount) AS amount,
                           COUNT(*) AS contribution_count
                      FROM volunteer_contribution contribution
                     WHERE contribution.state = 'validated'
                  GROUP BY contribution.structure_id,
                           date_trunc('month', contribution.date::timestamp)::date,
                           contribution.contributor_type, contribution.level_id,
                           contribution.category_id, contribution.project_id,
                           contribution.entry_mode
                   ) facts
              JOIN volunteer_structure structure ON structure.id = facts.structure_id
              JOIN res_company company ON company.id = structure.company_id
            """,
            annual_hours=float(annual_hours),
        )
