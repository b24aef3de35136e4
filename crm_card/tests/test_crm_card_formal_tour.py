from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_card", "crm_card_formal", "post_install", "-at_install")
class TestCrmCardFormalTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, "card_tour_steward", groups="crm_card.group_crm_card_steward")
        russia = cls.env.ref("base.ru")
        cls.client = cls.env["res.partner"].create(
            {"name": "Volga Trade LLC", "is_company": True, "country_id": russia.id, "phone": "+7 495 123-45-67"}
        )
        cls.env["res.partner"].create(
            {"name": "Volga Trade (branch)", "is_company": True, "country_id": russia.id, "phone": "84951234567"}
        )

    def _run_tour(self):
        url = f"/odoo/action-crm_card.res_partner_action_clients/{self.client.id}"
        self.start_tour(url, "crm_card_formal_tour", login="card_tour_steward")
        self.assertEqual(self.client.card_rating, "4")
        self.assertEqual(self.client.card_rating_ids.sudo().comment, "Pays early, orders every month")

    def test_formal_tour_desktop(self):
        """A data steward reads the Formal page and changes the rating on a desktop."""
        self._run_tour()

    def test_formal_tour_phone(self):
        """The same flow works on a phone."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        self._run_tour()
