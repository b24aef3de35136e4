from lxml import etree

from odoo.tests import tagged

from .common import CallplanCommon


@tagged("crm_callplan", "post_install", "-at_install")
class TestPlanForm(CallplanCommon):
    def test_finish_asks_first(self):
        """Finishing an active plan says so and asks for confirmation, in English and in Russian."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(["crm_callplan"], ["ru_RU"])
        for lang, string, question in (
            ("en_US", "Finish Plan", "Finish the plan?"),
            ("ru_RU", "Завершить план", "Завершить план?"),
        ):
            with self.subTest(lang=lang):
                Plan = self.env["crm.callplan"].with_user(self.sales_manager).with_context(lang=lang)
                arch = etree.fromstring(Plan.get_view(view_type="form")["arch"])
                [button] = arch.xpath("//button[@name='action_close']")
                self.assertEqual(button.get("string"), string)
                self.assertTrue(button.get("confirm", "").startswith(question), button.get("confirm"))
