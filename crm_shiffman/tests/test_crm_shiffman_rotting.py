from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanRotting(CrmShiffmanCommon):
    """Odoo's rotting and our "quiet" are one notion on Shiffman leads: a prospect has gone quiet
    when nobody has contacted it for its column's days, whatever its stage's last change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.quiet = cls._create_lead("interest", name="Quiet")  # 14 days, the column's default
        cls.quiet.shiffman_last_contact_date = now - timedelta(days=20)
        # in its column for a month, but called two days ago: Odoo alone would call it rotting
        cls.called = cls._create_lead("interest", name="Called")
        cls.called.shiffman_last_contact_date = now - timedelta(days=2)
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE crm_lead SET date_last_stage_update = %s WHERE id IN %s",
            [now - timedelta(days=30), (cls.quiet.id, cls.called.id)],
        )
        # a lead of an ordinary pipeline keeps Odoo's own rotting by stage date
        cls.other_stage = cls.env["crm.stage"].create({"name": "Negotiation", "rotting_threshold_days": 5})
        cls.ordinary = cls.env["crm.lead"].create(
            {"name": "Ordinary", "type": "opportunity", "stage_id": cls.other_stage.id}
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE crm_lead SET date_last_stage_update = %s WHERE id = %s",
            [now - timedelta(days=9, hours=1), cls.ordinary.id],
        )
        cls.env.invalidate_all()

    def test_rotting_is_quiet_on_shiffman_leads(self):
        """Odoo's rotting badge says what "quiet" says, with the days since the last contact."""
        self.assertEqual((self.quiet.is_rotting, self.quiet.shiffman_quiet), (True, True))
        self.assertEqual(self.quiet.rotting_days, 20)
        self.assertEqual((self.called.is_rotting, self.called.shiffman_quiet), (False, False))

    def test_rotting_search_agrees(self):
        """Odoo's "Rotting" filter finds the quiet prospects, not those contacted lately, and still
        finds the rotting leads of ordinary pipelines."""
        leads = self.quiet | self.called | self.ordinary
        rotting = self.env["crm.lead"].search([("is_rotting", "=", True), ("id", "in", leads.ids)])
        self.assertEqual(rotting, self.quiet | self.ordinary)
        fresh = self.env["crm.lead"].search([("is_rotting", "=", False), ("id", "in", leads.ids)])
        self.assertEqual(fresh, self.called)

    def test_ordinary_pipeline_keeps_odoo_rotting(self):
        self.assertTrue(self.ordinary.is_rotting)
        self.assertEqual(self.ordinary.rotting_days, 9)
