# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import test_access
from . import test_concurrency
from . import test_crediting
from . import test_ledger
from . import test_portal
from . import test_refusals
from . import test_rpc
from . import test_uninstall
from . import test_erasure
from . import test_security_attacks
from . import test_permission_matrix
from . import test_route_matrix
from . import test_bad_input
from . import test_portal_phone
from . import test_replica_routing
