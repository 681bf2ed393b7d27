# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The stored keys of a contribution's choices, written once.

Pure Python, no Odoo import. The model builds its selection fields from these
keys (with their English labels, translated by Odoo), and the engines (CEC,
workbook) compare and label the same keys: renaming one here renames it
everywhere.
"""

VOLUNTEER = "volunteer"
CIVIC_SERVICE = "civic_service"
SKILLS_SPONSORSHIP = "skills_sponsorship"
CONTRIBUTOR_TYPES = (VOLUNTEER, CIVIC_SERVICE, SKILLS_SPONSORSHIP)

GOVERNANCE = "governance"
SUPERVISION = "supervision"
OTHER_ROLE = "other"
ROLES = (GOVERNANCE, SUPERVISION, OTHER_ROLE)

DETAILED = "detailed"
ESTIMATE = "estimate"
ENTRY_MODES = (DETAILED, ESTIMATE)
# Totals accepted from a member structure's declaration (not a contribution's entry mode:
# reports add them up in their own column).
DECLARED = "declared"

DRAFT = "draft"
SUBMITTED = "submitted"
VALIDATED = "validated"
REJECTED = "rejected"
STATES = (DRAFT, SUBMITTED, VALIDATED, REJECTED)
