from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CrmCardSurveyCommon


@tagged("crm_card_survey", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardSurveyInvite(CrmCardSurveyCommon):
    def test_invite_each_due_product(self):
        """The contact person gets one questionnaire per product bought and not rated this year, and no second one."""
        self.client.with_user(self.salesman).action_card_survey_invite()
        invitations = self._invitations()
        self.assertEqual(invitations.card_product_id, self.product | self.product_b, "bricks were rated in May")
        self.assertEqual(invitations.partner_id, self.contact)
        self.assertEqual(invitations.survey_id, self.survey)
        self.assertEqual(set(invitations.mapped("state")), {"new"})
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.contact.ids)])
        self.assertEqual(
            sorted(mails.mapped("subject")),
            ["How satisfied are you with Gypsum Plaster?", "How satisfied are you with Portland Cement M500?"],
        )
        self.assertIn(invitations[0].access_token, " ".join(mails.mapped("body_html")))
        with self.assertRaises(UserError):
            self.client.with_user(self.salesman).action_card_survey_invite()
        self.assertEqual(len(self._invitations()), 2)

    def test_invite_company_email_without_buyer(self):
        """Without a contact person with a buying role, the client's own e-mail gets the questionnaire."""
        self.contact.buying_role_id = False
        self.client.with_user(self.salesman).action_card_survey_invite()
        self.assertEqual(self._invitations().partner_id, self.client)

    def test_invite_nobody_to_write_to(self):
        """A client with nobody to write to gets a plain sentence, not a traceback."""
        self.contact.email = False
        self.client.email = False
        with self.assertRaisesRegex(UserError, "Nobody to send the questionnaire to"):
            self.client.with_user(self.salesman).action_card_survey_invite()

    def test_pending_invitation_stands_for_reminder(self):
        """No reminder while an invitation waits for its answer; after its 30 days the salesperson is reminded."""
        self.client.with_user(self.salesman).action_card_survey_invite()
        Partner = self.env["res.partner"]
        Partner._plan_card_satisfaction_checks()
        self.assertFalse(self._reminders())
        with freeze_time("2026-09-20"):
            Partner._plan_card_satisfaction_checks(date(2026, 9, 20))
        self.assertEqual(self._reminders().card_satisfaction_product_id, self.product | self.product_b)

    def test_nightly_invitations_once_a_year(self):
        """Automatic questionnaires: the nightly job invites once; no answer in time: a reminder, no second e-mail."""
        self.env["ir.config_parameter"].set_param("crm_card_survey.auto_invite", "True")
        Partner = self.env["res.partner"]
        Partner._plan_card_satisfaction_checks()
        Partner._plan_card_satisfaction_checks()
        self.assertEqual(self._invitations().card_product_id, self.product | self.product_b)
        self.assertEqual(len(self._invitations()), 2)
        self.assertFalse(self._reminders())
        with freeze_time("2026-09-20"):
            Partner._plan_card_satisfaction_checks(date(2026, 9, 20))
        self.assertEqual(len(self._invitations()), 2)
        self.assertEqual(self._reminders().card_satisfaction_product_id, self.product | self.product_b)
