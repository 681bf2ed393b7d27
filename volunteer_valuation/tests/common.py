# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Shared fixtures: a small network of structures, volunteers and users of every role."""

from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger

from odoo.addons.volunteer_valuation.engine.odoo_names import COORDINATOR_GROUP, MANAGER_GROUP

# A Monday in the past, after the SMIC of 1 January 2026 (12.02 €/h).
DAY = date(2026, 3, 2)
SMIC_2026 = 12.02


class VolunteerCommon:
    """Fixtures usable by both TransactionCase and HttpCase classes.

    The network (all in the main company, which holds the default scale)::

        Federation
        └── Region
            ├── Association A
            │   └── Section A1
            └── Association B
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        Structure = cls.env["volunteer.structure"]
        cls.federation = Structure.create({"name": "Federation", "company_id": cls.company.id})
        cls.region = Structure.create({"name": "Region", "parent_id": cls.federation.id})
        cls.association_a = Structure.create({"name": "Association A", "parent_id": cls.region.id})
        cls.section_a1 = Structure.create({"name": "Section A1", "parent_id": cls.association_a.id})
        cls.association_b = Structure.create({"name": "Association B", "parent_id": cls.region.id})

        cls.level_execution = cls.env.ref("volunteer_valuation.volunteer_level_execution")
        cls.level_qualified = cls.env.ref("volunteer_valuation.volunteer_level_qualified")
        cls.level_supervision = cls.env.ref("volunteer_valuation.volunteer_level_supervision")
        cls.level_expertise = cls.env.ref("volunteer_valuation.volunteer_level_expertise")
        cls.category_events = cls.env.ref("volunteer_valuation.volunteer_category_events")
        cls.category_training = cls.env.ref("volunteer_valuation.volunteer_category_training")
        cls.rate_default = cls.env.ref("volunteer_valuation.volunteer_rate_default")
        cls.rate_supervision = cls.env.ref("volunteer_valuation.volunteer_rate_level_supervision")
        cls.wage_2026 = cls.env.ref("volunteer_valuation.volunteer_reference_wage_smic_2026_01")

        cls.manager = new_test_user(
            cls.env, login="vv_manager", groups=MANAGER_GROUP, name="Maud Manager")
        cls.coordinator_region = new_test_user(
            cls.env, login="vv_coord_region", groups=COORDINATOR_GROUP, name="Rémi Region",
            volunteer_coordinated_structure_ids=[Command.set(cls.region.ids)])
        cls.coordinator_a = new_test_user(
            cls.env, login="vv_coord_a", groups=COORDINATOR_GROUP, name="Anne Coordinator",
            volunteer_coordinated_structure_ids=[Command.set(cls.association_a.ids)])
        cls.portal_a = new_test_user(
            cls.env, login="vv_portal_a", groups="base.group_portal", name="Paul Portal")
        cls.portal_b = new_test_user(
            cls.env, login="vv_portal_b", groups="base.group_portal", name="Béa Portal")
        cls.internal = new_test_user(
            cls.env, login="vv_internal", groups="base.group_user", name="Ines Internal")

        cls.volunteer_a = cls.portal_a.partner_id
        cls.volunteer_a.volunteer_structure_ids = cls.association_a
        cls.volunteer_b = cls.portal_b.partner_id
        cls.volunteer_b.volunteer_structure_ids = cls.association_b
        Partner = cls.env["res.partner"]
        cls.volunteer_a2 = Partner.create({
            "name": "Alice Second", "volunteer_structure_ids": [Command.set(cls.association_a.ids)],
        })
        cls.volunteer_region = Partner.create({
            "name": "Roger Region", "volunteer_structure_ids": [Command.set(cls.region.ids)],
        })

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @classmethod
    def _contribution_vals(cls, **vals):
        """Values of a plain detailed contribution of volunteer A, 2 hours on DAY."""
        defaults = {
            "name": "Food distribution",
            "partner_id": cls.volunteer_a.id,
            "structure_id": cls.association_a.id,
            "date": DAY,
            "duration": 2.0,
        }
        defaults.update(vals)
        return defaults

    @classmethod
    def _contribution(cls, user=None, **vals):
        """Create a contribution (as ``user`` when given, else as the superuser)."""
        Contribution = cls.env["volunteer.contribution"]
        if user:
            Contribution = Contribution.with_user(user)
        return Contribution.create(cls._contribution_vals(**vals))

    @classmethod
    def _validated(cls, **vals):
        """A contribution already validated (by the superuser)."""
        contribution = cls._contribution(**vals)
        contribution.action_validate()
        return contribution

    @contextmanager
    def assertRaisesAny(self, *exceptions):
        """Like assertRaises, for several accepted exception classes.

        The block runs in a savepoint, rolled back when it fails.
        """
        catcher = SimpleNamespace(exception=None)
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                yield catcher
        except exceptions as error:
            catcher.exception = error
        else:
            self.fail(f"none of {[exc.__name__ for exc in exceptions]} was raised")

    @contextmanager
    def assertNothingCreated(self, model="volunteer.contribution",
                             exceptions=(IntegrityError, ValidationError, UserError)):
        """Expect the block to fail with one of ``exceptions`` and to leave no new record.

        A create may be stopped by a PostgreSQL CHECK constraint (IntegrityError in plain
        ORM code) before the Python constraint runs: both are accepted here.
        """
        Model = self.env[model].sudo().with_context(active_test=False)
        before = Model.search_count([])
        if not isinstance(exceptions, tuple):
            exceptions = (exceptions,)
        with self.assertRaisesAny(*exceptions) as catcher:
            yield catcher
        self.assertEqual(Model.search_count([]), before, "nothing should have been created")

    def assertWriteRefused(self, record, vals, message, exception=ValidationError):
        """``record.write(vals)`` fails with ``message`` and leaves the record unchanged."""
        names = list(vals)
        before = record.sudo().read(names)[0]
        with mute_logger("odoo.sql_db"), self.assertRaises(exception) as catcher, \
                self.env.cr.savepoint():
            record.write(vals)
        if message:
            self.assertIn(message, str(catcher.exception))
        record.invalidate_recordset()
        self.assertEqual(record.sudo().read(names)[0], before, "nothing should have been written")
        return catcher.exception


class VolunteerCase(VolunteerCommon, TransactionCase):
    """TransactionCase with the volunteer network fixtures."""
