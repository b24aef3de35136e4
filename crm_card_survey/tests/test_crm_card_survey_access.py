from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CrmCardSurveyCommon


@tagged("crm_card_survey", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardSurveyAccess(CrmCardSurveyCommon):
    """Who may send the questionnaires: who files satisfaction checks on the client."""

    def test_reader_cannot_invite(self):
        """A card reader sends nothing."""
        with self.assertRaises(AccessError):
            self.client.with_user(self.reader).action_card_survey_invite()
        self.assertFalse(self._invitations())

    def test_own_clients_only(self):
        """A user limited to own clients invites their own client, not another salesperson's."""
        with self.assertRaises(AccessError):
            self.client.with_user(self.own).action_card_survey_invite()
        self.assertFalse(self._invitations())
        self.client.user_id = self.own
        self.client.with_user(self.own).action_card_survey_invite()
        self.assertEqual(len(self._invitations()), 2)

    def test_other_company_client(self):
        """An editor cannot invite the client of a company they do not work for."""
        other_company = self.env["res.company"].create({"name": "Kama Branch"})
        self.client.company_id = other_company
        with self.assertRaises(AccessError):
            self.client.with_user(self.editor).action_card_survey_invite()
        self.assertFalse(self._invitations())

    def test_survey_officer_cannot_name_client(self):
        """A survey officer cannot make an answer of theirs a client's satisfaction check."""
        officer = new_test_user(self.env, "survey_officer", groups="survey.group_survey_user")
        with self.assertRaises(AccessError):
            self.survey.with_user(officer)._create_answer(
                partner=self.contact, check_attempts=False, card_partner_id=self.client.id
            )
        answer = self.survey.with_user(officer)._create_answer(partner=self.contact, check_attempts=False)
        with self.assertRaises(AccessError):
            answer.write({"card_partner_id": self.client.id, "card_product_id": self.product.id})

    def test_survey_officer_cannot_name_client_by_default(self):
        """Nor through a default of the context (``default_card_partner_id``), and a copy of an
        invitation is no invitation."""
        officer = new_test_user(self.env, "survey_officer", groups="survey.group_survey_user")
        with self.assertRaises(AccessError):
            self.survey.with_user(officer).with_context(default_card_partner_id=self.client.id)._create_answer(
                partner=self.contact, check_attempts=False
            )
        self.client.with_user(self.salesman).action_card_survey_invite()
        self.assertFalse(self._invitations()[:1].copy().card_partner_id)

    def test_check_keeps_its_answer(self):
        """A salesperson who is a survey officer cannot point a satisfaction check at a client's
        answer (create, write): the answer would no longer become its client's check; a completed
        invitation still files its own."""
        officer = new_test_user(
            self.env, "survey_salesman", groups="sales_team.group_sale_salesman,survey.group_survey_user"
        )
        self.client.user_id = officer
        self.client.with_user(officer).action_card_survey_invite()
        invitation = self._invitations().filtered(lambda answer: answer.card_product_id == self.product_b)
        Check = self.env["crm.card.satisfaction"].with_user(officer)
        vals = {"partner_id": self.client.id, "product_id": self.product_b.id, "score": 5}
        with self.assertRaises(AccessError):
            Check.create(dict(vals, survey_user_input_id=invitation.id))
        with self.assertRaises(AccessError):
            Check.with_context(default_survey_user_input_id=invitation.id).create(vals)
        check = Check.create(vals)
        with self.assertRaises(AccessError):
            check.write({"survey_user_input_id": invitation.id})
        self._answer(invitation, 2, 1)
        filed = self.client.card_satisfaction_ids.filtered("survey_user_input_id")
        self.assertEqual(filed.score, 2, "the client's own answer, (2 + 1) / 2 rounded half up")
