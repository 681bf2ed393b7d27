# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Fixtures of the volunteering space tests: projects open to structures, links, users."""

import re

from odoo import Command, http
from odoo.tests import new_test_user

from .common import VolunteerCommon


class PortalCommon(VolunteerCommon):
    """The network of :class:`VolunteerCommon`, plus::

        project_a        open to Association A (with task_a)
        project_region   open to Region, hence to A, A1 and B
        project_b        open to Association B (with task_b)
        project_closed   open to nobody
        portal_two       a portal volunteer of both A and B ("Tom Two")
        link_a2          a personal link of Alice Second (no account) in A
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Project = cls.env["project.project"]
        cls.project_a = Project.create({
            "name": "Food bank A", "volunteer_structure_ids": [Command.set(cls.association_a.ids)],
        })
        cls.project_region = Project.create({
            "name": "Regional festival",
            "volunteer_structure_ids": [Command.set(cls.region.ids)],
        })
        cls.project_b = Project.create({
            "name": "Sports club B",
            "volunteer_structure_ids": [Command.set(cls.association_b.ids)],
        })
        cls.project_closed = Project.create({"name": "Board secrets"})
        Task = cls.env["project.task"]
        cls.task_a = Task.create({"name": "Sorting parcels", "project_id": cls.project_a.id})
        cls.task_b = Task.create({"name": "Coaching kids", "project_id": cls.project_b.id})
        cls.portal_two = new_test_user(
            cls.env, login="vv_portal_two", groups="base.group_portal", name="Tom Two",
            email="tom.two@example.com")
        cls.volunteer_two = cls.portal_two.partner_id
        cls.volunteer_two.volunteer_structure_ids = cls.association_a | cls.association_b
        cls.volunteer_a2.email = "alice.second@example.com"
        cls.link_a2 = cls.env["volunteer.access.link"].create({
            "partner_id": cls.volunteer_a2.id, "structure_id": cls.association_a.id,
        })

    @staticmethod
    def _post_vals(**vals):
        """A declaration as the form posts it."""
        values = {
            "name": "Sorting food", "date": "2026-03-02", "duration": "2h30",
            "structure_id": "", "project_id": "", "task_id": "", "level_id": "",
            "category_id": "", "distance_km": "",
        }
        values.update(vals)
        return values


class PortalHttpMixin:
    """Requests of a logged-in volunteer, with the session's CSRF token."""

    def _post(self, url, data, csrf=True, allow_redirects=False):
        data = dict(data)
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self._request(url, data=data, method="POST", allow_redirects=allow_redirects)

    def _get(self, url, allow_redirects=True):
        return self._request(url, allow_redirects=allow_redirects)

    def _request(self, url, **kwargs):
        """One request, with the test's writes flushed before and its cache cleared after."""
        self.env.flush_all()
        response = self.url_open(url, **kwargs)
        self.env.invalidate_all()
        return response

    @staticmethod
    def _field_error(html, field):
        """The message shown next to a field of the declaration form, or None."""
        match = re.search(
            rf'id="o_volunteering_{field}_error"[^>]*>([^<]*)<', html)
        return match and match.group(1).strip()
