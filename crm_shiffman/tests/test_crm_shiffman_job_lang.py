from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_card.tests.common_lang import CardJobLanguageMixin

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "crm_shiffman_job_lang", "post_install", "-at_install")
class TestCrmShiffmanJobLanguage(CardJobLanguageMixin, CrmShiffmanCommon):
    def test_jobs_write_in_assignee_language(self):
        """Every cron of the Shiffman table writes for a Russian salesperson in Russian."""
        self._setup_russian(self.salesman, ["crm_card", "crm_shiffman"])
        lead = self._create_lead("interest", name="Кирпичи для Волги")
        lead.shiffman_last_contact_date = fields.Datetime.now() - timedelta(days=20)  # quiet
        written = self._run_module_crons("crm_shiffman", self.salesman)
        self.assertEqual(written, {"crm_shiffman.ir_cron_crm_shiffman_quiet": 1})
        self.assertNoEnglishFor(self.salesman, ["crm_card", "crm_shiffman"])

    def test_followup_in_assignee_language(self):
        """A manager (English) keeping a lead prospective plans the salesperson's call in Russian."""
        self._setup_russian(self.salesman, ["crm_card", "crm_shiffman"])
        lead = self._create_lead("result", name="Кирпичи для Волги")
        self.env["crm.shiffman.result.wizard"].with_user(self.manager).with_context(lang="en_US").create(
            {"lead_id": lead.id, "result": "prospective"}
        ).action_apply()
        self.assertEqual(len(self._user_texts(self.salesman)[1]), 1)
        self.assertNoEnglishFor(self.salesman, ["crm_card", "crm_shiffman"])
