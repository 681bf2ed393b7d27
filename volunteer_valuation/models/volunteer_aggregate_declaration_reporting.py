# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Accepted declarations of member structures in the workbook: their own column,
"Déclaré par les structures membres".

A declaration counts in a report when its whole period lies in the report's, in
the month where it starts (a yearly declaration is not split into months).
"""

from odoo import api, models

from ..engine import aggregate_declarations as rules
from ..engine import contribution_keys as keys
from ..engine import valuation_figures as figures

DECLARED_GROUPBY = ("structure_id", "date_from:month", "contributor_type", "category_id",
                    "level_id")
DECLARED_AGGREGATES = ("hours:sum", "valued_amount:sum", "headcount:sum", "__count",
                       "hourly_rate:min", "hourly_rate:max")


class VolunteerAggregateDeclaration(models.Model):
    _inherit = "volunteer.aggregate.declaration"

    @api.model
    def _accepted_totals(self, scope_domain, date_from, date_to):
        """Accepted declarations whose period lies in [date_from, date_to], under my record
        rules, added up: [(structure, month, type, category, level, hours, value, people,
        count, lowest rate, highest rate)]. ``scope_domain`` is on ``structure_id``."""
        domain = list(scope_domain) + [
            ("state", "=", rules.ACCEPTED),
            ("date_from", ">=", date_from), ("date_to", "<=", date_to),
        ]
        return self._read_group(domain, list(DECLARED_GROUPBY), list(DECLARED_AGGREGATES))


class VolunteerContribution(models.Model):
    _inherit = "volunteer.contribution"

    @api.model
    def _valuation_workbook_data(self, date_from, date_to, structures, include_children=True,
                                 states=(keys.VALIDATED,)):
        """The workbook, with the accepted declarations of member structures apart."""
        data = super()._valuation_workbook_data(
            date_from, date_to, structures, include_children=include_children, states=states)
        if keys.VALIDATED not in states:
            return data
        scope_domain, _nodes = self._valuation_scope(structures, include_children)
        rows = self.env["volunteer.aggregate.declaration"]._accepted_totals(
            scope_domain, date_from, date_to)
        in_tree = {structure.id for structure in data.structures}
        facts, people = [], {}
        breakdowns = {name: list(values) for name, values in data.breakdowns.items()}
        for (structure, month, contributor_type, category, level, hours, amount, headcount,
             count, _low, _high) in rows:
            if structure.id not in in_tree:
                continue
            facts.append(figures.Fact(structure.id, month, contributor_type, keys.DECLARED,
                                      hours or 0.0, amount or 0.0, headcount or 0, count))
            people[contributor_type] = people.get(contributor_type, 0) + (headcount or 0)
            for name, key in (("project", None), ("role", None),
                              ("level", level.id or None), ("category", category.id or None)):
                breakdowns.setdefault(name, []).append(figures.BreakdownRow(
                    key, keys.DECLARED, hours or 0.0, amount or 0.0, headcount or 0, count))
        if facts:
            data.facts = [*data.facts, *facts]
            data.breakdowns = breakdowns
            data.declared_people = people
        return data
