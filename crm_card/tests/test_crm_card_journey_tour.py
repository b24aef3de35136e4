from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

FEEDBACK = "Agreed to a trial pallet in March"


@tagged("crm_card", "crm_card_journey", "post_install", "-at_install")
class TestCrmCardJourneyTour(HttpCase):
    """Journey 1: a salesperson finds a client, reads its card, adds a special
    event, logs a call from its activity and sees it with the history of work."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, "card_journey_salesman", groups="sales_team.group_sale_salesman", name="Anna Salova"
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Volga Trade LLC",
                "is_company": True,
                "user_id": cls.salesman.id,
                "card_category_id": cls.env.ref("crm_card.crm_card_category_wholesale").id,
                "city": "Samara",
                "phone": "+7 846 200-10-10",
            }
        )
        cls.env["res.partner"].create({"name": "Ural Build JSC", "is_company": True, "user_id": cls.salesman.id})
        product = cls.env["product.product"].create(
            {"name": "Stretch Film 23 um", "type": "consu", "list_price": 100.0, "taxes_id": False}
        )
        orders = cls.env["sale.order"].create([
            {
                "partner_id": cls.client.id,
                "user_id": cls.salesman.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": 1, "price_unit": amount, "tax_ids": False}
                    )
                ],
            }
            for amount in (1500.0, 2500.0)
        ])
        orders.action_confirm()
        cls.client.activity_schedule(
            "mail.mail_activity_data_call", summary="Call about the spring order", user_id=cls.salesman.id
        )

    def _run_journey(self):
        self.start_tour("/odoo/crm", "crm_card_journey_tour", login=self.salesman.login)
        interactions = self.env["crm.card.interaction"].search([("partner_id", "=", self.client.id)])
        self.assertRecordValues(interactions, [{"kind": "call", "note": FEEDBACK, "user_id": self.salesman.id}])
        self.assertRecordValues(
            self.env["crm.card.event"].search([("partner_id", "=", self.client.id)]),
            [
                {
                    "name": "25 years of Volga Trade",
                    "event_type_id": self.env.ref("crm_card.crm_card_event_type_company_anniversary").id,
                    "user_id": self.salesman.id,
                }
            ],
        )
        self.assertFalse(self.client.activity_ids, "the call activity is done")

    def test_journey_tour_desktop(self):
        """A salesperson goes through the client card journey on a desktop."""
        self._run_journey()

    def test_journey_tour_phone(self):
        """The same journey works on a phone."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        self._run_journey()
