# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import test_ui_tour
from . import test_access
from . import test_contribution_rules
from . import test_rpc_security
from . import test_structure
from . import test_valuation
from . import test_workflow
