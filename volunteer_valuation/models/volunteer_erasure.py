# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Forgetting volunteers while keeping the accounts (RGPD retention and erasure).

volunteer.erasure is the one place that forgets people. The daily retention run
(:meth:`_cron_retention`), a manager's request (res.partner.action_volunteer_anonymise)
and a volunteer's own request from the portal (:meth:`_erase_own_data`) all end in
:meth:`_erase`:

- each person gets their own anonymous placeholder partner ("Bénévole anonyme 7KQ2"),
  which takes their place on their contributions (and, with the currency addon, on
  their ledger moves) through the one dedicated path of each model: every total and
  every count of distinct volunteers stays exact;
- what named them goes: descriptions and notes, the chatter messages and tracking
  values that name them, their personal links, consent and reminder choices, portal
  account, structures and contact details;
- their own partner is archived, or stays active (anonymised) when another app still
  refers to it: it is never deleted here;
- each run is written in the register, volunteer.erasure.log.

Who is due, and when, is in :mod:`volunteer_erasure_retention`.
"""

import logging
from collections import Counter, defaultdict

from odoo import SUPERUSER_ID, Command, api, models
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.fields import Domain
from odoo.tools import email_normalize, formataddr, html2plaintext, is_html_empty

from ..engine import personal_data, retention
from ..engine.odoo_names import MANAGER_GROUP

_logger = logging.getLogger(__name__)

# What stays of the description of a forgotten person's contribution (a required field).
BLANK_DESCRIPTION = "—"
# Contribution fields whose tracking values name the person.
NAMING_FIELDS = ("partner_id", "name", "note", "rejection_reason")
# Texts shorter than this are not searched for in messages (they would match anything).
MIN_NAMING_LENGTH = 3
# Contact details wiped from a forgotten person's own partner (those the database has);
# the picture too.
IDENTITY_FIELDS = (
    "email", "phone", "mobile", "street", "street2", "zip", "city", "state_id", "country_id",
    "website", "function", "title", "comment", "ref", "vat", "company_registry", "barcode",
    "company_name", "partner_latitude", "partner_longitude", "category_id",
    "user_id", "industry_id",
)
# References to a partner that do not keep it for another app: its portal account (closed
# by the erasure) and the queue that deletes closed accounts.
IGNORED_REFERENCES = frozenset({"res.users", "res.users.deletion"})
# Mail records refer to a partner for another app unless they belong to these addons'
# records: {model: field holding the model of the record they belong to}.
MAIL_SCOPES = {
    "mail.message": "model",
    "mail.mail": "model",
    "mail.followers": "res_model",
    "mail.notification": "mail_message_id.model",
    "mail.activity": "res_model",
}
EXPORT_FORMATS = ("xlsx", "json")


class VolunteerErasure(models.AbstractModel):
    _name = "volunteer.erasure"
    _description = "Retention and erasure of volunteers' personal data"

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------

    @api.model
    def _check_request(self, partners):
        """Refuse, before anything changes, a manager's request for ``partners`` that the
        current user may not make: managers only, for people whose volunteering data all
        belongs to the companies they work in."""
        if self.env.su:
            return
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._(
                "Only a volunteering manager can anonymise a volunteer."))
        partners.check_access("write")
        protected = self._protected(partners)
        if protected:
            raise UserError("\n".join(
                self.env._("%(name)s cannot be anonymised: %(reason)s",
                           name=partner.display_name, reason=protected[partner.id])
                for partner in partners if partner.id in protected))
        footprint = self._footprint(partners.ids)
        unknown = partners.filtered(lambda partner: partner.id not in footprint)
        if unknown:
            raise UserError(self.env._(
                "%(names)s hold no volunteering data: there is nothing to anonymise.",
                names=", ".join(unknown.mapped("display_name"))))
        companies = {company for _last, held in footprint.values() for company in held}
        if companies - set(self.env.companies.ids):
            raise AccessError(self.env._(
                "This volunteer also has data in a company you do not manage: a manager of "
                "every company concerned must anonymise them."))

    @api.model
    def _erase_own_data(self, password):
        """A volunteer's own request from the portal: check their password (as the portal's
        own security page does), e-mail them their data, then forget them."""
        user = self.env.user
        if not user.share or user._is_public():
            raise AccessError(self.env._(
                "Only volunteers with a volunteering space account can erase their data "
                "here. Staff ask a volunteering manager."))
        Users = self.env["res.users"]
        credential = {"login": user.login, "password": password or "", "type": "password"}
        try:
            with Users._assert_can_auth(user=user.id):
                Users._check_credentials(credential, {"interactive": True})
        except AccessDenied as error:
            message = error.args[0] if error.args else ""
            if not message or message == AccessDenied().args[0]:
                message = self.env._("This is not your password: nothing was erased.")
            raise UserError(message) from None
        erasure = self.with_user(SUPERUSER_ID)
        partner = erasure.env["res.partner"].browse(user.partner_id.id)
        erasure._send_confirmation(partner)
        return erasure._erase(partner, "request", requested_by="volunteer")

    @api.model
    def _erasure_notices(self, partner):
        """What erasing ``partner``'s data does, in sentences they read before confirming."""
        Contribution = self.env["volunteer.contribution"].sudo()
        counts = dict(Contribution._read_group(
            [("partner_id", "=", partner.id)], ["state"], ["__count"]))
        drafts = counts.pop("draft", 0)
        notices = []
        if counts:
            notices.append(self.env._(
                "Your %(count)s submitted, validated or rejected contribution(s) stay in the "
                "association's accounts, with their date, hours and value, but without your "
                "name, your descriptions or your messages.", count=sum(counts.values())))
        if drafts:
            notices.append(self.env._(
                "Your %(count)s draft(s) are deleted.", count=drafts))
        notices.append(self.env._(
            "Your structures, choices, personal links and contact details are erased, and "
            "your account is closed: you will no longer be able to log in."))
        return notices

    @api.model
    def _confirmation_email(self, partner):
        """Where the confirmation of an erasure goes: the partner's e-mail, else the login of
        their account when it is an address; False when there is none."""
        login = partner.sudo().user_ids[:1].login
        return email_normalize(partner.email or "") or email_normalize(login or "")

    @api.model
    def _send_confirmation(self, partner):
        """E-mail ``partner`` that their data is erased, with everything held about them
        attached (XLSX and JSON), before it is. Nothing is sent without an address."""
        email = self._confirmation_email(partner)
        if not email:
            return self.env["mail.mail"]
        Contribution = self.env["volunteer.contribution"].sudo()
        contributions = Contribution.search(Contribution._portal_domain(partner))
        template = self.env.ref("volunteer_valuation.mail_template_volunteer_erasure")
        mail = self.env["mail.mail"].browse(template.with_context(
            lang=partner.lang, volunteer_erasure_notices=self._erasure_notices(partner),
        ).send_mail(partner.id, email_values={
            "email_to": formataddr((partner.name or "", email)),
            "recipient_ids": [],
            "model": False,
            "res_id": False,
            "author_id": self.env.company.partner_id.id,
        }))
        filename = partner.with_context(lang=partner.lang).env._("my-volunteering-data")
        mail.attachment_ids = self.env["ir.attachment"].create([{
            "name": f"{filename}.{fmt}",
            "raw": partner._volunteer_personal_data_file(contributions, fmt),
            "mimetype": personal_data.MIMETYPES[fmt],
            "res_model": "mail.message",
            "res_id": mail.mail_message_id.id,
        } for fmt in EXPORT_FORMATS])
        return mail

    # ------------------------------------------------------------------
    # Forgetting
    # ------------------------------------------------------------------

    @api.model
    def _erase(self, partners, reason, requested_by="system", user=None):
        """Forget ``partners`` (as superuser), then write the register.

        ``reason`` is "retention" or "request"; a request also deletes the drafts. Returns
        the lines of the register, one per company whose data was touched.
        """
        Partner = self.env["res.partner"].with_context(active_test=False, tracking_disable=True)
        partners = Partner.browse(partners.ids)
        if not partners:
            return self.env["volunteer.erasure.log"]
        Contribution = self.env["volunteer.contribution"].with_context(active_test=False)
        contributions = Contribution.search([("partner_id", "in", partners.ids)])
        drafts = Contribution
        if reason == "request":
            drafts = self._deletable_drafts(
                contributions.filtered(lambda rec: rec.state == "draft"))
        kept = contributions - drafts
        counts = defaultdict(Counter)
        for _last, companies in self._footprint(partners.ids).values():
            for company in companies:
                counts[company]["persons"] += 1
        for contribution in kept:
            counts[contribution.company_id.id]["contributions"] += 1
        for contribution in drafts:
            counts[contribution.company_id.id]["deleted"] += 1
        naming = {partner.id: self._naming_texts(partner) for partner in partners}
        owners = {contribution.id: contribution.partner_id.id for contribution in kept}
        was_active = partners.filtered("active")

        self._close_portal_accounts(partners)
        drafts.unlink()
        placeholders = self._create_placeholders(partners)
        for partner, records in kept.grouped("partner_id").items():
            records._write_anonymised({
                "partner_id": placeholders[partner.id].id, "name": BLANK_DESCRIPTION,
                "note": False, "rejection_reason": False,
            })
        self._clean_chatter(kept, partners, naming, owners)
        for company, count in self._anonymise_moves(partners, placeholders).items():
            counts[company]["moves"] += count
        Link = self.env["volunteer.access.link"].sudo()
        Link.search([("partner_id", "in", partners.ids)]).unlink()
        self._forget_partners(partners, was_active)
        # Changes made before, in this transaction (closing the portal account archives the
        # contact), would be tracked at commit with the old values: the person's name again.
        partners._track_discard()
        kept._track_discard()
        _logger.info("Volunteering: %s person(s) forgotten (%s).", len(partners), reason)
        return self._write_register(counts, reason, requested_by, user)

    @api.model
    def _deletable_drafts(self, drafts):
        """The drafts a request deletes (the currency addon keeps those its ledger cites)."""
        return drafts

    @api.model
    def _anonymise_moves(self, partners, placeholders):
        """Replace ``partners`` by ``placeholders`` on ledger moves: {company id: moves}.
        Nothing here; the currency addon does it for its moves."""
        return {}

    @api.model
    def _naming_texts(self, partner):
        """The texts that name ``partner`` in a message: their name and e-mail."""
        texts = {(partner.name or "").strip().casefold(), (partner.email or "").strip().casefold()}
        return [text for text in texts if len(text) >= MIN_NAMING_LENGTH]

    @api.model
    def _close_portal_accounts(self, partners):
        """Close their portal accounts as the portal's own "delete my account" does."""
        users = self.env["res.users"].with_context(active_test=False).search([
            ("partner_id", "in", partners.ids), ("share", "=", True)])
        if users:
            users._deactivate_portal_user()

    @api.model
    def _create_placeholders(self, partners):
        """{partner id: their new anonymous placeholder}, each with a code of its own."""
        Partner = self.env["res.partner"].with_context(active_test=False, tracking_disable=True)
        taken = [retention.code_of(name) for name in Partner.search(
            [("volunteer_anonymous", "=", True)]).mapped("name")]
        prefix = self._in_company_language().env._("Anonymous volunteer")
        placeholders = Partner.create([{
            "name": retention.anonymous_label(prefix, code),
            "active": False,
            "volunteer_anonymous": True,
            "type": "contact",
        } for code in retention.anonymous_codes(len(partners), taken)])
        return dict(zip(partners.ids, placeholders, strict=True))

    @api.model
    def _in_company_language(self):
        """Self in the language of the company: names stored for good do not depend on the
        language of whoever runs the erasure."""
        return self.with_context(lang=self.env.company.partner_id.lang or self.env.lang)

    @api.model
    def _own_models(self):
        return {name for name in self.env.registry if name.startswith("volunteer.")}

    @api.model
    def _clean_chatter(self, contributions, partners, naming, owners):
        """Remove from these addons' chatter what names the people: their own messages,
        the tracking of the volunteer and of the texts, messages naming them, and their
        followers, notifications and place among recipients."""
        own = list(self._own_models())
        Message = self.env["mail.message"].sudo()
        authored = Message.search([("author_id", "in", partners.ids), ("model", "in", own)])
        messages = Message.search([
            ("model", "=", "volunteer.contribution"), ("res_id", "in", contributions.ids),
        ]) - authored
        fields_naming = [self.env["ir.model.fields"]._get("volunteer.contribution", name).id
                         for name in NAMING_FIELDS]
        self.env["mail.tracking.value"].sudo().search([
            ("mail_message_id", "in", messages.ids), ("field_id", "in", fields_naming),
        ]).unlink()
        messages.invalidate_recordset(["tracking_value_ids"])

        def names_them(message):
            text = html2plaintext(message.body or "").casefold()
            return any(name in text for name in naming.get(owners.get(message.res_id), ()))

        def is_empty(message):
            return (is_html_empty(message.body) and not message.tracking_value_ids
                    and not message.attachment_ids)

        (authored | messages.filtered(lambda msg: names_them(msg) or is_empty(msg))).unlink()
        self.env["mail.followers"].sudo().search([
            ("partner_id", "in", partners.ids), ("res_model", "in", own)]).unlink()
        self.env["mail.notification"].sudo().search([
            ("res_partner_id", "in", partners.ids), ("mail_message_id.model", "in", own)]).unlink()
        for message in Message.search([("model", "in", own), ("partner_ids", "in", partners.ids)]):
            message.partner_ids = [Command.unlink(pid) for pid in partners.ids
                                   if pid in message.partner_ids.ids]

    @api.model
    def _forget_partners(self, partners, was_active):
        """Erase the partners' volunteering data and contact details; archive those that no
        other app refers to, keep the others as they were (anonymised, never deleted)."""
        Message = self.env["mail.message"].sudo()
        Message.search([("model", "=", "res.partner"), ("res_id", "in", partners.ids)]).unlink()
        self.env["mail.followers"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]).unlink()
        referenced = self._referenced_elsewhere(partners)
        vals = {
            "name": self._in_company_language().env._("Anonymised contact"),
            "volunteer_structure_ids": [Command.clear()],
            "volunteer_share_identity": False,
            "volunteer_reminder_opt_out": False,
        }
        for name in IDENTITY_FIELDS:
            field = partners._fields.get(name)
            if field and field.store:
                vals[name] = [Command.clear()] if field.type == "many2many" else False
        # Archived users count as users when archiving a contact under active_test=False.
        partners = partners.with_context(active_test=True)
        partners.write(vals)
        # Pictures one by one: only for those who have one.
        pictures = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_field", "=", "image_1920"),
            ("res_id", "in", partners.ids)])
        partners.browse(pictures.mapped("res_id")).write({"image_1920": False})
        (partners - referenced).write({"parent_id": False, "active": False})
        # Closing a portal account archives its contact: other apps keep theirs as it was.
        (referenced & was_active).write({"active": True})

    @api.model
    def _partner_reference_fields(self):
        """(model, field) of the stored references to partners outside these addons."""
        own = self._own_models()
        for name in self.env.registry:
            Model = self.env[name]
            if (Model._abstract or Model._transient or not Model._auto or name in own
                    or name in IGNORED_REFERENCES):
                continue
            for field in Model._fields.values():
                if (field.type in ("many2one", "many2many") and field.comodel_name == "res.partner"
                        and field.store and not field.inherited and not field.company_dependent):
                    yield name, field.name

    @api.model
    def _referenced_elsewhere(self, partners):
        """Those of ``partners`` that another app still refers to (an invoice, a task, a
        message...): they are kept. One query per referring field, for all of them."""
        ids = set(partners.ids)
        own = list(self._own_models())
        found = set()
        for model, fname in self._partner_reference_fields():
            Model = self.env[model].sudo().with_context(active_test=False)
            domain = Domain(fname, "in", list(ids - found))
            if model in MAIL_SCOPES:
                domain &= Domain(MAIL_SCOPES[model], "not in", own)
            if model == "res.partner":
                domain &= Domain("id", "not in", list(ids))  # itself (commercial partner)
            found.update(value.id for [value] in Model._read_group(domain, [fname]))
            if found >= ids:
                break
        return partners.browse(sorted(found & ids))

    @api.model
    def _write_register(self, counts, reason, requested_by, user):
        """One line of the register per company: how many, why, by whom; no name."""
        companies = self.env["res.company"].sudo().browse(list(counts))
        return self.env["volunteer.erasure.log"].sudo().create([{
            "reason": reason,
            "requested_by": requested_by,
            "user_id": user.id if user else False,
            "company_id": company.id,
            "retention_years": company.volunteer_retention_years if reason == "retention" else 0,
            "person_count": counts[company.id]["persons"],
            "contribution_count": counts[company.id]["contributions"],
            "deleted_count": counts[company.id]["deleted"],
            "move_count": counts[company.id]["moves"],
        } for company in companies])
