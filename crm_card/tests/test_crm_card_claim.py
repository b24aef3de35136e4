from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_claim", "post_install", "-at_install")
class TestCrmCardClaim(CrmCardCommon):
    def _new_claim(self):
        with Form(self.env["crm.card.claim"].with_user(self.salesman)) as form:
            form.name = "Two pallets delivered damaged"
            form.partner_id = self.contact
        return form.record

    def test_full_loop(self):
        """A claim goes through the whole ISO loop once each step has its content."""
        claim = self._new_claim()
        self.assertEqual(claim.state, "registered")
        self.assertEqual(claim.commercial_partner_id, self.client)
        claim.action_analyse()
        with Form(claim) as form:
            form.cause = "Film too thin for winter transport"
        claim.action_cause_removed()
        with Form(claim) as form:
            form.corrective_action = "Pallets rewrapped with 23 micron film"
        claim.action_process_improved()
        with Form(claim) as form:
            form.preventive_action = "Packing instruction updated for November to March"
        claim.action_close()
        self.assertEqual(claim.state, "closed")
        self.assertTrue(claim.date_closed)

    def test_step_needs_content(self):
        """Each state refuses to be reached without its content, with a clear message."""
        claim = self._new_claim()
        claim.action_analyse()
        with self.assertRaisesRegex(ValidationError, "cause"):
            claim.action_cause_removed()
        claim.cause = "Wrong packing"
        claim.action_cause_removed()
        with self.assertRaisesRegex(ValidationError, "corrective action"):
            claim.action_process_improved()
        claim.corrective_action = "Repacked"
        claim.action_process_improved()
        with self.assertRaisesRegex(ValidationError, "preventive action"):
            claim.action_close()
        with self.assertRaises(ValidationError):
            claim.write({"cause": False})

    def test_form_requires_content_for_state(self):
        """The form makes the cause required once the cause is marked removed."""
        claim = self._new_claim()
        claim.write({"state": "cause_analysis"})
        with self.assertRaises(ValidationError):
            claim.write({"state": "closed"})
        form = Form(claim)
        self.assertFalse(form._get_modifier("cause", "required"))
        claim.write({"state": "cause_removed", "cause": "Wrong packing"})
        form = Form(claim)
        self.assertTrue(form._get_modifier("cause", "required"))

    def test_open_claims_counted_on_card(self):
        """The card counts the client's open claims, not the closed ones."""
        claim = self._new_claim()
        self._new_claim()
        self.assertEqual(self.client.card_open_claim_count, 2)
        claim.write(
            {"cause": "a", "corrective_action": "b", "preventive_action": "c", "state": "closed"}
        )
        self.client.invalidate_recordset(["card_open_claim_count"])
        self.assertEqual(self.client.card_open_claim_count, 1)
        action = self.client.action_open_card_claims()
        self.assertEqual(action["context"].get("search_default_open"), 1)
