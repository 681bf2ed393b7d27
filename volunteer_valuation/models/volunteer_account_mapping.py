# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import accounting as engine
from ..engine import contribution_keys as keys
from ..engine.odoo_names import CERFA_ACCOUNT_PARAM, DEFAULT_CERFA_ACCOUNT
from .volunteer_contribution import CONTRIBUTOR_TYPES

ACCOUNT_CODE = re.compile(r"^[0-9A-Za-z]+$")
# Who a line is for: set when the line is created, never changed afterwards.
KEY_FIELDS = frozenset({"company_id", "contributor_type", "entry_mode"})


class VolunteerAccountMapping(models.Model):
    """The accounts that receive the valued time of one contributor type and entry mode.

    Each company has one line per contributor type and entry mode, created with
    the defaults of the plan comptable associatif; managers change the accounts.
    """

    _name = "volunteer.account.mapping"
    _description = "Accounts of in-kind contributions"
    _order = "company_id, contributor_type, entry_mode"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade", readonly=True,
    )
    contributor_type = fields.Selection(CONTRIBUTOR_TYPES, required=True, readonly=True)
    entry_mode = fields.Selection(
        [("detailed", "Detailed"), ("estimate", "Estimate")], required=True, readonly=True,
    )
    post_entries = fields.Boolean(
        string="Posted", default=True,
        help="Post this time to the accounts. Off: the export leaves it out (for instance the "
             "time of civic-service volunteers, when the association does not value it as "
             "in-kind contributions).",
    )
    debit_code = fields.Char(
        string="Debit account", required=True,
        help="Account of class 86 (uses): 864 Personnel bénévole, 862 Prestations...",
    )
    debit_label = fields.Char(string="Debit account label", required=True)
    credit_code = fields.Char(
        string="Credit account", required=True,
        help="Account of class 87 (resources): 870 or 875 for volunteering (depending on the "
             "chart, see the settings), 871 Prestations en nature...",
    )
    credit_label = fields.Char(string="Credit account label", required=True)

    _one_line_per_key = models.UniqueIndex(
        "(company_id, contributor_type, entry_mode)",
        "A company has one line of accounts per contributor type and entry mode.",
    )

    @api.depends("contributor_type", "entry_mode")
    def _compute_display_name(self):
        types = dict(self._fields["contributor_type"]._description_selection(self.env))
        modes = dict(self._fields["entry_mode"]._description_selection(self.env))
        for line in self:
            line.display_name = f"{types.get(line.contributor_type, '')} — " \
                                f"{modes.get(line.entry_mode, '')}"

    @api.constrains("debit_code", "credit_code", "debit_label", "credit_label")
    def _check_accounts(self):
        for line in self:
            for code, prefix, side in ((line.debit_code, "86", self.env._("debit")),
                                       (line.credit_code, "87", self.env._("credit"))):
                if not ACCOUNT_CODE.match(code or "") or not code.startswith(prefix):
                    raise ValidationError(self.env._(
                        "The %(side)s account “%(code)s” is not an account of class %(prefix)s: "
                        "in-kind contributions go to the debit of a class 86 account and to "
                        "the credit of a class 87 account, at the foot of the income statement, "
                        "so that they never change the result. Write the code with letters "
                        "and digits only.", side=side, code=code or "", prefix=prefix))
            if not (line.debit_label or "").strip() or not (line.credit_label or "").strip():
                raise ValidationError(self.env._("Each account needs a label."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._(
                "Each company has its lines of accounts, one per contributor type and entry "
                "mode, created with the company: change their accounts instead."))
        return super().create(vals_list)

    def write(self, vals):
        if KEY_FIELDS & vals.keys():
            raise UserError(self.env._(
                "A line of accounts stays for its company, contributor type and entry mode: "
                "change its accounts instead."))
        return super().write(vals)

    @api.model
    def _volunteering_account(self):
        """870 or 875: the account of volunteering chosen in the settings (875 by default)."""
        code = self.env["ir.config_parameter"].sudo().get_param(
            CERFA_ACCOUNT_PARAM, DEFAULT_CERFA_ACCOUNT)
        return code if code in engine.VOLUNTEERING_ACCOUNTS else DEFAULT_CERFA_ACCOUNT

    @api.model
    def _create_missing(self, companies=None):
        """Give ``companies`` (default: all) the lines of accounts they lack, with the defaults."""
        if companies is None:
            # Every company, as the docstring says: a short table.
            companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        existing = {
            (line.company_id.id, line.contributor_type, line.entry_mode)
            for line in self.sudo().search([("company_id", "in", companies.ids)])
        }
        volunteering = self._volunteering_account()
        vals_list = []
        for company in companies:
            for contributor_type in keys.CONTRIBUTOR_TYPES:
                pair = engine.default_accounts(contributor_type, volunteering)
                for entry_mode in keys.ENTRY_MODES:
                    if (company.id, contributor_type, entry_mode) in existing:
                        continue
                    vals_list.append({
                        "company_id": company.id,
                        "contributor_type": contributor_type,
                        "entry_mode": entry_mode,
                        "debit_code": pair.debit_code,
                        "debit_label": pair.debit_label,
                        "credit_code": pair.credit_code,
                        "credit_label": pair.credit_label,
                    })
        return self.sudo().create(vals_list)

    @api.model
    def _follow_volunteering_account(self, old_code, new_code):
        """Move volunteering from 870 to 875 (or back) where it still went to the old account."""
        if old_code == new_code:
            return
        self.sudo().search([
            ("contributor_type", "in", (keys.VOLUNTEER, keys.CIVIC_SERVICE)),
            ("credit_code", "=", old_code),
        ]).write({"credit_code": new_code, "credit_label": engine.VOLUNTEERING_LABEL})

    @api.model
    def _accounts(self, company):
        """{(contributor type, entry mode): engine.AccountPair, or None when not posted}."""
        self._create_missing(company)
        return {
            (line.contributor_type, line.entry_mode): engine.AccountPair(
                line.debit_code, line.debit_label, line.credit_code, line.credit_label,
            ) if line.post_entries else None
            for line in self.search([("company_id", "=", company.id)])
        }
