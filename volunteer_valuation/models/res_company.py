# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import re

from stdnum.fr import siren as siren_number

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import accounting

DEFAULT_RETENTION_YEARS = 3
JOURNAL_CODE = re.compile(r"^[0-9A-Za-z_-]{1,16}$")


class ResCompany(models.Model):
    _inherit = "res.company"

    volunteer_retention_years = fields.Integer(
        string="Retention of volunteers' data (years)", default=DEFAULT_RETENTION_YEARS,
        help="Volunteers with no contribution, no login to their volunteering space and no "
             "currency move for this many years are forgotten: their hours stay in the "
             "accounts under an anonymous name, their personal data is erased. 0: data is "
             "kept until the volunteer or a manager asks for its erasure.",
    )
    volunteer_journal_code = fields.Char(
        string="Journal of in-kind contributions", default=accounting.DEFAULT_JOURNAL[0],
        help="Code of the journal that receives the entries of valued volunteering in the "
             "accounting exports (CVN: contributions volontaires en nature).",
    )
    volunteer_journal_name = fields.Char(
        string="Journal label", default=accounting.DEFAULT_JOURNAL[1],
    )

    volunteer_allow_self_validation = fields.Boolean(
        string="Managers may validate their own time",
        help="Off by default: nobody validates or rejects a contribution of their own, so that "
             "every hour is checked by a second person. On: a volunteering manager may, and "
             "the contribution's history says so.",
    )
    volunteer_structure_ids = fields.One2many(
        "volunteer.structure", "company_id", string="Volunteering structures",
    )

    _volunteer_retention_years_range = models.Constraint(
        "CHECK(volunteer_retention_years >= 0 AND volunteer_retention_years <= 100)",
        "The retention period of volunteers' data goes from 0 (no limit) to 100 years.",
    )

    @api.constrains("volunteer_journal_code", "volunteer_journal_name")
    def _check_volunteer_journal(self):
        for company in self:
            if not JOURNAL_CODE.match(company.volunteer_journal_code or ""):
                raise ValidationError(self.env._(
                    "The journal code of in-kind contributions (“%(code)s”) is 1 to 16 letters, "
                    "digits, dashes or underscores, such as CVN.",
                    code=company.volunteer_journal_code or ""))
            if not (company.volunteer_journal_name or "").strip():
                raise ValidationError(self.env._(
                    "Give the journal of in-kind contributions a label, such as "
                    "“Contributions volontaires en nature”."))

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["volunteer.account.mapping"]._create_missing(companies)
        return companies

    def _volunteer_siren(self):
        """The company's SIREN: the first 9 digits of its company ID (SIRET or SIREN) or of its
        French VAT number (FR + 2-digit key + SIREN); empty when neither holds one."""
        self.ensure_one()
        registry = re.sub(r"\D", "", self.company_registry or "")
        if len(registry) in (9, 14) and siren_number.is_valid(registry[:9]):
            return registry[:9]
        vat = re.sub(r"\s", "", self.vat or "").upper()
        if len(vat) == 13 and vat.startswith("FR") and siren_number.is_valid(vat[4:]):
            return vat[4:]
        return ""
