# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""An association's Bénévalibre export lands in Odoo: same actions, same hours, once."""

import base64
import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import openpyxl

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import COORDINATOR_GROUP, MANAGER_GROUP, VolunteerCase

HEADERS = [
    "Prénom", "Nom", "Pseudo", "Association", "Titre", "Description", "Date", "Date de fin",
    "Durée", "Durée (en heures)", "En attente de modération", "Distance (en km)", "Catégorie",
    "Projet", "Niveau",
]
ASSOCIATION = 'Les Amis du "Jardin", Bio; Dijon'
EVENTS = ("Supervision ou organisation d’événements (spectacles, campagnes, autres "
          "manifestations....), participation à leur réalisation")
RECEPTION = ("Accueil, accompagnement de personnes, visites à domicile, écoute "
             "téléphonique")
GOVERNANCE = ("Participation aux organes dirigeants de l’association (CA, bureau ou autres "
              "organes)")
OFFICE = "Tâches de bureau, administratives, de gestion, de comptabilité"
GOODS = "Collecte, transport et distribution de biens (nourriture, vêtements...)"


def action(first="", last="", pseudo="", title="Action", description="", day=date(2024, 5, 3),
           day_end=None, duration="1:00:00", pending=False, distance=None, category=OFFICE,
           project="", level="", association=ASSOCIATION):
    """One exported action, with its values typed as Bénévalibre gives them to tablib."""
    hours = None
    if duration:
        days, _sep, clock = duration.rpartition(", ")
        h, m, s = (int(part) for part in clock.split(":"))
        hours = int(days.split()[0] if days else 0) * 24 + h + m / 60 + s / 3600
    return [first or None, last or None, pseudo or None, association, title, description or None,
            day, day_end, duration, hours, pending,
            Decimal(distance).quantize(Decimal("0.01")) if distance else None, category,
            project or None, level or None]


# The export of an association (lines 2 to 8 of the spreadsheet).
EXPORT = [
    action("Zoé", "Lefèvre", "zozo", '=Montage des stands, « buvette »; etc.',
           "Ligne 1\nligne 2, avec virgule", date(2024, 5, 3), None, "2:20:00", True, "12.5",
           EVENTS, "Fête d'été", "Confirmé"),
    action("Zoé", "Lefèvre", "zozo", "Chantier du verger", "", date(2024, 6, 1),
           date(2024, 6, 3), "1 day, 2:05:30", False, None, "Jardinage"),
    action(title="Transport des légumes", day=date(2024, 6, 2), duration="0:00:00",
           distance="40", category="Autres activités"),
    action("Paul", "Portal", title="Accueil du public", day=date(2024, 7, 14),
           duration="0:45:00", category=RECEPTION, project="Fête d'été", level="Confirmé"),
    action(title="Réunion de bureau", day=date(2019, 3, 10), duration="1:30:00",
           category=GOVERNANCE),
    action("Alice", "Second", title="Permanence", day=date(2024, 10, 5), duration="2:00:00",
           category=OFFICE, level="Qualified"),
    action(pseudo="Kiki", title="Tri des dons", day=date(2024, 9, 1), duration="3:00:00",
           pending=True, category=GOODS),
]


def make_file(kind, rows=None, headers=None):
    """The export file as Bénévalibre's export button writes it (through tablib)."""
    rows = EXPORT if rows is None else rows
    headers = headers or HEADERS
    if kind == "csv":
        stream = io.StringIO(newline="")
        writer = csv.writer(stream)
        writer.writerow(headers)
        writer.writerows([["" if value is None else value for value in row] for row in rows])
        return stream.getvalue().encode("utf-8")
    if kind == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(headers)
        for row in rows:
            sheet.append([
                datetime(value.year, value.month, value.day) if isinstance(value, date) else (
                    float(value) if isinstance(value, Decimal) else value) for value in row])
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()
    return json.dumps(
        [dict(zip(headers, row, strict=True)) for row in rows],
        default=lambda value: str(value) if isinstance(value, Decimal) else value.isoformat(),
    ).encode("utf-8")


