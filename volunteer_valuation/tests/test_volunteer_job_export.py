# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A large workbook or CEC file is made by a background job, the same as a download."""

import io
from datetime import date
from unittest.mock import patch

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from ..wizard import volunteer_valuation_report_wizard as report_wizard
from .report_common import PERIOD, ReportCommon

CRON = "volunteer_valuation.ir_cron_volunteer_job"


@tagged("post_install", "-at_install")
class TestVolunteerJobExport(ReportCommon, TransactionCase):

    def _job(self, user, button, **vals):
        """The wizard finds the export large: the job it queued, once the cron has run."""
        wizard = self.env["volunteer.valuation.report.wizard"].with_user(user).create(vals)
        with patch.object(report_wizard, "EXPORT_SYNC_MAX", -1):
            action = getattr(wizard, button)()
        self.assertEqual(action["res_model"], "volunteer.job")
        job = self.env["volunteer.job"].browse(action["res_id"])
        self.assertEqual((job.state, job.user_id), ("queued", user))
        with self.enter_registry_test_mode():
            self.env.ref(CRON).method_direct_trigger()
        self.env.invalidate_all()
        return job

    @staticmethod
    def _cells(book):
        return {sheet.title: [row for row in sheet.iter_rows(values_only=True)
                              if "Établi le" not in row] for sheet in book}

    def test_workbook_in_background_is_the_download(self):
        vals = {"date_from": PERIOD[0], "date_to": PERIOD[1],
                "structure_ids": [Command.set(self.federation.ids)]}
        job = self._job(self.manager, "action_export_xlsx", **vals)
        self.assertRecordValues(job, [{"state": "done", "job_type": "export_workbook",
                                       "progress": 100.0}])
        result = job.with_user(self.manager).result_id
        self.assertEqual((result.res_model, result.res_id), ("volunteer.job", job.id))
        self.assertEqual(result.name, "Volunteer valuation 2026-01-01 to 2026-06-30.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(result.raw))
        self.assertEqual(self.row(book["Détail"], "Total (10 contributions)")[13], 62.0)
        _action, direct, _attachment = self._export(self.manager, **vals)
        self.assertEqual(self._cells(book), self._cells(direct))
        download = job.with_user(self.manager).action_download_result()
        self.assertEqual(download["url"], f"/web/content/{result.id}?download=true")
        message = job.message_ids.filtered(lambda msg: "is done" in (msg.body or ""))
        self.assertIn(f"/web/content/{result.id}?download=true", message.body)

        with self.assertRaises(AccessError):
            result.with_user(self.coordinator_a).read(["name"])
        with self.assertRaises(AccessError):
            job.with_user(self.coordinator_a).read(["name"])

    def test_coordinator_workbook_keeps_their_rights(self):
        """Made by the cron, the workbook still shows what the coordinator may see."""
        job = self._job(self.coordinator_a, "action_export_xlsx",
                        date_from=PERIOD[0], date_to=PERIOD[1])
        self.assertEqual(job.state, "done")
        book = openpyxl.load_workbook(io.BytesIO(job.with_user(self.coordinator_a).result_id.raw))
        _action, direct, _attachment = self._export(self.coordinator_a)
        self.assertEqual(self._cells(book), self._cells(direct))
        self.assertNotIn("Association B", str(self._cells(book)["Détail"]))

    def test_cec_file_in_background(self):
        job = self._job(self.manager, "action_export_cec_xlsx", mode="cec", cec_year=2026)
        self.assertEqual((job.state, job.job_type), ("done", "export_cec"))
        book = openpyxl.load_workbook(io.BytesIO(job.result_id.raw))
        self.assertEqual(book.sheetnames, ["CEC"])
        self.assertEqual(book["CEC"]["A1"].value, "Compte d'engagement citoyen — année 2026")

    def test_small_export_stays_a_download(self):
        wizard = self.env["volunteer.valuation.report.wizard"].with_user(self.manager).create(
            {"date_from": date(2026, 1, 1), "date_to": date(2026, 6, 30)})
        action = wizard.action_export_xlsx()
        self.assertEqual((action["type"], action["target"]), ("ir.actions.act_url", "download"))
        self.assertFalse(self.env["volunteer.job"].search([]))
