from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_card", "crm_card_claim", "post_install", "-at_install")
class TestCrmCardClaimTour(HttpCase):
    def test_claim_loop_tour(self):
        """A salesperson closes a claim through the whole loop from the form."""
        salesman = new_test_user(self.env, "card_tour_salesman", groups="sales_team.group_sale_salesman")
        client = self.env["res.partner"].create({"name": "Kama Steel", "is_company": True, "user_id": salesman.id})
        claim = self.env["crm.card.claim"].create(
            {"name": "Two pallets damaged", "description": "Torn film", "partner_id": client.id, "user_id": salesman.id}
        )
        self.start_tour(
            f"/odoo/action-crm_card.crm_card_claim_action/{claim.id}", "crm_card_claim_tour", login=salesman.login
        )
        self.assertRecordValues(
            claim, [{"state": "closed", "preventive_action": "Winter packing instruction for November to March"}]
        )
