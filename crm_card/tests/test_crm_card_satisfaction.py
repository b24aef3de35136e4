from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CrmCardHistoryCommon


@tagged("crm_card", "crm_card_satisfaction", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardSatisfaction(CrmCardHistoryCommon):
    def _due_activities(self, partners):
        return self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"),
            ("res_id", "in", partners.ids),
            ("activity_type_id", "=", self.env.ref("crm_card.mail_activity_type_card_satisfaction").id),
        ])

    def test_score_range(self):
        """The score must lie between 1 and 5."""
        Satisfaction = self.env["crm.card.satisfaction"]
        self.assertEqual(Satisfaction.create({"partner_id": self.client.id, "score": 1}).score, 1)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            Satisfaction.create({"partner_id": self.client.id, "score": 6})
            self.env.flush_all()

    def test_filed_under_company(self):
        """A check given on a contact person is filed on its company and listed on the card."""
        check = self.env["crm.card.satisfaction"].create({"partner_id": self.contact.id, "score": 4})
        self.assertEqual(check.partner_id, self.client)
        self.assertEqual(self.client.card_satisfaction_ids, check)

    def test_check_due_once(self):
        """A recent buyer without a check for a year gets one activity, however often the cron runs."""
        self._create_orders(self.client, [("2026-05-01", 100.0)])
        self._create_orders(self.other_client, [("2026-06-01", 100.0)])
        self.env["crm.card.satisfaction"].create({"partner_id": self.other_client.id, "date": "2026-01-10", "score": 5})
        old_buyer = self.env["res.partner"].create({"name": "Old Buyer", "is_company": True})
        self._create_orders(old_buyer, [("2025-06-01", 100.0)])
        self.env["res.partner"]._cron_card_satisfaction_due()
        self.env["res.partner"]._cron_card_satisfaction_due()
        activity = self._due_activities(self.client | self.other_client | old_buyer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.res_id, self.client.id)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.summary, "Satisfaction check due")

    def test_check_due_after_a_year(self):
        """A check older than 365 days makes a new one due."""
        self._create_orders(self.client, [("2026-05-01", 100.0)])
        self.env["crm.card.satisfaction"].create({"partner_id": self.client.id, "date": date(2025, 8, 14), "score": 3})
        self.env["res.partner"]._plan_card_satisfaction_checks()
        self.assertEqual(len(self._due_activities(self.client)), 1)

    def test_access(self):
        """Reader reads, Editor creates and writes, Steward deletes."""
        Satisfaction = self.env["crm.card.satisfaction"]
        with self.assertRaises(AccessError):
            Satisfaction.with_user(self.reader).create({"partner_id": self.client.id, "score": 3})
        check = Satisfaction.with_user(self.editor).create({"partner_id": self.client.id, "score": 3})
        check.with_user(self.editor).write({"score": 4})
        self.assertEqual(check.with_user(self.reader).score, 4)
        with self.assertRaises(AccessError):
            check.with_user(self.editor).unlink()
        check.with_user(self.steward).unlink()
        self.assertFalse(check.exists())

    def test_own_clients_only(self):
        """'Own clients only' hides checks of other salespeople's clients."""
        Satisfaction = self.env["crm.card.satisfaction"]
        mine = Satisfaction.create({"partner_id": self.client.id, "score": 5})
        other = Satisfaction.create({"partner_id": self.other_client.id, "score": 2})
        self.client.user_id = self.own
        visible = Satisfaction.with_user(self.own).search([("id", "in", (mine | other).ids)])
        self.assertEqual(visible, mine)
