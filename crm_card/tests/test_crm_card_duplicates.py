from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_duplicates", "post_install", "-at_install")
class TestCrmCardDuplicates(CrmCardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.russia = cls.env.ref("base.ru")
        cls.client.write({"country_id": cls.russia.id, "phone": "+7 495 123-45-67"})

    def _partner(self, name, **vals):
        return self.env["res.partner"].create({"name": name, "is_company": True, "country_id": self.russia.id, **vals})

    def test_phone_formats(self):
        """The same Russian number written two ways is the same phone."""
        twin = self._partner("Volga Trade (branch)", phone="84951234567")
        self.assertEqual(twin.phone_sanitized, "+74951234567")
        self.assertEqual(self.client.phone_sanitized, "+74951234567")
        self.assertEqual(twin.card_duplicate_ids, self.client)
        self.assertEqual(self.client.card_duplicate_ids, twin)
        self.assertTrue(self.client.card_has_duplicates)

    def test_email_case(self):
        """E-mails differing only in case and spacing are the same."""
        twin = self._partner("Volga Trade Co", email="  INFO@VolgaTrade.example.com ")
        self.assertEqual(twin.card_duplicate_ids, self.client)
        other = self._partner("Volga Trading", email="sales@volgatrade.example.com")
        self.assertFalse(other.card_duplicate_ids)

    def test_email_as_odoo_reads_it(self):
        """An e-mail written with a name, or first of two in the field, is the same e-mail:
        Odoo's own key of it (``email_normalized``), which the lead's guard compares too."""
        self.client.email = "info@volgatrade.example.com, sales@volgatrade.example.com"
        twin = self._partner("Volga Trade Co", email='"Irina Petrova" <Info@VolgaTrade.example.com>')
        self.assertEqual(twin.card_duplicate_ids, self.client)
        self.assertEqual(self.client.card_duplicate_ids, twin)

    def test_vat(self):
        """Tax IDs with and without country prefix or spaces are the same."""
        first = self._partner("Kama Cement", vat="RU 7701 234567")
        second = self._partner("Kama Cement Plant", vat="7701234567")
        self.assertEqual(first.card_vat_key, "7701234567")
        self.assertEqual(second.card_duplicate_ids, first)

    def test_same_company_is_not_duplicate(self):
        """A contact person sharing the company's phone is not a duplicate of it."""
        self.contact.phone = "+7 (495) 123-45-67"
        self.assertFalse(self.client.card_duplicate_ids)
        self.assertFalse(self.contact.card_duplicate_ids)

    def test_duplicate_never_blocks_saving(self):
        """The form warns about a duplicate while typing and still saves."""
        form = Form(self.env["res.partner"].with_user(self.editor).with_context(default_is_company=True))
        form.name = "Volga Trade LLC"
        form.country_id = self.russia
        form.phone = "8 (495) 123-45-67"
        self.assertTrue(form.card_has_duplicates)
        partner = form.save()
        self.assertEqual(partner.card_duplicate_ids, self.client)

    def test_has_duplicates_filter(self):
        """The 'Has Duplicates' filter finds both twins and not the others."""
        twin = self._partner("Volga Trade (branch)", phone="+7 495 123 45 67")
        Partner = self.env["res.partner"]
        with_dups = Partner.search([("card_has_duplicates", "=", True)])
        self.assertIn(self.client, with_dups)
        self.assertIn(twin, with_dups)
        self.assertNotIn(self.other_client, with_dups)
        self.assertNotIn(self.contact, with_dups)
        without = Partner.search([("card_has_duplicates", "=", False)])
        self.assertIn(self.other_client, without)
        self.assertNotIn(twin, without)

    def test_merge_for_stewards_only(self):
        """A Data steward opens Odoo's merge wizard preloaded with the twins; an Editor cannot."""
        twin = self._partner("Volga Trade (branch)", phone="84951234567", email="info@volgatrade.example.com")
        with self.assertRaises(AccessError):
            self.client.with_user(self.editor).action_card_merge_duplicates()
        action = self.client.with_user(self.steward).action_card_merge_duplicates()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = self.env[action["res_model"]].with_user(self.steward).with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_ids, self.client | twin)
        wizard.action_merge()
        self.assertEqual(len((self.client | twin).exists()), 1)

    def test_merge_lands_on_survivor(self):
        """After the merge the steward lands on the client kept, not on the duplicate the wizard came from."""
        twin = self._partner("Volga Trade LLC", phone="84951234567", email="info@volgatrade.example.com")
        action = twin.with_user(self.steward).action_card_merge_duplicates()
        wizard = self.env[action["res_model"]].with_user(self.steward).with_context(**action["context"]).create({})
        wizard.dst_partner_id = self.client
        result = wizard.action_merge()
        self.assertFalse(twin.exists())
        self.assertEqual(
            (result["type"], result["res_model"], result["res_id"], result["target"]),
            ("ir.actions.act_window", "res.partner", self.client.id, "current"),
        )

    def test_merge_list_tells_twins_apart(self):
        """The merge wizard lists each partner's phone, city and salesperson: two equal names can be told apart."""
        Wizard = self.env["base.partner.merge.automatic.wizard"].with_user(self.steward)
        arch = etree.fromstring(Wizard.get_views([(False, "form")])["views"]["form"]["arch"])
        columns = [node.get("name") for node in arch.xpath("//field[@name='partner_ids']/list/field")]
        for fname in ("phone", "city", "user_id"):
            self.assertIn(fname, columns)

    def test_query_budget(self):
        """Finding the duplicates of 50 partners costs the same queries as for 5."""

        def make(count, prefix):
            return self.env["res.partner"].create(
                [
                    {
                        "name": f"{prefix} {i}",
                        "phone": f"+7 900 {i:03d} 00 0{i % 2}",
                        "email": f"{prefix}{i % 3}@x.example.com",
                    }
                    for i in range(count)
                ]
            )

        few, many = make(5, "few"), make(50, "many")
        # one search over the three keys, then the candidates' commercial partners
        for partners in (few, many):
            self.env.invalidate_all()
            with self.assertQueryCount(3):
                partners.mapped("card_duplicate_ids")
