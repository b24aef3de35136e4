from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_card", "crm_card_my_day", "post_install", "-at_install")
class TestCrmCardSalespersonDayTour(HttpCase):
    """A Russian-speaking salesperson on a phone: the morning review and a call logged from the card.

    ``salesman`` (Russian) is the salesperson of ``client`` (silent, a jubilee next week, no open
    call) and of ``due_client`` (a call due today).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["crm", "sales_team", "crm_card"], ["ru_RU"])
        cls.salesman = new_test_user(
            cls.env, "card_ru_salesman", groups="sales_team.group_sale_salesman", name="Анна Салова", lang="ru_RU"
        )
        today = fields.Date.today()
        cls.client = cls.env["res.partner"].create(
            {"name": "ООО Волга Трейд", "is_company": True, "user_id": cls.salesman.id, "phone": "+7 846 200-10-10"}
        )
        cls.due_client = cls.env["res.partner"].create(
            {"name": "АО Кама Сталь", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.due_client.activity_schedule(
            "mail.mail_activity_data_call", summary="Уточнить заказ", user_id=cls.salesman.id, date_deadline=today
        )
        cls.env["crm.card.event"].create(
            {
                "name": "25 лет компании",
                "partner_id": cls.client.id,
                "event_type_id": cls.env.ref("crm_card.crm_card_event_type_company_anniversary").id,
                "date": today + timedelta(days=5),
                "yearly": False,
                "user_id": cls.salesman.id,
            }
        )
        cls.env["crm.card.rhythm"].create({"partner_id": cls.client.id, "state": "silent", "since": today})

    def test_salesperson_day_tour_phone_russian(self):
        """On a phone, in Russian: the morning review in at most 5 taps, a call logged from the card in at most 4."""
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour("/odoo/crm", "crm_card_salesperson_day_tour", login=self.salesman.login)
        self._check_call_logged()

    def test_salesperson_day_tour_desktop_russian(self):
        """At a desk (1440x900), in Russian: the same day in the same few clicks."""
        self.browser_size = "1440x900"
        self.start_tour("/odoo/crm", "crm_card_salesperson_day_tour_desktop", login=self.salesman.login)
        self._check_call_logged()

    def _check_call_logged(self):
        self.assertRecordValues(
            self.client.card_interaction_ids,
            [
                {
                    "kind": "call",
                    "result_id": self.env.ref("crm_card.crm_card_interaction_result_reached").id,
                    "note": "Просит весенний прайс",
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
