from odoo.tests import Form, tagged

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanLogContact(CrmShiffmanCommon):
    def test_log_contact_dialog_advances_lead(self):
        """The lead's Log Contact opens the client card's dialog; the contact logged there moves the lead."""
        lead = self._create_lead("interest")
        action = lead.with_user(self.salesman).action_shiffman_log_contact()
        self.assertEqual(action["res_model"], "crm.card.log.contact")
        form = Form(self.env[action["res_model"]].with_user(self.salesman).with_context(**action["context"]))
        self.assertEqual(form.lead_id, lead)
        form.result_id = self.result_reached
        form.next_when = "tomorrow"
        form.save().action_log()
        self.assertEqual(lead.shiffman_column, "contact_1")
        self.assertEqual(
            self.env["crm.card.interaction"].search([("lead_id", "=", lead.id)]).result_id, self.result_reached
        )
        self.assertEqual(len(lead.activity_ids), 1, "the next call is planned on the lead")
