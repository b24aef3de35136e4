from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmCardSurveyCommon


@tagged("crm_card_survey", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardSurveyAnswer(CrmCardSurveyCommon):
    def test_completed_answer_is_satisfaction_check(self):
        """A completed questionnaire is the check of that product: score, comment, link; its reminder is done."""
        Partner = self.env["res.partner"]
        Partner._plan_card_satisfaction_checks()
        self.client.with_user(self.salesman).action_card_survey_invite()
        invitation = self._invitations().filtered(lambda answer: answer.card_product_id == self.product_b)
        self._answer(invitation, 4, 5, comment="Deliver on time")
        check = self.client.card_satisfaction_ids.filtered(lambda check: check.product_id == self.product_b)
        self.assertEqual(check.score, 5, "(4 + 5) / 2 = 4.5, rounded half up")
        self.assertEqual(check.sudo().survey_user_input_id, invitation)
        self.assertEqual(check.user_id, self.salesman)
        self.assertIn("Deliver on time", check.comment)
        self.assertEqual(self._reminders().card_satisfaction_product_id, self.product)
        self.assertEqual(Partner._get_card_satisfaction_due(check.date, self.client), {(self.client, self.product)})
        # marking done again (the survey page can be reloaded) files no second check
        invitation.sudo()._create_card_satisfactions()
        self.assertEqual(len(self.client.card_satisfaction_ids.filtered(lambda c: c.product_id == self.product_b)), 1)

    def test_check_filed_under_company_of_sale(self):
        """A user working in two companies invites from the main one: the plaster sold by the branch is
        asked in the branch's name and its check is filed under the branch, the cement's under the main one."""
        main = self.env.company
        branch = self.env["res.company"].create({"name": "Kama Branch", "email": "sales@kama.example.com"})
        self.client.sale_order_ids.filtered(lambda order: self.product_b in order.order_line.product_id).write(
            {"company_id": branch.id}
        )
        self.salesman.write({"company_ids": [Command.link(branch.id)]})
        # both companies active, the main one current
        self.client.with_user(self.salesman).with_context(
            allowed_company_ids=[main.id, branch.id]
        ).action_card_survey_invite()
        invitations = self._invitations()
        plaster = invitations.filtered(lambda answer: answer.card_product_id == self.product_b)
        cement = invitations - plaster
        self.assertEqual(plaster.card_company_id, branch)
        self.assertEqual(cement.card_company_id, main)
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.contact.ids)]).filtered(
            lambda mail: plaster.access_token in mail.body_html
        )
        self.assertIn("Kama Branch", mail.body_html)
        self._answer(plaster, 4, 4)
        self._answer(cement, 5, 5)
        checks = self.client.card_satisfaction_ids.filtered("survey_user_input_id")
        self.assertEqual(checks.filtered(lambda check: check.product_id == self.product_b).company_id, branch)
        self.assertEqual(checks.filtered(lambda check: check.product_id == self.product).company_id, main)

    def test_score_rule(self):
        """The score is the mean of the scale answers brought onto 1-5; without one, no check."""
        survey = self.env["survey.survey"].create({"title": "Ten points", "access_mode": "token"})
        ten, five = self.env["survey.question"].create(
            [
                {"survey_id": survey.id, "title": "Ten", "question_type": "scale", "scale_min": 0, "scale_max": 10},
                {"survey_id": survey.id, "title": "Five", "question_type": "scale", "scale_min": 1, "scale_max": 5},
            ]
        )
        answer = survey._create_answer(partner=self.contact, check_attempts=False)
        answer._save_lines(ten, "10")
        answer._save_lines(five, "2")
        self.assertEqual(answer._get_card_satisfaction_score(), 4, "(5 + 2) / 2 = 3.5: 4")
        empty = survey._create_answer(partner=self.contact, check_attempts=False)
        self.assertFalse(empty._get_card_satisfaction_score())

    def test_reader_reads_answer_through_check(self):
        """A card reader opens the answers from the check, never the survey answer itself."""
        self.client.with_user(self.salesman).action_card_survey_invite()
        invitation = self._invitations()[0]
        self._answer(invitation, 3, 3)
        check = self.client.card_satisfaction_ids.filtered(lambda check: check.survey_user_input_id)
        url = check.with_user(self.reader).card_survey_answer_url
        self.assertIn(invitation.access_token, url)
        self.assertTrue(url.startswith("/survey/print/"))
        with self.assertRaises(AccessError):
            invitation.with_user(self.reader).read(["state"])
