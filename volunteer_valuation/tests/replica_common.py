# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What Odoo may serve from a read replica (``--db_replica_host``), seen from the tests.

In test mode Odoo opens the cursor of a readonly route or RPC method as a read-only
transaction, as on a hot standby: a write there fails, and Odoo serves the request
again on a read/write cursor. :meth:`ReplicaRoutingMixin.cursor_modes` records the
cursor of each attempt, so a test sees both the routing and any such write.
"""

import inspect
from contextlib import contextmanager
from unittest.mock import patch

from odoo.service import model as service_model


class ReplicaRoutingMixin:

    def route_modes(self, module):
        """{url: readonly setting} of the HTTP routes defined in the addon ``module``."""
        prefix = f"odoo.addons.{module}."
        return {
            rule.rule: rule.endpoint.routing["readonly"]
            for rule in self.env["ir.http"].routing_map().iter_rules()
            if rule.endpoint.__module__.startswith(prefix)
        }

    def rpc_readonly_methods(self, module):
        """(model, method) of the public methods defined in the addon ``module`` that the
        RPC routes (/web/dataset/call_kw, /json/2) serve on a readonly cursor."""
        prefix = f"odoo.addons.{module}."
        found = set()
        for model_name in self.env.registry:
            classes = type(self.env[model_name]).mro()
            for cls in classes:
                if not cls.__module__.startswith(prefix):
                    continue
                for name, value in vars(cls).items():
                    if (inspect.isfunction(value) and not name.startswith("_")
                            and self._rpc_readonly(classes, name)):
                        found.add((model_name, name))
        return found

    @staticmethod
    def _rpc_readonly(classes, name):
        """As Odoo's RPC routes decide: the first ``_readonly`` found along the MRO."""
        for cls in classes:
            method = getattr(cls, name, None)
            if method is not None and hasattr(method, "_readonly"):
                return method._readonly
        return False

    @contextmanager
    def cursor_modes(self):
        """Yield a list that receives, for each attempt at serving a request, whether it
        ran on a readonly cursor: ``[True]`` is a request served on the replica without
        writing, ``[True, False]`` one that tried to write there and was served again."""
        modes = []
        retrying = service_model.retrying

        def spy(func, env):
            modes.append(bool(env.cr.readonly))
            return retrying(func, env)

        with patch.object(service_model, "retrying", spy):
            yield modes

    def assertServedReadonly(self, send, readonly=True):
        """``send()`` makes one request; check it ran on a readonly cursor (or not) and
        wrote nothing there. Returns what ``send`` returned."""
        self.env.flush_all()
        with self.cursor_modes() as modes:
            result = send()
        self.env.invalidate_all()
        self.assertEqual(modes, [readonly], "readonly cursor expected" if readonly else
                         "read/write cursor expected")
        return result
