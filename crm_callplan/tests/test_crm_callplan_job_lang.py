from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_card.tests.common_lang import CardJobLanguageMixin

from .common import CallplanCommon


@tagged("crm_callplan", "crm_callplan_job_lang", "post_install", "-at_install")
class TestJobLanguage(CardJobLanguageMixin, CallplanCommon):
    def test_jobs_write_in_assignee_language(self):
        """Every cron of the call plans writes a Russian salesperson's calls in Russian, an English one's in English."""
        self._setup_russian(self.anna, ["crm_card", "crm_callplan"])
        self._make_clients(2, self.anna, potential=200000, prefix="Клиент")
        boris_client = self._make_clients(1, self.boris, potential=200000)
        self.plan.action_activate()
        self.plan.line_ids.next_due_date = fields.Date.subtract(self.today, days=3)
        written = self._run_module_crons("crm_callplan", self.anna)
        self.assertEqual(written, {"crm_callplan.ir_cron_crm_callplan_generate_calls": 2})
        self.assertNoEnglishFor(self.anna, ["crm_card", "crm_callplan"])
        boris_call = self._plan_activities().filtered(lambda activity: activity.res_id == boris_client.id)
        self.assertEqual(boris_call.summary, "Plan call: Key accounts")

    def test_generators_write_in_assignee_language(self):
        """Greetings and mailing follow-ups planned by an English manager read in Russian for a Russian salesperson."""
        self._setup_russian(self.anna, ["crm_card", "crm_callplan"])
        tag = self.env["res.partner.category"].create({"name": "Рассылка"})
        self._make_clients(2, self.anna, potential=200000, prefix="Клиент", category_id=[(6, 0, tag.ids)])
        self.plan.action_activate()
        manager = self.env(user=self.sales_manager, context={"lang": "en_US"})
        manager["crm.callplan.greeting"].create(
            {"plan_id": self.plan.id, "occasion": "Новый год", "date": fields.Date.add(self.today, days=20)}
        ).action_plan_greetings()
        manager["crm.callplan.mailing.followup"].create(
            {
                "campaign_id": self.env["utm.campaign"].create({"name": "Весенний прайс"}).id,
                "send_date": fields.Date.add(self.today, days=1),
                "tag_ids": [(6, 0, tag.ids)],
            }
        ).action_plan_calls()
        self.assertEqual(len(self._user_texts(self.anna)[1]), 4)
        self.assertNoEnglishFor(self.anna, ["crm_card", "crm_callplan"])
