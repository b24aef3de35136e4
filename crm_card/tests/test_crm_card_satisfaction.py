from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_card.models import res_partner_satisfaction

from .common import CrmCardHistoryCommon


@tagged("crm_card", "crm_card_satisfaction", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardSatisfaction(CrmCardHistoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_b = cls.env["product.product"].create({"name": "Gypsum Plaster", "type": "consu"})

    def setUp(self):
        super().setUp()
        # the nightly job commits per batch (ir.cron._commit_progress); the test keeps it in its transaction
        self.patch(self.env.cr, "commit", lambda: None)

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
        self.env["crm.card.satisfaction"].create(
            {"partner_id": self.other_client.id, "product_id": self.product.id, "date": "2026-01-10", "score": 5}
        )
        old_buyer = self.env["res.partner"].create({"name": "Old Buyer", "is_company": True})
        self._create_orders(old_buyer, [("2025-06-01", 100.0)])
        self.env["res.partner"]._cron_card_satisfaction_due()
        self.env["res.partner"]._cron_card_satisfaction_due()
        activity = self._due_activities(self.client | self.other_client | old_buyer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.res_id, self.client.id)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.summary, "Satisfaction check due: Portland Cement M500")
        self.assertEqual(activity.card_satisfaction_product_id, self.product)

    def test_check_due_after_a_year(self):
        """A check older than 365 days makes a new one due."""
        self._create_orders(self.client, [("2026-05-01", 100.0)])
        self.env["crm.card.satisfaction"].create({"partner_id": self.client.id, "date": date(2025, 8, 14), "score": 3})
        self.env["res.partner"]._plan_card_satisfaction_checks()
        self.assertEqual(len(self._due_activities(self.client)), 1)

    def test_check_due_per_product(self):
        """Each product bought in 12 months and not rated for a year gets its own activity, once."""
        self._create_orders(self.client, [("2026-05-01", 100.0)])
        self._create_orders(self.client, [("2026-03-01", 50.0)], product=self.product_b)
        self._create_orders(self.client, [("2026-02-01", 70.0)], product=self.product_b)
        self.env["res.partner"]._plan_card_satisfaction_checks()
        self.env["res.partner"]._plan_card_satisfaction_checks()
        activities = self._due_activities(self.client)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.card_satisfaction_product_id, self.product | self.product_b)
        self.assertEqual(
            sorted(activities.mapped("summary")),
            ["Satisfaction check due: Gypsum Plaster", "Satisfaction check due: Portland Cement M500"],
        )

    def test_product_rated_recently_not_due(self):
        """A product rated three months ago is not due; another product of the client is."""
        self._create_orders(self.client, [("2026-05-01", 100.0)])
        self._create_orders(self.client, [("2026-03-01", 50.0)], product=self.product_b)
        self.env["crm.card.satisfaction"].create(
            {"partner_id": self.client.id, "product_id": self.product.id, "date": "2026-05-15", "score": 4}
        )
        due = self.env["res.partner"]._get_card_satisfaction_due(date(2026, 8, 15))
        self.assertEqual(due, {(self.client, self.product_b)})
        self.env["res.partner"]._plan_card_satisfaction_checks()
        self.assertEqual(self._due_activities(self.client).card_satisfaction_product_id, self.product_b)

    def test_check_without_product_covers_client(self):
        """A check without a product this year (the client asked about us as a whole, as before the
        upgrade) covers every product of that client: no wave of reminders; a year later they are due."""
        self._create_orders(self.client, [("2026-05-01", 100.0)])
        self._create_orders(self.client, [("2026-03-01", 50.0)], product=self.product_b)
        self._create_orders(self.other_client, [("2026-06-01", 100.0)])
        Satisfaction = self.env["crm.card.satisfaction"]
        Satisfaction.create({"partner_id": self.client.id, "date": "2025-09-01", "score": 5})
        Satisfaction.create({"partner_id": self.other_client.id, "date": "2025-08-14", "score": 4})
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._get_card_satisfaction_due(date(2026, 8, 15)), {(self.other_client, self.product)})
        Partner._plan_card_satisfaction_checks()
        self.assertFalse(self._due_activities(self.client))
        self.assertEqual(
            Partner._get_card_satisfaction_due(date(2026, 9, 2)),
            {(self.client, self.product), (self.client, self.product_b), (self.other_client, self.product)},
        )

    def test_check_without_product_closes_every_reminder(self):
        """Recording a check without a product closes every open reminder of the client it covers."""
        self._create_orders(self.client, [("2026-05-01", 100.0)])
        self._create_orders(self.client, [("2026-03-01", 50.0)], product=self.product_b)
        self.env["res.partner"]._plan_card_satisfaction_checks()
        self.assertEqual(len(self._due_activities(self.client)), 2)
        self.env["crm.card.satisfaction"].with_user(self.salesman).create({"partner_id": self.client.id, "score": 4})
        self.assertFalse(self._due_activities(self.client))
        self.env["res.partner"]._plan_card_satisfaction_checks()
        self.assertFalse(self._due_activities(self.client))

    def test_other_company_sale_not_due(self):
        """A product sold by a company the job does not run for is not due; one sold by its company is."""
        other_company = self.env["res.company"].create({"name": "Kama Branch"})
        self._create_orders(self.client, [("2026-05-01", 100.0)])
        order = self._create_orders(self.client, [("2026-05-01", 100.0)], product=self.product_b)
        order.company_id = other_company
        self.env["res.partner"].with_company(self.env.company)._plan_card_satisfaction_checks()
        self.assertEqual(self._due_activities(self.client).card_satisfaction_product_id, self.product)

    def test_check_recorded_closes_reminder(self):
        """Recording the check of a product marks that product's open reminder done, not the other's."""
        self._create_orders(self.client, [("2026-05-01", 100.0)])
        self._create_orders(self.client, [("2026-03-01", 50.0)], product=self.product_b)
        self.env["res.partner"]._plan_card_satisfaction_checks()
        self.env["crm.card.satisfaction"].with_user(self.salesman).create(
            {"partner_id": self.client.id, "product_id": self.product_b.id, "score": 4}
        )
        self.assertEqual(self._due_activities(self.client).card_satisfaction_product_id, self.product)
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

    def test_planning_queries_do_not_grow_with_products(self):
        """The reminders' texts read the products' names together: planning the reminders of six
        products costs the queries of two (it was a few queries a product, which a database selling
        thousands of products pays every night)."""
        queries = {}
        for count in (1, 2, 6):  # the first round warms Odoo's caches (models, defaults)
            with self.env.cr.savepoint() as savepoint:
                products = self.env["product.product"].create(
                    [{"name": f"Product {count}-{i}", "type": "consu"} for i in range(count)]
                )
                for product in products:
                    self._create_orders(self.client, [("2026-05-01", 10.0)], product=product)
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                self.env["res.partner"]._plan_card_satisfaction_checks()
                self.env.flush_all()
                queries[count] = self.env.cr.sql_log_count - before
                self.assertEqual(len(self._due_activities(self.client)), count)
                savepoint.rollback()
            self.env.invalidate_all()
        self.assertEqual(queries[6], queries[2])

    def test_cron_in_batches_of_clients(self):
        """The nightly job takes the buyers a batch at a time and plans each one's reminders:
        with batches of one client, every buyer still gets its check, once, and a client who
        bought nothing in the year none."""
        self._create_orders(self.client | self.other_client, [("2026-05-01", 100.0)])
        old_buyer = self.env["res.partner"].create({"name": "Old Buyer", "is_company": True})
        self._create_orders(old_buyer, [("2025-06-01", 100.0)])
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner._get_card_satisfaction_buyer_ids(date(2026, 8, 15)), sorted((self.client | self.other_client).ids)
        )
        with patch.object(res_partner_satisfaction, "CARD_SATISFACTION_BATCH", 1):
            Partner._cron_card_satisfaction_due()
            Partner._cron_card_satisfaction_due()
        activities = self._due_activities(self.client | self.other_client | old_buyer)
        self.assertEqual(sorted(activities.mapped("res_id")), sorted((self.client | self.other_client).ids))
        self.assertEqual(activities.card_satisfaction_product_id, self.product)

    def test_cron_resumes_after_the_last_client_done(self):
        """A run stopped by the cron worker's time goes on, the same day, after the last client its
        batches noted (it does not read the first batches again); a day done is done, and the
        next day starts over."""
        first, second = sorted(self.client | self.other_client, key=lambda client: client.id)
        self._create_orders(first | second, [("2026-05-01", 100.0)])
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("crm_card.satisfaction_job_cursor", f"2026-08-15:{first.id}")
        Partner = self.env["res.partner"]
        Partner._cron_card_satisfaction_due()
        self.assertEqual(self._due_activities(first | second).mapped("res_id"), [second.id])
        self.assertEqual(params.get_param("crm_card.satisfaction_job_cursor"), "2026-08-15:done")
        Partner._cron_card_satisfaction_due()
        self.assertFalse(self._due_activities(first), "the day is done")
        params.set_param("crm_card.satisfaction_job_cursor", f"2026-08-14:{second.id}")
        Partner._cron_card_satisfaction_due()
        self.assertEqual(sorted(self._due_activities(first | second).mapped("res_id")), sorted((first | second).ids))
