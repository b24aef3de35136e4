from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanResult(CrmShiffmanCommon):
    def _wizard(self, lead, **values):
        action = lead.with_user(self.salesman).action_shiffman_set_result()
        form = Form(self.env[action["res_model"]].with_user(self.salesman).with_context(**action["context"]))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_entering_result_flags_missing(self):
        """Dragging a lead into Result marks it won natively and asks for the result."""
        lead = self._create_lead("contact_3", shiffman_result="prospective")
        lead.stage_id = self.stages["result"]
        self.assertEqual(lead.won_status, "won")
        self.assertFalse(lead.shiffman_result)
        self.assertTrue(lead.shiffman_result_missing)

    def test_contract(self):
        """Contract: Odoo's won flow, result stored, flag cleared."""
        lead = self._create_lead("contact_3")
        self._wizard(lead, result="contract").action_apply()
        self.assertEqual(lead.shiffman_result, "contract")
        self.assertEqual(lead.won_status, "won")
        self.assertEqual(lead.stage_id, self.stages["result"])
        self.assertFalse(lead.shiffman_result_missing)

    def test_purchase(self):
        """Purchase: won like a contract."""
        lead = self._create_lead("result")
        self._wizard(lead, result="purchase").action_apply()
        self.assertEqual(lead.shiffman_result, "purchase")
        self.assertEqual(lead.probability, 100)

    def test_lost(self):
        """Lost: Odoo's lost flow with the reason, the lead archived in the Result column."""
        lead = self._create_lead("result")
        reason = self.env["crm.lost.reason"].create({"name": "Too expensive"})
        self._wizard(lead, result="lost", lost_reason_id=reason).action_apply()
        self.assertEqual(lead.shiffman_result, "lost")
        self.assertEqual(lead.won_status, "lost")
        self.assertEqual(lead.lost_reason_id, reason)
        self.assertFalse(lead.active)
        self.assertEqual(lead.stage_id, self.stages["result"])

    def test_prospective(self):
        """Prospective: kept open in the Result column with a call on the chosen date."""
        lead = self._create_lead("result")
        wizard = self._wizard(lead, result="prospective")
        wizard.action_apply()
        self.assertEqual(lead.shiffman_result, "prospective")
        self.assertEqual(lead.won_status, "pending")
        self.assertTrue(lead.active)
        self.assertEqual(lead.stage_id, self.stages["result"])
        self.assertEqual(lead.shiffman_followup_date, wizard.followup_date)
        self.assertEqual(lead.activity_ids.date_deadline, wizard.followup_date)
        self.assertEqual(lead.activity_ids.activity_type_id, self.env.ref("mail.mail_activity_data_call"))

    def test_prospective_needs_date(self):
        """A still-prospective result without a follow-up date is refused."""
        lead = self._create_lead("result")
        with self.assertRaises(UserError):
            self.env["crm.shiffman.result.wizard"].create(
                {"lead_id": lead.id, "result": "prospective", "followup_date": False}
            )

    def test_closed_twice_refused(self):
        """A lead already closed as a contract cannot be closed again."""
        lead = self._create_lead("result")
        self._wizard(lead, result="contract").action_apply()
        with self.assertRaises(UserError):
            self._wizard(lead, result="lost").action_apply()

    def test_result_by_write_closes_like_the_wizard(self):
        """Writing a contract or purchase result (form field, list multi-edit, RPC) marks the leads won."""
        contract = self._create_lead("contact_3", name="Contract")
        contract.with_user(self.salesman).write({"shiffman_result": "contract"})
        self.assertRecordValues(
            contract, [{"won_status": "won", "shiffman_result": "contract", "stage_id": self.stages["result"].id}]
        )
        both = self._create_lead("contact_2", name="One") | self._create_lead("result", name="Two")
        both.with_user(self.salesman).write({"shiffman_result": "purchase"})
        self.assertEqual(both.mapped("won_status"), ["won", "won"])
        self.assertEqual(both.mapped("shiffman_result"), ["purchase", "purchase"])

    def test_lost_by_write_needs_a_reason(self):
        """Writing a lost result without a reason is refused; with one the lead is lost like in the wizard."""
        lead = self._create_lead("result")
        with self.assertRaises(UserError):
            lead.with_user(self.salesman).write({"shiffman_result": "lost"})
        reason = self.env["crm.lost.reason"].create({"name": "Went to a competitor"})
        lead.with_user(self.salesman).write({"shiffman_result": "lost", "lost_reason_id": reason.id})
        self.assertRecordValues(
            lead, [{"won_status": "lost", "shiffman_result": "lost", "lost_reason_id": reason.id, "active": False}]
        )

    def test_result_on_create_closes(self):
        """A lead created (or imported) with a contract result is won."""
        lead = self._create_lead("contact_1", shiffman_result="contract")
        self.assertEqual(lead.won_status, "won")
        self.assertEqual(lead.shiffman_result, "contract")
