# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import models
from odoo.exceptions import UserError

from .volunteer_contribution import VolunteerContribution as CoreContribution

# What anonymisation changes on a contribution: the person, and the free texts that may
# name them. Date, hours, distance, structure, project, classification, state and value
# stay as they are.
ANONYMISED_FIELDS = frozenset({"partner_id", "name", "note", "rejection_reason"})


class VolunteerContribution(models.Model):
    _inherit = "volunteer.contribution"

    def _write_anonymised(self, vals):
        """Put an anonymous placeholder in the place of the person (volunteer.erasure only).

        The one path by which a validated contribution changes its volunteer and its
        description: :meth:`write` refuses both to everybody else. Nothing else can be
        written here, and only an anonymous placeholder can take the person's place. No
        tracking: the old values would name the person again.
        """
        if not vals or set(vals) - ANONYMISED_FIELDS:
            raise UserError(self.env._(
                "Anonymisation only replaces the volunteer and blanks the texts of a "
                "contribution."))
        placeholder = self.env["res.partner"].sudo().browse(vals.get("partner_id"))
        if "partner_id" in vals and not (placeholder.exists() and placeholder.volunteer_anonymous):
            raise UserError(self.env._(
                "Only an anonymous placeholder can take the place of a forgotten volunteer."))
        records = self.with_context(tracking_disable=True)
        # Skips the checks of CoreContribution.write, as _write_workflow does.
        return super(CoreContribution, records).write(vals)  # pylint: disable=super-method-mismatch
