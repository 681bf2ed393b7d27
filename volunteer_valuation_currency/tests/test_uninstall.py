# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Uninstalling the currency addon keeps every contribution of the core addon.

The uninstallation runs inside the test's transaction (as Odoo's own tests do with
``module_uninstall``) and is rolled back at the end; the checks read the database
with SQL, since the addon's tables are gone.
"""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import CurrencyCommon

CONTRIBUTION_COLUMNS = SQL(
    "id, name, state, partner_id, structure_id, date, duration, amount, hourly_rate, rate_id, "
    "validated_by_id")


@tagged("post_install", "-at_install")
class TestUninstall(CurrencyCommon, TransactionCase):

    def _contributions(self):
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "SELECT %s FROM volunteer_contribution ORDER BY id", CONTRIBUTION_COLUMNS))
        return self.env.cr.fetchall()

    def _table_exists(self, table):
        self.env.cr.execute(SQL("SELECT to_regclass(%s) IS NOT NULL", table))
        return self.env.cr.fetchone()[0]

    def test_uninstall_keeps_contributions(self):
        validated = self._validated(name="Kept")
        reopened = self._validated(name="Reopened")
        reopened.action_reset_to_draft("Check")
        self.assertTrue(self._moves(validated) and self._moves(reopened))
        before = self._contributions()
        module = self.env["ir.module.module"].search(
            [("name", "=", "volunteer_valuation_currency")])
        module.module_uninstall()
        self.assertFalse(self._table_exists("volunteer_currency_move"))
        self.assertFalse(self._table_exists("volunteer_currency"))
        self.assertEqual(self._contributions(), before)
        self.env.cr.execute(SQL(
            "SELECT state FROM volunteer_contribution WHERE id IN %s ORDER BY id",
            tuple((validated | reopened).ids)))
        self.assertEqual(self.env.cr.fetchall(), [("validated",), ("draft",)])
        self.env.cr.execute(SQL(
            "SELECT count(*) FROM ir_model_data WHERE module = 'volunteer_valuation_currency'"))
        self.assertEqual(self.env.cr.fetchone()[0], 0)
