# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import volunteer_currency
from . import volunteer_currency_account
from . import volunteer_currency_rule
from . import volunteer_currency_move
from . import volunteer_contribution_currency
from . import res_partner
from . import volunteer_currency_erasure
from . import volunteer_currency_move_erasure
from . import volunteer_erasure
from . import res_partner_privacy
