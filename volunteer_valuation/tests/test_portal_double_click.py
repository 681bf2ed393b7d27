# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The same declaration form posted twice (a double click, a page sent again) gives one
contribution; another declaration typed in an old copy of the form is still recorded."""

import re
from unittest.mock import patch

from odoo.exceptions import ConcurrencyError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import VolunteerCase
from .portal_common import PortalCommon, PortalHttpMixin

C = "volunteer.contribution"


@tagged("post_install", "-at_install")
class TestDoubleClick(PortalCommon, PortalHttpMixin, HttpCase):

    def _form_key(self, url="/my/volunteering/new"):
        html = self._get(url).text
        return re.search(r'name="form_key" value="([^"]+)"', html).group(1)

    def _mine(self):
        return self.env[C].search([("partner_id", "=", self.volunteer_a.id)])

    def test_same_form_posted_twice_gives_one_contribution(self):
        self.authenticate("vv_portal_a", "vv_portal_a")
        before = self._mine()
        post = self._post_vals(form_key=self._form_key(), submit="1")
        first = self._post("/my/volunteering/new", post)
        second = self._post("/my/volunteering/new", post)
        self.assertEqual((first.status_code, second.status_code), (303, 303))
        self.assertEqual(first.headers["Location"], second.headers["Location"])
        created = self._mine() - before
        self.assertEqual(len(created), 1)
        self.assertRecordValues(created, [{"name": "Sorting food", "state": "submitted"}])

    def test_each_showing_of_the_form_has_its_own_key(self):
        self.authenticate("vv_portal_a", "vv_portal_a")
        self.assertNotEqual(self._form_key(), self._form_key())
        before = self._mine()
        self._post("/my/volunteering/new", self._post_vals(form_key=self._form_key()))
        self._post("/my/volunteering/new", self._post_vals(form_key=self._form_key()))
        self.assertEqual(len(self._mine() - before), 2, "two forms, two declarations")

    def test_old_copy_of_the_form_with_other_values_is_recorded(self):
        """Back in the browser, the volunteer types another declaration in the same page:
        nothing is lost."""
        self.authenticate("vv_portal_a", "vv_portal_a")
        before = self._mine()
        key = self._form_key()
        self._post("/my/volunteering/new", self._post_vals(form_key=key))
        self._post("/my/volunteering/new", self._post_vals(form_key=key, name="Flyers"))
        self.assertEqual(sorted((self._mine() - before).mapped("name")),
                         ["Flyers", "Sorting food"])

    def test_personal_link_form_too(self):
        self.authenticate(None, None)
        url = f"/volunteering/link/{self.link_a2.token}/new"
        before = self.env[C].search_count([("partner_id", "=", self.volunteer_a2.id)])
        post = self._post_vals(form_key=self._form_key(url))
        self._post(url, post)
        self._post(url, post)
        self.assertEqual(
            self.env[C].search_count([("partner_id", "=", self.volunteer_a2.id)]), before + 1)


@tagged("post_install", "-at_install")
class TestDoubleClickRace(PortalCommon, VolunteerCase):

    def test_a_post_racing_the_first_one_is_tried_again(self):
        """Two posts of one form at the same time: the database refuses the second insert,
        and the request is tried again (Odoo's retry), when it finds the first one."""
        Contribution = self.env[C].with_user(self.portal_a)
        post = self._post_vals(form_key="k" * 24)
        first, errors = Contribution._portal_save(
            self.volunteer_a, self.volunteer_a.volunteer_structure_ids, post)
        self.assertFalse(errors)
        count = self.env[C].search_count([])
        # The second request started before the first was committed: it does not see it.
        with patch.object(type(Contribution), "_portal_sent", return_value=Contribution), \
                mute_logger("odoo.sql_db"), self.assertRaises(ConcurrencyError):
            Contribution._portal_save(
                self.volunteer_a, self.volunteer_a.volunteer_structure_ids, post)
        self.assertEqual(self.env[C].search_count([]), count)
        # Tried again, it finds the first contribution.
        again, errors = Contribution._portal_save(
            self.volunteer_a, self.volunteer_a.volunteer_structure_ids, post)
        self.assertEqual((again, errors), (first, {}))
