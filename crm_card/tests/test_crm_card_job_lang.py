from freezegun import freeze_time

from odoo.tests import tagged

from .common import CrmCardHistoryCommon
from .common_lang import CardJobLanguageMixin
from .test_crm_card_rhythm import DECLINING_ORDERS, SILENT_ORDERS


@tagged("crm_card", "crm_card_job_lang", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardJobLanguage(CardJobLanguageMixin, CrmCardHistoryCommon):
    """The nightly jobs write for the salesman (Russian) in Russian, whatever the cron user's language."""

    def test_jobs_write_in_assignee_language(self):
        """Every cron of the client card writes its To-Dos for a Russian salesperson in Russian."""
        self._setup_russian(self.salesman, ["crm_card"])
        declining = self.env["res.partner"].create(
            {"name": "ООО Кама", "is_company": True, "user_id": self.salesman.id}
        )
        self._create_orders(self.client, SILENT_ORDERS)  # silent, and no order for a year: no satisfaction check
        self._create_orders(declining, DECLINING_ORDERS)  # declining, and a buyer due for a satisfaction check
        self.env["crm.card.event"].create(
            {
                "name": "День рождения Ирины",
                "partner_id": self.contact.id,
                "event_type_id": self.env.ref("crm_card.crm_card_event_type_birthday").id,
                "date": "1980-08-18",
                "remind_days": 7,
                "user_id": self.salesman.id,
            }
        )
        self.env["crm.card.contract"].create(
            {
                "name": "2026/17",
                "partner_id": self.client.id,
                "date": "2026-01-10",
                "date_end": "2026-09-01",
                "state": "active",
                "user_id": self.salesman.id,
            }
        )
        written = self._run_module_crons("crm_card", self.salesman)
        self.assertEqual(
            written,
            {
                "crm_card.ir_cron_crm_card_event_remind": 1,
                "crm_card.ir_cron_crm_card_contract_end": 1,
                "crm_card.ir_cron_crm_card_rhythm": 2,
                "crm_card.ir_cron_crm_card_satisfaction": 1,
                "crm_card.ir_cron_crm_card_info_level": 0,  # recomputes a stored level, writes no text
            },
        )
        self.assertNoEnglishFor(self.salesman, ["crm_card"])
        # the quarters of a decline read as Russian quarters, not "Q4 2025"
        falling = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", declining.id)])
        self.assertIn("4 кв. 2025", " ".join(falling.mapped("summary")))
