# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Helpers of the retention and erasure tests: old data, and "is this person still here?"."""

from odoo.tools import SQL

# What anonymisation keeps on a contribution.
KEPT_FIELDS = (
    "date", "date_end", "duration", "distance_km", "structure_id", "project_id", "task_id",
    "category_id", "level_id", "contributor_type", "role", "state", "hourly_rate", "amount",
    "rate_id", "entry_mode", "headcount", "validated_by_id", "validation_date", "source",
)


class ErasureMixin:
    """Assertions of what a forgotten person leaves behind."""

    @classmethod
    def archive_currencies(cls):
        """With the currency addon, a validation credits moves dated today, which is
        activity: tests of this addon keep currencies out of the way (the currency addon
        tests the retention with its moves)."""
        if "volunteer.currency" in cls.env:
            cls.env["volunteer.currency"].search([]).write({"active": False})

    def backdate(self, records, when, column="create_date"):
        """Pretend ``records`` were created (or ``column`` set) at ``when``."""
        records.flush_recordset()
        self.env.cr.execute(SQL(
            "UPDATE %s SET %s = %s WHERE id IN %s", SQL.identifier(records._table),
            SQL.identifier(column), when, tuple(records.ids)))
        records.invalidate_recordset()

    def kept_values(self, contributions):
        """What must survive anonymisation, per contribution id."""
        contributions.invalidate_recordset()
        return {row["id"]: row for row in contributions.sudo().read(list(KEPT_FIELDS))}

    def placeholder_of(self, contributions):
        """The one anonymous placeholder now holding ``contributions``."""
        contributions.invalidate_recordset()
        placeholder = contributions.sudo().partner_id
        self.assertEqual(len(placeholder), 1, "one placeholder per person")
        self.assertTrue(placeholder.volunteer_anonymous)
        self.assertFalse(placeholder.active)
        self.assertFalse(placeholder.email or placeholder.phone or placeholder.street)
        self.assertFalse(placeholder.volunteer_structure_ids)
        return placeholder

    def assertForgotten(self, partner, *names):
        """Nothing of these addons names ``partner`` any more, by any of ``names``."""
        self.env.invalidate_all()
        partner = partner.sudo().with_context(active_test=False)
        for name in names:
            with self.subTest(name=name):
                self.assertNotIn(name, partner.name)
                Partner = self.env["res.partner"].sudo().with_context(active_test=False)
                self.assertFalse(Partner.search([("name", "ilike", name)]))
                self.assertFalse(Partner.name_search(name))
                Contribution = self.env["volunteer.contribution"].sudo().with_context(
                    active_test=False)
                self.assertFalse(Contribution.search(
                    ["|", ("partner_id.name", "ilike", name), ("name", "ilike", name)]))
                own = [model for model in self.env.registry if model.startswith("volunteer.")]
                Message = self.env["mail.message"].sudo()
                self.assertFalse(Message.search([("model", "in", own), ("body", "ilike", name)]))
                self.assertFalse(Message.search(
                    [("model", "=", "res.partner"), ("res_id", "=", partner.id)]))
                Tracking = self.env["mail.tracking.value"].sudo()
                self.assertFalse(Tracking.search([
                    ("mail_message_id.model", "in", own), "|", ("old_value_char", "ilike", name),
                    ("new_value_char", "ilike", name)]))
        self.assertFalse(self.env["volunteer.contribution"].sudo().search_count(
            [("partner_id", "=", partner.id)]))
        self.assertFalse(partner.volunteer_structure_ids)
        self.assertFalse(partner.email or partner.phone)
        self.assertFalse(partner.volunteer_share_identity or partner.volunteer_reminder_opt_out)
        self.assertFalse(self.env["volunteer.access.link"].sudo().search_count(
            [("partner_id", "=", partner.id)]))
        self.assertFalse(self.env["mail.followers"].sudo().search_count([
            ("partner_id", "=", partner.id),
            ("res_model", "in", [m for m in self.env.registry if m.startswith("volunteer.")])]))
        self.assertFalse(partner.user_ids.filtered("active"), "no portal account left")
