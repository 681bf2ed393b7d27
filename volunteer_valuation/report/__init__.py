# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import volunteer_valuation_report
from . import report_volunteer_attestation
from . import volunteer_valuation_report_declared
