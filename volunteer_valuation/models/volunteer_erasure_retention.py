# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Who the retention period forgets, and who is never forgotten like a volunteer.

The traces these addons hold of a person (contributions, structures, personal links,
and with the currency addon ledger moves) say in which companies they volunteer and
when they last showed up; their partner and portal account add when they were
created and last logged in. A few batch ``_read_group`` queries read them for every
volunteer at once; engine/retention applies the rules.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import split_every

from ..engine import retention

# People forgotten per transaction of the daily run.
BATCH_SIZE = 200


class VolunteerErasure(models.AbstractModel):
    _inherit = "volunteer.erasure"

    @api.model
    def _cron_retention(self):
        """Forget the volunteers inactive for longer than their companies' retention period
        (ir_cron_volunteer_retention). A second run the same day finds nobody."""
        due = self._retention_due()
        Cron = self.env["ir.cron"]
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        if in_cron:
            Cron._commit_progress(remaining=len(due))
        for batch in split_every(BATCH_SIZE, due):
            self._erase(self.env["res.partner"].browse(batch), "retention")
            if in_cron and Cron._commit_progress(len(batch)) <= 0:
                break

    @api.model
    def _retention_due(self, today=None):
        """Ids of the partners whose last activity is older than their retention period."""
        today = today or fields.Date.context_today(self)
        years = {company.id: company.volunteer_retention_years for company in
                 self.env["res.company"].sudo().with_context(active_test=False).search([])}
        if not any(years.values()):
            return []
        footprint = self._footprint()
        protected = self._protected(self.env["res.partner"].browse(list(footprint)))
        activity = {pid: last for pid, (last, _held) in footprint.items() if pid not in protected}
        cutoffs = {pid: retention.person_cutoff(today, [years[company] for company in held])
                   for pid, (_last, held) in footprint.items()}
        return retention.due_for_erasure(activity, cutoffs)

    @api.model
    def _footprint(self, partner_ids=None):
        """{partner id: (last activity date, {company ids})} of the people these addons
        hold data about (``partner_ids`` only, when given)."""
        wanted = None if partner_ids is None else set(partner_ids)
        last = defaultdict(lambda: None)
        companies = defaultdict(set)
        for partner_id, company_id, day in self._footprint_rows(wanted):
            if wanted is not None and partner_id not in wanted:
                continue
            last[partner_id] = retention.last_activity(last[partner_id], day)
            companies[partner_id].add(company_id)
        for partner_id, day in self._person_activity(list(companies)).items():
            last[partner_id] = retention.last_activity(last[partner_id], day)
        return {partner_id: (last[partner_id], held) for partner_id, held in companies.items()}

    @api.model
    def _footprint_rows(self, partner_ids=None):
        """(partner id, company id, last activity or None) of each kind of data held about
        people, per company. The currency addon adds its moves."""
        def scope(fname):
            if partner_ids is None:
                return Domain(fname, "!=", False)
            return Domain(fname, "in", list(partner_ids))

        Contribution = self.env["volunteer.contribution"].sudo().with_context(active_test=False)
        for partner, company, day, created in Contribution._read_group(
                scope("partner_id"), ["partner_id", "company_id"],
                ["date_last:max", "create_date:max"]):
            yield partner.id, company.id, retention.last_activity(day, created)
        Structure = self.env["volunteer.structure"].sudo().with_context(active_test=False)
        for company, partner in Structure._read_group(
                scope("volunteer_ids"), ["company_id", "volunteer_ids"]):
            yield partner.id, company.id, None
        Link = self.env["volunteer.access.link"].sudo()
        for partner, company, created, used in Link._read_group(
                scope("partner_id"), ["partner_id", "company_id"],
                ["create_date:max", "last_use_date:max"]):
            yield partner.id, company.id, retention.last_activity(created, used)

    @api.model
    def _person_activity(self, partner_ids):
        """{partner id: latest of its creation, its portal account's creation and last
        login}: a person just added, or who still logs in, is active."""
        if not partner_ids:
            return {}
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        activity = {partner.id: partner.create_date for partner in Partner.search_fetch(
            [("id", "in", partner_ids)], ["create_date"])}
        users = self.env["res.users"].sudo().with_context(active_test=False).search_fetch(
            [("partner_id", "in", partner_ids)], ["partner_id", "create_date"])
        logins = dict(self.env["res.users.log"].sudo()._read_group(
            [("create_uid", "in", users.ids)], ["create_uid"], ["create_date:max"]))
        for user in users:
            partner_id = user.partner_id.id
            activity[partner_id] = retention.last_activity(
                activity.get(partner_id), user.create_date, logins.get(user))
        return activity

    @api.model
    def _protected(self, partners):
        """{partner id: why} for those of ``partners`` that are not volunteers to forget:
        anonymous placeholders, organisations, contacts of users of the back office, of
        companies and of structures (the most precise reason last, so it wins)."""
        ids = partners.ids
        reasons = {}
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        for partner in Partner.search_fetch(
                [("id", "in", ids), "|", ("volunteer_anonymous", "=", True),
                 ("is_company", "=", True)], ["volunteer_anonymous"]):
            reasons[partner.id] = (
                self.env._("it is already anonymous.") if partner.volunteer_anonymous
                else self.env._("it is an organisation, not a person."))
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        for user in Users.search_fetch(
                [("partner_id", "in", ids), ("share", "=", False)], ["partner_id"]):
            reasons[user.partner_id.id] = self.env._(
                "it is the contact of a user of the back office; remove their access first.")
        Company = self.env["res.company"].sudo().with_context(active_test=False)
        for company in Company.search_fetch([("partner_id", "in", ids)], ["partner_id"]):
            reasons[company.partner_id.id] = self.env._("it is the contact of a company.")
        Structure = self.env["volunteer.structure"].sudo().with_context(active_test=False)
        for structure in Structure.search_fetch([("partner_id", "in", ids)], ["partner_id"]):
            reasons[structure.partner_id.id] = self.env._(
                "it is the contact of the structure %(structure)s.",
                structure=structure.complete_name)
        return reasons

    @api.model
    def _retention_years(self, partner):
        """How many years of inactivity before ``partner`` is forgotten (0: never): the
        longest retention of the companies holding their data."""
        footprint = self._footprint([partner.id]).get(partner.id)
        companies = self.env["res.company"].sudo().browse(
            footprint[1] if footprint else self.env.company.ids)
        years = companies.mapped("volunteer_retention_years")
        return 0 if not years or 0 in years else max(years)
