# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A volunteer's rights on their data: everything held about them ("my data"), the
history of their choices, and anonymisation at a manager's request."""

from odoo import fields, models
from odoo.tools import html2plaintext

from ..engine import personal_data

# Partner fields whose changes make the history of a volunteer's choices.
CHOICE_FIELDS = ("volunteer_share_identity", "volunteer_reminder_opt_out")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Tracked: their history is part of "my data" (consent must be provable).
    volunteer_share_identity = fields.Boolean(tracking=True)
    volunteer_reminder_opt_out = fields.Boolean(tracking=True)
    volunteer_anonymous = fields.Boolean(
        string="Anonymous volunteer", readonly=True, copy=False,
        help="Takes the place of a volunteer whose data was erased: their hours stay counted "
             "apart under this anonymous name, with no personal data.",
    )

    def action_volunteer_anonymise(self):
        """Forget these volunteers at once, as the retention period would (managers only):
        their contributions stay in the accounts under an anonymous name."""
        Erasure = self.env["volunteer.erasure"]
        Erasure._check_request(self)
        logs = Erasure.sudo()._erase(self, "request", requested_by="manager", user=self.env.user)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s volunteer(s) anonymised: %(contributions)s contribution(s) kept "
                    "in the accounts under an anonymous name.", count=len(self),
                    contributions=sum(logs.mapped("contribution_count"))),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------
    # My data
    # ------------------------------------------------------------------

    def _volunteer_personal_data(self, contributions):
        """Everything held about this volunteer, with the chatter of ``contributions``, their
        personal links (without the secret part) and the history of their choices."""
        document = super()._volunteer_personal_data(contributions)
        env = contributions.env
        Message = env["mail.message"].sudo()
        messages = Message.search([
            ("model", "=", "volunteer.contribution"), ("res_id", "in", contributions.ids),
            ("message_type", "!=", "user_notification"),
        ], order="date, id")
        by_id = {contribution.id: contribution for contribution in contributions}
        document["messages"] = [{
            "contribution_date": by_id[message.res_id].date,
            "contribution": by_id[message.res_id].name,
            "date": message.date,
            "author": message.author_id.name or message.email_from or None,
            "text": html2plaintext(message.body or "").strip() or None,
            "changes": "; ".join(
                f"{change['fieldInfo']['changedField']}: {change['oldValue'] or ''} → "
                f"{change['newValue'] or ''}"
                for change in message.sudo().tracking_value_ids._tracking_value_format()
            ) or None,
        } for message in messages]
        links = env["volunteer.access.link"].sudo().search([("partner_id", "=", self.id)])
        link_states = dict(links._fields["state"]._description_selection(env))
        document["access_links"] = [{
            "structure": link.structure_id.complete_name,
            "created_on": link.create_date,
            "valid_until": link.expiry_date,
            "state": link_states[link.state],
            "last_used": link.last_use_date or None,
        } for link in links]
        document["choices_history"] = self._volunteer_choices_history()
        return document

    def _volunteer_choices_history(self):
        """Each change of the consent and reminder choices: when, what, by whom."""
        self.ensure_one()
        fields_ids = [self.env["ir.model.fields"]._get(self._name, name).id
                      for name in CHOICE_FIELDS]
        trackings = self.env["mail.tracking.value"].sudo().search([
            ("field_id", "in", fields_ids), ("mail_message_id.model", "=", self._name),
            ("mail_message_id.res_id", "=", self.id),
        ], order="id")
        return [{
            "date": tracking.mail_message_id.date,
            "setting": self._fields[tracking.field_id.name]._description_string(self.env),
            "old_value": bool(tracking.old_value_integer),
            "new_value": bool(tracking.new_value_integer),
            "changed_by": tracking.mail_message_id.author_id.name or None,
        } for tracking in trackings]

    def _volunteer_personal_data_labels(self):
        labels = super()._volunteer_personal_data_labels()
        env = self.env
        labels.update({
            "messages": {
                "title": env._("Messages"),
                "contribution_date": env._("Contribution date"),
                "contribution": env._("Contribution"),
                "date": env._("Date"),
                "author": env._("Author"),
                "text": env._("Message"),
                "changes": env._("Changes"),
            },
            "access_links": {
                "title": env._("My personal links"),
                "structure": env._("Structure"),
                "created_on": env._("Created on"),
                "valid_until": env._("Valid until"),
                "state": env._("Status"),
                "last_used": env._("Last used"),
            },
            "choices_history": {
                "title": env._("History of my choices"),
                "date": env._("Date"),
                "setting": env._("Choice"),
                "old_value": env._("Before"),
                "new_value": env._("After"),
                "changed_by": env._("Changed by"),
            },
        })
        return labels

    def _volunteer_personal_data_tables(self):
        """The tables of the "my data" spreadsheets: {document key: fields}."""
        return dict(personal_data.TABLES)

    def _volunteer_personal_data_file(self, contributions, fmt):
        """The "my data" export of this volunteer as the bytes of a CSV, XLSX or JSON file."""
        self.ensure_one()
        return personal_data.export(
            self._volunteer_personal_data(contributions), fmt,
            self._volunteer_personal_data_labels(), self._volunteer_personal_data_tables())
