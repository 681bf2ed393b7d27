# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import volunteer_period_mixin
from . import volunteer_contribution_reason_wizard
from . import volunteer_import_benevalibre
from . import volunteer_contribution_batch_wizard
from . import volunteer_portal_invite_wizard
from . import volunteer_valuation_report_wizard
from . import volunteer_attestation_wizard
from . import volunteer_accounting_export_wizard
from . import volunteer_declaration_reject_wizard
from . import volunteer_accounting_export_declared
