from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmDossierCommon


@tagged("crm_dossier_review", "post_install", "-at_install")
class TestCrmDossierReview(CrmDossierCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review_type = cls.env.ref("crm_dossier.mail_activity_type_dossier_review")
        # the firm's only fact is 100 days old: its 90-day review is overdue
        cls.entry_other.date = cls.today - timedelta(days=100)

    def _reviews(self, dossier):
        return dossier.activity_ids.filtered(lambda a: a.activity_type_id == self.review_type)

    def test_overdue_dossier_gets_one_activity(self):
        """A dossier without new facts for its review period gives its owner one review activity."""
        self.assertEqual(self.firm.review_due_date, self.today - timedelta(days=10))
        self.env["crm.dossier"]._cron_request_reviews()
        review = self._reviews(self.firm)
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.editor)
        self.assertFalse(self._reviews(self.product), "a fresh dossier is not due")

    def test_cron_is_idempotent(self):
        """Running the cron again, the same day or later, never stacks review activities."""
        Dossier = self.env["crm.dossier"]
        Dossier._cron_request_reviews()
        Dossier._cron_request_reviews()
        self.assertEqual(len(self._reviews(self.firm)), 1)
        with freeze_time(self.today + timedelta(days=5)):
            Dossier._cron_request_reviews()
        self.assertEqual(len(self._reviews(self.firm)), 1)
        # still open a period later: no second activity
        with freeze_time(self.today + timedelta(days=95)):
            Dossier._cron_request_reviews()
        self.assertEqual(len(self._reviews(self.firm)), 1)

    def test_next_period_after_review_done(self):
        """Once the review is done, the next one comes a full period later, not the next day."""
        Dossier = self.env["crm.dossier"]
        Dossier._cron_request_reviews()
        self._reviews(self.firm).action_feedback(feedback="Still current")
        Dossier._cron_request_reviews()
        self.assertFalse(self._reviews(self.firm))
        with freeze_time(self.today + timedelta(days=91)):
            Dossier._cron_request_reviews()
        self.assertEqual(len(self._reviews(self.firm)), 1)

    def test_new_fact_postpones_review(self):
        """Adding a fact resets the review clock."""
        self.env["crm.dossier.entry"].create({"dossier_id": self.firm.id, "summary": "Fresh news"})
        self.assertEqual(self.firm.review_due_date, self.today + timedelta(days=90))
        self.env["crm.dossier"]._cron_request_reviews()
        self.assertFalse(self._reviews(self.firm))

    def test_cron_record_runs(self):
        """The scheduled action calls the review method."""
        self.env.ref("crm_dossier.ir_cron_crm_dossier_review").ir_actions_server_id.run()
        self.assertEqual(len(self._reviews(self.firm)), 1)

    def test_request_date_is_the_application_s(self):
        """An editor cannot put a review off by dating its request (create, write, a default), a copy
        leaves it out; the review job dates it."""
        later = self.today + timedelta(days=365)
        with self.assertRaises(AccessError):
            self.firm.with_user(self.editor).write({"review_requested_date": later})
        Dossier = self.env["crm.dossier"].with_user(self.editor)
        vals = {"dossier_type": "product", "product_tmpl_id": self.env["product.template"].create({"name": "Sand"}).id}
        with self.assertRaises(AccessError):
            Dossier.create(dict(vals, review_requested_date=later))
        with self.assertRaises(AccessError):
            Dossier.with_context(default_review_requested_date=later).create(vals)
        self.env["crm.dossier"]._cron_request_reviews()
        self.assertEqual(self.firm.review_requested_date, self.today)
        self.product.review_requested_date = self.today
        self.assertFalse(self.product.with_user(self.editor).copy(vals).review_requested_date)

    def test_period_is_the_reason(self):
        """The review's reason names its overdue period; done, it is not given again for that period, even
        where the request date does not say so; the next period gets a new one."""
        due = self.firm.review_due_date
        Dossier = self.env["crm.dossier"]
        Dossier._cron_request_reviews()
        review = self._reviews(self.firm)
        self.assertEqual(review.card_reminder_key, f"crm_dossier_review:{due}")
        review.action_feedback(feedback="Still current")
        # the request date lost (a dossier restored from before the request): the period is due again
        self.firm.review_requested_date = False
        self.assertEqual(self.firm.review_due_date, due)
        Dossier._cron_request_reviews()
        self.assertFalse(self._reviews(self.firm), "a done review is not given again for its period")
        with freeze_time(self.today + timedelta(days=91)):
            Dossier._cron_request_reviews()
        next_due = self.today + timedelta(days=90)
        self.assertEqual(self._reviews(self.firm).card_reminder_key, f"crm_dossier_review:{next_due}")

    def test_open_review_of_older_release_covers_next_period(self):
        """A review still open, planned before reviews had a reason, keeps the next periods from giving a second one."""
        older = self.firm.activity_schedule(activity_type_id=self.review_type.id, user_id=self.editor.id)
        self.env["crm.dossier"]._cron_request_reviews()
        with freeze_time(self.today + timedelta(days=95)):
            self.env["crm.dossier"]._cron_request_reviews()
        self.assertEqual(self._reviews(self.firm), older)
