# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models
from odoo.exceptions import UserError

from ..engine import accounting as engine
from ..engine import fec

# What the export reads of validated contributions: (structure, month, type, mode) groups.
ROW_GROUPBY = ("structure_id", "date:month", "contributor_type", "entry_mode")
ROW_AGGREGATES = ("duration:sum", "amount:sum", "hourly_rate:min", "hourly_rate:max")
MIMETYPES = {"fec": "text/plain", "csv": "text/csv"}


class VolunteerAccountingExportWizard(models.TransientModel):
    """In-kind contributions into the books: the entries 86/87 of a period as FEC or CSV."""

    _name = "volunteer.accounting.export.wizard"
    _inherit = ["volunteer.period.mixin"]
    _description = "Accounting entries of valued volunteering"

    structure_ids = fields.Many2many(
        "volunteer.structure", "volunteer_accounting_export_wizard_structure_rel",
        "wizard_id", "structure_id", string="Structures",
        help="Leave empty for all the structures you may see. A FEC file holds the books of "
             "one association: choose the structure whose SIREN names it.",
    )
    include_children = fields.Boolean(
        string="Include member structures", default=True,
        help="Also post the contributions of the member structures of the chosen ones. Leave "
             "it off when member associations keep their own books.",
    )
    granularity = fields.Selection(
        [("month", "One entry a month"), ("period", "One entry for the whole period")],
        required=True, default="month",
        help="Each entry gathers the validated time of one structure for one pair of accounts, "
             "month by month or over the whole period.",
    )
    format = fields.Selection(
        [("fec", "FEC (fichier des écritures comptables)"), ("csv", "CSV to import")],
        string="File", required=True, default="fec",
        help="FEC: the official layout every French accounting package reads. CSV: a file "
             "for the journal-entry import of Odoo Accounting or of Paheko.",
    )
    csv_flavour = fields.Selection(
        [("odoo", "Odoo Accounting"), ("paheko", "Paheko (simplified import)")],
        string="CSV for", required=True, default="odoo",
    )

    def action_export(self):
        """The entries of the period as a download (an attachment only I can read)."""
        self.ensure_one()
        name, content = self._accounting_file()
        attachment = self.env["ir.attachment"].create({
            "name": name,
            "raw": content.encode(),
            "mimetype": MIMETYPES[self.format],
            "res_model": self._name,
            "res_id": self.id,
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def _accounting_file(self):
        """(file name, text) of the export."""
        self._check_period()
        Contribution = self.env["volunteer.contribution"]
        scope_domain, nodes = Contribution._valuation_scope(
            self.structure_ids, self.include_children)
        rows = self._accounting_rows(scope_domain)
        Structure = self.env["volunteer.structure"].sudo().with_context(active_test=False)
        structures = Structure.browse({row.structure_id for row in rows})
        company = self._accounting_company(structures)
        journal = (company.volunteer_journal_code, company.volunteer_journal_name)
        entries = engine.build_entries(
            rows, self.env["volunteer.account.mapping"]._accounts(company),
            {structure.id: structure.name for structure in structures},
            self.date_from, self.date_to, self.granularity, journal[0],
            company.currency_id.symbol or company.currency_id.name,
        )
        if not entries:
            raise UserError(self._nothing_to_post_message())
        if self.format == "fec":
            siren = self._accounting_siren(nodes, structures, company)
            content = fec.write_fec(
                entries, *journal, fields.Date.context_today(self))
            fec.read_fec(content)  # hand over only a file that reads back as the layout says
            return fec.file_name(siren, self.date_to), content
        flavour = dict(self._fields["csv_flavour"]._description_selection(self.env))
        name = self.env._(
            "In-kind contributions %(date_from)s to %(date_to)s (%(flavour)s).csv",
            date_from=self.date_from, date_to=self.date_to, flavour=flavour[self.csv_flavour])
        if self.csv_flavour == "paheko":
            return name, engine.write_paheko_csv(entries)
        return name, engine.write_odoo_csv(entries, journal[0])

    def _accounting_rows(self, scope_domain):
        """The time to post, as engine.Row values by structure, month, type and entry mode.

        ``scope_domain`` is a domain on ``structure_id`` (empty: all that I may
        see, by the record rules). This reads validated contributions of the
        period; another source of validated time (such as accepted aggregate
        declarations) overrides it to add its own rows, month by month.
        """
        domain = scope_domain + [
            ("state", "=", "validated"),
            ("date", ">=", self.date_from), ("date", "<=", self.date_to),
        ]
        groups = self.env["volunteer.contribution"].with_context(active_test=False)._read_group(
            domain, list(ROW_GROUPBY), list(ROW_AGGREGATES))
        return [
            engine.Row(structure.id, month, contributor_type, entry_mode, hours or 0.0,
                       engine.to_money(amount or 0.0), engine.to_money(rate_min),
                       engine.to_money(rate_max))
            for structure, month, contributor_type, entry_mode, hours, amount, rate_min, rate_max
            in groups
        ]

    def _accounting_company(self, structures):
        """The one company whose books receive the entries."""
        companies = structures.company_id
        if not companies:
            raise UserError(self._nothing_to_post_message())
        if len(companies) > 1:
            raise UserError(self.env._(
                "These structures belong to several companies (%(companies)s), each with its "
                "own books: export one company at a time.",
                companies=", ".join(companies.mapped("name"))))
        return companies

    def _nothing_to_post_message(self):
        return self.env._(
            "Nothing to post from %(date_from)s to %(date_to)s in %(structures)s: no validated "
            "contribution with a value, or only time whose accounts are not posted (Settings > "
            "Volunteering > Accounting).",
            date_from=self.date_from, date_to=self.date_to,
            structures=", ".join(self.structure_ids.mapped("complete_name"))
            or self.env._("the structures you may see"))

    def _accounting_siren(self, nodes, structures, company):
        """The SIREN that names the FEC file. One file holds the books of one association.

        The association is each chosen structure (none chosen: the top of the
        branch I may see above each structure with entries); its SIREN is its own
        or its nearest ancestor's, else the company's.
        """
        Structure = self.env["volunteer.structure"].sudo().with_context(active_test=False)
        if self.structure_ids:
            chosen = Structure.browse(self.structure_ids.ids)
            tops = chosen.filtered(lambda structure: structure.parent_id not in chosen)
        else:
            nodes = Structure.browse(nodes.ids)
            tops = Structure
            for structure in structures:
                while structure.parent_id in nodes:
                    structure = structure.parent_id
                tops |= structure
        company_siren = company._volunteer_siren()
        sirens = {}
        for top in tops.sorted("complete_name"):
            lineage = Structure.browse(reversed(top._path_ids()))
            siren = next((s.siren for s in lineage if s.siren), None) or company_siren
            sirens.setdefault(siren, top)
        if "" in sirens:
            raise UserError(self.env._(
                "A FEC file is named after the SIREN of the association whose books it fills, "
                "and none is known for %(structure)s: enter the SIREN of the structure "
                "(Volunteering > Structures) or the company ID (SIRET) of %(company)s "
                "(Settings > Companies).",
                structure=sirens[""].complete_name, company=company.name))
        if len(sirens) > 1:
            raise UserError(self.env._(
                "A FEC file holds the books of one association, and these structures have "
                "different SIREN numbers (%(structures)s): export them one at a time.",
                structures=", ".join(f"{top.complete_name}: {siren}"
                                     for siren, top in sorted(sirens.items()))))
        return next(iter(sirens))
