# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import volunteer_totals_mixin
from . import volunteer_classification_mixin
from . import volunteer_scale_mixin
from . import volunteer_structure
from . import volunteer_level
from . import volunteer_category
from . import volunteer_reference_wage
from . import volunteer_rate
from . import volunteer_contribution
from . import res_partner
from . import res_users
from . import project_project
from . import project_task
from . import res_config_settings
from . import volunteer_contribution_declare
from . import volunteer_access_link
from . import volunteer_contribution_portal
from . import volunteer_contribution_cec
from . import volunteer_dashboard
