# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Two database transactions crediting the same contribution at once: one wins, the other
is refused by the database, and the contribution is credited exactly once.

The data is committed by a separate cursor (other transactions must see it) and removed
at the end: moves with SQL (the ORM never deletes them), the rest with the ORM.
"""

from datetime import date

from psycopg2 import IntegrityError, OperationalError

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

# What the losing transaction may meet: a unique index of the ledger (IntegrityError), or,
# when it reaches the contribution row first, PostgreSQL's serialization failure.
CONCURRENCY_ERRORS = (IntegrityError, OperationalError)
LEDGER_INDEXES = {"volunteer_currency_move_credit_once",
                  "volunteer_currency_move_account_sequence_unique"}


@tagged("post_install", "-at_install")
class TestDoubleCreditGuard(TransactionCase):

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            structure = env["volunteer.structure"].create({"name": "Concurrent food bank"})
            partner = env["res.partner"].create({
                "name": "Concurrent volunteer",
                "volunteer_structure_ids": [Command.set(structure.ids)]})
            currency = env["volunteer.currency"].create({
                "name": "Concurrent hours", "symbol": "ch",
                "structure_ids": [Command.set(structure.ids)],
                "rule_ids": [Command.create({"date_from": date(2020, 1, 1), "rate": 1})]})
            contribution = env["volunteer.contribution"].create({
                "name": "Concurrent shift", "partner_id": partner.id,
                "structure_id": structure.id, "date": date(2026, 3, 2), "duration": 2.0,
                "state": "submitted"})
            self.ids = {"structure": structure.id, "partner": partner.id,
                        "currency": currency.id, "contribution": contribution.id}
        self.addCleanup(self._remove_committed_data)
        self.crs = [self.registry.cursor(), self.registry.cursor()]
        for cr in self.crs:
            self.addCleanup(cr.close)
        self.envs = [api.Environment(cr, SUPERUSER_ID, {}) for cr in self.crs]

    def _remove_committed_data(self):
        """Runs after both test cursors are closed (cleanups run last-in, first-out)."""
        ids = self.ids
        with self.registry.cursor() as cr:
            cr.execute(SQL(
                "DELETE FROM volunteer_currency_move WHERE contribution_id = %s OR partner_id = %s",
                ids["contribution"], ids["partner"]))
            env = api.Environment(cr, SUPERUSER_ID, {})
            contribution = env["volunteer.contribution"].browse(ids["contribution"])
            contribution._write_workflow({"state": "draft"})
            contribution.unlink()
            env["volunteer.currency"].browse(ids["currency"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
            env["volunteer.structure"].browse(ids["structure"]).unlink()

    @staticmethod
    def _commit(env):
        """Commit one of the test's own cursors: the point of this test."""
        env.cr.commit()  # pylint: disable=invalid-commit

    def _credits(self):
        """The credits of the contribution in the test currency, as committed."""
        with self.registry.cursor() as cr:
            cr.execute(SQL(
                "SELECT amount, credit_round FROM volunteer_currency_move "
                "WHERE contribution_id = %s AND currency_id = %s AND move_type = 'credit'",
                self.ids["contribution"], self.ids["currency"]))
            return cr.fetchall()

    def _start_both(self):
        """Both transactions take their snapshot: each sees a submitted contribution."""
        for env in self.envs:
            contribution = env["volunteer.contribution"].browse(self.ids["contribution"])
            self.assertEqual(contribution.state, "submitted")

    def assertLoses(self, operation, env):
        """``operation`` in ``env`` is refused by the database, and rolled back."""
        try:
            with mute_logger("odoo.sql_db"):
                operation()
                env.flush_all()
                self._commit(env)
        except CONCURRENCY_ERRORS as error:
            env.cr.rollback()
            if isinstance(error, IntegrityError):
                self.assertIn(error.diag.constraint_name, LEDGER_INDEXES)
        else:
            self.fail("the second transaction should have been refused")

    def test_two_validations_at_once(self):
        self._start_both()
        first, second = (env["volunteer.contribution"].browse(self.ids["contribution"])
                         for env in self.envs)
        first.action_validate()
        self._commit(self.envs[0])
        # The second transaction still sees a submitted contribution without credit.
        self.assertLoses(second.action_validate, self.envs[1])
        self.assertEqual(self._credits(), [(2.0, 1)])

    def test_two_backfills_at_once(self):
        """Two managers credit past contributions at the same time (no row is updated:
        only the ledger's unique indexes stand between them)."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["volunteer.currency"].browse(self.ids["currency"]).active = False
            env["volunteer.contribution"].browse(self.ids["contribution"]).action_validate()
            env["volunteer.currency"].browse(self.ids["currency"]).active = True
        self.assertEqual(self._credits(), [])
        for env in self.envs:
            env.cr.execute("SELECT 1")  # both transactions start before either commits
        first, second = (env["volunteer.currency"].browse(self.ids["currency"])
                         for env in self.envs)
        first.action_credit_validated_contributions()
        self._commit(self.envs[0])
        self.assertLoses(second.action_credit_validated_contributions, self.envs[1])
        self.assertEqual(self._credits(), [(2.0, 1)])

    def test_validation_then_backfill(self):
        """Validated in one transaction, credited by the other path right after."""
        self._start_both()
        self.envs[0]["volunteer.contribution"].browse(self.ids["contribution"]).action_validate()
        self._commit(self.envs[0])
        self.envs[1].cr.rollback()  # a new transaction, which sees the validation
        self.envs[1].invalidate_all()
        self.envs[1]["volunteer.currency"].browse(
            self.ids["currency"]).action_credit_validated_contributions()
        self._commit(self.envs[1])
        self.assertEqual(self._credits(), [(2.0, 1)])
