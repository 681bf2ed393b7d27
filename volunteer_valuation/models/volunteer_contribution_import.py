# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Imports of contributions: the spreadsheet import and its template, and the key that
makes importing the same file twice add nothing (Bénévalibre imports)."""

from odoo import api, fields, models

TEMPLATE_PATH = "/volunteer_valuation/static/xls/volunteer_contribution_template.xlsx"


class VolunteerContribution(models.Model):
    _inherit = "volunteer.contribution"

    import_key = fields.Char(
        readonly=True, copy=False, index="btree_not_null",
        help="Identifies an imported action in its structure, so that importing the same file "
             "again adds nothing.",
    )

    _import_key_unique = models.UniqueIndex(
        "(structure_id, import_key) WHERE import_key IS NOT NULL",
        "This action was already imported in this structure.",
    )

    @api.model
    def load(self, fields, data):
        """Spreadsheet import: a structure may be named by its own name, not only by its path."""
        if "structure_id" in fields:
            column = fields.index("structure_id")
            names = {row[column] for row in data if len(row) > column and row[column]}
            full_names = self._structure_full_names(names)
            data = [
                [full_names.get(value, value) if index == column else value
                 for index, value in enumerate(row)]
                for row in data
            ]
        return super().load(fields, data)

    @api.model
    def _structure_full_names(self, names):
        """{name: full path} for the names that name one structure only by its own name."""
        Structure = self.env["volunteer.structure"]
        paths = set(
            Structure.search([("complete_name", "in", list(names))]).mapped("complete_name"))
        by_name = {}
        for structure in Structure.search([("name", "in", list(names - paths))]):
            by_name.setdefault(structure.name, []).append(structure.complete_name)
        return {name: found[0] for name, found in by_name.items() if len(found) == 1}

    @api.model
    @api.readonly
    def get_import_templates(self):
        return [{
            "label": self.env._("Import template for volunteer contributions"),
            "template": TEMPLATE_PATH,
        }]
