# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import test_ui_tour
from . import test_access
from . import test_contribution_rules
from . import test_rpc_security
from . import test_structure
from . import test_valuation
from . import test_workflow
from . import test_import_benevalibre
from . import test_import_spreadsheet
from . import test_declare_api
from . import test_portal_declaration
from . import test_portal_controller
from . import test_portal_access_link
from . import test_portal_reminder
from . import test_portal_batch_wizard
from . import test_portal_invite_wizard
from . import test_report_workbook
from . import test_report_analysis
from . import test_portal_tour
from . import test_report_cec
from . import test_report_attestation
from . import test_dashboard
from . import test_portal_phone
from . import test_dashboard_tour
from . import test_contribution_list
