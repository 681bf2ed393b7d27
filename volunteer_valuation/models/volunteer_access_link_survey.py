# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The personal link of a structure's contact to its yearly survey, without an account.

Whoever holds the link fills that one structure's survey: every method here works
as superuser on ``structure_id`` of the link only, never on a structure the request
names.
"""

from odoo import api, models
from odoo.exceptions import UserError, ValidationError


class VolunteerAccessLink(models.Model):
    _inherit = "volunteer.access.link"

    @api.constrains("partner_id", "structure_id", "purpose")
    def _check_survey_contact(self):
        for link in self.filtered(lambda rec: rec.purpose == "survey"):
            if not link._is_structure_contact():
                raise ValidationError(self.env._(
                    "The survey link of %(structure)s goes to its contact: set the contact of "
                    "the structure, or choose it.", structure=link.structure_id.name))

    def _is_structure_contact(self):
        contact = self.structure_id.sudo().partner_id
        return bool(contact) and (
            self.partner_id.commercial_partner_id == contact.commercial_partner_id)

    def _mail_template(self):
        if self.purpose == "survey":
            return self.env.ref("volunteer_valuation.mail_template_volunteer_survey_link")
        return super()._mail_template()

    @api.model
    def _survey_link(self, token):
        """(link, state) of a survey token: ``valid`` only while the link is valid and
        its person is still the structure's contact; the use is recorded."""
        link = self._get_by_token(token, purpose="survey")
        state = link.state if link else "unknown"
        if state == "valid" and not link._is_structure_contact():
            state = "revoked"
        if state == "valid":
            link._register_use()
        return link, state

    def _survey_declarations(self):
        """The declaration model as superuser, for this link's structure only."""
        self.ensure_one()
        if self.purpose != "survey" or self.state != "valid" or not self._is_structure_contact():
            raise UserError(self.env._("This survey link no longer works."))
        return self.env["volunteer.aggregate.declaration"].sudo().with_context(
            volunteer_declaration_source="link")

    def _survey_lines(self, year, copy_last_year=False):
        """The lines of this link's structure for ``year`` (or copied from the year before)."""
        Declaration = self._survey_declarations()
        year = Declaration._survey_year(year)
        if copy_last_year:
            return Declaration._survey_copy_last_year(self.structure_id, year)
        return Declaration._survey_lines(self.structure_id, year)

    def _survey_submit(self, year, lines):
        """Record the survey of this link's structure for ``year``."""
        return self._survey_declarations()._survey_submit(self.structure_id, year, lines)


class VolunteerStructure(models.Model):
    _inherit = "volunteer.structure"

    def action_survey_link(self):
        """Open the valid survey link of the structure's contact, made if there is none."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._(
                "Set the contact of %(structure)s first: the survey link is theirs.",
                structure=self.name))
        Link = self.env["volunteer.access.link"]
        link = Link.search([
            ("structure_id", "=", self.id), ("purpose", "=", "survey"),
            ("partner_id", "=", self.partner_id.id), ("state", "=", "valid"),
        ], order="expiry_date desc", limit=1)
        if not link:
            link = Link.create({
                "structure_id": self.id, "partner_id": self.partner_id.id, "purpose": "survey"})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Survey link"),
            "res_model": "volunteer.access.link",
            "res_id": link.id,
            "views": [(False, "form")],
            "target": "current",
        }
