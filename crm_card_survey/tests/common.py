from odoo.addons.crm_card.tests.common import CrmCardHistoryCommon


class CrmCardSurveyCommon(CrmCardHistoryCommon):
    """Three products bought by ``client`` (salesperson: salesman) in the 12 months
    before 2026-08-15, one of them rated three months ago.

      product   -- cement, bought 2026-05-01, not rated
      product_b -- plaster, bought 2026-03-01, not rated
      product_c -- bricks, bought 2026-04-01, rated 2026-05-15
      contact   -- Irina, decision maker with an e-mail: answers the questionnaires
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_b = cls.env["product.product"].create({"name": "Gypsum Plaster", "type": "consu"})
        cls.product_c = cls.env["product.product"].create({"name": "Facing Bricks", "type": "consu"})
        cls.contact.email = "irina@volgatrade.example.com"
        cls._create_orders(cls.client, [("2026-05-01", 100.0)])
        cls._create_orders(cls.client, [("2026-03-01", 50.0)], product=cls.product_b)
        cls._create_orders(cls.client, [("2026-04-01", 70.0)], product=cls.product_c)
        cls.env["crm.card.satisfaction"].create(
            {"partner_id": cls.client.id, "product_id": cls.product_c.id, "date": "2026-05-15", "score": 4}
        )
        cls.survey = cls.env.ref("crm_card_survey.survey_survey_product_satisfaction")
        cls.q_product = cls.env.ref("crm_card_survey.survey_question_product_satisfaction_product")
        cls.q_service = cls.env.ref("crm_card_survey.survey_question_product_satisfaction_service")
        cls.q_comment = cls.env.ref("crm_card_survey.survey_question_product_satisfaction_comment")

    def _invitations(self, client=None):
        return self.env["survey.user_input"].search([("card_partner_id", "=", (client or self.client).id)])

    def _reminders(self, client=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", (client or self.client).id),
                ("activity_type_id", "=", self.env.ref("crm_card.mail_activity_type_card_satisfaction").id),
            ]
        )

    def _answer(self, invitation, product_score, service_score, comment=None):
        """Fill in and complete ``invitation`` as the client does on the survey page."""
        invitation = invitation.sudo()
        invitation._save_lines(self.q_product, str(product_score))
        invitation._save_lines(self.q_service, str(service_score))
        if comment:
            invitation._save_lines(self.q_comment, comment)
        invitation._mark_done()
