from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_card", "crm_card_log_contact", "post_install", "-at_install")
class TestCrmCardLogContactTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, "card_log_salesman", groups="sales_team.group_sale_salesman", name="Anna Salova"
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Volga Trade LLC", "is_company": True, "user_id": cls.salesman.id, "phone": "+7 846 200-10-10"}
        )

    def test_log_contact_tour_phone(self):
        """On a phone (390x844) a call is logged from the card in four taps."""
        self.browser_size = "390x844"
        self.touch_enabled = True
        url = f"/odoo/action-crm_card.res_partner_action_clients/{self.client.id}"
        self.start_tour(url, "crm_card_log_contact_tour", login=self.salesman.login)
        self.assertRecordValues(
            self.client.card_interaction_ids,
            [
                {
                    "kind": "call",
                    "result_id": self.env.ref("crm_card.crm_card_interaction_result_reached").id,
                    "note": "Wants the spring price list",
                    "user_id": self.salesman.id,
                }
            ],
        )
        self.assertRecordValues(
            self.client.activity_ids,
            [
                {
                    "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                    "date_deadline": fields.Date.today() + timedelta(days=7),
                }
            ],
        )
