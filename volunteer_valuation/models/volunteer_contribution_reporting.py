# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The figures of the valuation workbook, gathered from the contributions.

Everything here reads as the current user (record rules decide what a
coordinator or a manager sees) with a few grouped queries over the period; the
detail rows are streamed page by page. :mod:`..engine.valuation_workbook` draws
them.
"""

import itertools

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import contribution_keys as keys
from ..engine import grouping_sets
from ..engine import valuation_figures as figures
from ..engine.odoo_names import (
    CERFA_ACCOUNT_PARAM,
    CERFA_LINE_PARAM,
    DEFAULT_CERFA_ACCOUNT,
    DEFAULT_CERFA_LINE,
    MANAGER_GROUP,
)
from ..engine.valuation_sheets import ALL_STRUCTURES

# The aggregation behind the workbook, in one query (one read of the period): {name:
# groupby}. "fact" gives the structure x month figures (the order of figures.Fact); the
# next four are the sheets of WorkbookData.breakdowns, then the largest headcount of
# estimates, the rate lines used and the people of each structure.
GROUPING_SETS = {
    "fact": ("structure_id", "date:month", "contributor_type", "entry_mode"),
    "project": ("project_id", "entry_mode"),
    "level": ("level_id", "entry_mode"),
    "category": ("category_id", "entry_mode"),
    "role": ("role", "entry_mode"),
    "estimate": ("structure_id", "contributor_type", "entry_mode"),
    "rate": ("rate_id",),
    "person": ("structure_id", "partner_id"),
}
SET_AGGREGATES = ("duration:sum", "amount:sum", "headcount:sum", "__count", "headcount:max")
BREAKDOWN_SHEETS = ("project", "level", "category", "role")
# Distinct people (of detailed contributions: estimates name nobody) by each dimension.
PEOPLE_DIMENSIONS = {
    "project": "project_id",
    "level": "level_id",
    "category": "category_id",
    "role": "role",
    "month": "date:month",
    "contributor_type": "contributor_type",
}
DETAIL_COLUMNS = (
    "date", "date_end", "structure_id", "partner_id", "contributor_type", "role",
    "level_id", "category_id", "project_id", "name", "entry_mode", "headcount", "duration",
    "distance_km", "hourly_rate", "amount", "state",
)
DETAIL_PAGE_SIZE = 5000
# Names of the detail's PostgreSQL cursors, one per export in a transaction.
_DETAIL_CURSORS = itertools.count()


class VolunteerContribution(models.Model):
    _inherit = "volunteer.contribution"

    # The detail sheet pages through contributions in (date, id) order.
    _date_id_idx = models.Index("(date, id)")

    @api.model
    def _cerfa_mapping(self):
        params = self.env["ir.config_parameter"].sudo()
        try:
            return figures.CerfaMapping(
                params.get_param(CERFA_LINE_PARAM, DEFAULT_CERFA_LINE),
                params.get_param(CERFA_ACCOUNT_PARAM, DEFAULT_CERFA_ACCOUNT),
            )
        except ValueError:
            raise UserError(self.env._(
                "The settings must send valued volunteering to line 870 or 875, both for the "
                "CERFA budget and for the accounts."))

    @api.model
    def _valuation_scope(self, structures, include_children):
        """(domain on contributions, structures of the report tree).

        No structure chosen: everything I may see (managers: the whole network;
        coordinators: the structures they coordinate and their members). A
        coordinator cannot choose a structure above their own: its totals would
        silently miss the branches they do not see.
        """
        Structure = self.env["volunteer.structure"].with_context(active_test=False)
        manager = self.env.su or self.env.user.has_group(MANAGER_GROUP)
        mine = Structure.search(
            [("id", "child_of", self.env.user.volunteer_coordinated_structure_ids.ids)])
        if structures and not manager and structures - mine:
            raise UserError(self.env._(
                "You can report on the structures you coordinate and their members, not on "
                "%(structures)s.",
                structures=", ".join((structures - mine).mapped("complete_name"))))
        if structures:
            if include_children:
                return ([("structure_id", "child_of", structures.ids)],
                        Structure.search([("id", "child_of", structures.ids)]))
            return [("structure_id", "in", structures.ids)], structures
        # A manager reports on every structure (one row each in the workbook).
        return [], Structure.search([]) if manager else mine  # pylint: disable=no-search-all

    @api.model
    def _valuation_aggregate(self, domain):
        """Totals and largest headcount by each of GROUPING_SETS, in one query: the
        aggregation behind the workbook, which the benchmark measures against the same
        query in raw SQL.

        {name: [(*group values, hours, value, headcount, count, largest headcount)]},
        with ids, not records: the set of people has a row per person.
        """
        query = self.with_context(active_test=False)._search(domain)
        columns = grouping_sets.set_columns(GROUPING_SETS)
        terms = {column: self._read_group_groupby(query.table, column, query)
                 for column in columns}
        # Rows in a stable order, so that the sums of floats do not vary between exports.
        query.order = SQL(", ").join(terms.values())
        query.groupby = SQL("GROUPING SETS (%s)", SQL(", ").join(
            SQL("(%s)", SQL(", ").join(terms[column] for column in groupby))
            for groupby in GROUPING_SETS.values()))
        rows = self.env.execute_query(query.select(
            SQL("GROUPING(%s)", SQL(", ").join(terms.values())), *terms.values(),
            *(self._read_group_select(spec, query) for spec in SET_AGGREGATES)))
        masks = grouping_sets.grouping_masks(columns, GROUPING_SETS)
        result = {name: [] for name in GROUPING_SETS}
        width = len(columns)
        for mask, *values in rows:
            name, positions = masks[mask]
            result[name].append((*(values[position] for position in positions),
                                 *values[width:]))
        return result

    @api.model
    def _valuation_people(self, domain):
        """Distinct people by each of PEOPLE_DIMENSIONS: {name: {value: people}}.

        One query, and no sort: the pairs (value, person) of every dimension are
        hashed (grouping sets), then counted. A COUNT(DISTINCT ...) by dimension sorted
        all the contributions once per dimension, which was most of the time of a
        workbook's queries.
        """
        query = self.with_context(active_test=False)._search(
            domain + [("partner_id", "!=", False)])
        query.order = None
        terms = [self._read_group_groupby(query.table, spec, query)
                 for spec in PEOPLE_DIMENSIONS.values()]
        partner = SQL.identifier(query.table, "partner_id")
        query.groupby = SQL("GROUPING SETS (%s)", SQL(", ").join(
            SQL("(%s, %s)", term, partner) for term in terms))
        pairs = query.select(SQL("GROUPING(%s) AS dimension", SQL(", ").join(terms)),
                             *(SQL("%s AS value_%s", term, index)
                               for index, term in enumerate(terms)))
        values = SQL(", ").join(SQL.identifier(f"value_{index}") for index in range(len(terms)))
        rows = self.env.execute_query(SQL(
            "SELECT dimension, %s, COUNT(*) FROM (%s) AS pairs GROUP BY dimension, %s",
            values, pairs, values))
        # GROUPING() leaves the partner out: one column per dimension.
        masks = grouping_sets.grouping_masks(
            tuple(PEOPLE_DIMENSIONS), {name: (name,) for name in PEOPLE_DIMENSIONS})
        result = {name: {} for name in PEOPLE_DIMENSIONS}
        for mask, *group_values, count in rows:
            name, (index,) = masks[mask]
            result[name][group_values[index]] = count
        return result

    @api.model
    def _valuation_breakdowns(self, sets, people):
        """Totals and distinct people by project, level, category and role."""
        return {
            dimension: [
                figures.BreakdownRow(
                    value, entry_mode, hours or 0.0, amount or 0.0, headcount or 0, count,
                    people[dimension].get(value, 0) if entry_mode == keys.DETAILED else 0)
                for value, entry_mode, hours, amount, headcount, count, _largest
                in sets[dimension]
            ]
            for dimension in BREAKDOWN_SHEETS
        }

    @api.model
    def _valuation_estimate_people(self, sets):
        """Largest headcount of an estimate in each structure, added up by contributor type."""
        result = {}
        for _structure, contributor_type, entry_mode, *_sums, largest in sets["estimate"]:
            if entry_mode == keys.ESTIMATE:
                result[contributor_type] = result.get(contributor_type, 0) + (largest or 0)
        return result

    @api.model
    def _valuation_scale(self, sets, date_from, date_to, companies):
        """Rate lines in force in the period or used by its contributions, and wages in force."""
        used = {
            rate_id: (hours or 0.0, amount or 0.0, count)
            for rate_id, hours, amount, _headcount, count, *_others in sets["rate"] if rate_id
        }
        Rate = self.env["volunteer.rate"].sudo().with_context(active_test=False)
        rates = Rate.browse(list(used)) | Rate.search([
            ("company_id", "in", companies.ids), ("active", "=", True),
            ("date_from", "<=", date_to), "|", ("date_to", "=", False),
            ("date_to", ">=", date_from)])
        rate_infos = []
        for rate in rates:
            hours, amount, count = used.get(rate.id, (0.0, 0.0, 0))
            rate_infos.append(figures.RateInfo(
                name=rate.name, date_from=rate.date_from, date_to=rate.date_to or None,
                structure=rate.structure_id.complete_name or None,
                level=rate.level_id.name or None, category=rate.category_id.name or None,
                contributor_type=rate.contributor_type or None, method=rate.method,
                fixed_amount=rate.fixed_amount, coefficient=rate.coefficient,
                apply_charges=rate.apply_charges, hours=hours, amount=amount, count=count,
            ))
        wages = self.env["volunteer.reference.wage"].sudo().search(
            [("company_id", "in", companies.ids), ("date_from", "<=", date_to)])
        wage_infos = [figures.WageInfo(
            name=wage.name, date_from=wage.date_from, date_to=wage.date_to or None,
            hourly_amount=wage.hourly_amount, charges_multiplier=wage.charges_multiplier,
            note=wage.note or None,
        ) for wage in wages if not wage.date_to or wage.date_to >= date_from]
        return rate_infos, wage_infos

    @api.model
    def _valuation_currency(self, structures):
        """Companies and currency of the report; several currencies cannot be added up."""
        companies = structures.sudo().company_id or self.env.company
        currencies = companies.currency_id
        if len(currencies) > 1:
            raise UserError(self.env._(
                "These contributions are valued in several currencies (%(currencies)s): "
                "export one company at a time.",
                currencies=", ".join(currencies.mapped("name"))))
        return companies, currencies

    @api.model
    def _valuation_accounts(self, companies):
        """The account mapping and journal of ``companies``, as the accounting export posts
        them: the CERFA sheet gives the export's totals by account."""
        Mapping = self.env["volunteer.account.mapping"].sudo()
        books = {
            (frozenset(Mapping._accounts(company).items()),
             (company.volunteer_journal_code, company.volunteer_journal_name))
            for company in companies
        }
        if len(books) > 1:
            raise UserError(self.env._(
                "These companies post in-kind contributions to different accounts "
                "(%(companies)s): export one company at a time.",
                companies=", ".join(companies.mapped("name"))))
        [(accounts, journal)] = books
        return dict(accounts), journal

    @api.model
    def _valuation_workbook_data(self, date_from, date_to, structures, include_children=True,
                                 states=(keys.VALIDATED,)):
        """Everything the valuation workbook shows, as :class:`figures.WorkbookData`."""
        scope_domain, nodes = self._valuation_scope(structures, include_children)
        domain = scope_domain + [
            ("date", ">=", date_from), ("date", "<=", date_to), ("state", "in", list(states)),
        ]
        sets = self._valuation_aggregate(domain)
        facts = [figures.Fact(structure_id, month, contributor_type, entry_mode, hours or 0.0,
                              amount or 0.0, headcount or 0, count)
                 for (structure_id, month, contributor_type, entry_mode, hours, amount,
                      headcount, count, _largest) in sets["fact"]]
        Structure = self.env["volunteer.structure"].sudo().with_context(active_test=False)
        with_data = Structure.browse({fact.structure_id for fact in facts})
        nodes = Structure.browse(nodes.ids) | with_data
        companies, currency = self._valuation_currency(with_data or nodes)

        structure_names = dict(zip(with_data.ids, with_data.mapped("complete_name"),
                                   strict=True))
        pairs = [(structure_id, partner_id, hours, amount, count)
                 for structure_id, partner_id, hours, amount, _headcount, count, _largest
                 in sets["person"] if partner_id]
        labels = self._volunteer_report_labels({partner_id for _s, partner_id, *_r in pairs})
        person_totals = {}
        for structure_id, partner_id, hours, amount, count in pairs:
            totals = person_totals.setdefault(partner_id, [0.0, 0.0, 0, set()])
            totals[0] += hours or 0.0
            totals[1] += amount or 0.0
            totals[2] += count
            totals[3].add(structure_names[structure_id])
        persons = [
            figures.PersonTotal(labels[partner_id][0], labels[partner_id][1],
                                ", ".join(sorted(names)), hours, amount, count)
            for partner_id, (hours, amount, count, names) in person_totals.items()
        ]

        people = self._valuation_people(domain)
        breakdowns = self._valuation_breakdowns(sets, people)
        people = {"month": people["month"], "contributor_type": people["contributor_type"],
                  "total": len(person_totals)}
        project_ids = {row.key for row in breakdowns["project"] if row.key}
        projects = self.env["project.project"].sudo().with_context(active_test=False).browse(
            project_ids)
        Level = self.env["volunteer.level"].sudo().with_context(active_test=False)
        Category = self.env["volunteer.category"].sudo().with_context(active_test=False)
        names = {
            "project": dict(sorted(((project.id, project.display_name) for project in projects),
                                   key=lambda item: item[1].casefold())),
            "level": {level.id: level.name for level in Level.search([])},
            "category": {category.id: category.name for category in Category.search([])},
        }
        rates, wages = self._valuation_scale(sets, date_from, date_to, companies)
        accounts, journal = self._valuation_accounts(companies)
        user = self.env.user
        return figures.WorkbookData(
            company=", ".join(companies.mapped("name")),
            date_from=date_from,
            date_to=date_to,
            structures_label=", ".join(structures.mapped("complete_name"))
            or ALL_STRUCTURES,
            generated_at=fields.Datetime.context_timestamp(
                self, fields.Datetime.now()).replace(tzinfo=None),
            generated_by=user.name,
            facts=facts,
            structures=[
                figures.StructureInfo(
                    structure.id,
                    structure.name if structure.parent_id in nodes else structure.complete_name,
                    structure.parent_id.id if structure.parent_id in nodes else None,
                    structure.rna or None, structure.siren or None)
                for structure in nodes
            ],
            include_children=include_children,
            states=tuple(states),
            currency_symbol=currency.symbol or currency.name,
            fte_annual_hours=self._fte_annual_hours(),
            structure_people=[(structure_id, partner_id)
                              for structure_id, partner_id, *_rest in pairs],
            breakdowns=breakdowns,
            people=people,
            estimate_people=self._valuation_estimate_people(sets),
            names=names,
            persons=persons,
            rates=rates,
            wages=wages,
            cerfa=self._cerfa_mapping(),
            accounts=accounts,
            journal=journal,
            detail=self._valuation_detail_rows(
                domain, {partner_id: label for partner_id, (label, _named) in labels.items()},
                names),
        )

    @api.model
    def _valuation_detail_rows(self, domain, person_labels, names):
        """Detail rows of ``domain`` in (date, id) order, read page by page from one
        PostgreSQL cursor (planned once, not once a page).

        A generator: the workbook writes each page before the next is read, so
        memory does not grow with the number of contributions.
        """
        Structure = self.env["volunteer.structure"].sudo().with_context(active_test=False)
        structure_names = {}
        query = self.with_context(active_test=False)._search(domain)
        table = query.table
        query.order = SQL("%s, %s", SQL.identifier(table, "date"), SQL.identifier(table, "id"))
        task = query.left_join(table, "task_id", "project_task", "id", "task_id")
        cursor = SQL.identifier(f"volunteer_detail_{next(_DETAIL_CURSORS)}")
        self.env.execute_query(SQL("DECLARE %s NO SCROLL CURSOR FOR %s", cursor, query.select(
            *(SQL.identifier(table, column) for column in DETAIL_COLUMNS),
            SQL.identifier(task, "name"))))
        # The inner loop of a large export: labels looked up in local dictionaries.
        row_of = figures.DetailRow
        type_labels, role_labels = figures.CONTRIBUTOR_TYPE_LABELS, figures.ROLE_LABELS
        mode_labels, state_labels = figures.ENTRY_MODE_LABELS, figures.STATE_LABELS
        levels, categories, projects = names["level"], names["category"], names["project"]
        estimate = keys.ESTIMATE
        while True:
            rows = self.env.execute_query(SQL("FETCH %s FROM %s", DETAIL_PAGE_SIZE, cursor))
            new_structures = {row[2] for row in rows} - structure_names.keys()
            structure_names.update(
                (structure.id, structure.complete_name)
                for structure in Structure.browse(new_structures))
            for (day, day_end, structure_id, partner_id, contributor_type, role, level_id,
                 category_id, project_id, description, entry_mode, headcount, hours, distance,
                 hourly_rate, amount, state, task_name) in rows:
                yield row_of(
                    day, day_end, structure_names[structure_id], person_labels.get(partner_id),
                    type_labels.get(contributor_type), role_labels.get(role),
                    levels.get(level_id), categories.get(category_id), projects.get(project_id),
                    task_name, description, mode_labels.get(entry_mode),
                    headcount if entry_mode == estimate else None, hours, distance or None,
                    hourly_rate or 0.0, amount or 0.0, state_labels.get(state))
            if len(rows) < DETAIL_PAGE_SIZE:
                self.env.execute_query(SQL("CLOSE %s", cursor))
                return
