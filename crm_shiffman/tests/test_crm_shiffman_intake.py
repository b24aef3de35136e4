import csv
import io

from odoo.tests import Form, tagged

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanIntake(CrmShiffmanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["utm.source"].create({"name": "Stroyexpo 2026"})
        cls.Lead = cls.env["crm.lead"].with_context(
            default_team_id=cls.team.id, default_type="opportunity", default_user_id=cls.salesman.id
        )

    def test_quick_create_business_card(self):
        """The quick-create form files a business card as a prospect with its source."""
        form = Form(self.Lead.with_user(self.salesman), view="crm_shiffman.crm_lead_view_form_shiffman_quick_create")
        form.name = "Kama Bricks: facing bricks"
        form.partner_name = "Kama Bricks"
        form.contact_name = "Oleg Smirnov"
        form.phone = "+7 843 555 01 02"
        form.email_from = "oleg@kamabricks.example.com"
        form.source_id = self.source
        form.card_category_id = self.category
        lead = form.save()
        self.assertEqual(lead.stage_id, self.stages["prospect"])
        self.assertEqual(lead.source_id, self.source)
        self.assertEqual(lead.card_category_id, self.category)
        self.assertFalse(lead.shiffman_duplicate_partner_ids)

    def test_duplicate_partner_flagged(self):
        """A prospect whose e-mail or phone belongs to an existing client is flagged."""
        by_email = self.Lead.create({"name": "Again", "email_from": "INFO@volgatrade.example.com"})
        by_phone = self.Lead.create({"name": "Again", "phone": "+7 (495) 123-45-67"})
        own = self.Lead.create({"name": "Theirs", "partner_id": self.client.id})
        self.assertEqual(by_email.shiffman_duplicate_partner_ids, self.client)
        self.assertEqual(by_phone.shiffman_duplicate_partner_ids, self.client)
        self.assertFalse(own.shiffman_duplicate_partner_ids)

    def test_lead_and_card_guards_agree(self):
        """A lead and a client card with the same phone or e-mail, however typed, flag the same
        partners: both guards compare Odoo's keys (``phone_sanitized``, ``email_normalized``)."""
        russia = self.env.ref("base.ru")
        kama = self.env["res.partner"].create(
            {
                "name": "Kama Bricks JSC",
                "is_company": True,
                "country_id": russia.id,
                "phone": "8 (912) 345-67-89",
                "email": "ivan@kamabricks.example.com, sales@kamabricks.example.com",
            }
        )
        for field, lead_field, value in (
            ("phone", "phone", "+7 912 345 67 89"),
            ("email", "email_from", "Ivan <IVAN@KamaBricks.example.com>"),
        ):
            with self.subTest(field=field):
                card = self.env["res.partner"].create(
                    {"name": f"Kama Bricks ({field})", "is_company": True, "country_id": russia.id, field: value}
                )
                lead = self.Lead.create({"name": "Kama again", "country_id": russia.id, lead_field: value})
                self.assertEqual(card.card_duplicate_ids, kama)
                self.assertEqual(lead.shiffman_duplicate_partner_ids, kama | card)

    def test_import_reads_emails_as_odoo(self):
        """An imported e-mail is checked as Odoo reads e-mails: an address with a name is one, a
        text without an address is refused with its line."""
        result = self.Lead.with_context(import_file=True).load(
            ["name", "email_from"],
            [["Kama Bricks", "Ivan Petrov <ivan@kamabricks.example.com>"], ["Kama Tiles", "ivan at kamabricks"]],
        )
        self.assertFalse(result["ids"])
        errors = [message["message"] for message in result["messages"] if message.get("type") == "error"]
        self.assertTrue(errors)
        self.assertTrue(all("ivan at kamabricks is not a valid e-mail" in error for error in errors), errors)

    def test_category_from_client(self):
        """The lead shows its client's category, to group the table by category."""
        lead = self._create_lead("prospect")
        self.assertEqual(lead.card_category_id, self.category)
        groups = self.env["crm.lead"]._read_group([("id", "=", lead.id)], ["card_category_id"], ["__count"])
        self.assertEqual(groups, [(self.category, 1)])

    def _rows(self, count):
        """Prospect rows where every tenth is broken: bad e-mail, unknown category or empty name."""
        rows, broken = [], {}
        for index in range(count):
            row = [
                f"Prospect {index}",
                f"Firm {index}",
                f"Person {index}",
                f"p{index}@firm{index}.example.com",
                self.source.name,
                self.category.name,
            ]
            if index % 10 == 9:
                kind = (index // 10) % 3
                if kind == 0:
                    row[3] = f"p{index} at firm{index}"
                elif kind == 1:
                    row[5] = "Space agency"
                else:
                    row[0] = ""
                broken[index + 1] = kind
            rows.append(row)
        return rows, broken

    def test_import_broken_rows(self):
        """5,000 prospects with one row in ten broken: good rows land in Prospect, bad ones reported by line."""
        fields_list = ["name", "partner_name", "contact_name", "email_from", "source_id", "card_category_id"]
        rows, broken = self._rows(5000)
        Import = self.env["crm.shiffman.import"].with_user(self.salesman)
        result = Import.with_context(**self.Lead.env.context)._load_prospects(fields_list, rows)
        self.assertEqual(len(result["ids"]), 4500)
        self.assertEqual({message["line"] for message in result["messages"]}, set(broken))
        leads = self.env["crm.lead"].browse(result["ids"])
        self.assertEqual(set(leads.mapped("shiffman_column")), {"prospect"})
        self.assertEqual(leads.source_id, self.source)
        # nothing of a broken row was written
        self.assertFalse(
            self.env["crm.lead"].search_count([("partner_name", "in", [f"Firm {line - 1}" for line in broken])])
        )
        self.assertEqual(self.env["crm.shiffman.move"].search_count([("lead_id", "in", leads.ids)]), 4500)

    def test_base_import_reports_lines(self):
        """Odoo's own import refuses a file with a bad e-mail and names the line."""
        rows, _broken = self._rows(10)
        data = io.StringIO()
        writer = csv.writer(data)
        writer.writerow(["Name", "Company", "Contact", "Email", "Source", "Category"])
        writer.writerows(rows)
        wizard = (
            self.env["base_import.import"]
            .with_context(default_team_id=self.team.id, default_type="opportunity")
            .create({"res_model": "crm.lead", "file": data.getvalue().encode(), "file_type": "text/csv"})
        )
        result = wizard.execute_import(
            ["name", "partner_name", "contact_name", "email_from", "source_id", "card_category_id"],
            [],
            {"has_headers": True, "quoting": '"', "separator": ","},
        )
        self.assertFalse(result["ids"])
        email_errors = [m for m in result["messages"] if "not a valid e-mail" in m["message"]]
        # Odoo repeats the batch's first error against the first row; the real one names row 9
        self.assertIn(9, [m["rows"]["from"] for m in email_errors])
        self.assertFalse(self.env["crm.lead"].search_count([("partner_name", "=", "Firm 0")]))
