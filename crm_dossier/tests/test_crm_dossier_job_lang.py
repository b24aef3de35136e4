from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.crm_card.tests.common_lang import CardJobLanguageMixin

from .common import CrmDossierCommon


@tagged("crm_dossier", "crm_dossier_job_lang", "post_install", "-at_install")
class TestCrmDossierJobLanguage(CardJobLanguageMixin, CrmDossierCommon):
    def test_jobs_write_in_assignee_language(self):
        """Every cron of the dossiers writes for a Russian owner in Russian."""
        self._setup_russian(self.editor, ["crm_card", "crm_dossier"])
        self.entry_other.date = self.today - timedelta(days=100)  # the firm's review is overdue
        written = self._run_module_crons("crm_dossier", self.editor)
        self.assertEqual(written, {"crm_dossier.ir_cron_crm_dossier_review": 1})
        self.assertNoEnglishFor(self.editor, ["crm_card", "crm_dossier"])
