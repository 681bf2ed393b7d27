# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Member side: send this structure's validated totals to the federation's own Odoo.

The totals go by JSON-2 to ``declare_aggregates`` of the federation, with an API
key of a federation user who coordinates this member there. A sending is
recorded as sent only when the federation accepted it; otherwise the cron
tries again at its next run.
"""

import logging

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import aggregate_declarations as rules
from ..engine.odoo_names import MANAGER_GROUP

_logger = logging.getLogger(__name__)
TIMEOUT = 60
DECLARE_PATH = "/json/2/volunteer.aggregate.declaration/declare_aggregates"


class VolunteerFederationLink(models.Model):
    _name = "volunteer.federation.link"
    _description = "Link to a federation's database"
    _order = "name, id"

    name = fields.Char(required=True, default=lambda self: self.env._("My federation"))
    active = fields.Boolean(default=True)
    url = fields.Char(
        string="Federation's address", required=True,
        help="The address of the federation's Odoo, such as https://federation.example.org")
    database = fields.Char(required=True, help="The federation's database name.")
    api_key = fields.Char(
        string="API key", groups=MANAGER_GROUP, copy=False,
        help="A key of the federation's user who coordinates this structure there "
             "(from their preferences, Account Security).")
    structure_id = fields.Many2one(
        "volunteer.structure", string="Structure sent", required=True, ondelete="restrict",
        help="Its validated time, with that of its member structures, is sent.")
    federation_ref = fields.Char(
        string="Reference at the federation", required=True,
        help="How the federation names this structure: its reference, RNA number or SIREN.")
    sharing_level = fields.Selection(related="structure_id.sharing_level", readonly=False)
    send_categories = fields.Boolean(
        string="Totals by category", help="Send one total per category, not only per type.")
    send_period = fields.Selection(
        [("monthly", "Every month"), ("yearly", "Every year"), ("manual", "By hand only")],
        string="Automatic sending", required=True, default="yearly")
    last_period_end = fields.Date(
        string="Sent up to", readonly=True, copy=False,
        help="End of the last period the federation accepted.")
    sending_ids = fields.One2many("volunteer.federation.sending", "link_id", string="Sendings")
    company_id = fields.Many2one(related="structure_id.company_id", store=True, index=True)

    def action_send_aggregates(self, date_from, date_to):
        """Send the validated totals of [date_from, date_to]; returns the ids of the
        sending logs (one per link), which say what the federation answered."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if not date_from or not date_to or date_to < date_from:
            raise UserError(self.env._("Choose a period whose end comes after its start."))
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(self.env._("Only a volunteering manager sends totals to the "
                                       "federation."))
        Sending = self.env["volunteer.federation.sending"].sudo()
        sendings = Sending.browse()
        for link in self.sudo():
            entries = rules.member_entries(
                link.federation_ref, date_from, date_to, link._member_totals(date_from, date_to),
                f"link-{link.id}")
            ok, message = link._post(entries) if entries else (True, self.env._(
                "Nothing validated in this period: nothing sent."))
            sendings |= Sending.create({
                "link_id": link.id, "date_from": date_from, "date_to": date_to,
                "state": "sent" if ok else "failed", "entry_count": len(entries),
                "hours": sum(entry["hours"] for entry in entries), "answer": message,
            })
            if ok and (not link.last_period_end or link.last_period_end < date_to):
                link.last_period_end = date_to
        return sendings.ids

    def _member_totals(self, date_from, date_to):
        """[MemberTotal] of the validated contributions of the structure and its members."""
        group = ["contributor_type", "entry_mode"] + (
            ["category_id"] if self.send_categories else [])
        rows = self.env["volunteer.contribution"].sudo().with_context(
            active_test=False)._read_group(
            [("structure_id", "child_of", self.structure_id.id), ("state", "=", "validated"),
             ("date", ">=", date_from), ("date", "<=", date_to)],
            group, ["duration:sum", "distance_km:sum", "amount:sum", "headcount:sum",
                    "partner_id:count_distinct"])
        totals = {}
        for row in rows:
            if self.send_categories:
                contributor_type, entry_mode, category, *sums = row
                category = category.name or None
            else:
                (contributor_type, entry_mode, *sums), category = row, None
            hours, distance, amount, headcount, partners = sums
            people = headcount if entry_mode == "estimate" else partners
            key = (contributor_type, category)
            previous = totals.get(key, (0.0, 0, 0.0, 0.0))
            totals[key] = (previous[0] + (hours or 0.0), previous[1] + (people or 0),
                           previous[2] + (distance or 0.0), previous[3] + (amount or 0.0))
        return [rules.MemberTotal(kind, category, hours, people, distance, amount)
                for (kind, category), (hours, people, distance, amount) in totals.items()]

    def _post(self, entries):
        """(accepted, message): the federation's answer in words a manager understands."""
        url = (self.url or "").rstrip("/") + DECLARE_PATH
        try:
            response = requests.post(url, json={"entries": entries}, timeout=TIMEOUT, headers={
                "Authorization": f"bearer {self.api_key or ''}",
                "X-Odoo-Database": self.database or "",
            })
        except requests.RequestException as error:
            _logger.info("Federation %s unreachable: %s", url, error)
            return False, self.env._(
                "The federation's server cannot be reached at %(url)s (%(error)s). Check the "
                "address; the next run tries again.", url=self.url, error=type(error).__name__)
        if response.status_code == 200:
            ids = response.json()
            return True, self.env._(
                "The federation received %(count)s total(s) (declarations %(ids)s), to be "
                "checked by its coordinators.", count=len(ids), ids=", ".join(map(str, ids)))
        try:
            detail = response.json().get("message") or response.text
        except ValueError:
            detail = response.text[:500]
        if response.status_code == 401:
            return False, self.env._(
                "The federation refused the API key: ask its manager for a new key. (%(detail)s)",
                detail=detail)
        if response.status_code == 404:
            return False, self.env._(
                "The federation's server answers, but not with this database or without the "
                "volunteering module (%(detail)s).", detail=detail)
        return False, self.env._("The federation refused the totals: %(detail)s",
                                 detail=detail)

    @api.model
    def _cron_send_aggregates(self):
        """Send the last closed month or year of each link not sent yet (retried each run)."""
        today = fields.Date.context_today(self)
        for link in self.search([("send_period", "in", ("monthly", "yearly"))]):
            date_from, date_to = rules.previous_period(today, link.send_period)
            if link.last_period_end and link.last_period_end >= date_to:
                continue
            link.action_send_aggregates(date_from, date_to)


class VolunteerFederationSending(models.Model):
    _name = "volunteer.federation.sending"
    _description = "Sending of totals to the federation"
    _order = "create_date desc, id desc"

    link_id = fields.Many2one(
        "volunteer.federation.link", required=True, index=True, ondelete="cascade",
        readonly=True)
    date_from = fields.Date(readonly=True)
    date_to = fields.Date(readonly=True)
    state = fields.Selection(
        [("sent", "Accepted by the federation"), ("failed", "Not sent")], readonly=True)
    entry_count = fields.Integer(string="Totals", readonly=True)
    hours = fields.Float(readonly=True)
    answer = fields.Text(string="Federation's answer", readonly=True)
    company_id = fields.Many2one(related="link_id.company_id", store=True)
