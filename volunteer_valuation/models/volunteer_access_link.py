# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import hashlib
import re
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import consteq

DEFAULT_VALIDITY_DAYS = 180
TOKEN_BYTES = 32
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,100}")
# What a link opens: a volunteer's own space, or the yearly survey of a structure for its
# contact (see volunteer_access_link_survey.py).
PURPOSES = [("volunteer", "Volunteer's space"), ("survey", "Yearly survey")]
PATHS = {"volunteer": "/volunteering/link/", "survey": "/volunteering/survey/"}
# Set by Odoo only: the token is drawn at random, a revocation is final.
SYSTEM_FIELDS = frozenset({"token", "token_digest", "revoked", "revoked_date", "last_use_date"})


def _new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def _digest(token):
    """What a link is looked up by: comparing digests tells nothing about the token."""
    return hashlib.sha256(token.encode()).hexdigest()


class VolunteerAccessLink(models.Model):
    _name = "volunteer.access.link"
    _inherit = ["volunteer.input.mixin"]
    _description = "Personal access link of a volunteer"
    _order = "create_date desc, id desc"

    def _default_expiry_date(self):
        return fields.Date.context_today(self) + timedelta(days=DEFAULT_VALIDITY_DAYS)

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, ondelete="cascade",
        help="The volunteer, or for a yearly survey the structure's contact.",
    )
    purpose = fields.Selection(
        PURPOSES, string="Opens", required=True, default="volunteer",
        help="A volunteer's space to declare their time, or the yearly survey of the "
             "structure, for its contact.",
    )
    structure_id = fields.Many2one(
        "volunteer.structure", required=True, index=True, ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="structure_id.company_id", store=True, index=True, precompute=True,
    )
    token = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: _new_token(),
    )
    token_digest = fields.Char(
        compute="_compute_token_digest", store=True, index=True, copy=False,
    )
    expiry_date = fields.Date(
        string="Valid until", required=True, default=lambda self: self._default_expiry_date(),
        help="The link stops working after this day.",
    )
    revoked = fields.Boolean(readonly=True, copy=False)
    revoked_date = fields.Datetime(string="Revoked on", readonly=True, copy=False)
    last_use_date = fields.Datetime(string="Last used", readonly=True, copy=False)
    state = fields.Selection(
        [("valid", "Valid"), ("expired", "Expired"), ("revoked", "Revoked")],
        string="Status", compute="_compute_state", search="_search_state",
    )
    url = fields.Char(
        string="Link", compute="_compute_url",
        help="Send this address to the volunteer only: whoever has it can declare time in "
             "their name.",
    )

    _token_unique = models.UniqueIndex("(token)")

    @api.depends("partner_id", "structure_id")
    def _compute_display_name(self):
        for link in self:
            link.display_name = f"{link.partner_id.name or ''} · {link.structure_id.name or ''}"

    @api.depends("revoked", "expiry_date")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for link in self:
            if link.revoked:
                link.state = "revoked"
            elif link.expiry_date and link.expiry_date < today:
                link.state = "expired"
            else:
                link.state = "valid"

    def _search_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        domains = {
            "valid": Domain("revoked", "=", False) & Domain("expiry_date", ">=", today),
            "expired": Domain("revoked", "=", False) & Domain("expiry_date", "<", today),
            "revoked": Domain("revoked", "=", True),
        }
        return Domain.OR(domains[state] for state in value if state in domains)

    @api.depends("token")
    def _compute_token_digest(self):
        for link in self:
            link.token_digest = _digest(link.token) if link.token else False

    @api.depends("token", "purpose")
    def _compute_url(self):
        for link in self:
            link.url = (f"{link.get_base_url()}{PATHS[link.purpose or 'volunteer']}{link.token}"
                        if link.token else "")

    @api.constrains("partner_id", "structure_id")
    def _check_volunteer(self):
        for link in self.filtered(lambda rec: rec.purpose == "volunteer"):
            if link.structure_id not in link.partner_id.volunteer_structure_ids:
                raise ValidationError(self.env._(
                    "%(partner)s is not a volunteer of %(structure)s: add them to its volunteers "
                    "first.", partner=link.partner_id.name, structure=link.structure_id.name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_values(vals)
        if not self.env.su and any(SYSTEM_FIELDS & vals.keys() for vals in vals_list):
            raise UserError(self._system_fields_message())
        return super().create(vals_list)

    def write(self, vals):
        self._check_input_values(vals)
        if {"partner_id", "structure_id", "purpose"} & vals.keys():
            raise UserError(self.env._(
                "A personal link stays with its volunteer and structure: revoke it and create "
                "another one."))
        if SYSTEM_FIELDS & vals.keys():
            raise UserError(self._system_fields_message())
        return super().write(vals)

    def _system_fields_message(self):
        return self.env._(
            "The address of a personal link is drawn at random by Odoo, and a revoked link "
            "stays revoked: revoke it with its button, and create or renew a link for a new "
            "address.")

    def action_revoke(self):
        """Stop the links at once, for good; the volunteer then sees a page saying so."""
        self.check_access("write")
        links = self.filtered(lambda link: not link.revoked)
        # Past write(), which refuses these system fields to every other caller.
        super(VolunteerAccessLink, links).write({  # pylint: disable=super-method-mismatch
            "revoked": True, "revoked_date": fields.Datetime.now()})
        return True

    def action_renew(self):
        """Replace the links by new ones, valid again; the old addresses stop working."""
        new_links = self.copy({"expiry_date": self._default_expiry_date()})
        self.filtered(lambda link: not link.revoked).action_revoke()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation.volunteer_access_link_action")
        if len(new_links) == 1:
            action.update({"res_id": new_links.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", new_links.ids)]
        return action

    def action_send(self):
        """E-mail each volunteer their personal link."""
        without_email = self.filtered(lambda link: not link.partner_id.email)
        if without_email:
            raise UserError(self.env._(
                "These volunteers have no e-mail address: %(names)s. Give them the link another "
                "way, or add their address.",
                names=", ".join(without_email.partner_id.mapped("name"))))
        unusable = self.filtered(lambda link: link.state != "valid")
        if unusable:
            raise UserError(self.env._(
                "Only a valid link can be sent; renew these first: %(names)s.",
                names=", ".join(unusable.mapped("display_name"))))
        for link in self:
            link._mail_template().send_mail(link.id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The personal link was sent by e-mail."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _mail_template(self):
        """The e-mail that sends this link."""
        return self.env.ref("volunteer_valuation.mail_template_volunteer_access_link")

    @api.model
    def _get_by_token(self, token, purpose="volunteer"):
        """The link of ``token`` (any state) opening ``purpose``, or an empty recordset;
        as superuser.

        Looked up by the digest of the token, then compared in constant time, as Odoo's
        portal compares access tokens: the time taken tells nothing about a guess.
        """
        if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
            return self.browse()
        link = self.sudo().search(
            [("token_digest", "=", _digest(token)), ("purpose", "=", purpose)], limit=1)
        if not link or not consteq(link.token, token):
            return self.browse()
        return link

    def _register_use(self):
        self.ensure_one()
        # Past write(), which refuses the system fields to every other caller.
        return super(VolunteerAccessLink, self.sudo()).write(  # pylint: disable=super-method-mismatch
            {"last_use_date": fields.Datetime.now()})
