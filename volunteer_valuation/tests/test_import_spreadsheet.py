# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Spreadsheets of everyone else (LimeSurvey, hand-made sheets) through Odoo's own import."""

from datetime import date

from odoo import Command
from odoo.tests import loaded_demo_data, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_open

from .common import VolunteerCase

# A LimeSurvey response export ("CSV", questions as full text, answers as full text):
# its own columns first, then one column per question, named as the French labels.
LIMESURVEY_CSV = (
    '"id","submitdate","lastpage","startlanguage","seed","Bénévole","Structure","Projet",'
    '"Tâche","Date","Heures","Niveau de compétence","Catégorie","Description"\r\n'
    '"1","2026-03-02 18:04:11","2","fr","1452","Paul Portal","Association A","Jardin partagé",'
    '"Arrosage","2026-03-02","2.5","Qualifié","Organisation d\'événements",'
    '"Arrosage du jardin, « matin »"\r\n'
    '"2","2026-03-03 09:12:40","2","fr","871","vv_alice@example.org","Association A","","",'
    '"2026-02-27","1.25","","Enseignement, formation","Atelier ""compost"""\r\n'
)
OPTIONS = {
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "encoding": "utf-8",
    "separator": ",",
    "quoting": '"',
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": "",
    "float_decimal_separator": ".",
    "advanced": False,
    "has_headers": True,
    "keep_matches": False,
    "limit": 2000,
    "skip": 0,
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestImportSpreadsheet(VolunteerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A French-speaking association: field labels and level or category names in French.
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["volunteer_valuation"], ["fr_FR"], overwrite=True)
        cls.coordinator_a.lang = "fr_FR"
        cls.volunteer_a2.email = "vv_alice@example.org"
        cls.project = cls.env["project.project"].create({"name": "Jardin partagé"})
        cls.task = cls.env["project.task"].create({
            "name": "Arrosage", "project_id": cls.project.id})

    def _preview(self, content, file_type="text/csv", user=None, file_name="reponses.csv"):
        """The import screen of a French-speaking user: the file and its suggested mapping."""
        wizard = self.env["base_import.import"].with_user(user or self.coordinator_a).with_context(
            lang="fr_FR").create({
                "res_model": "volunteer.contribution",
                "file": content,
                "file_name": file_name,
                "file_type": file_type,
            })
        preview = wizard.parse_preview(dict(OPTIONS))
        self.assertFalse(preview.get("error"), preview.get("error"))
        matches = preview["matches"] or {}
        fields = ["/".join(matches[index]) if index in matches else False
                  for index in range(len(preview["headers"]))]
        return wizard, preview, fields

    def test_limesurvey_responses(self):
        """Each human column is recognized; LimeSurvey's own columns are left aside."""
        wizard, preview, fields = self._preview(LIMESURVEY_CSV.encode("utf-8"))
        mapped = dict(zip(preview["headers"], fields, strict=True))
        self.assertEqual(
            {header: field for header, field in mapped.items() if field}, {
                "Bénévole": "partner_id", "Structure": "structure_id", "Projet": "project_id",
                "Tâche": "task_id", "Date": "date", "Heures": "duration",
                "Niveau de compétence": "level_id", "Catégorie": "category_id",
                "Description": "name",
                # LimeSurvey's response number looks like Odoo's external ID: the README says
                # to set this column to "Don't import", as done here.
                "id": "id",
            })
        fields = [False if field == "id" else field for field in fields]
        result = wizard.execute_import(fields, preview["headers"], dict(OPTIONS))
        self.assertFalse(result["messages"], result["messages"])
        contributions = self.env["volunteer.contribution"].browse(result["ids"])
        self.assertRecordValues(contributions, [{
            "partner_id": self.volunteer_a.id, "structure_id": self.association_a.id,
            "project_id": self.project.id, "task_id": self.task.id, "date": date(2026, 3, 2),
            "duration": 2.5, "level_id": self.level_qualified.id,
            "category_id": self.category_events.id, "name": "Arrosage du jardin, « matin »",
            "source": "import", "state": "draft",
        }, {
            "partner_id": self.volunteer_a2.id, "structure_id": self.association_a.id,
            "project_id": False, "task_id": False, "date": date(2026, 2, 27),
            "duration": 1.25, "level_id": False, "category_id": self.category_training.id,
            "name": 'Atelier "compost"', "source": "import", "state": "draft",
        }])

    def test_structure_outside_own_branch_refused(self):
        """A coordinator's import follows their rights: another association is refused."""
        content = LIMESURVEY_CSV.replace("Association A", "Association B").encode("utf-8")
        before = self.env["volunteer.contribution"].search_count([])
        wizard, preview, fields = self._preview(content)
        fields = [False if field == "id" else field for field in fields]
        with mute_logger("odoo.sql_db"):
            result = wizard.execute_import(fields, preview["headers"], dict(OPTIONS))
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertEqual(self.env["volunteer.contribution"].search_count([]), before)

    def test_downloadable_template(self):
        """The template offered by the import screen maps by itself and imports its example."""
        templates = self.env["volunteer.contribution"].get_import_templates()
        self.assertEqual(len(templates), 1)
        path = templates[0]["template"].lstrip("/")
        if not loaded_demo_data(self.env):
            # The example row names a volunteer and a structure of the demo data.
            structure = self.env["volunteer.structure"].create({"name": "Foyer rural de Bécherel"})
            self.env["res.partner"].create({
                "name": "Annick Le Breton",
                "volunteer_structure_ids": [Command.set(structure.ids)]})
        with file_open(path, "rb") as template:
            content = template.read()
        admin = self.env.ref("base.user_admin")
        admin.lang = "fr_FR"
        wizard, preview, fields = self._preview(content, XLSX, user=admin, file_name="t.xlsx")
        self.assertEqual(fields, [
            "partner_id", "structure_id", "project_id", "task_id", "name", "date", "date_end",
            "duration", "level_id", "category_id", "distance_km", "note"])
        result = wizard.execute_import(fields, preview["headers"], dict(OPTIONS, date_format=""))
        self.assertFalse(result["messages"], result["messages"])
        example = self.env["volunteer.contribution"].browse(result["ids"])
        self.assertRecordValues(example, [{
            "name": "Permanence à la bibliothèque", "date": date(2026, 1, 15), "duration": 2.5,
            "level_id": self.level_qualified.id, "source": "import",
            "category_id": self.env.ref("volunteer_valuation.volunteer_category_reception").id,
        }])
        self.assertEqual(example.partner_id.name, "Annick Le Breton")
        self.assertEqual(example.structure_id.name, "Foyer rural de Bécherel")
