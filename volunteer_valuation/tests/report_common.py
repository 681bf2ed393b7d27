# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A dataset with known totals for the reports (workbook, analysis, CEC, attestation)."""

import io
from datetime import date
from urllib.parse import urlparse

import openpyxl

from odoo import Command

from .common import VolunteerCommon

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))
HOSTILE_NAME = '=HYPERLINK("http://evil.example","clic")'
HOSTILE_DESCRIPTION = "=SUM(A1:A9)"
# Validated contributions of the main company in PERIOD.
DETAILED_HOURS, DETAILED_AMOUNT = 22.0, 360.60
ESTIMATE_HOURS, ESTIMATE_AMOUNT = 40.0, 480.80
TOTAL_HOURS, TOTAL_AMOUNT = 62.0, 841.40


class ReportCommon(VolunteerCommon):
    """The network of :class:`VolunteerCommon`, with in the first half of 2026::

        Federation                                   0 h own       62 h with members
        └── Region             Roger 2 h            2 h own       62 h
            ├── Association A  Paul 3+2+2 h, Alice 2.5 h, estimate 30 h (12 people)
            │   │                                    39.5 h own    43.5 h
            │   └── Section A1 "=HYPERLINK..." 4 h   4 h
            └── Association B  Béa 5 h (volontaire), Chloé 1.5 h (mécénat, named
                               everywhere), estimate 10 h (5 people)   16.5 h

    Paul's two April contributions straddle a change of the "Qualified" rate
    (1.5 then 2.0 × SMIC): the first keeps its frozen value. Outside the
    figures: a submitted and a rejected contribution, one of December 2025,
    and one of another company.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.association_a.write({"rna": "W751234567", "siren": "732829320"})
        cls.volunteer_consent = Partner.create({
            "name": "Chloé Consent", "volunteer_share_identity": True,
            "volunteer_structure_ids": [Command.set(cls.association_b.ids)],
        })
        cls.volunteer_hostile = Partner.create({
            "name": HOSTILE_NAME,
            "volunteer_structure_ids": [Command.set(cls.section_a1.ids)],
        })
        cls.project = cls.env["project.project"].create({"name": "Collecte d'hiver"})
        events = cls.category_events.id
        training = cls.category_training.id

        cls.c_paul = cls._validated(
            name="Food distribution", date=date(2026, 1, 10), duration=3.0,
            category_id=events, project_id=cls.project.id)
        cls.c_alice = cls._validated(
            name="Board meeting", partner_id=cls.volunteer_a2.id, date=date(2026, 2, 5),
            duration=2.5, level_id=cls.level_supervision.id, category_id=training,
            role="governance")
        cls.c_hostile = cls._validated(
            name=HOSTILE_DESCRIPTION, partner_id=cls.volunteer_hostile.id,
            structure_id=cls.section_a1.id, date=date(2026, 2, 20), duration=4.0,
            role="supervision")
        cls.c_bea = cls._validated(
            name="Civic service", partner_id=cls.volunteer_b.id,
            structure_id=cls.association_b.id, date=date(2026, 3, 2), duration=5.0,
            level_id=cls.level_qualified.id, contributor_type="civic_service")
        cls.c_chloe = cls._validated(
            name="Accounting help", partner_id=cls.volunteer_consent.id,
            structure_id=cls.association_b.id, date=date(2026, 1, 15), duration=1.5,
            contributor_type="skills_sponsorship", project_id=cls.project.id)
        cls.c_roger = cls._validated(
            name="Regional meeting", partner_id=cls.volunteer_region.id,
            structure_id=cls.region.id, date=date(2026, 2, 1), duration=2.0)
        cls.e_a = cls._validated(
            name="Summer fair", partner_id=False, entry_mode="estimate", headcount=12,
            date=date(2026, 3, 1), duration=30.0, category_id=events)
        cls.e_b = cls._validated(
            name="Cleaning day", partner_id=False, entry_mode="estimate", headcount=5,
            structure_id=cls.association_b.id, date=date(2026, 3, 1), duration=10.0)

        # Frozen value across a change of the scale.
        cls.rate_qualified = cls.env.ref("volunteer_valuation.volunteer_rate_level_qualified")
        cls.c_before = cls._validated(
            name="Sorting", date=date(2026, 4, 1), duration=2.0, level_id=cls.level_qualified.id)
        cls.rate_qualified.date_to = date(2026, 3, 31)
        cls.rate_qualified_new = cls.env["volunteer.rate"].create({
            "name": "Qualified: 2.0 × SMIC from April", "date_from": date(2026, 4, 1),
            "level_id": cls.level_qualified.id, "method": "wage", "coefficient": 2.0,
            "company_id": cls.company.id,
        })
        cls.c_after = cls._validated(
            name="Sorting again", date=date(2026, 4, 2), duration=2.0,
            level_id=cls.level_qualified.id)

        # Not in the figures.
        cls.c_submitted = cls._contribution(
            name="Pending", date=date(2026, 5, 4), duration=1.0, state="submitted")
        cls.c_rejected = cls._contribution(
            name="Wrong", partner_id=cls.volunteer_a2.id, date=date(2026, 5, 5), duration=1.0)
        cls.c_rejected.action_reject("Duplicate")
        cls.c_december = cls._validated(name="Christmas", date=date(2025, 12, 20), duration=3.0)
        cls.company_2 = cls.env["res.company"].create({"name": "Other federation"})
        cls.structure_2 = cls.env["volunteer.structure"].create({
            "name": "Other association", "company_id": cls.company_2.id})
        cls.env["volunteer.rate"].create({
            "name": "Flat", "date_from": date(2024, 1, 1), "method": "fixed",
            "fixed_amount": 20.0, "company_id": cls.company_2.id})
        cls.c_other_company = cls._validated(
            name="Elsewhere", partner_id=cls.volunteer_b.id, structure_id=cls.structure_2.id,
            date=date(2026, 2, 2), duration=2.0)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @classmethod
    def _export(cls, user, **values):
        """Run the workbook wizard as ``user``: (action, workbook, attachment)."""
        vals = {"date_from": PERIOD[0], "date_to": PERIOD[1]}
        vals.update(values)
        wizard = cls.env["volunteer.valuation.report.wizard"].with_user(user).create(vals)
        action = wizard.action_export_xlsx()
        return (action, *cls._download(action, user))

    @classmethod
    def _download(cls, action, user):
        attachment_id = int(urlparse(action["url"]).path.rsplit("/", 1)[1])
        attachment = cls.env["ir.attachment"].with_user(user).browse(attachment_id)
        return openpyxl.load_workbook(io.BytesIO(attachment.raw)), attachment

    def export(self, user, **values):
        """The workbook ``user`` downloads from the wizard: (workbook, attachment)."""
        action, book, attachment = self._export(user, **values)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "download")
        return book, attachment

    @staticmethod
    def rows(sheet):
        return list(sheet.iter_rows(values_only=True))

    def row(self, sheet, label, column=0):
        for values in sheet.iter_rows(values_only=True):
            if values[column] == label:
                return values
        self.fail(f"no row {label!r} in sheet {sheet.title}")

    @staticmethod
    def columns(sheet, header_row=1):
        return {cell.value: cell.column - 1 for cell in sheet[header_row] if cell.value}

    @staticmethod
    def all_text(book):
        return [cell.value for sheet in book for row in sheet.iter_rows() for cell in row
                if isinstance(cell.value, str)]

    def db_totals(self, user, domain, groupby=()):
        """Hours, value and count of contributions as ``user`` sees them."""
        return self.env["volunteer.contribution"].with_user(user)._read_group(
            domain, list(groupby), ["duration:sum", "amount:sum", "__count"])
