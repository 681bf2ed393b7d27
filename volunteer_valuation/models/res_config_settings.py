# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import cec
from ..engine import odoo_names as names

VOLUNTEERING_LINES = [
    ("870", "870 (CERFA 12156 and 15059, CRC 99-01)"),
    ("875", "875 (regulation ANC 2018-06)"),
]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    volunteer_fte_annual_hours = fields.Integer(
        string="Hours of one full-time job a year",
        config_parameter=names.FTE_ANNUAL_HOURS_PARAM, default=names.DEFAULT_FTE_ANNUAL_HOURS,
        help="Full-time equivalents are hours divided by this figure (1607 h in France).",
    )

    volunteer_cec_year_hours = fields.Integer(
        string="CEC: hours in the year",
        config_parameter=names.CEC_YEAR_HOURS_PARAM, default=int(cec.DEFAULT_YEAR_HOURS),
        help="Hours of governance or supervision of volunteers a volunteer must give in a "
             "calendar year to earn rights on the civic engagement account (200 h by law).",
    )
    volunteer_cec_structure_hours = fields.Integer(
        string="CEC: hours in one association",
        config_parameter=names.CEC_STRUCTURE_HOURS_PARAM, default=int(cec.DEFAULT_STRUCTURE_HOURS),
        help="Part of those hours that must be given in one same association (100 h by law).",
    )
    volunteer_cerfa_volunteer_line = fields.Selection(
        VOLUNTEERING_LINES, string="CERFA budget line of volunteering",
        config_parameter=names.CERFA_LINE_PARAM, default=names.DEFAULT_CERFA_LINE,
        help="Line of the CERFA 12156 and 15059 budgets that receives valued volunteering: "
             "the forms print 870 Bénévolat.",
    )
    volunteer_cerfa_volunteer_account = fields.Selection(
        VOLUNTEERING_LINES, string="Account of volunteering",
        config_parameter=names.CERFA_ACCOUNT_PARAM, default=names.DEFAULT_CERFA_ACCOUNT,
        help="Account of class 87 that receives valued volunteering in the books: 875 "
             "Bénévolat in the chart of regulation ANC 2018-06, 870 in older charts.",
    )
    volunteer_retention_years = fields.Integer(
        related="company_id.volunteer_retention_years", readonly=False,
    )
    volunteer_attestation_show_amount = fields.Boolean(
        string="Valued amount on attestations",
        config_parameter=names.SHOW_AMOUNT_PARAM,
        help="Print by default the value of the hours on volunteering certificates.",
    )

    volunteer_allow_self_validation = fields.Boolean(
        related="company_id.volunteer_allow_self_validation", readonly=False,
    )

    @api.constrains("volunteer_cec_year_hours", "volunteer_cec_structure_hours")
    def _check_volunteer_cec_hours(self):
        for settings in self:
            year, structure = (settings.volunteer_cec_year_hours,
                               settings.volunteer_cec_structure_hours)
            if year <= 0 or structure <= 0 or structure > year:
                raise ValidationError(self.env._(
                    "The CEC thresholds must be greater than zero, the hours in one association "
                    "not above the hours in the year."))

    @api.constrains("volunteer_fte_annual_hours")
    def _check_volunteer_fte_annual_hours(self):
        if any(settings.volunteer_fte_annual_hours <= 0 for settings in self):
            raise ValidationError(self.env._(
                "The hours of one full-time job a year must be greater than zero."))

    # ------------------------------------------------------------------
    # Accounting export (FEC and CSV): journal and accounts of in-kind contributions
    # ------------------------------------------------------------------

    volunteer_journal_code = fields.Char(
        related="company_id.volunteer_journal_code", readonly=False)
    volunteer_journal_name = fields.Char(
        related="company_id.volunteer_journal_name", readonly=False)

    def set_values(self):
        """The accounts of volunteering follow a change of the volunteering account (870/875)."""
        Mapping = self.env["volunteer.account.mapping"]
        before = Mapping._volunteering_account()
        result = super().set_values()
        Mapping._follow_volunteering_account(before, Mapping._volunteering_account())
        return result

    def action_volunteer_account_mappings(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation.volunteer_account_mapping_action")
