from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import MAIL_ON_CONTEXT, CrmCardCommon


@tagged("crm_card", "crm_card_formal", "post_install", "-at_install")
class TestCrmCardFormal(CrmCardCommon):
    """Who is who (see CrmCardCommon), plus:
      accountant -- Invoicing user, no Client Base group beyond the default
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(cls.env, "card_accountant", groups="account.group_account_invoice")
        cls.bank_account = cls.env["res.partner.bank"].create(
            {"partner_id": cls.client.id, "acc_number": "40702810900000012345"}
        )
        cls.own_bank_account = cls.env["res.partner.bank"].create(
            {"partner_id": cls.env.company.partner_id.id, "acc_number": "40702810900000099999"}
        )

    def test_bank_accounts_confidential(self):
        """Readers and Editors cannot read or add client bank accounts; Data stewards can."""
        for user in (self.reader, self.editor, self.salesman):
            with self.assertRaises(AccessError):
                self.bank_account.with_user(user).read(["acc_number"])
            with self.assertRaises(AccessError):
                self.env["res.partner.bank"].with_user(user).create(
                    {"partner_id": self.client.id, "acc_number": "40702810900000054321"}
                )
            self.assertFalse(self.client.with_user(user).bank_ids)
        steward_account = self.bank_account.with_user(self.steward)
        self.assertEqual(steward_account.acc_number, "40702810900000012345")
        steward_account.acc_number = "40702810900000012346"
        self.env["res.partner.bank"].with_user(self.steward).create(
            {"partner_id": self.client.id, "acc_number": "40702810900000054321"}
        )
        self.client.invalidate_recordset(["bank_ids"])
        self.assertEqual(len(self.client.with_user(self.steward).bank_ids), 2)

    def test_bank_accounts_for_accounting_and_own_company(self):
        """Accounting keeps reading client accounts; everybody reads the own company's accounts."""
        self.assertEqual(self.bank_account.with_user(self.accountant).acc_number, "40702810900000012345")
        self.assertEqual(self.own_bank_account.with_user(self.reader).acc_number, "40702810900000099999")

    def test_editor_edits_but_does_not_delete(self):
        """Readers only read cards, Editors create and edit them, Data stewards may also delete."""
        with self.assertRaises(AccessError):
            self.client.with_user(self.reader).write({"card_need": "Cement"})
        self.assertEqual(self.client.with_user(self.reader).card_category_id, self.category_wholesale)
        self.client.with_user(self.editor).write({"card_need": "Cement"})
        created = self.env["res.partner"].with_user(self.editor).create({"name": "New Client", "is_company": True})
        with self.assertRaises(AccessError):
            created.with_user(self.editor).unlink()
        created.with_user(self.steward).unlink()
        self.assertFalse(created.exists())

    def test_mark_verified(self):
        """'Mark Verified' stamps today; a Reader cannot."""
        with self.assertRaises(AccessError):
            self.client.with_user(self.reader).action_card_mark_verified()
        self.client.with_user(self.editor).action_card_mark_verified()
        self.assertEqual(self.client.card_verified_date, fields.Date.context_today(self.client))

    def test_not_verified_filter(self):
        """The 'Not verified for 12 months' filter finds stale and never verified cards."""
        today = fields.Date.context_today(self.client)
        self.client.card_verified_date = today - relativedelta(months=13)
        self.other_client.card_verified_date = today - relativedelta(months=1)
        never = self.env["res.partner"].create({"name": "Never Checked", "is_company": True})
        # the arch is text, or bytes when another addon rebuilds it (OCA base_tier_validation)
        arch = etree.fromstring(self.env["res.partner"].get_views([(False, "search")])["views"]["search"]["arch"])
        [domain_src] = arch.xpath("//filter[@name='card_not_verified']/@domain")
        domain = safe_eval(domain_src, {"context_today": lambda: today, "relativedelta": relativedelta})
        found = self.env["res.partner"].search(domain)
        self.assertIn(self.client, found)
        self.assertIn(never, found)
        self.assertNotIn(self.other_client, found)

    def test_key_fields_tracked(self):
        """Category and steward changes appear in the chatter."""
        client = self.client.with_context(**MAIL_ON_CONTEXT)
        self.env.cr.precommit.clear()  # the client was created in this transaction: tracking discarded
        client.write(
            {
                "card_category_id": self.env.ref("crm_card.crm_card_category_retail").id,
                "card_steward_id": self.steward.id,
            }
        )
        self.env.cr.precommit.run()
        tracked = self.client.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("card_category_id", tracked)
        self.assertIn("card_steward_id", tracked)

    def test_formal_page_in_form(self):
        """The partner form carries the Formal page; bank accounts only for Data stewards."""
        for user, sees_banks in ((self.reader, False), (self.steward, True)):
            arch = etree.fromstring(
                self.env["res.partner"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertTrue(arch.xpath("//*[@name='crm_card_formal']"))
            self.assertEqual(bool(arch.xpath("//*[@name='crm_card_formal_bank']")), sees_banks)
        for user in (self.reader, self.editor, self.salesman):
            form = Form(self.client.with_user(user))  # loads every field of the form: no AccessError
            self.assertEqual(form.card_info_level, "address")
