# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Names shared with Odoo's records and settings, written once.

Pure Python, no Odoo import: the XML ids of the security groups, the keys of the
settings (``ir.config_parameter``) and the file types the addons hand out. Both
addons, their controllers, wizards and reports import them from here.
"""

COORDINATOR_GROUP = "volunteer_valuation.group_volunteer_coordinator"
MANAGER_GROUP = "volunteer_valuation.group_volunteer_manager"

FTE_ANNUAL_HOURS_PARAM = "volunteer_valuation.fte_annual_hours"
CEC_YEAR_HOURS_PARAM = "volunteer_valuation.cec_year_hours"
CEC_STRUCTURE_HOURS_PARAM = "volunteer_valuation.cec_structure_hours"
CERFA_LINE_PARAM = "volunteer_valuation.cerfa_volunteer_line"
CERFA_ACCOUNT_PARAM = "volunteer_valuation.cerfa_volunteer_account"
SHOW_AMOUNT_PARAM = "volunteer_valuation.attestation_show_amount"
PSEUDONYM_KEY_PARAM = "volunteer_valuation.pseudonym_key"

# Hours of one full-time job a year in France, until a manager sets another figure.
DEFAULT_FTE_ANNUAL_HOURS = 1607
# CERFA budget line and account of valued volunteering, until a manager chooses.
DEFAULT_CERFA_LINE = "870"
DEFAULT_CERFA_ACCOUNT = "875"

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
