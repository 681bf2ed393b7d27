# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The volunteering certificate (attestation de bénévolat): content, access, PDF, portal."""

from lxml import html

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from .report_common import ReportCommon

REPORT = "volunteer_valuation.report_volunteer_attestation"
H1 = {"date_from": "2026-01-01", "date_to": "2026-06-30"}


def printed(env, value, unit=""):
    """A number as the attestation prints it: in French (2,50) when the database has French."""
    sep = "," if env["res.lang"]._get_code("fr_FR") else "."
    return f"{value:.2f}".replace(".", sep) + unit


class WithoutFrench:
    """The attestation is in French whenever the database has French (as the demo has):
    these tests read it in English, in a database where French is archived."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for model in ("res.users", "res.partner"):
            cls.env[model].with_context(active_test=False).search(
                [("lang", "=", "fr_FR")]).lang = "en_US"
        cls.env["res.lang"].search([("code", "=", "fr_FR")]).active = False


def texts(tree, css_class):
    return [" ".join(node.text_content().split())
            for node in tree.xpath(f'//*[contains(@class, "{css_class}")]')]


@tagged("post_install", "-at_install")
class TestReportAttestation(WithoutFrench, ReportCommon, TransactionCase):

    def render(self, user, partners, **data):
        content, report_type = self.env["ir.actions.report"].with_user(user)._render_qweb_html(
            REPORT, partners.ids, data=dict(H1, **data))
        self.assertEqual(report_type, "html")
        return html.fromstring(content)

    def test_hours_by_structure_role_and_category(self):
        tree = self.render(self.coordinator_a, self.volunteer_a2, show_amount=True,
                           signatory_function="President")
        self.assertEqual(texts(tree, "o_volunteer_name"), ["Alice Second"])
        [structure] = texts(tree, "o_volunteer_structure")
        self.assertIn("Federation / Region / Association A", structure)
        self.assertIn("RNA W751234567", structure)
        self.assertIn(printed(self.env, 2.5, " h"), structure)
        self.assertIn(printed(self.env, 60.10), structure)
        [line] = texts(tree, "o_volunteer_line")
        self.assertIn("Governance (board, bureau)", line)
        self.assertIn("Teaching, training", line)
        self.assertIn(printed(self.env, 2.5, " h"), line)
        [total] = texts(tree, "o_volunteer_total")
        self.assertIn(printed(self.env, 2.5, " h"), total)
        self.assertIn("Anne Coordinator", texts(tree, "o_volunteer_signatory")[0])
        self.assertIn("President", texts(tree, "o_volunteer_signatory")[0])
        self.assertIn("01/01/2026", texts(tree, "o_volunteer_date_from")[0])
        [statement] = texts(tree, "o_volunteer_statement")
        self.assertIn("I, the undersigned, Anne Coordinator, President, certify that Alice Second",
                      statement)
        self.assertIn("from 01/01/2026 to 06/30/2026", statement)

    def test_total_in_french_without_amounts(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        tree = self.render(self.coordinator_a, self.volunteer_a, show_amount=False)
        [structure] = texts(tree, "o_volunteer_structure")
        # Paul: 3 h in January and 2 + 2 h in April (December 2025 is outside the period).
        self.assertIn("7,00 h", structure)
        self.assertEqual(len(texts(tree, "o_volunteer_line")), 2)  # events / no category
        self.assertNotIn("36,06", tree.text_content())
        self.assertFalse(texts(tree, "o_volunteer_total")[0].count("€"))
        self.assertEqual(texts(tree, "o_volunteer_date_to"), ["30/06/2026"])
        self.assertIn("30/06/2026", texts(tree, "o_volunteer_statement")[0])

    def test_several_volunteers_and_one_without_hours(self):
        tree = self.render(self.manager, self.volunteer_a | self.volunteer_consent)
        self.assertEqual(texts(tree, "o_volunteer_name"), ["Paul Portal", "Chloé Consent"])
        # Chloé gave time in skills sponsorship, which is not bénévolat.
        self.assertEqual(len(texts(tree, "o_volunteer_no_hours")), 1)

    def test_only_volunteers_I_may_name(self):
        with self.assertRaises(AccessError):
            self.render(self.coordinator_a, self.volunteer_b)
        with self.assertRaises(AccessError):
            self.render(self.coordinator_region, self.volunteer_a)
        tree = self.render(self.coordinator_region, self.volunteer_region)
        self.assertIn(printed(self.env, 2.0, " h"), texts(tree, "o_volunteer_total")[0])

    def test_bad_period(self):
        with self.assertRaises(UserError):
            self.render(self.manager, self.volunteer_a, date_from="2026-06-30",
                        date_to="2026-01-01")
        with self.assertRaises(UserError):
            self.render(self.manager, self.volunteer_a, date_from="yesterday")

    def test_wizard(self):
        Wizard = self.env["volunteer.attestation.wizard"].with_user(self.coordinator_a)
        wizard = Wizard.create({"partner_ids": [Command.set(self.volunteer_a2.ids)],
                                "date_from": "2026-01-01", "date_to": "2026-06-30",
                                "signatory_function": "Secretary"})
        self.assertEqual(wizard.signatory_id, self.coordinator_a)
        self.assertFalse(wizard.show_amount)
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"],
                         "volunteer_valuation.report_volunteer_attestation_main")
        self.assertEqual(action["data"]["signatory_function"], "Secretary")
        self.assertEqual(action["data"]["date_to"], "2026-06-30")
        wizard.partner_ids = [Command.link(self.volunteer_b.id)]
        with self.assertRaises(AccessError):
            wizard.action_print()


@tagged("post_install", "-at_install")
class TestReportAttestationHttp(WithoutFrench, ReportCommon, HttpCase):

    def test_real_pdf(self):
        content, report_type = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(
            REPORT, self.volunteer_a.ids, data=dict(H1))
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertGreater(len(content), 2000)

    def test_portal_volunteer_downloads_their_own(self):
        self.authenticate("vv_portal_a", "vv_portal_a")
        response = self.url_open(
            f"/my/volunteering/attestation?date_from=2026-01-01&date_to=2026-06-30"
            f"&partner_id={self.volunteer_a2.id}")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        self.assertEqual(texts(tree, "o_volunteer_name"), ["Paul Portal"])
        self.assertIn(printed(self.env, 7.0, " h"), texts(tree, "o_volunteer_total")[0])
        # Signed by a coordinator of Association A.
        self.assertIn("Anne Coordinator", texts(tree, "o_volunteer_signatory")[0])
        self.assertNotIn("Alice Second", response.text)

    def test_portal_bad_period_and_anonymous(self):
        self.authenticate("vv_portal_a", "vv_portal_a")
        response = self.url_open("/my/volunteering/attestation?date_from=2026-13-01")
        self.assertEqual(response.status_code, 400)
        self.authenticate(None, None)
        response = self.url_open("/my/volunteering/attestation", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
