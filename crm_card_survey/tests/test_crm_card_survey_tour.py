from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_card_survey", "post_install", "-at_install")
class TestCrmCardSurveyTour(HttpCase):
    """A Russian-speaking salesperson sends the questionnaires from the card.

      salesman -- Sales user and client base Editor, Russian, salesperson of ``client``
      client   -- bought cement and bricks a month ago; bricks rated through a questionnaire
      contact  -- decision maker with an e-mail: receives the questionnaires
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(
            ["base", "web", "mail", "product", "sale", "survey", "crm_card", "crm_card_survey"], ["ru_RU"]
        )
        cls.salesman = new_test_user(
            cls.env,
            "card_survey_salesman",
            groups="sales_team.group_sale_salesman,crm_card.group_crm_card_editor",
            name="Anna Salova",
            lang="ru_RU",
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Volga Trade LLC", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Irina Petrova",
                "parent_id": cls.client.id,
                "email": "irina@volgatrade.example.com",
                "buying_role_id": cls.env.ref("crm_card.crm_card_buying_role_decision_maker").id,
            }
        )
        cls.cement, cls.bricks = cls.env["product.product"].create(
            [{"name": "Portland Cement M500", "type": "consu"}, {"name": "Facing Bricks", "type": "consu"}]
        )
        cls.env["sale.order"].create(
            {
                "partner_id": cls.client.id,
                "state": "sale",
                "date_order": fields.Datetime.now() - relativedelta(months=1),
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 100.0})
                    for product in (cls.cement, cls.bricks)
                ],
            }
        )
        survey = cls.env.ref("crm_card_survey.survey_survey_product_satisfaction")
        answer = survey._create_answer(
            partner=cls.contact,
            check_attempts=False,
            card_partner_id=cls.client.id,
            card_product_id=cls.bricks.id,
            card_company_id=cls.env.company.id,
        )
        answer._save_lines(cls.env.ref("crm_card_survey.survey_question_product_satisfaction_product"), "4")
        answer._save_lines(cls.env.ref("crm_card_survey.survey_question_product_satisfaction_service"), "5")
        answer._mark_done()
        cls.answer = answer

    def _run_tour(self):
        url = f"/odoo/action-crm_card.res_partner_action_clients/{self.client.id}"
        self.start_tour(url, "crm_card_survey_tour", login=self.salesman.login)
        invitation = self.env["survey.user_input"].search(
            [("card_partner_id", "=", self.client.id), ("id", "!=", self.answer.id)]
        )
        self.assertRecordValues(
            invitation, [{"card_product_id": self.cement.id, "partner_id": self.contact.id, "state": "new"}]
        )
        self.assertTrue(invitation.create_uid == self.salesman)

    def test_send_questionnaires_desktop(self):
        """On a desktop (1440x900, in Russian) the card sends the questionnaire of the product due."""
        self.browser_size = "1440x900"
        self._run_tour()

    def test_send_questionnaires_phone(self):
        """On a phone (390x844, in Russian) the same: button, notice, the Answers link of a check."""
        self.browser_size = "390x844"
        self.touch_enabled = True
        self._run_tour()
