# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models
from odoo.tools import SQL

from ..engine import aggregate_declarations as rules
from ..engine import contribution_keys as keys

DECLARED_MODE = (keys.DECLARED, "Declared by member structures")


class VolunteerValuationReport(models.Model):
    """Accepted declarations of member structures as rows of the analysis, with their own
    entry mode. Their ids are negative (those of contributions are positive): a row
    is never mistaken for the other kind."""

    _inherit = "volunteer.valuation.report"
    _depends = {
        "volunteer.aggregate.declaration": [
            "structure_id", "date_from", "contributor_type", "level_id", "category_id",
            "hours", "valued_amount", "state", "company_id",
        ],
    }

    entry_mode = fields.Selection(selection_add=[DECLARED_MODE], ondelete={
        keys.DECLARED: "cascade"})

    @property
    def _table_query(self):
        return SQL("%s UNION ALL %s", super()._table_query, self._declared_query())

    def _declared_query(self):
        annual_hours = self.env["volunteer.contribution"]._fte_annual_hours()
        return SQL(
            """
            SELECT -declaration.id AS id,
                   declaration.date_from AS date,
                   declaration.structure_id,
                   structure.parent_id AS parent_structure_id,
                   split_part(structure.parent_path, '/', 1)::integer AS root_structure_id,
                   declaration.company_id,
                   company.currency_id,
                   declaration.contributor_type,
                   declaration.level_id,
                   declaration.category_id,
                   NULL::integer AS project_id,
                   %(mode)s AS entry_mode,
                   declaration.hours,
                   declaration.valued_amount AS amount,
                   declaration.hours / %(annual_hours)s AS fte,
                   1 AS contribution_count
              FROM volunteer_aggregate_declaration declaration
         LEFT JOIN volunteer_structure structure ON structure.id = declaration.structure_id
         LEFT JOIN res_company company ON company.id = declaration.company_id
             WHERE declaration.state = %(state)s
            """,
            mode=keys.DECLARED, annual_hours=float(annual_hours), state=rules.ACCEPTED,
        )
