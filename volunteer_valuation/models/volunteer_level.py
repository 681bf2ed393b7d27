# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import models


class VolunteerLevel(models.Model):
    _name = "volunteer.level"
    _inherit = ["volunteer.classification.mixin"]
    _description = "Competence level"