@tagged("post_install", "-at_install")
class TestImportBenevalibre(VolunteerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.importer = new_test_user(
            cls.env, login="vv_importer", name="Isidore Importer",
            groups=",".join([MANAGER_GROUP, "base.group_partner_manager",
                             "project.group_project_manager"]),
            volunteer_coordinated_structure_ids=[Command.set(cls.association_a.ids)])
        cls.kiki = cls.env["res.partner"].create({
            "name": "Kiki", "volunteer_structure_ids": [Command.set(cls.association_a.ids)]})
        cls.Contribution = cls.env["volunteer.contribution"]

    def _wizard(self, content, filename="benevalo-export.csv", user=None, **vals):
        Wizard = self.env["volunteer.import.benevalibre"].with_user(user or self.importer)
        return Wizard.create(dict({
            "file": base64.b64encode(content),
            "filename": filename,
            "structure_id": self.association_a.id,
        }, **vals))

    def _imported(self):
        return self.Contribution.search(
            [("structure_id", "=", self.association_a.id), ("source", "=", "import")])

    def _seconds(self, groupby):
        """Imported seconds per ``groupby`` value (name), as the database sums them."""
        rows = self.Contribution._read_group(
            [("structure_id", "=", self.association_a.id), ("source", "=", "import")],
            [groupby], ["duration:sum"])
        return {record.display_name if record else "": round(hours * 3600)
                for record, hours in rows}

    def _counts(self):
        return {
            model: self.env[model].with_context(active_test=False).search_count([])
            for model in ("volunteer.contribution", "res.partner", "volunteer.level",
                          "volunteer.category", "project.project")
        }

    def test_import_lands_every_action_with_its_hours(self):
        """Same number of actions, same hours to the second per volunteer, category, level
        and project, pending ones still pending."""
        wizard = self._wizard(make_file("csv"))
        wizard.action_import()
        self.assertRecordValues(wizard, [{
            "state": "done", "line_count": 7, "error_count": 0, "created_count": 7,
            "skipped_count": 0}])
        imported = self._imported()
        self.assertEqual(len(imported), 7)
        self.assertEqual(set(imported.mapped("source")), {"import"})
        unnamed = self.env._("Unnamed volunteers (Bénévalibre)")
        self.assertEqual(self._seconds("partner_id"), {
            "Zoé Lefèvre": 8400 + 93930, unnamed: 5400, "Paul Portal": 2700,
            "Alice Second": 7200, "Kiki": 10800,
        })
        categories = {
            xmlid: self.env.ref(f"volunteer_valuation.volunteer_category_{xmlid}").display_name
            for xmlid in ("events", "reception", "governance", "administration", "goods",
                          "other")}
        self.assertEqual(self._seconds("category_id"), {
            categories["events"]: 8400, "Jardinage": 93930, categories["other"]: 0,
            categories["reception"]: 2700, categories["governance"]: 5400,
            categories["administration"]: 7200, categories["goods"]: 10800,
        })
        self.assertEqual(self._seconds("level_id"), {
            "Confirmé": 8400 + 2700, self.level_qualified.display_name: 7200,
            "": 93930 + 5400 + 10800,
        })
        self.assertEqual(self._seconds("project_id"), {
            "Fête d'été": 8400 + 2700, "": 93930 + 5400 + 7200 + 10800})
        by_title = {rec.name: rec for rec in imported}
        first = by_title['=Montage des stands, « buvette »; etc.']
        self.assertRecordValues(first, [{
            "note": "Ligne 1\nligne 2, avec virgule", "date": date(2024, 5, 3),
            "distance_km": 12.5, "state": "submitted"}])
        self.assertRecordValues(by_title["Chantier du verger"], [{
            "date": date(2024, 6, 1), "date_end": date(2024, 6, 3), "state": "validated"}])
        self.assertEqual(by_title["Chantier du verger"].validated_by_id, self.importer)
        self.assertRecordValues(by_title["Transport des légumes"], [{
            "duration": 0.0, "distance_km": 40.0, "state": "validated", "amount": 0.0}])
        # Pending in Bénévalibre stays to validate; so does an action no rate values (2019).
        self.assertEqual(by_title["Tri des dons"].state, "submitted")
        self.assertEqual(by_title["Réunion de bureau"].state, "submitted")
        self.assertIn("lines 6", wizard.report)
        self.assertEqual(by_title["Accueil du public"].partner_id, self.volunteer_a)
        self.assertEqual(by_title["Permanence"].partner_id, self.volunteer_a2)
        self.assertEqual(by_title["Tri des dons"].partner_id, self.kiki)
        zoe = by_title["Chantier du verger"].partner_id
        self.assertEqual(zoe.volunteer_structure_ids, self.association_a)
        placeholder = by_title["Transport des légumes"].partner_id
        self.assertEqual(placeholder.name, unnamed)
        self.assertEqual(placeholder, by_title["Réunion de bureau"].partner_id)
        self.assertIn(self.association_a, placeholder.volunteer_structure_ids)
        self.assertIn("Actions with no name (anonymous members): 2", wizard.report)

    def test_reimport_in_any_format_adds_nothing(self):
        """The same export, again or in another format, creates nothing the second time."""
        self._wizard(make_file("csv")).action_import()
        counts = self._counts()
        for kind in ("csv", "xlsx", "json"):
            with self.subTest(kind=kind):
                wizard = self._wizard(make_file(kind), f"benevalo-export.{kind}")
                wizard.action_import()
                self.assertRecordValues(wizard, [{
                    "line_count": 7, "created_count": 0, "skipped_count": 7, "error_count": 0}])
                self.assertEqual(self._counts(), counts)
        # A later export with one more action adds only that one.
        later = [*EXPORT, action("Paul", "Portal", title="Vide-grenier", day=date(2024, 11, 3))]
        wizard = self._wizard(make_file("json", later), "benevalo-export.json")
        wizard.action_import()
        self.assertRecordValues(wizard, [{"created_count": 1, "skipped_count": 7}])

    def test_each_format_imports_the_same(self):
        """XLSX and JSON exports give the same contributions as the CSV one."""
        results = []
        for kind in ("xlsx", "json", "csv"):
            with self.env.cr.savepoint(flush=True) as savepoint:
                self._wizard(make_file(kind), f"x.{kind}").action_import()
                results.append(sorted(
                    (rec.name, rec.partner_id.name, rec.date, round(rec.duration * 3600),
                     rec.distance_km, rec.category_id.name, rec.state)
                    for rec in self._imported()))
                savepoint.rollback()
        self.assertEqual(len(results[0]), 7)
        self.assertEqual(results[0], results[1])
        self.assertEqual(results[0], results[2])

    def test_preview_writes_nothing_and_tells_what_will_happen(self):
        counts = self._counts()
        wizard = self._wizard(make_file("xlsx"), "export.xlsx")
        wizard.action_preview()
        self.assertEqual(self._counts(), counts)
        self.assertRecordValues(wizard, [{
            "state": "preview", "line_count": 7, "error_count": 0, "skipped_count": 0,
            "created_count": 0}])
        report = wizard.report
        self.assertIn("To import: 7 action(s), 35h40, 52.5 km.", report)
        self.assertIn("Volunteers to create: Unnamed volunteers (Bénévalibre), Zoé Lefèvre.",
                      report)
        self.assertIn("Volunteers found: Alice Second, Kiki, Paul Portal.", report)
        self.assertIn("Competence levels to create: Confirmé.", report)
        self.assertIn("Categories to create: Jardinage.", report)
        self.assertIn("Projects to create: Fête d'été.", report)
        self.assertIn("Validated in Bénévalibre, validated here too: 4 action(s).", report)
        self.assertIn("Pending moderation in Bénévalibre, to validate here: 2 action(s).", report)

    def test_invalid_lines_stop_everything_unless_skipped(self):
        rows = [
            EXPORT[3],
            action("Paul", "Portal", title="Date impossible", day="31/02/2024"),
            action("Paul", "Portal", title="Durée négative", duration="-1 day, 23:00:00"),
        ]
        counts = self._counts()
        wizard = self._wizard(make_file("csv", rows))
        wizard.action_import()
        self.assertRecordValues(wizard, [{"created_count": 0, "error_count": 2, "line_count": 3}])
        self.assertEqual(self._counts(), counts)
        self.assertIn("Nothing was imported", wizard.report)
        self.assertIn("Line 3: “31/02/2024” is not a date (Date).", wizard.report)
        self.assertIn("Line 4: the duration “-1 day, 23:00:00” is negative.", wizard.report)

        wizard = self._wizard(make_file("csv", rows), skip_invalid=True)
        wizard.action_import()
        self.assertRecordValues(wizard, [{"created_count": 1, "error_count": 2}])
        self.assertEqual(self._imported().mapped("name"), ["Accueil du public"])

    def test_files_that_are_not_exports(self):
        counts = self._counts()
        cases = [
            (b"nom,heures\nPaul,2\n", "heures.csv", "the column(s) Titre, Date, Durée are missing"),
            (b"PK\x03\x04 broken", "export.xlsx", "The file cannot be read"),
            (b'{"Titre": "x"}', "export.json", "not a list of actions"),
        ]
        for content, filename, message in cases:
            with self.subTest(filename=filename):
                wizard = self._wizard(content, filename, skip_invalid=True)
                wizard.action_import()
                self.assertRecordValues(wizard, [{"created_count": 0, "error_count": 1}])
                self.assertIn(message, wizard.report)
        self.assertEqual(self._counts(), counts)

    def test_coordinator_imports_with_own_rights(self):
        """A coordinator imports what they may create; the rest is named, nothing written."""
        counts = self._counts()
        wizard = self._wizard(make_file("csv"), user=self.coordinator_a)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 0)
        # Coordinators may add volunteers (contacts), not competence levels.
        self.assertNotIn("You cannot create volunteers", wizard.report)
        self.assertIn("You cannot create competence levels", wizard.report)
        self.assertEqual(self._counts(), counts)

        known = [EXPORT[3][:13] + [None, None], EXPORT[5]]  # no new project or level
        wizard = self._wizard(make_file("csv", known), user=self.coordinator_a)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 2)
        imported = self._imported()
        self.assertEqual(set(imported.mapped("state")), {"validated"})
        self.assertEqual(imported.validated_by_id, self.coordinator_a)

    def test_coordinator_cannot_import_into_another_structure(self):
        counts = self._counts()
        wizard = self._wizard(make_file("csv", [EXPORT[5]]), user=self.coordinator_a,
                              structure_id=self.association_b.id)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 0)
        self.assertIn("You do not coordinate Federation / Region / Association B", wizard.report)
        self.assertEqual(self._counts(), counts)

    def test_my_actions_export_of_several_associations(self):
        """A volunteer's own export: the actions of the chosen association only."""
        rows = [EXPORT[3], action("Paul", "Portal", title="Ailleurs", association="Autre asso")]
        wizard = self._wizard(make_file("csv", rows))
        wizard.action_import()
        self.assertEqual(wizard.created_count, 0)
        self.assertIn("several associations", wizard.report)
        wizard = self._wizard(make_file("csv", rows), association_name="autre ASSO")
        wizard.action_import()
        self.assertEqual(wizard.created_count, 1)
        self.assertEqual(self._imported().mapped("name"), ["Ailleurs"])

    def test_unnamed_actions_share_one_placeholder(self):
        self._wizard(make_file("csv", [EXPORT[2]])).action_import()
        self._wizard(make_file("csv", [EXPORT[4]])).action_import()
        self.assertEqual(len(self._imported().partner_id), 1)

    def test_checking_does_not_query_per_line(self):
        """Checking a file of 200 actions takes no more queries than one of 10."""
        def queries(count):
            rows = [action(f"Bénévole {index % 7}", "Test", title=f"Action {index}",
                           category=GOODS, level="Qualified", project="Fête d'été")
                    for index in range(count)]
            wizard = self._wizard(make_file("csv", rows))
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            wizard.action_preview()
            return self.env.cr.sql_log_count - before
        queries(10)  # caches warmed up
        self.assertLessEqual(queries(200), queries(10) + 2)

    def test_wizard_access(self):
        """Only coordinators reach the import."""
        Wizard = self.env["volunteer.import.benevalibre"]
        self.assertTrue(Wizard.with_user(self.coordinator_a).has_access("create"))
        for user in (self.internal, self.portal_a):
            self.assertFalse(Wizard.with_user(user).has_access("create"), user.name)
        self.assertTrue(self.env.ref(COORDINATOR_GROUP) in self.env.ref(
            "volunteer_valuation.menu_volunteer_import_benevalibre").parent_id.group_ids)
