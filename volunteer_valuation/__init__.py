# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import controllers
from . import models
from . import report
from . import wizard


def _uninstall_hook(env):
    """Drop the parameters set at run time: having no xmlid, the uninstall
    would leave them behind (the pseudonym key is a secret)."""
    env["ir.config_parameter"].sudo().search([("key", "=like", "volunteer_valuation.%")]).unlink()
