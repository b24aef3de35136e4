import base64
import csv
import io
import zipfile
from datetime import date
from unittest.mock import patch

import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_fields import IrFieldsConverter as OdooFieldsConverter

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

    def test_colleague_row_refused_alone(self):
        """A sales user's file with a row for a colleague: that row alone is refused, saying why;
        the first row, on which Odoo reports the failed batch, lands with the others."""
        rows = [self._row(1), self._row(2), self._row(3, Salesperson=self.salesman_other.name), self._row(4)]
        wizard = self._upload(self._csv(rows))
        self.assertEqual(wizard.created_count, 3)
        self.assertEqual(sorted(wizard.lead_ids.mapped("name")), ["Prospect 1", "Prospect 2", "Prospect 4"])
        self.assertEqual(self._imported(), wizard.lead_ids, "nothing of the colleague's row is written")
        self.assertEqual(wizard.lead_ids.user_id, self.salesman)
        self.assertEqual(wizard.line_ids.mapped("row"), [4])
        self.assertIn(self.salesman_other.name, wizard.line_ids.reason)
        self.assertIn("Firm 3", wizard.line_ids.content)

    def test_refused_rows_wherever_they_stand(self):
        """Rows a record rule refuses, first, last, alone, in every chunk or more than Odoo reports
        at once: each refused on its own line with its own reason, every other row loaded."""
        self.env["ir.rule"].create(
            {
                "name": "No secret prospects",
                "model_id": self.env["ir.model"]._get_id("crm.lead"),
                "domain_force": "[('name', 'not like', 'Secret')]",
            }
        )
        Import = (
            self.env["crm.shiffman.import"]
            .with_user(self.salesman)
            .with_context(default_team_id=self.team.id, default_type="opportunity", tracking_disable=True)
        )
        # M: a row of the uploader's own; C: a colleague's (refused, saying so); S: the uploader's
        # own but refused by the rule above (Odoo's message, the same for every row)
        reasons = {"C": f"for {self.salesman_other.name}, and you may create only your own", "S": "'create' access"}
        cases = {
            "first row": ("CMMM", 500),
            "first and a later row": ("CMCMM", 500),
            "a later row": ("MMCM", 500),
            "the only row": ("C", 500),
            "all but the first": ("MCCC", 500),
            "more than ten of them": ("M" + "CCM" * 12, 500),
            "in every chunk": ("M" + "CCM" * 12, 4),
            "same message, first and later": ("SMSMM", 500),
            "same message, later": ("MMSMS", 500),
            "same message, many": ("M" + "SSM" * 12, 500),
            "both kinds": ("SMCMSC", 500),
        }
        for case, (pattern, chunk_size) in cases.items():
            rows = [
                ["Secret" if kind == "S" else "Open", (self.salesman_other if kind == "C" else self.salesman).name]
                for kind in pattern
            ]
            for index, row in enumerate(rows):
                row[0] += f" {index}"
            savepoint = self.env.cr.savepoint()
            try:
                with self.subTest(case=case):
                    result = Import._load_prospects(["name", "user_id"], rows, chunk_size=chunk_size)
                    leads = self.env["crm.lead"].browse(result["ids"])
                    loaded = [row[0] for row, kind in zip(rows, pattern, strict=True) if kind == "M"]
                    self.assertEqual(leads.mapped("name"), loaded)
                    self.assertFalse(leads.filtered(lambda lead: lead.user_id != self.salesman))
                    refused = [(index + 1, kind) for index, kind in enumerate(pattern) if kind != "M"]
                    self.assertEqual([message["line"] for message in result["messages"]], [line for line, _ in refused])
                    for message, (_line, kind) in zip(result["messages"], refused, strict=True):
                        self.assertIn(reasons[kind], message["message"])
            finally:
                savepoint.close(rollback=True)

    def test_upload_private_to_its_user(self):
        """A colleague reads neither another salesperson's upload nor its rejected rows."""
        wizard = self._upload(self._csv(self._rows()))
        self.assertEqual(len(wizard.line_ids), 3)
        with self.assertRaises(AccessError):
            wizard.with_user(self.salesman_other).read(["file", "rejected_file"])
        with self.assertRaises(AccessError):
            wizard.line_ids.with_user(self.salesman_other).read(["content"])

    def test_quick_add_titles_in_russian(self):
        """The quick-add form's Russian titles fill the prospect, "Компания" its firm, whatever the user's language."""
        self.env["res.lang"]._activate_lang("ru_RU")
        header = ["Название", "Компания", "Контактное лицо", "Телефон", "Эл. почта", "Источник"]
        for index, lang in enumerate(("ru_RU", "en_US"), start=1):
            with self.subTest(lang=lang):
                self.salesman.lang = lang
                row = [f"Кирпичи {index}", f"Firm {index}", "Ирина Петрова", "+7 843 555 00 01", "p@firm.example.com",
                       self.source.name]
                wizard = self._upload(self._csv([row], header=header), Import=self.Import.with_context(lang=lang))
                self.assertFalse(wizard.line_ids.mapped("reason"))
                lead = wizard.lead_ids
                self.assertEqual(
                    (lead.name, lead.partner_name, lead.contact_name, lead.email_from, lead.source_id),
                    (f"Кирпичи {index}", f"Firm {index}", "Ирина Петрова", "p@firm.example.com", self.source),
                )

    def test_title_synonyms(self):
        """Common synonyms in English and Russian name the same fields; "Company" is never the Odoo company."""
        for header in (
            ["Prospect", "Company", "Contact Person", "Telephone", "E-mail"],
            ["Наименование", "Организация", "ФИО", "Тел.", "Почта"],
            ["name", "COMPANY NAME ", "contact", "mobile", "EMAIL"],
        ):
            with self.subTest(header=header):
                row = ["Bricks", "Firm 9", "Irina Petrova", "+7 843 555 00 09", "p9@firm9.example.com"]
                lead = self._upload(self._csv([row], header=header)).lead_ids
                self.assertEqual(
                    (lead.name, lead.partner_name, lead.contact_name, lead.phone, lead.email_from), tuple(row)
                )
                self.assertEqual(lead.company_id, self.env.company)

    def test_template_in_user_language(self):
        """"Download template" gives the quick-add's titles in the user's language; filled in, it uploads as it is."""
        self.env["res.lang"]._activate_lang("ru_RU")
        # the titles are the form's labels and the fields' strings: their Russian comes with the modules' terms
        self.env["ir.module.module"]._load_module_terms(["base", "crm", "utm", "crm_card", "crm_shiffman"], ["ru_RU"])
        expected = {
            "en_US": ["Prospect", "Company", "Person", "Phone", "Email", "Source", "Client Category"],
            "ru_RU": ["Потенциальный клиент", "Компания", "Контактное лицо", "Телефон", "Эл. почта", "Источник",
                      "Категория клиента"],
        }
        for lang, titles in expected.items():
            with self.subTest(lang=lang):
                Import = self.Import.with_context(lang=lang)
                wizard = Import.create({"team_id": self.team.id})
                action = wizard.action_download_template()
                self.assertEqual(action["type"], "ir.actions.act_url")
                self.assertIn(f"id={wizard.id}", action["url"])
                self.assertTrue(wizard.template_file_name.endswith(".xlsx"))
                importer = self.env["base_import.import"].new(
                    {"res_model": "crm.lead", "file": base64.b64decode(wizard.template_file),
                     "file_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
                )
                _count, rows = importer._read_file({"has_headers": True})
                self.assertEqual(rows, [titles])
                row = [f"Template {lang}", "Firm T", "Irina", "+7 843 555 00 10", "t@firm.example.com",
                       self.source.name, self.category.name]
                lead = self._upload(self._csv([row], header=titles), Import=Import).lead_ids
                self.assertEqual((lead.name, lead.card_category_id), (f"Template {lang}", self.category))


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanImportLookups(CrmShiffmanCommon):
    """Sources, tags and salespeople named in an upload: looked up once per column, answering as
    Odoo's cell-by-cell name search does. ``salesman`` uploads; ``tiles`` and ``fair`` are the
    second tag and source of the files, ``twins`` two sources of one name."""

    FIELDS = ["name", "email_from", "source_id", "tag_ids", "user_id"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["utm.source"].create({"name": "Stroyexpo 2026"})
        cls.fair = cls.env["utm.source"].create({"name": "Kazan Fair"})
        cls.twins = cls.env["utm.source"].create([{"name": "Twin Fair"}, {"name": "Twin Fair"}])
        cls.tag = cls.env["crm.tag"].create({"name": "Bricks"})
        cls.tiles = cls.env["crm.tag"].create({"name": "Tiles"})
        cls.Import = (
            cls.env["crm.shiffman.import"]
            .with_user(cls.salesman)
            .with_context(default_team_id=cls.team.id, default_type="opportunity", tracking_disable=True)
        )

    def _rows(self, count, email="p{index}@firm{index}.example.com"):
        """``count`` rows over few names; every 7th row names an unknown source, every 5th an unknown tag."""
        return [
            [
                f"Prospect {index}",
                email.format(index=index),
                "Space Agency" if index % 7 == 6 else (self.source, self.fair)[index % 2].name,
                "Bricks,Glass" if index % 5 == 4 else "Bricks,Tiles",
                self.salesman.name,
            ]
            for index in range(count)
        ]

    def _load(self, rows, user=None):
        """``(queries, result)`` of loading ``rows`` (by ``salesman`` or ``user``), caches emptied first."""
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = self.Import.with_user(user or self.salesman)._load_prospects(self.FIELDS, rows)
        self.env.flush_all()
        return self.cr.sql_log_count - before, result

    def test_precheck_queries_do_not_grow_with_rows(self):
        """The pre-check looks up each column once: 10 rows or 200 rows, the same queries."""
        bad_email = "not an address {index}"
        self._load(self._rows(3, email=bad_email))  # warm the caches (access rules, registry)
        counts = []
        for count in (10, 200):
            rows = self._rows(count, email=bad_email)
            # savepoint, rollback, release (3); one search per column: sources, tags, users by
            # login or name at once and their partners' names (4); the unknown source and the
            # unknown tag asked once each, as Odoo asks them (2); the user's companies for the
            # access rules (1). Nothing per cell.
            with self.assertQueryCount(10):
                queries, result = self._load(rows)
            counts.append(queries)
            self.assertFalse(result["ids"])
            self.assertEqual(len(result["messages"]), count, "every row refused, by its e-mail or a name")
        self.assertEqual(counts[0], counts[1])

    def test_import_queries_grow_only_by_the_stage(self):
        """Pre-check and load together: the load asks for no name again; per row, only the stage."""
        self._load(self._rows(3))
        for count in (10, 200):
            rows = self._rows(count)
            accepted = len([row for row in rows if row[2] != "Space Agency" and "Glass" not in row[3]])
            # the pre-check (see above), then the accepted rows created in one batch: 34 queries
            # for 7 leads, 37 for 137 (the ORM writes them in two groups), plus crm's search of
            # each new lead's first stage (_compute_stage_id), the one query a row left
            with self.assertQueryCount(37 + accepted):
                _queries, result = self._load(rows)
            self.assertEqual(len(result["ids"]), accepted)
            self.assertEqual(len(result["messages"]), count - accepted)

    def _load_outcome(self, rows, user):
        """Messages and created leads of loading ``rows``, rolled back afterwards."""
        savepoint = self.env.cr.savepoint()
        try:
            _queries, result = self._load(rows, user)
            leads = self.env["crm.lead"].browse(result["ids"])
            return result["messages"], [
                (lead.name, lead.source_id.id, lead.tag_ids.ids, lead.user_id.id) for lead in leads
            ]
        finally:
            savepoint.close(rollback=True)

    def test_lookup_answers_as_odoo_name_search(self):
        """Each name gets the answer of Odoo's own name search, cell by cell: exact case and spaces,
        the first of two matches, a salesperson by login or name, nothing a record rule hides."""
        other_company = self.env["res.company"].create({"name": "Other Company"})
        foreign = new_test_user(
            self.env,
            "shf_foreign",
            groups="sales_team.group_sale_salesman",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        gone = new_test_user(self.env, "shf_gone", groups="sales_team.group_sale_salesman")
        gone.action_archive()
        self.env["utm.source"].create({"name": "Hidden Fair"})
        self.env["ir.rule"].create(
            {
                "name": "No hidden sources for sales",
                "model_id": self.env["ir.model"]._get_id("utm.source"),
                "domain_force": "[('name', 'not like', 'Hidden')]",
                "groups": [Command.link(self.env.ref("sales_team.group_sale_salesman").id)],
            }
        )
        rows = [
            ["Exact", "a@firm.example.com", "Stroyexpo 2026", "Bricks,Tiles", self.salesman.name],
            ["Case", "b@firm.example.com", "stroyexpo 2026", "Bricks", self.salesman.name],
            ["Spaces", "c@firm.example.com", "Kazan Fair", "Bricks, Tiles", self.salesman.name],
            ["Twins", "d@firm.example.com", "Twin Fair", "Tiles,Tiles", self.salesman.login],
            ["Colleague", "e@firm.example.com", "Kazan Fair", "", self.salesman_other.name],
            ["Foreign", "f@firm.example.com", "Kazan Fair", "", foreign.name],
            ["Archived", "g@firm.example.com", "Kazan Fair", "", gone.name],
            ["Unknown", "h@firm.example.com", "Space Agency", "Glass", "Nobody"],
            ["Hidden", "i@firm.example.com", "Hidden Fair", "", ""],
        ]
        lookup = self._load_outcome(rows, self.manager)
        with patch.object(type(self.Import), "_lookup_names", lambda *args: {}):
            cell_by_cell = self._load_outcome(rows, self.manager)
        self.assertEqual(lookup, cell_by_cell)
        messages, created = lookup
        self.assertEqual([name for name, *_ in created], ["Exact", "Twins", "Colleague", "Foreign"])
        self.assertEqual(created[1][1:], (self.twins[0].id, self.tiles.ids, self.salesman.id))
        self.assertEqual(created[3][3], foreign.id)
        self.assertEqual([message["line"] for message in messages], [2, 3, 7, 8, 9])
        self.assertIn("stroyexpo 2026", messages[0]["message"])
        self.assertIn("' Tiles'", messages[1]["message"])
        self.assertIn("Hidden Fair", messages[4]["message"])

    def test_partner_import_untouched(self):
        """An ordinary import (partners, through Odoo's load) is Odoo's own: with the upload's
        converter override in place it makes the same queries and gets the same answers as
        Odoo's converter alone; only the upload's context key turns the override on."""
        company = self.env["res.partner"].create({"name": "Kama Steel", "is_company": True})
        Partner = self.env["res.partner"].with_context(import_file=True)
        rows = [["Anna Volkova", "Kama Steel"], ["Boris Orlov", "Kama Steel"], ["Vera Lis", ""]]

        def load():
            savepoint = self.env.cr.savepoint()
            try:
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                result = Partner.load(["name", "parent_id"], rows)
                self.env.flush_all()
                queries = self.cr.sql_log_count - before
                parents = [partner.parent_id.name for partner in Partner.browse(result["ids"])]
                return queries, parents, result["messages"]
            finally:
                savepoint.close(rollback=True)

        load()  # warm the caches (field labels, access rules)
        with_override = load()
        with patch.object(type(self.env["ir.fields.converter"]), "db_id_for", OdooFieldsConverter.db_id_for):
            odoo_alone = load()
        self.assertEqual(with_override, odoo_alone)
        self.assertEqual(with_override[1], [company.name, company.name, False])
        self.assertFalse(with_override[2])
