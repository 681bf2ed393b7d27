# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from babel.dates import format_date

from odoo import api, fields, models
from odoo.tools.misc import get_lang

from ..engine import durations


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "volunteer.totals.mixin"]
    _volunteer_contribution_field = "partner_id"

    volunteer_structure_ids = fields.Many2many(
        "volunteer.structure", "volunteer_structure_partner_rel", "partner_id", "structure_id",
        string="Volunteers in",
        help="The structures this person volunteers in; one person may belong to several.",
    )
    volunteer_contribution_ids = fields.One2many(
        "volunteer.contribution", "partner_id", string="Volunteer contributions",
    )
    volunteer_share_identity = fields.Boolean(
        string="Named in shared reports",
        help="The volunteer agrees to appear by name in reports shared beyond the structures "
             "they volunteer in (a federation, a funder). Otherwise those reports show a "
             "pseudonym.",
    )
    volunteer_reminder_opt_out = fields.Boolean(
        string="No monthly reminder",
        help="The volunteer does not want the monthly e-mail that reminds them to declare "
             "their time.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if any("volunteer_structure_ids" in vals for vals in vals_list):
            partners.sudo().volunteer_structure_ids.with_env(
                self.env)._check_membership_change()
        return partners

    def write(self, vals):
        if "volunteer_structure_ids" not in vals:
            return super().write(vals)
        before = self.sudo().volunteer_structure_ids
        result = super().write(vals)
        # Enrolling someone in a structure, or taking them out, is for the coordinators
        # of that structure.
        after = self.sudo().volunteer_structure_ids
        ((before | after) - (before & after)).with_env(self.env)._check_membership_change()
        return result

    def _volunteer_contribution_defaults(self):
        return dict(super()._volunteer_contribution_defaults(),
                    default_structure_id=self.volunteer_structure_ids[:1].id)

    def action_volunteer_portal_invite(self):
        """Invite these volunteers to their volunteering space (portal)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite to the volunteering space"),
            "res_model": "volunteer.portal.invite.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    @api.readonly
    def action_volunteer_access_links(self):
        """The personal links of this volunteer, to create or send one."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation.volunteer_access_link_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "default_structure_id": self.volunteer_structure_ids[:1].id,
        }
        return action

    def _volunteer_declare_urls(self, structures):
        """Where each partner can declare time in ``structures``: {partner id: url}.

        A partner with an active account declares in the portal; one without, through a
        valid personal link of one of these structures. Partners with neither are left out.
        """
        urls = {}
        links = self.env["volunteer.access.link"].sudo().search([
            ("partner_id", "in", self.ids), ("structure_id", "in", structures.ids),
            ("state", "=", "valid"), ("purpose", "=", "volunteer"),
        ], order="expiry_date desc")
        for link in links:
            urls.setdefault(link.partner_id.id, f"{link.url}/new")
        for partner in self:
            if partner.sudo().user_ids:
                urls[partner.id] = f"{partner.get_base_url()}/my/volunteering/new"
        return urls

    def _volunteer_send_reminders(self, structures, date_from, date_to):
        """E-mail the volunteers of ``structures`` what they declared between the two dates.

        Volunteers who opted out, who have no e-mail or no way to declare get nothing.
        """
        partners = structures.volunteer_ids.filtered(
            lambda partner: partner.email and not partner.volunteer_reminder_opt_out)
        urls = partners._volunteer_declare_urls(structures)
        partners = partners.filtered(lambda partner: partner.id in urls)
        if not partners:
            return
        contributions = self.env["volunteer.contribution"].sudo().search([
            ("partner_id", "in", partners.ids), ("structure_id", "in", structures.ids),
            ("date", ">=", date_from), ("date", "<=", date_to),
        ], order="date, id")
        template = self.env.ref("volunteer_valuation.mail_template_volunteer_reminder")
        for partner in partners:
            mine = contributions.filtered(lambda rec, partner=partner: rec.partner_id == partner)
            values = partner._volunteer_reminder_values(
                mine, structures & partner.volunteer_structure_ids, date_from, urls[partner.id])
            template.with_context(volunteer_reminder=values).send_mail(partner.id)

    def _volunteer_reminder_values(self, contributions, structures, date_from, url):
        """What the reminder of one volunteer shows, in their language."""
        self.ensure_one()
        lang = get_lang(self.env, self.lang)
        contributions = contributions.with_context(lang=lang.code)
        states = dict(contributions._fields["state"]._description_selection(contributions.env))
        return {
            "month": format_date(date_from, "MMMM y", locale=lang.code),
            "structures": ", ".join(structures.with_context(lang=lang.code).mapped("name")),
            "lines": [{
                "date": format_date(contribution.date, "short", locale=lang.code),
                "name": contribution.name,
                "structure": contribution.structure_id.name,
                "duration": durations.format_duration(contribution.duration),
                "state": states[contribution.state],
            } for contribution in contributions],
            "total": durations.format_duration(sum(contributions.mapped("duration"))),
            "url": url,
        }

    def _volunteer_personal_data(self, contributions):
        """Everything held about this volunteer: identity, consent settings, structures
        and ``contributions`` (theirs), as a document for engine/personal_data."""
        self.ensure_one()
        env = contributions.env
        states = dict(contributions._fields["state"]._description_selection(env))
        sources = dict(contributions._fields["source"]._description_selection(env))
        structures = self.volunteer_structure_ids | contributions.structure_id
        return {
            "volunteer": {
                "name": self.name or "",
                "email": self.email or "",
                "phone": self.phone or "",
                "share_identity": self.volunteer_share_identity,
                "reminder_opt_out": self.volunteer_reminder_opt_out,
            },
            "structures": [{
                "name": structure.complete_name,
                "member": structure in self.volunteer_structure_ids,
            } for structure in structures],
            "contributions": [{
                "date": contribution.date,
                "date_end": contribution.date_end or None,
                "name": contribution.name,
                "structure": contribution.structure_id.complete_name,
                "project": contribution.project_id.name or None,
                "task": contribution.task_id.name or None,
                "level": contribution.level_id.name or None,
                "category": contribution.category_id.name or None,
                "hours": round(contribution.duration, 4),
                "duration": durations.format_duration(contribution.duration),
                "distance_km": contribution.distance_km,
                "state": states[contribution.state],
                "rejection_reason": contribution.rejection_reason or None,
                "amount": contribution.amount
                if contribution.structure_id.show_amount_to_volunteers else None,
                "currency": contribution.currency_id.name
                if contribution.structure_id.show_amount_to_volunteers else None,
                "source": sources[contribution.source],
                "created_on": contribution.create_date,
            } for contribution in contributions],
        }

    def _volunteer_personal_data_labels(self):
        """The translated titles and column names of the "my data" spreadsheets."""
        env = self.env
        return {
            "yes": env._("Yes"),
            "no": env._("No"),
            "volunteer": {
                "title": env._("Me"), "field": env._("Field"), "value": env._("Value"),
                "name": env._("Name"), "email": env._("E-mail"), "phone": env._("Phone"),
                "share_identity": env._("Named in shared reports"),
                "reminder_opt_out": env._("No monthly reminder"),
            },
            "structures": {
                "title": env._("My structures"), "name": env._("Structure"),
                "member": env._("Volunteer there now"),
            },
            "contributions": {
                "title": env._("My contributions"),
                "date": env._("Date"),
                "date_end": env._("End date"),
                "name": env._("Description"),
                "structure": env._("Structure"),
                "project": env._("Project"),
                "task": env._("Task"),
                "level": env._("Competence level"),
                "category": env._("Category"),
                "hours": env._("Hours (decimal)"),
                "duration": env._("Duration"),
                "distance_km": env._("Distance (km)"),
                "state": env._("Status"),
                "rejection_reason": env._("Rejection reason"),
                "amount": env._("Value"),
                "currency": env._("Currency"),
                "source": env._("Entered from"),
                "created_on": env._("Entered on"),
            },
        }
