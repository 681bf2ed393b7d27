# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import models

IMPORT_FILE = ("volunteer.import.benevalibre", "file")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_contents(self, values):
        """An uploaded Bénévalibre export is kept as plain bytes, not as text.

        Odoo indexes the words of every text file it stores: for an export of
        100 000 actions (20 MB of CSV), that takes some 100 MB of memory in the
        upload request and 20 MB in the database, for words nobody searches.
        """
        values = super()._check_contents(values)
        if (values.get("res_model"), values.get("res_field")) == IMPORT_FILE:
            values["mimetype"] = "application/octet-stream"
        return values
