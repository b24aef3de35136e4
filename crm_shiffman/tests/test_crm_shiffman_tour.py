from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            "shf_tour",
            groups="sales_team.group_sale_salesman,sales_team.group_sale_manager",
            name="Tour Salesman",
        )
        cls.team = cls.env.ref("crm_shiffman.crm_team_shiffman")
        cls.team.member_ids = [(4, cls.user.id)]
        cls.env["utm.source"].create({"name": "Tour Expo"})

    def _check_journey(self):
        lead = self.env["crm.lead"].search([("name", "=", "Tour Bricks")])
        self.assertEqual(lead.shiffman_result, "contract")
        self.assertEqual(lead.won_status, "won")
        columns = self.env["crm.shiffman.move"].search([("lead_id", "=", lead.id)], order="id").mapped("to_column")
        self.assertEqual(columns, ["prospect", "interest", "contact_1", "result"])

    def test_tour_desktop(self):
        """Desktop: quick-create a prospect, drag it to Interest, log a call, close it as a contract."""
        self.start_tour(
            "/odoo/action-crm_shiffman.crm_lead_action_shiffman_server", "crm_shiffman_tour", login="shf_tour"
        )
        self._check_journey()

    def test_tour_mobile(self):
        """Phone: the same journey, changing the stage from the form instead of dragging."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour(
            "/odoo/action-crm_shiffman.crm_lead_action_shiffman_server", "crm_shiffman_tour_mobile", login="shf_tour"
        )
        self._check_journey()

    def test_tour_import(self):
        """Desktop: upload a CSV from the Shiffman menu, read the rejected row, open the created prospect."""
        self.start_tour("/odoo/crm", "crm_shiffman_import_tour", login="shf_tour")
        lead = self.env["crm.lead"].search([("name", "=", "Tour Import Bricks")])
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.shiffman_column, "prospect")
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "Tour Import Typo")]))
