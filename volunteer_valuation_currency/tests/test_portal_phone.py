# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""/my/volunteering/currency on a 390 x 844 phone."""

from odoo.tests import HttpCase, tagged

from .common import CurrencyCommon


@tagged("post_install", "-at_install")
class TestCurrencyPortalPhone(CurrencyCommon, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._validated(name="Tour food distribution", duration=4.0)  # Paul: 4 h, 4.81 LU
        # Alice agreed to be named: the transfer form shows her name, not a pseudonym.
        cls.volunteer_a2.volunteer_share_identity = True

    def test_the_time_bank_fits_a_phone(self):
        self.start_tour("/my/volunteering/currency", "volunteer_currency_portal_phone",
                        login="vv_portal_a")
        [sent] = self._moves(currency=self.time_bank, move_type="transfer",
                             partner_id=self.volunteer_a.id)
        self.assertEqual((sent.amount, sent.counterpart_partner_id), (-0.5, self.volunteer_a2))
