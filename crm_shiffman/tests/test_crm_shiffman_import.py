import base64
import csv
import io
import zipfile
from datetime import date

import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CrmShiffmanCommon

HEADER = ("Name", "Email", "Phone", "Company Name", "Source", "Tags", "Salesperson")


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanImport(CrmShiffmanCommon):
    """The upload wizard, used by ``salesman`` (own leads) unless said otherwise."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["utm.source"].create({"name": "Stroyexpo 2026"})
        cls.tag = cls.env["crm.tag"].create({"name": "Bricks"})
        cls.Import = cls.env["crm.shiffman.import"].with_user(cls.salesman)

    def _row(self, index, **changes):
        row = {
            "Name": f"Prospect {index}",
            "Email": f"p{index}@firm{index}.example.com",
            "Phone": f"+7 843 555 00 {index:02d}",
            "Company Name": f"Firm {index}",
            "Source": self.source.name,
            "Tags": self.tag.name,
            "Salesperson": self.salesman.name,
        }
        row.update(changes)
        return [row[title] for title in HEADER]

    def _rows(self):
        """Rows 2 and 6 good; 3 bad e-mail, 4 no name, 5 unknown source (the header is row 1)."""
        return [
            self._row(1),
            self._row(2, Email="p2 at firm2"),
            self._row(3, Name=""),
            self._row(4, Source="Space Agency"),
            self._row(5),
        ]

    def _csv(self, rows, header=HEADER):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue().encode()

    def _upload(self, content, file_name="prospects.csv", Import=None):
        # the file widget fills the (invisible) file name in the browser
        form = Form((Import or self.Import).with_context(default_file_name=file_name))
        form.file = base64.b64encode(content)
        form.team_id = self.team
        wizard = form.save()
        wizard.action_import()
        return wizard

    def _imported(self):
        return self.env["crm.lead"].search([("partner_name", "like", "Firm %")])

    def _assert_good_and_bad(self, wizard):
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.created_count, 2)
        self.assertEqual(sorted(wizard.lead_ids.mapped("name")), ["Prospect 1", "Prospect 5"])
        self.assertEqual(self._imported(), wizard.lead_ids, "nothing of a bad row is written")
        self.assertEqual(set(wizard.lead_ids.mapped("shiffman_column")), {"prospect"})
        self.assertEqual(wizard.lead_ids.team_id, self.team)
        self.assertEqual(wizard.lead_ids.source_id, self.source)
        self.assertEqual(wizard.lead_ids.tag_ids, self.tag)
        self.assertEqual(wizard.lead_ids.user_id, self.salesman)
        self.assertEqual(wizard.line_ids.mapped("row"), [3, 4, 5])
        reasons = wizard.line_ids.mapped("reason")
        self.assertIn("not a valid e-mail", reasons[0])
        self.assertIn("needs a name", reasons[1])
        self.assertIn("Space Agency", reasons[2])
        self.assertIn("Firm 2", wizard.line_ids[0].content)

    def _rejected_rows(self, wizard):
        content = base64.b64decode(wizard.rejected_file)
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"), "a BOM, for spreadsheet programs")
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))

    def test_import_csv_good_and_bad_rows(self):
        """CSV: good rows become prospects in the team's Prospect column, bad ones are listed by row."""
        wizard = self._upload(self._csv(self._rows()))
        self._assert_good_and_bad(wizard)
        self.assertEqual(wizard.rejected_file_name, "prospects - rejected rows.csv")
        rejected = self._rejected_rows(wizard)
        self.assertEqual(rejected[0], [*HEADER, "Rejection Reason"])
        self.assertEqual([row[0] for row in rejected[1:]], ["Prospect 2", "", "Prospect 4"])
        self.assertEqual([row[-1] for row in rejected[1:]], wizard.line_ids.mapped("reason"))

    def test_import_xlsx_good_and_bad_rows(self):
        """XLSX (read by Odoo's import): same outcome, and a date cell lands in a date field."""
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet("Prospects")
        date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
        sheet.write_row(0, 0, [*HEADER, "Expected Closing"])
        for index, row in enumerate(self._rows(), start=1):
            sheet.write_row(index, 0, row)
            sheet.write_datetime(index, len(HEADER), date(2026, 9, index), date_format)
        workbook.close()
        wizard = self._upload(buffer.getvalue(), file_name="prospects.xlsx")
        self._assert_good_and_bad(wizard)
        lead = wizard.lead_ids.filtered(lambda lead: lead.name == "Prospect 5")
        self.assertEqual(lead.date_deadline, date(2026, 9, 5))
        self.assertEqual(self._rejected_rows(wizard)[0][-2:], ["Expected Closing", "Rejection Reason"])

    def test_rejected_file_fixed_and_uploaded_again(self):
        """The rejected-rows file, fixed, uploads as it is (its reason column is left out)."""
        wizard = self._upload(self._csv(self._rows()))
        rejected = self._rejected_rows(wizard)
        rejected[1][1] = "p2@firm2.example.com"
        rejected[2][0] = "Prospect 3"
        rejected[3][4] = self.source.name
        action = wizard.action_upload_again()
        self.assertEqual(action["context"], {"default_team_id": self.team.id})
        again = self._upload(self._csv(rejected[1:], header=rejected[0]), file_name=wizard.rejected_file_name)
        self.assertEqual(again.created_count, 3)
        self.assertFalse(again.line_ids)
        self.assertFalse(again.rejected_file)
        self.assertEqual(len(self._imported()), 5)

    def test_imported_once(self):
        """A second press of Import does not load the same file twice."""
        wizard = self._upload(self._csv(self._rows()))
        with self.assertRaisesRegex(UserError, "already imported"):
            wizard.action_import()
        self.assertEqual(len(self._imported()), 2)

    def test_open_created_prospects(self):
        """The result opens the created prospects in the Shiffman table, list first."""
        wizard = self._upload(self._csv(self._rows()))
        action = wizard.action_open_prospects()
        self.assertEqual(action["res_model"], "crm.lead")
        self.assertEqual(action["views"][0][1], "list")
        self.assertEqual(self.env["crm.lead"].search(action["domain"]), wizard.lead_ids)
        self.assertEqual(action["context"]["default_team_id"], self.team.id)

    def test_titles_technical_names_and_separator(self):
        """Technical names match too, and a semicolon-separated UTF-8 file is read (separator detected)."""
        content = "name;email_from;partner_name\nКирпичи;p7@firm7.example.com;Firm 7\n".encode()
        wizard = self._upload(content)
        self.assertEqual(wizard.lead_ids.mapped("name"), ["Кирпичи"])
        self.assertEqual(wizard.lead_ids.mapped("email_from"), ["p7@firm7.example.com"])

    def test_titles_in_user_language(self):
        """A title in the user's language matches the field label translated into it."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.salesman.lang = "ru_RU"
        self.env["ir.model.fields"]._get("crm.lead", "partner_name").with_context(
            lang="ru_RU"
        ).field_description = "Название компании"
        self.env.registry.clear_cache("stable")  # translated field labels are cached there
        content = self._csv([["Prospect 8", "Firm 8"]], header=["Name", "Название компании"])
        # as the web client does (Form leaves the language out of the context)
        wizard = self.Import.with_context(lang="ru_RU").create(
            {"file": base64.b64encode(content), "file_name": "компании.csv", "team_id": self.team.id}
        )
        wizard.action_import()
        self.assertEqual(wizard.lead_ids.partner_name, "Firm 8")

    def test_unknown_column(self):
        """An unknown title stops the upload with a UserError naming it; nothing is written."""
        content = self._csv([[*self._row(1), "blue"]], header=[*HEADER, "Favourite Colour"])
        with self.assertRaisesRegex(UserError, "Favourite Colour"):
            self._upload(content)
        self.assertFalse(self._imported())

    def _damaged_xlsx(self):
        """An XLSX by its content whose sheet is not XML: only the reader can tell."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
            )
            archive.writestr("xl/workbook.xml", "not xml at all")
        return buffer.getvalue()

    def test_bad_files(self):
        """Empty, garbage, non-spreadsheet, header-less, nameless or oversized files: UserError, nothing written."""
        self.env["ir.config_parameter"].set_param("crm_shiffman.import_max_mb", 1)
        self.env["ir.config_parameter"].set_param("crm_shiffman.import_max_rows", 6)
        not_csv_xlsx = "is not a CSV or XLSX file"
        cases = {
            "blank": (b"  \n\n ", "prospects.csv", "is empty"),
            "garbage as XLSX": (bytes(range(256)) * 8, "prospects.xlsx", not_csv_xlsx),
            "garbage as CSV": (b"\x00\x9f\x00garbage" * 100, "prospects.csv", not_csv_xlsx),
            "PDF": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "prospects.pdf", not_csv_xlsx),
            "damaged XLSX": (self._damaged_xlsx(), "prospects.xlsx", "cannot be read"),
            "header only": (self._csv([]), "prospects.csv", "holds a single row"),
            "no header": (self._csv(self._rows()[1:], header=self._row(1)), "prospects.csv", "“Prospect 1”"),
            "no name column": (b"Email,Company Name\np9@firm9.example.com,Firm 9\n", "prospects.csv", r"\(name\)"),
            "same field twice": (b"Name,name\nProspect 9,Prospect 9\n", "prospects.csv", "fill the same field"),
            "over the rows limit": (
                self._csv([self._row(index) for index in range(7)]),
                "prospects.csv",
                "holds 7 prospects, more than the 6",
            ),
            "over the size limit": (b"Name\n" + b"Prospect\n" * 140_000, "prospects.csv", "larger than 1 MB"),
        }
        for case, (content, file_name, message) in cases.items():
            with (
                self.subTest(case=case),
                self.assertRaisesRegex(UserError, message),
                mute_logger("odoo.addons.base_import.models.base_import"),
            ):
                self._upload(content, file_name=file_name)
        self.assertFalse(self._imported())

    def test_no_file(self):
        """Pressing Import without a file says to choose one."""
        wizard = self.Import.create({"team_id": self.team.id})
        with self.assertRaisesRegex(UserError, "Choose a CSV or XLSX file"):
            wizard.action_import()

    def test_refused_without_lead_create_rights(self):
        """A user who may not create leads can neither open the wizard nor run one."""
        content = base64.b64encode(self._csv(self._rows()))
        with self.assertRaises(AccessError):
            self.env["crm.shiffman.import"].with_user(self.internal).create({"file": content, "team_id": self.team.id})
        wizard = self.env["crm.shiffman.import"].create({"file": content, "team_id": self.team.id})
        with self.assertRaises(AccessError):
            wizard.with_user(self.internal).action_import()
        self.assertFalse(self._imported())

    def test_upload_private_to_its_user(self):
        """A colleague reads neither another salesperson's upload nor its rejected rows."""
        wizard = self._upload(self._csv(self._rows()))
        self.assertEqual(len(wizard.line_ids), 3)
        with self.assertRaises(AccessError):
            wizard.with_user(self.salesman_other).read(["file", "rejected_file"])
        with self.assertRaises(AccessError):
            wizard.line_ids.with_user(self.salesman_other).read(["content"])
