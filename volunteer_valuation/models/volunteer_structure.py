# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import re
from datetime import timedelta

from stdnum.fr import siren as siren_number

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..engine import rates as engine
from ..engine.odoo_names import COORDINATOR_GROUP, MANAGER_GROUP

RNA_PATTERN = re.compile(r"^W\d{9}$")
# Where a structure sits in the network: only managers move it.
PLACE_FIELDS = frozenset({"parent_id", "company_id"})
# What the stored relations read by the record rules are computed from.
MEMBERSHIP_FIELDS = frozenset({"parent_id", "coordinator_ids", "company_id", "active"})


class VolunteerStructure(models.Model):
    _name = "volunteer.structure"
    _inherit = ["volunteer.input.mixin"]
    _description = "Structure of the network"
    _parent_store = True
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "name"]
    _order = "complete_name, id"

    name = fields.Char(required=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True, index=True,
    )
    parent_id = fields.Many2one(
        "volunteer.structure", string="Parent structure", index=True, ondelete="restrict",
    )
    child_ids = fields.One2many("volunteer.structure", "parent_id", string="Member structures")
    parent_path = fields.Char(index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", ondelete="restrict",
        help="The association's own contact (address, e-mail).",
    )
    rna = fields.Char(
        string="RNA number",
        help="Number in the Répertoire national des associations (W followed by 9 digits).",
    )
    siren = fields.Char(string="SIREN")
    coordinator_ids = fields.Many2many(
        "res.users", "volunteer_structure_coordinator_rel", "structure_id", "user_id",
        string="Coordinators", domain=[("share", "=", False)],
        help="They see and approve the contributions of this structure and of its members.",
    )
    volunteer_ids = fields.Many2many(
        "res.partner", "volunteer_structure_partner_rel", "structure_id", "partner_id",
        string="Volunteers",
    )
    # Stored relations read by the record rules: a rule domain such as
    # [('structure_id.branch_coordinator_ids', 'in', [user.id])] does not change when a
    # membership does, so no cache has to be emptied (as in Odoo's project rules).
    branch_coordinator_ids = fields.Many2many(
        "res.users", "volunteer_structure_branch_coordinator_rel", "structure_id", "user_id",
        string="Coordinators of the branch", compute="_compute_branch_coordinator_ids",
        store=True, recursive=True, compute_sudo=True,
        help="Coordinators of this structure or of one of its parents: they see its "
             "contributions.",
    )
    subtree_coordinator_ids = fields.Many2many(
        "res.users", "volunteer_structure_subtree_coordinator_rel", "structure_id", "user_id",
        string="Coordinators below", compute="_compute_subtree_coordinator_ids",
        store=True, recursive=True, compute_sudo=True,
        help="Coordinators of this structure or of one of its member structures: they see "
             "where it sits in the network.",
    )
    attestation_signatory_id = fields.Many2one(
        "res.users", string="Signatory of attestations", domain=[("share", "=", False)],
        help="Who signs the volunteering certificates that volunteers print themselves. "
             "Empty: the first coordinator of the structure or of its parents.",
    )
    attestation_signatory_function = fields.Char(
        string="Function of the signatory",
        help="Printed with the signatory's name on those certificates, such as President.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)
    volunteer_count = fields.Integer(compute="_compute_volunteer_count")
    contribution_hours = fields.Float(
        string="Hours given", compute="_compute_contribution_totals",
        groups=COORDINATOR_GROUP,
        help="Validated hours of this structure and of its member structures (those you may "
             "see).",
    )
    contribution_amount = fields.Monetary(
        string="Value", compute="_compute_contribution_totals",
        groups=COORDINATOR_GROUP,
        help="Validated value of this structure and of its member structures (those you may "
             "see).",
    )
    contribution_fte = fields.Float(
        string="Full-time equivalents", compute="_compute_contribution_totals", digits=(16, 2),
        groups=COORDINATOR_GROUP,
        help="Validated hours divided by the hours of one full-time job a year (Settings).",
    )
    show_amount_to_volunteers = fields.Boolean(
        string="Show values to volunteers",
        help="Volunteers see the value of their hours in their volunteering space. Off by "
             "default: some associations prefer not to put a price on their volunteers' time.",
    )
    attestation_show_amount = fields.Boolean(
        string="Valued amount on attestations", default=True,
        help="Print the value of the hours on the volunteering certificates of this structure "
             "when the certificate asks for it.",
    )
    portal_use_categories = fields.Boolean(
        string="Volunteers choose a category",
        help="The declaration form of the volunteering space asks for a category.",
    )
    portal_use_tasks = fields.Boolean(
        string="Volunteers choose a task",
        help="The declaration form of the volunteering space offers the tasks of the project.",
    )
    reminder_enabled = fields.Boolean(
        string="Send a monthly reminder",
        help="Each month, e-mail the volunteers of this structure what they declared the month "
             "before, with a link to declare their time. Volunteers can opt out.",
    )
    reminder_day = fields.Integer(
        string="Reminder day", default=1,
        help="Day of the month (1 to 28) on which the reminder is sent.",
    )
    reminder_last_date = fields.Date(
        string="Last reminder", readonly=True, copy=False,
        help="When the monthly reminder was last sent for this structure.",
    )
    access_link_count = fields.Integer(
        string="Personal links", compute="_compute_access_link_count",
    )

    _reminder_day_range = models.Constraint(
        "CHECK(reminder_day BETWEEN 1 AND 28)",
        "The reminder day is a day of the month from 1 to 28.",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for structure in self:
            if structure.parent_id:
                structure.complete_name = f"{structure.parent_id.complete_name} / {structure.name}"
            else:
                structure.complete_name = structure.name

    @api.depends("coordinator_ids", "parent_id.branch_coordinator_ids")
    def _compute_branch_coordinator_ids(self):
        for structure in self:
            structure.branch_coordinator_ids = (
                structure.coordinator_ids | structure.parent_id.branch_coordinator_ids)

    @api.depends("coordinator_ids", "child_ids.subtree_coordinator_ids")
    def _compute_subtree_coordinator_ids(self):
        for structure in self:
            structure.subtree_coordinator_ids = (
                structure.coordinator_ids | structure.child_ids.subtree_coordinator_ids)

    def _compute_volunteer_count(self):
        counts = dict(self.env["res.partner"]._read_group(
            [("volunteer_structure_ids", "in", self.ids)], ["volunteer_structure_ids"], ["__count"],
        ))
        for structure in self:
            structure.volunteer_count = counts.get(structure._origin, 0)

    def _compute_access_link_count(self):
        counts = dict(self.env["volunteer.access.link"]._read_group(
            [("structure_id", "in", self.ids)], ["structure_id"], ["__count"]))
        for structure in self:
            structure.access_link_count = counts.get(structure._origin, 0)

    def _compute_contribution_totals(self):
        contributions = self.env["volunteer.contribution"]
        totals = contributions._validated_totals_by_structure(self)
        annual_hours = contributions._fte_annual_hours()
        for structure in self:
            hours, amount = totals.get(structure.id, (0.0, 0.0))
            structure.contribution_hours = hours
            structure.contribution_amount = amount
            structure.contribution_fte = float(
                engine.full_time_equivalents(hours, annual_hours))

    @api.depends("complete_name")
    @api.depends_context("volunteer_structure_short_name")
    def _compute_display_name(self):
        """The path in the network, or the structure's own name where a list asks for it
        (context ``volunteer_structure_short_name``): long paths hide the other columns."""
        if not self.env.context.get("volunteer_structure_short_name"):
            return super()._compute_display_name()
        for structure in self:
            structure.display_name = structure.name
        return None

    @api.constrains("parent_id")
    def _check_parent_cycle(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A structure cannot be its own ancestor."))

    @api.constrains("parent_id", "company_id")
    def _check_parent_company(self):
        for structure in self:
            if structure.parent_id and structure.parent_id.company_id != structure.company_id:
                raise ValidationError(self.env._(
                    "Structure %(structure)s must belong to the same company as its parent "
                    "%(parent)s.", structure=structure.name, parent=structure.parent_id.name,
                ))

    @api.constrains("reminder_day")
    def _check_reminder_day(self):
        for structure in self:
            if not 1 <= structure.reminder_day <= 28:
                raise ValidationError(self.env._(
                    "The reminder day of %(structure)s must be a day from 1 to 28 (every month "
                    "has those days).", structure=structure.name))

    @api.constrains("rna")
    def _check_rna(self):
        for structure in self:
            if structure.rna and not RNA_PATTERN.match(structure.rna):
                raise ValidationError(self.env._(
                    "The RNA number %(rna)s of %(structure)s is not valid: it is a W followed "
                    "by 9 digits, such as W751234567.", rna=structure.rna, structure=structure.name,
                ))

    @api.constrains("siren")
    def _check_siren(self):
        for structure in self:
            if structure.siren and not siren_number.is_valid(structure.siren):
                raise ValidationError(self.env._(
                    "The SIREN %(siren)s of %(structure)s is not valid: it has 9 digits and a "
                    "valid check digit.", siren=structure.siren, structure=structure.name,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_values(vals)
        if not self._is_network_manager():
            parent_ids = {vals.get("parent_id") for vals in vals_list}
            parents = self.browse(pid for pid in parent_ids if pid)
            if None in parent_ids or False in parent_ids or parents.filtered(
                    lambda parent: self.env.user not in parent.sudo().branch_coordinator_ids):
                raise AccessError(self.env._(
                    "A coordinator creates structures inside the branch they coordinate only: "
                    "choose as parent one of your structures or of their members."))
        structures = super().create(vals_list)
        structures._flush_memberships()
        return structures

    def write(self, vals):
        self._check_input_values(vals)
        moved = PLACE_FIELDS & vals.keys()
        if moved and not self._is_network_manager() and any(
                structure[name].id != (vals[name] or False)
                for structure in self for name in moved):
            raise AccessError(self.env._(
                "Only a volunteering manager can move a structure in the network (change its "
                "parent structure or its company) or take it out of its network."))
        result = super().write(vals)
        if MEMBERSHIP_FIELDS & vals.keys():
            self._flush_memberships()
        return result

    def _flush_memberships(self):
        """Store the relations the record rules read now, so that the next query of this
        transaction already sees a new coordinator or a moved branch (later transactions
        always do: nothing is cached)."""
        self.env.flush_all()

    def _check_membership_change(self):
        """Refuse a change of the volunteers of structures outside the user's branch."""
        if self._is_network_manager():
            return
        outside = self.sudo().filtered(
            lambda structure: self.env.user not in structure.branch_coordinator_ids)
        if outside:
            raise AccessError(self.env._(
                "You can only add or remove the volunteers of the structures you coordinate "
                "and of their members, not of %(structures)s.",
                structures=", ".join(outside.mapped("complete_name"))))

    def _path_ids(self):
        """Ids of this structure and of its ancestors, the root first (none if empty)."""
        return tuple(int(part) for part in (self.parent_path or "").split("/") if part)

    def _is_network_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    @api.readonly
    def action_view_contributions(self):
        """Contributions of these structures and of their members."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation.volunteer_contribution_action")
        action["domain"] = [("structure_id", "child_of", self.ids)]
        action["context"] = {"default_structure_id": self[:1].id, "search_default_validated": 1}
        return action

    @api.readonly
    def action_view_volunteers(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation.volunteer_partner_action")
        action["domain"] = [("volunteer_structure_ids", "in", self.ids)]
        action["context"] = {"default_volunteer_structure_ids": self.ids}
        return action

    @api.readonly
    def action_view_access_links(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "volunteer_valuation.volunteer_access_link_action")
        action["domain"] = [("structure_id", "in", self.ids)]
        action["context"] = {"default_structure_id": self[:1].id}
        return action

    @api.model
    def _cron_send_volunteer_reminders(self):
        """Send the monthly reminder of the structures whose day has come this month.

        A structure is reminded once a month: on its day, or at the next run when the
        scheduler missed that day.
        """
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        structures = self.search([
            ("reminder_enabled", "=", True),
            ("reminder_day", "<=", today.day),
            "|", ("reminder_last_date", "=", False), ("reminder_last_date", "<", month_start),
        ])
        if not structures:
            return
        previous_end = month_start - timedelta(days=1)
        self.env["res.partner"]._volunteer_send_reminders(
            structures, previous_end.replace(day=1), previous_end)
        structures.reminder_last_date = today
