from odoo.tests import HttpCase, tagged


@tagged("crm_callplan", "crm_callplan_tour", "post_install", "-at_install")
class TestCallplanTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.env.ref("base.user_admin")
        cls.env["res.partner"].create(
            [{"name": f"Tour client {i}", "is_company": True, "user_id": admin.id,
              "card_potential_amount": amount} for i, amount in enumerate((200000, 50000, 500))]
        )

    def test_callplan_tour_desktop(self):
        """Create a plan with three segments, compute, read capacity, generate, call from My activities."""
        self.start_tour("/odoo/action-crm_callplan.crm_callplan_action", "crm_callplan_tour", login="admin")

    def test_callplan_tour_mobile(self):
        """The same journey at phone size."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour("/odoo/action-crm_callplan.crm_callplan_action", "crm_callplan_tour", login="admin")
