# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What leaves a structure (sharing level) and how a federation names it.

The level is inherited down the network unless a structure sets its own; the
effective level and the coordinators who may read a structure's rows are stored
so that record rules read stored relations only (nothing cached to empty).
"""

from odoo import api, fields, models

from ..engine.odoo_names import MANAGER_GROUP

SHARING_LEVELS = [
    ("names", "Rows with names (for volunteers who agreed)"),
    ("pseudonyms", "Rows under pseudonyms"),
    ("aggregates", "Totals only"),
]
DEFAULT_SHARING_LEVEL = "names"


class VolunteerStructure(models.Model):
    _inherit = "volunteer.structure"

    federation_ref = fields.Char(
        string="Reference at the federation", index="btree_not_null",
        help="The number the federation gives this member structure; its declarations may "
             "name it so, as well as by RNA or SIREN.")
    sharing_level = fields.Selection(
        SHARING_LEVELS, string="What leaves the structure",
        help="What the coordinators of the structures above see of its contributions. "
             "Empty: as its parent structure (rows with names by default).")
    effective_sharing_level = fields.Selection(
        SHARING_LEVELS, string="Shared above", compute="_compute_effective_sharing_level",
        store=True, recursive=True, compute_sudo=True,
        help="The structure's own level, or the one it inherits from its parents.")
    row_coordinator_ids = fields.Many2many(
        "res.users", "volunteer_structure_row_coordinator_rel", "structure_id", "user_id",
        string="Coordinators who see its rows", compute="_compute_row_coordinator_ids",
        store=True, recursive=True, compute_sudo=True,
        help="Its coordinators and, unless it shares totals only, those above it who see "
             "the rows of its parent.")

    @api.depends("sharing_level", "parent_id.effective_sharing_level")
    def _compute_effective_sharing_level(self):
        for structure in self:
            structure.effective_sharing_level = (
                structure.sharing_level or structure.parent_id.effective_sharing_level
                or DEFAULT_SHARING_LEVEL)

    @api.depends("coordinator_ids", "effective_sharing_level", "parent_id.row_coordinator_ids")
    def _compute_row_coordinator_ids(self):
        for structure in self:
            above = structure.parent_id.row_coordinator_ids
            if structure.effective_sharing_level == "aggregates":
                above = above.browse()
            structure.row_coordinator_ids = structure.coordinator_ids | above

    def write(self, vals):
        result = super().write(vals)
        if "sharing_level" in vals:
            self._flush_memberships()
        return result

    @api.model
    def _declarable_structures(self):
        """Structures the current user may declare totals for (sudo), None for all.

        Coordinators: their branch; portal contacts: the structures they are the
        contact of.
        """
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return None
        partner = self.env.user.partner_id
        return self.sudo().search([
            ("company_id", "in", self.env.user.company_ids.ids),
            "|", ("branch_coordinator_ids", "in", [self.env.uid]),
            ("partner_id", "in", [partner.id, partner.commercial_partner_id.id]),
        ])

    def _sharing_summary(self):
        """[(structure, level label, who sees what)] of these structures, for "My data"."""
        labels = dict(self._fields["effective_sharing_level"]._description_selection(self.env))
        result = []
        for structure in self.sudo():
            level = structure.effective_sharing_level or DEFAULT_SHARING_LEVEL
            above = structure.parent_id
            if not above:
                audience = self.env._("No structure above: your time stays in %(structure)s.",
                                      structure=structure.name)
            elif level == "aggregates":
                audience = self.env._(
                    "%(above)s receives totals only, never a row about you.",
                    above=above.complete_name)
            elif level == "pseudonyms":
                audience = self.env._(
                    "%(above)s sees your contributions under a pseudonym, never your name.",
                    above=above.complete_name)
            else:
                audience = self.env._(
                    "%(above)s sees your contributions, with your name only if you agreed to "
                    "share it (else a pseudonym).", above=above.complete_name)
            result.append((structure, labels.get(level, level), audience))
        return result
