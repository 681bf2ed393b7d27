# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The valuation workbook, re-opened with openpyxl and checked against the database."""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..engine import accounting, fec, pseudonyms
from ..engine import valuation_figures as figures
from ..engine import valuation_sheets as sheets
from .report_common import (
    DETAILED_AMOUNT,
    DETAILED_HOURS,
    ESTIMATE_AMOUNT,
    ESTIMATE_HOURS,
    HOSTILE_DESCRIPTION,
    HOSTILE_NAME,
    PERIOD,
    TOTAL_AMOUNT,
    TOTAL_HOURS,
    ReportCommon,
)

IN_PERIOD = [("date", ">=", PERIOD[0]), ("date", "<=", PERIOD[1]), ("state", "=", "validated")]


@tagged("post_install", "-at_install")
class TestReportWorkbook(ReportCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.in_federation = IN_PERIOD + [("structure_id", "child_of", cls.federation.id)]
        _action, cls.book, cls.attachment = cls._export(
            cls.manager, structure_ids=[Command.set(cls.federation.ids)])

    def assertTotalsMatchDatabase(self, sheet, key_column, domain, groupby, key_of):
        """Each row of a breakdown sheet holds the database's hours and value of its group."""
        columns = self.columns(sheet)
        expected = {}
        for key, hours, amount, count in self.db_totals(self.manager, domain, [groupby]):
            expected[key_of(key)] = (hours, amount, count)
        rows = [row for row in self.rows(sheet)[1:] if row[0] not in (None, "Total")]
        self.assertEqual(len(rows), len(expected), sheet.title)
        for row in rows:
            hours, amount, count = expected[row[key_column]]
            self.assertAlmostEqual(row[columns["Heures"]], hours, places=6, msg=row[0])
            self.assertAlmostEqual(row[columns["Valeur"]], float(amount), places=2, msg=row[0])
            self.assertEqual(row[columns["Contributions"]], count, row[0])
        total = self.row(sheet, "Total")
        self.assertAlmostEqual(total[columns["Heures"]], TOTAL_HOURS)
        self.assertAlmostEqual(total[columns["Valeur"]], TOTAL_AMOUNT, places=2)

    # Every sheet ------------------------------------------------------------------

    def test_sheets(self):
        self.assertEqual(self.book.sheetnames, [
            "Synthèse", "Par structure", "Par mois", "Par projet", "Par niveau",
            "Par catégorie", "Par rôle", "Par personne", "CERFA 86-87", "Méthode", "Détail"])
        self.assertTrue(self.attachment.name.endswith(".xlsx"))
        self.assertEqual(self.attachment.res_model, "volunteer.valuation.report.wizard")

    def test_summary(self):
        sheet = self.book["Synthèse"]
        detailed = self.row(sheet, "Contributions détaillées")
        estimates = self.row(sheet, "Estimations (à l'estime)")
        self.assertAlmostEqual(detailed[1], DETAILED_HOURS)
        self.assertAlmostEqual(detailed[2], DETAILED_AMOUNT, places=2)
        self.assertAlmostEqual(detailed[3], DETAILED_HOURS / 1607)
        self.assertEqual(detailed[4:6], (6, 8))  # six people, eight entries
        self.assertAlmostEqual(estimates[1], ESTIMATE_HOURS)
        self.assertAlmostEqual(estimates[2], ESTIMATE_AMOUNT, places=2)
        self.assertEqual(estimates[4:6], (17, 2))  # at least 12 + 5 people, two estimates
        self.assertEqual(self.row(sheet, "Période du")[1], datetime(2026, 1, 1))
        self.assertEqual(self.row(sheet, "Période au")[1], datetime(2026, 6, 30))
        by_type = self.db_totals(self.manager, self.in_federation, ["contributor_type"])
        for contributor_type, hours, amount, count in by_type:
            row = self.row(sheet, figures.CONTRIBUTOR_TYPE_PLURAL[contributor_type])
            self.assertAlmostEqual(row[4], hours)
            self.assertAlmostEqual(row[5], float(amount), places=2)
            self.assertEqual(row[9], count)
        self.assertEqual(self.row(sheet, "Bénévoles")[7:9], (4, 17))

    def test_structure_tree_three_levels(self):
        sheet = self.book["Par structure"]
        columns = self.columns(sheet)
        rows = {row[0]: row for row in self.rows(sheet)[1:] if row[0]}
        total = columns["Heures (avec membres)"]
        value = columns["Valeur (avec membres)"]
        own_detailed = columns["Heures propres détaillées"]
        own_estimated = columns["Heures propres estimées"]
        self.assertEqual([row[0] for row in self.rows(sheet)[1:6]], [
            "Federation", "Region", "Association A", "Section A1", "Association B"])
        self.assertEqual(rows["Section A1"][total], 4.0)
        self.assertEqual(rows["Association A"][own_detailed], 9.5)
        self.assertEqual(rows["Association A"][own_estimated], 30.0)
        self.assertEqual(rows["Association A"][total], 43.5)
        self.assertEqual(rows["Association B"][total], 16.5)
        region, federation = rows["Region"], rows["Federation"]
        self.assertEqual(region[total], rows["Association A"][total]
                         + rows["Association B"][total] + region[own_detailed])
        self.assertEqual(federation[total], region[total])
        self.assertEqual(federation[total], TOTAL_HOURS)
        self.assertAlmostEqual(federation[value], TOTAL_AMOUNT, places=2)
        self.assertAlmostEqual(
            region[value], rows["Association A"][value] + rows["Association B"][value] + 24.04,
            places=2)
        self.assertEqual(rows["Total"][total], TOTAL_HOURS)
        self.assertEqual(rows["Association A"][columns["RNA"]], "W751234567")
        self.assertEqual(rows["Association A"][columns["Niveau"]], 3)
        # Each structure's figures are the database's, with its members.
        for structure in (self.federation, self.region, self.association_a,
                          self.section_a1, self.association_b):
            [(hours, amount, _count)] = self.db_totals(
                self.manager, IN_PERIOD + [("structure_id", "child_of", structure.id)])
            self.assertAlmostEqual(rows[structure.name][total], hours)
            self.assertAlmostEqual(rows[structure.name][value], float(amount), places=2)
        people = columns["Personnes distinctes (avec membres)"]
        self.assertEqual(rows["Association A"][people], 3)  # Paul, Alice, "=HYPERLINK..."
        self.assertEqual(rows["Federation"][people], 6)

    def test_breakdown_sheets_match_database(self):
        domain = self.in_federation
        self.assertTotalsMatchDatabase(
            self.book["Par mois"], 0, domain, "date:month",
            lambda day: datetime(day.year, day.month, 1))
        self.assertTotalsMatchDatabase(
            self.book["Par projet"], 0, domain, "project_id",
            lambda project: project.name or sheets.NO_PROJECT)
        self.assertTotalsMatchDatabase(
            self.book["Par niveau"], 0, domain, "level_id",
            lambda level: level.name or sheets.NO_LEVEL)
        self.assertTotalsMatchDatabase(
            self.book["Par catégorie"], 0, domain, "category_id",
            lambda category: category.name or sheets.NO_CATEGORY)
        self.assertTotalsMatchDatabase(
            self.book["Par rôle"], 0, domain, "role", figures.ROLE_LABELS.get)

    def test_persons(self):
        sheet = self.book["Par personne"]
        paul = self.row(sheet, "Paul Portal")
        self.assertEqual(paul[1], "Oui")
        self.assertEqual(paul[3], 7.0)  # 3 + 2 + 2 hours
        self.assertAlmostEqual(paul[4], 36.06 + 36.06 + 48.08, places=2)
        self.assertEqual(self.row(sheet, "Total (6 personnes)")[3], DETAILED_HOURS)

    def accounting_fec(self, user, **values):
        """The lines of the FEC file ``user`` exports for PERIOD (the workbook's scope)."""
        self.federation.siren = "775260185"
        vals = {"date_from": PERIOD[0], "date_to": PERIOD[1], "format": "fec"}
        vals.update(values)
        wizard = self.env["volunteer.accounting.export.wizard"].with_user(user).create(vals)
        _name, content = wizard._accounting_file()
        return fec.read_fec(content)

    def assertCerfaMatchesFec(self, sheet, lines):
        """Each account of the FEC has its line in the CERFA sheet, with the same amount."""
        debits, credits = defaultdict(Decimal), defaultdict(Decimal)
        for line in lines:
            debits[line.CompteNum] += line.Debit
            credits[line.CompteNum] += line.Credit
        for code in debits.keys() | credits.keys():
            with self.subTest(account=code):
                self.assertEqual(accounting.to_money(self.row(sheet, code)[2]),
                                 debits[code] + credits[code])
        self.assertEqual(accounting.to_money(self.row(sheet, "86")[2]), sum(debits.values()))
        self.assertEqual(accounting.to_money(self.row(sheet, "87")[2]), sum(credits.values()))

    def test_cerfa(self):
        """The lines by account are the accounting export's, volontaires included."""
        sheet = self.book["CERFA 86-87"]
        [(volunteer_hours, volunteer_amount, _c)] = self.db_totals(
            self.manager,
            self.in_federation + [("contributor_type", "in", ("volunteer", "civic_service"))])
        [(skills_hours, skills_amount, _c)] = self.db_totals(
            self.manager, self.in_federation + [("contributor_type", "=", "skills_sponsorship")])
        line_864 = self.row(sheet, "864")
        self.assertEqual(line_864[1], "Personnel bénévole")
        self.assertAlmostEqual(line_864[2], float(volunteer_amount), places=2)
        self.assertAlmostEqual(line_864[4], ESTIMATE_AMOUNT, places=2)  # estimates apart
        self.assertAlmostEqual(line_864[5], 0.0)  # nothing declared by member structures
        self.assertAlmostEqual(line_864[6], volunteer_hours)
        self.assertAlmostEqual(self.row(sheet, "862")[2], float(skills_amount), places=2)
        self.assertEqual(self.row(sheet, "875")[1:3], ("Bénévolat", line_864[2]))
        self.assertEqual(self.row(sheet, "870")[1:3], ("Dons en nature", None))
        self.assertAlmostEqual(self.row(sheet, "871")[2], float(skills_amount), places=2)
        self.assertAlmostEqual(self.row(sheet, "86")[2], TOTAL_AMOUNT, places=2)
        self.assertEqual(self.row(sheet, "Bénévoles")[1:3], (4, 17))
        self.assertEqual(self.row(sheet, "Volontaires")[1:5], (1, 0, 0, 5.0))
        self.assertEqual(self.row(sheet, "Mécénat de compétences")[1:5], (1, 0, 0, 1.5))
        self.assertEqual(self.row(sheet, "864 Personnel bénévole")[1:3],
                         ("875 Bénévolat", line_864[2]))
        self.assertEqual(skills_hours, 1.5)
        self.assertCerfaMatchesFec(sheet, self.accounting_fec(
            self.manager, structure_ids=[Command.set(self.federation.ids)]))
        # The Méthode sheet states the accounts of each contributor type and entry mode.
        method = self.book["Méthode"]
        self.assertEqual(self.row(method, "Volontaires")[1:7], (
            "Détaillée", "864", "Personnel bénévole", "875", "Bénévolat", "Oui"))
        self.assertEqual(self.row(method, "Journal des écritures")[1],
                         "CVN — Contributions volontaires en nature")

    def test_cerfa_follows_the_account_mapping(self):
        """Volontaires not posted and a sub-account: the workbook and the export agree."""
        Mapping = self.env["volunteer.account.mapping"]
        Mapping._create_missing(self.company)
        Mapping.search([("company_id", "=", self.company.id),
                        ("contributor_type", "=", "civic_service")]).post_entries = False
        Mapping.search([("company_id", "=", self.company.id),
                        ("contributor_type", "=", "skills_sponsorship")]).write({
                            "debit_code": "8621", "debit_label": "Mécénat de compétences"})
        book, _attachment = self.export(
            self.manager, structure_ids=[Command.set(self.federation.ids)])
        sheet = book["CERFA 86-87"]
        self.assertAlmostEqual(self.row(sheet, "864")[2], TOTAL_AMOUNT - 90.15 - 18.03,
                               places=2)  # without Béa's 5 h of civic service
        self.assertEqual(self.row(sheet, "862")[2], None)
        self.assertEqual(self.row(sheet, "8621")[1:3], ("Mécénat de compétences", 18.03))
        self.assertEqual(self.row(sheet, "Volontaires")[1:5], (1, 0, 0, 5.0))  # still counted
        self.assertTrue(any(text.startswith("Volontaires : temps non comptabilisé")
                            for text in self.all_text(book)))
        self.assertCerfaMatchesFec(sheet, self.accounting_fec(
            self.manager, structure_ids=[Command.set(self.federation.ids)]))
        self.assertEqual(self.row(book["Méthode"], "Volontaires")[6], "Non")

    def test_cerfa_mapping_from_settings(self):
        settings = self.env["res.config.settings"].create({
            "volunteer_cerfa_volunteer_line": "875", "volunteer_cerfa_volunteer_account": "870"})
        settings.execute()
        book, _attachment = self.export(
            self.manager, structure_ids=[Command.set(self.federation.ids)])
        sheet = book["CERFA 86-87"]
        self.assertEqual(self.row(sheet, "870")[1], "Bénévolat")
        self.assertIn("Budget CERFA 12156 : ligne 875", self.row(sheet, "870")[7])
        self.assertEqual(self.row(sheet, "875")[1:3], ("Dons en nature", None))
        self.assertEqual(self.row(sheet, "864 Personnel bénévole")[1], "870 Bénévolat")

    def test_method_frozen_rates(self):
        sheet = self.book["Méthode"]
        old = self.row(sheet, self.rate_qualified.name)
        new = self.row(sheet, self.rate_qualified_new.name)
        self.assertEqual(old[2], datetime(2026, 3, 31))
        self.assertEqual((old[9], new[9]), (1.5, 2.0))
        # Béa's 5 h (March) and the 2 h validated before the change keep the old line.
        self.assertEqual((old[11], old[13]), (7.0, 2))
        self.assertAlmostEqual(old[12], 90.15 + 36.06, places=2)
        self.assertEqual(new[11:14], (2.0, 48.08, 1))
        self.assertEqual(self.row(sheet, "SMIC horaire brut")[3], 12.02)
        self.assertAlmostEqual(self.row(sheet, "Part des estimations dans les heures")[1],
                               ESTIMATE_HOURS / TOTAL_HOURS)
        detail = self.book["Détail"]
        columns = self.columns(detail)
        before = self.row(detail, "Sorting", columns["Description"])
        after = self.row(detail, "Sorting again", columns["Description"])
        self.assertEqual((before[columns["Taux horaire"]], before[columns["Valeur"]]),
                         (18.03, 36.06))
        self.assertEqual((after[columns["Taux horaire"]], after[columns["Valeur"]]),
                         (24.04, 48.08))

    def test_detail(self):
        sheet = self.book["Détail"]
        columns = self.columns(sheet)
        rows = [row for row in self.rows(sheet)[1:] if row[0] and isinstance(row[0], datetime)]
        self.assertEqual(len(rows), 10)
        self.assertEqual(rows[0][0], datetime(2026, 1, 10))  # by date
        total = self.row(sheet, "Total (10 contributions)")
        self.assertAlmostEqual(total[columns["Heures"]], TOTAL_HOURS)
        self.assertAlmostEqual(total[columns["Valeur"]], TOTAL_AMOUNT, places=2)
        self.assertAlmostEqual(sum(row[columns["Valeur"]] for row in rows), TOTAL_AMOUNT,
                               places=2)
        estimates = [row for row in rows if row[columns["Mode de saisie"]] == "Estimation"]
        self.assertEqual(sorted(row[columns["Heures"]] for row in estimates), [10.0, 30.0])
        self.assertEqual({row[columns["Personne"]] for row in estimates}, {None})
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:Q11")  # no status: validated only
        self.assertEqual(sorted(row[columns["Personnes (estimation)"]] or 0 for row in rows),
                         [0] * 8 + [5, 12])
        self.assertEqual(sheet.cell(2, 1).number_format, "dd/mm/yyyy")

    def test_formula_looking_text_stays_text(self):
        sheet = self.book["Détail"]
        columns = self.columns(sheet)
        row = next(row for row in sheet.iter_rows(min_row=2)
                   if row[columns["Description"]].value == HOSTILE_DESCRIPTION)
        self.assertEqual(row[columns["Personne"]].value, HOSTILE_NAME)
        self.assertEqual(row[columns["Personne"]].data_type, "s")
        self.assertEqual(row[columns["Description"]].data_type, "s")
        for each in self.book:
            for cells in each.iter_rows():
                for cell in cells:
                    self.assertNotEqual(cell.data_type, "f", f"{each.title}!{cell.coordinate}")

    # Who sees what -------------------------------------------------------------------

    def test_region_coordinator_sees_pseudonyms_outside_their_structure(self):
        book, _attachment = self.export(self.coordinator_region)
        texts = self.all_text(book)
        for hidden in ("Paul Portal", "Alice Second", "Béa Portal", HOSTILE_NAME):
            self.assertNotIn(hidden, texts)
        self.assertIn("Roger Region", texts)  # a direct member of the region
        self.assertIn("Chloé Consent", texts)  # agreed to be named
        key = self.env["volunteer.contribution"]._volunteer_pseudonym_key()
        paul = pseudonyms.pseudonym(key, self.volunteer_a.id)
        persons = book["Par personne"]
        self.assertEqual(self.row(persons, paul)[1:4], ("Non", "Federation / Region / "
                                                        "Association A", 7.0))
        detail = book["Détail"]
        columns = self.columns(detail)
        self.assertEqual(
            sum(row[columns["Heures"]] for row in self.rows(detail)[1:]
                if row[columns["Personne"]] == paul), 7.0)
        # Same totals as the manager's: only names change.
        self.assertEqual(self.row(book["Synthèse"], "Contributions détaillées")[1:6],
                         self.row(self.book["Synthèse"], "Contributions détaillées")[1:6])
        # Stable: the same pseudonym in a later export of another period.
        later, _attachment = self.export(
            self.coordinator_region, date_from=date(2026, 4, 1), date_to=date(2026, 4, 30))
        self.assertEqual(self.row(later["Par personne"], paul)[3], 4.0)

    def test_association_coordinator_sees_their_branch(self):
        book, _attachment = self.export(self.coordinator_a)
        texts = self.all_text(book)
        self.assertIn("Paul Portal", texts)
        self.assertIn("Alice Second", texts)
        self.assertNotIn(HOSTILE_NAME, texts)  # a member of Section A1 only
        for elsewhere in ("Béa Portal", "Chloé Consent", "Roger Region", "Association B"):
            self.assertNotIn(elsewhere, texts)
        structures = book["Par structure"]
        total = self.columns(structures)["Heures (avec membres)"]
        self.assertEqual([row[0] for row in self.rows(structures)[1:3]], [
            "Federation / Region / Association A", "Section A1"])
        self.assertEqual(self.row(structures, "Total")[total], 43.5)

    def test_choice_of_structures_states_and_children(self):
        only_a, _attachment = self.export(
            self.manager, structure_ids=[Command.set(self.association_a.ids)],
            include_children=False)
        detailed = self.row(only_a["Synthèse"], "Contributions détaillées")
        self.assertEqual(detailed[1], 9.5)
        with_pending, _attachment = self.export(
            self.manager, states="validated_submitted",
            structure_ids=[Command.set(self.federation.ids)])
        structures = with_pending["Par structure"]
        total = self.row(structures, "Total")[self.columns(structures)["Heures (avec membres)"]]
        self.assertEqual(total, TOTAL_HOURS + 1.0)
        self.assertIn("À valider", self.all_text(with_pending))

    def test_coordinator_cannot_choose_a_structure_above_theirs(self):
        with self.assertRaises(UserError):
            self.export(self.coordinator_a, structure_ids=[Command.set(self.region.ids)])
        book, _attachment = self.export(
            self.coordinator_region, structure_ids=[Command.set(self.association_b.ids)])
        self.assertEqual(self.row(book["Synthèse"], "Structures")[1],
                         "Federation / Region / Association B")

    def test_other_company_never_counted(self):
        book, _attachment = self.export(self.manager)  # every structure the manager sees
        texts = self.all_text(book)
        self.assertNotIn("Other association", texts)
        self.assertNotIn("Elsewhere", texts)
        [(hours, amount, count)] = self.db_totals(self.manager, IN_PERIOD)
        self.assertIn("Federation", texts)
        structures = book["Par structure"]
        columns = self.columns(structures)
        total = self.row(structures, "Total")
        self.assertAlmostEqual(total[columns["Heures (avec membres)"]], hours)
        self.assertAlmostEqual(total[columns["Valeur (avec membres)"]], float(amount), places=2)
        self.assertEqual(total[columns["Contributions (avec membres)"]], count)

    def test_export_is_private_to_its_author(self):
        _book, attachment = self.export(self.coordinator_a)
        with self.assertRaises(AccessError):
            attachment.with_user(self.coordinator_region).raw  # noqa: B018
        with self.assertRaises(AccessError):
            self.env["volunteer.valuation.report.wizard"].with_user(self.internal).create({})

    def test_bad_period_refused(self):
        with self.assertRaises(ValidationError):
            self.env["volunteer.valuation.report.wizard"].with_user(self.manager).create({
                "date_from": date(2026, 6, 30), "date_to": date(2026, 1, 1)})

    def test_defaults(self):
        wizard = self.env["volunteer.valuation.report.wizard"].with_user(self.manager).create({})
        self.assertTrue(wizard.include_children)
        self.assertEqual(wizard.states, "validated")
        self.assertFalse(wizard.structure_ids)
        self.assertLessEqual(wizard.date_from, wizard.date_to)
