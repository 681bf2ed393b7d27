# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..engine.odoo_names import COORDINATOR_GROUP, SHOW_AMOUNT_PARAM

ATTESTATION_LANG = "fr_FR"
# What only a coordinator may choose when printing; anyone else gets the settings of the
# structure, whatever the route (the generic /report/ routes pass any option along).
CHOSEN_KEYS = ("show_amount", "signatory_id", "signatory_function")


class ReportVolunteerAttestation(models.AbstractModel):
    """Values of the volunteering certificate (attestation de bénévolat).

    ``data`` may hold ``date_from`` and ``date_to`` (ISO dates; default: this
    calendar year so far) and, for coordinators only, ``show_amount``,
    ``signatory_id`` and ``signatory_function``; for anybody else these come from
    the settings and from the structure. Hours are the validated contributions of
    each volunteer as a bénévole (not as a volontaire or in skills sponsorship)
    that the current user may see. Nobody signs their own attestation.
    """

    _name = "report.volunteer_valuation.report_volunteer_attestation_main"
    _description = "Volunteering certificate"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = dict(data or {})
        may_choose = not self.env.user.share and self.env.user.has_group(COORDINATOR_GROUP)
        if not may_choose:
            for key in CHOSEN_KEYS:
                data.pop(key, None)
        partners = self.env["res.partner"].browse(docids)
        self._check_attestation_access(partners)
        date_from, date_to = self._attestation_period(data)
        lang = self._attestation_lang(partners)
        show_amount = data.get("show_amount")
        if show_amount is None:
            show_amount = self.env["ir.config_parameter"].sudo().get_param(SHOW_AMOUNT_PARAM)
        attestations = self._attestations(partners, date_from, date_to, bool(show_amount), lang)
        signatory, function = self._attestation_signatory(
            data, attestations, partners, may_choose)
        data["signatory_function"] = function
        self._attestation_sentences(
            partners, attestations, signatory, function, date_from, date_to, lang)
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "attestations": attestations,
            "date_from": date_from,
            "date_to": date_to,
            "signatory": signatory,
            "signatory_function": data.get("signatory_function") or "",
            "attestation_lang": lang,
        }

    @api.model
    def _attestation_sentences(self, partners, attestations, signatory, function, date_from,
                               date_to, lang):
        """The statement and the place and date, as whole sentences in ``lang``."""
        env = self.with_context(lang=lang).env
        today = fields.Date.context_today(self)
        for partner in partners:
            attestation = attestations[partner.id]
            attestation["statement"] = env._(
                "I, the undersigned, %(signatory)s%(function)s, certify that %(volunteer)s gave "
                "time as a volunteer, freely and without pay, from %(date_from)s to "
                "%(date_to)s, in the structures below.",
                signatory=signatory.name or "", function=f", {function}" if function else "",
                volunteer=partner.name, date_from=format_date(env, date_from, lang_code=lang),
                date_to=format_date(env, date_to, lang_code=lang))
            attestation["place_date"] = env._(
                "Done at %(city)s, on %(date)s.", city=attestation["company"].city or "",
                date=format_date(env, today, lang_code=lang))

    @api.model
    def _check_attestation_access(self, partners):
        """A volunteer prints their own; coordinators those they may see by name."""
        if self.env.su:
            return
        user = self.env.user
        if user.share:
            if partners - user.partner_id:
                raise AccessError(self.env._("You can only print your own attestation."))
            return
        allowed = partners.browse(
            self.env["volunteer.contribution"]._volunteer_named_ids(partners.ids))
        allowed &= self._partners_of_my_companies(partners)
        if partners - allowed:
            raise AccessError(self.env._(
                "You can print the attestation of a volunteer of the structures you coordinate, "
                "or of a volunteer who agreed to be named; not of %(names)s.",
                names=", ".join((partners - allowed).sudo().mapped("name"))))

    @api.model
    def _partners_of_my_companies(self, partners):
        """Those of ``partners`` who volunteer, or volunteered, in the user's companies."""
        companies = self.env.companies.ids
        members = self.env["volunteer.structure"].sudo().search([
            ("volunteer_ids", "in", partners.ids), ("company_id", "in", companies),
        ]).volunteer_ids
        rows = self.env["volunteer.contribution"].sudo()._read_group(
            [("partner_id", "in", partners.ids), ("company_id", "in", companies)],
            ["partner_id"])
        contributors = partners.browse([partner.id for [partner] in rows])
        return partners & (members | contributors)

    @api.model
    def _attestation_period(self, data):
        today = fields.Date.context_today(self)
        try:
            date_from = fields.Date.to_date(data.get("date_from")) or date(today.year, 1, 1)
            date_to = fields.Date.to_date(data.get("date_to")) or today
        except ValueError:
            raise UserError(self.env._("Give the period of the attestation as two dates."))
        if date_from > date_to:
            raise UserError(self.env._(
                "The period of the attestation ends (%(date_to)s) before it starts "
                "(%(date_from)s).", date_from=date_from, date_to=date_to))
        return date_from, date_to

    @api.model
    def _attestation_lang(self, partners):
        """French when the database has it: the attestation is a French document."""
        if self.env["res.lang"]._get_code(ATTESTATION_LANG):
            return ATTESTATION_LANG
        return partners[:1].lang or self.env.lang

    @api.model
    def _attestations(self, partners, date_from, date_to, show_amount, lang):
        """{partner id: {"structures": [...], "hours", "amount", "show_amount", "company",
        "currency"}}."""
        Contribution = self.env["volunteer.contribution"].with_context(lang=lang)
        rows = Contribution._read_group(
            [("partner_id", "in", partners.ids), ("state", "=", "validated"),
             ("entry_mode", "=", "detailed"), ("contributor_type", "=", "volunteer"),
             ("date", ">=", date_from),
             ("date", "<=", date_to)],
            ["partner_id", "structure_id", "role", "category_id"],
            ["duration:sum", "amount:sum"])
        roles = dict(Contribution._fields["role"]._description_selection(Contribution.env))
        result = {partner.id: {"structures": [], "hours": 0.0, "amount": 0.0,
                               "show_amount": False, "company": self.env.company,
                               "currency": self.env.company.currency_id} for partner in partners}
        by_structure = {}
        for partner, structure, role, category, hours, amount in rows:
            structure = structure.sudo()
            block = by_structure.get((partner.id, structure.id))
            if block is None:
                shows = show_amount and self._structure_shows_amount(structure)
                block = {
                    "structure": structure, "name": structure.complete_name,
                    "rna": structure.rna or "",
                    "siren": structure.siren or "", "hours": 0.0, "amount": 0.0,
                    "show_amount": shows, "currency": structure.currency_id, "lines": [],
                }
                by_structure[partner.id, structure.id] = block
                result[partner.id]["structures"].append(block)
                result[partner.id]["company"] = structure.company_id
            block["hours"] += hours or 0.0
            block["amount"] += amount or 0.0
            block["lines"].append({
                "role": roles.get(role, role), "category": category.sudo().name or "",
                "hours": hours or 0.0, "amount": amount or 0.0,
            })
        for attestation in result.values():
            attestation["structures"].sort(key=lambda block: block["name"].casefold())
            for block in attestation["structures"]:
                block["lines"].sort(key=lambda line: (line["role"], line["category"]))
                attestation["hours"] += block["hours"]
                if block["show_amount"]:
                    attestation["show_amount"] = True
                    attestation["amount"] += block["amount"]
                    attestation["currency"] = block["currency"]
        return result

    @api.model
    def _structure_shows_amount(self, structure):
        """Whether the structure lets its attestations print the value of the hours."""
        return structure.attestation_show_amount

    @api.model
    def _attestation_signatory(self, data, attestations, partners, may_choose):
        """(signatory, function): a coordinator's choice (by default themselves); else
        the signatory set on the structure where the volunteer gave most hours, or a
        coordinator of it or of its nearest parent that has one. Never a volunteer of
        the attestation."""
        Users = self.env["res.users"].sudo()
        chosen = data.get("signatory_id") if may_choose else None
        if chosen or (may_choose and self.env.user.partner_id not in partners):
            signatory = self.env.user
            if chosen:
                signatory = Users.browse(self._attestation_user_id(chosen)).exists()
                if not signatory or signatory.share or not signatory.active:
                    raise UserError(self.env._(
                        "The signatory of an attestation is a member of the association's "
                        "staff or board with an account, not a volunteer's portal account."))
            if signatory.partner_id in partners:
                raise UserError(self.env._(
                    "Nobody signs their own attestation: choose another signatory for "
                    "%(name)s.", name=signatory.name))
            return signatory, data.get("signatory_function") or ""
        blocks = [block for attestation in attestations.values()
                  for block in attestation["structures"]]
        if not blocks:
            return Users, ""
        structure = max(blocks, key=lambda block: block["hours"])["structure"]
        while structure:
            candidates = (structure.attestation_signatory_id | structure.coordinator_ids).filtered(
                lambda user: user.active and not user.share and user.partner_id not in partners)
            if candidates:
                signatory = candidates[:1]
                function = structure.attestation_signatory_function \
                    if signatory == structure.attestation_signatory_id else ""
                return signatory, function or ""
            structure = structure.parent_id
        return Users, ""

    @api.model
    def _attestation_user_id(self, value):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise UserError(self.env._("Choose the signatory in the list.")) from None
