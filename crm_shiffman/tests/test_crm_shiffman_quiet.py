from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanQuiet(CrmShiffmanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.lead = cls._create_lead("interest")  # 14 days, the default
        cls.lead.shiffman_last_contact_date = cls.now - timedelta(days=20)
        cls.fresh = cls._create_lead("interest", name="Fresh")
        cls.fresh.shiffman_last_contact_date = cls.now - timedelta(days=2)

    def test_quiet_compute_and_search(self):
        """A lead without contact beyond its column's days is quiet, computed and searchable."""
        self.assertEqual(self.stages["interest"].rotting_threshold_days, 14)
        self.assertTrue(self.lead.shiffman_quiet)
        self.assertFalse(self.fresh.shiffman_quiet)
        quiet = self.env["crm.lead"].search([("shiffman_quiet", "=", True), ("team_id", "=", self.team.id)])
        self.assertEqual(quiet, self.lead)
        not_quiet = self.env["crm.lead"].search([("shiffman_quiet", "=", False), ("team_id", "=", self.team.id)])
        self.assertIn(self.fresh, not_quiet)
        self.assertNotIn(self.lead, not_quiet)

    def test_default_days(self):
        """A column without its own days uses the default from the settings."""
        self.stages["interest"].rotting_threshold_days = 0
        self.env["ir.config_parameter"].set_param("crm_shiffman.quiet_days", 10)
        self.env.invalidate_all()
        self.assertTrue(self.lead.shiffman_quiet)
        self.env["ir.config_parameter"].set_param("crm_shiffman.quiet_days", 30)
        self.env.invalidate_all()
        self.assertFalse(self.lead.shiffman_quiet)

    def test_won_never_quiet(self):
        """A lead in the Result column is never quiet."""
        self.lead.stage_id = self.stages["result"]
        self.assertFalse(self.lead.shiffman_quiet)

    def test_cron_idempotent(self):
        """The cron gives one Call per quiet episode however often it runs; a new episode gets a new one."""
        Lead = self.env["crm.lead"]
        Lead._cron_shiffman_quiet_reminders()
        Lead._cron_shiffman_quiet_reminders()
        activities = self.lead.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(activities.user_id, self.salesman)
        self.assertFalse(self.fresh.activity_ids)
        # a contact ends the episode; when the lead goes quiet again it gets a new reminder
        self.lead.shiffman_last_contact_date = self.now - timedelta(days=15)
        Lead._cron_shiffman_quiet_reminders()
        Lead._cron_shiffman_quiet_reminders()
        self.assertEqual(len(self.lead.activity_ids), 2)
