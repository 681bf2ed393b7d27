# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from ..engine.odoo_names import MANAGER_GROUP

PORTAL_PATH = "/my/volunteering"


class VolunteerPortalInviteWizard(models.TransientModel):
    """Give volunteers a portal account and e-mail them what their volunteering space is for.

    Accounts are made by Odoo's portal access wizard (portal.wizard); the e-mail is ours.
    """

    _name = "volunteer.portal.invite.wizard"
    _description = "Invite volunteers to their volunteering space"

    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            return self.env.context.get("active_ids")
        return []

    partner_ids = fields.Many2many(
        "res.partner", "volunteer_portal_invite_wizard_partner_rel", "wizard_id", "partner_id",
        string="Volunteers", default=lambda self: self._default_partner_ids(),
        domain="[('volunteer_structure_ids', '!=', False)]",
    )
    invited_ids = fields.Many2many(
        "res.partner", compute="_compute_partner_groups", string="Will be invited",
    )
    without_email_ids = fields.Many2many(
        "res.partner", compute="_compute_partner_groups", string="No valid e-mail",
        help="They cannot be invited: add their e-mail address, or send them a personal link.",
    )
    internal_ids = fields.Many2many(
        "res.partner", compute="_compute_partner_groups", string="Already users",
        help="They have an internal account already and use the volunteering space with it.",
    )

    @api.depends("partner_ids")
    def _compute_partner_groups(self):
        for wizard in self:
            partners = wizard.partner_ids
            without_email = partners.filtered(lambda partner: not email_normalize(partner.email))
            internal = (partners - without_email).filtered(
                lambda partner: any(user._is_internal() for user in partner.sudo().with_context(
                    active_test=False).user_ids))
            wizard.without_email_ids = without_email
            wizard.internal_ids = internal
            wizard.invited_ids = partners - without_email - internal

    def _check_partners(self):
        """Coordinators invite the volunteers of their structures only."""
        if self.env.user.has_group(MANAGER_GROUP):
            return
        mine = self.env["volunteer.structure"].search([
            ("id", "child_of", self.env.user.volunteer_coordinated_structure_ids.ids)])
        outsiders = self.partner_ids.filtered(
            lambda partner: not partner.volunteer_structure_ids & mine)
        if outsiders:
            raise UserError(self.env._(
                "You can only invite the volunteers of the structures you coordinate: "
                "%(names)s.", names=", ".join(outsiders.mapped("name"))))

    def action_invite(self):
        """Grant portal access to the volunteers who need it, and invite them all."""
        self.ensure_one()
        if not self.invited_ids:
            raise UserError(self.env._(
                "Nobody to invite: the volunteers chosen have no valid e-mail address or "
                "already have an account."))
        self._check_partners()
        # Creating users is for administrators: the checks above say who may be invited.
        portal_wizard = self.env["portal.wizard"].sudo().create({
            "partner_ids": [Command.set(self.invited_ids.ids)],
        })
        portal = self.env.ref("base.group_portal")
        public = self.env.ref("base.group_public")
        for line in portal_wizard.user_ids:
            line._assert_user_email_uniqueness()
            user = line.user_id
            if not user:
                company = line.partner_id.company_id or self.env.company
                user = line.with_company(company)._create_user()
            if not line.is_portal:
                user.write({"active": True, "group_ids": [
                    Command.link(portal.id), Command.unlink(public.id)]})
            line.partner_id.signup_prepare()
            self._send_invitation(line.partner_id, user)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Invitation sent to %(count)s volunteer(s).",
                    count=len(portal_wizard.user_ids)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _send_invitation(self, partner, user):
        """Our invitation e-mail: what the space is for, and the way in."""
        if user.login_date:
            url = f"{partner.get_base_url()}/web/login?redirect={PORTAL_PATH}"
        else:
            url = partner.sudo()._get_signup_url_for_action(url=PORTAL_PATH)[partner.id]
        structures = partner.volunteer_structure_ids.with_context(lang=partner.lang)
        template = self.env.ref("volunteer_valuation.mail_template_volunteer_portal_invitation")
        template.sudo().with_context(
            volunteer_portal_url=url,
            volunteer_login=user.login,
            volunteer_structures=", ".join(structures.mapped("name")),
        ).send_mail(partner.id)
