from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_claim", "post_install", "-at_install")
class TestCrmCardClaim(CrmCardCommon):
    def _new_claim(self):
        with Form(self.env["crm.card.claim"].with_user(self.salesman)) as form:
            form.name = "Two pallets delivered damaged"
            form.partner_id = self.contact
            form.description = "<p>The film was torn and the sheets are scratched.</p>"
        return form.record

    def test_full_loop(self):
        """A claim goes through the whole ISO loop once each step has its own content."""
        claim = self._new_claim()
        self.assertEqual(claim.state, "registered")
        self.assertEqual(claim.commercial_partner_id, self.client)
        with Form(claim) as form:
            form.cause = "Film too thin for winter transport"
        claim.action_analyse()
        self.assertEqual(claim.state, "cause_analysis")
        with Form(claim) as form:
            form.corrective_action = "Two new pallets sent, the damaged ones taken back"
        claim.action_cause_removed()
        with Form(claim) as form:
            form.preventive_action = "Packing instruction updated for November to March"
        claim.action_process_improved()
        claim.action_close()
        self.assertEqual(claim.state, "closed")
        self.assertTrue(claim.date_closed)

    def test_closing_date_is_the_application_s(self):
        """The responsible cannot date a claim's closing by hand (create, write, a default), a copy
        leaves it out; closing the claim dates it, reopening clears it."""
        claim = self._new_claim()
        Claim = self.env["crm.card.claim"].with_user(self.salesman)
        vals = {"name": "Late", "partner_id": self.client.id, "description": "<p>Late</p>"}
        with self.assertRaises(AccessError):
            claim.write({"date_closed": "2026-01-05"})
        with self.assertRaises(AccessError):
            Claim.create(dict(vals, date_closed="2026-01-05"))
        with self.assertRaises(AccessError):
            Claim.with_context(default_date_closed="2026-01-05").create(vals)
        claim.write({"cause": "Wrong film", "corrective_action": "Sent again", "preventive_action": "New film"})
        claim.action_close()
        self.assertEqual(claim.date_closed, fields.Date.context_today(claim))
        self.assertFalse(claim.copy().date_closed)
        claim.action_reopen()
        self.assertFalse(claim.date_closed)

    def test_step_needs_its_own_content(self):
        """Each step refuses to be reached without its own content, naming it."""
        with self.assertRaisesRegex(ValidationError, "without the complaint"):
            self.env["crm.card.claim"].create({"name": "Late", "partner_id": self.client.id})
        claim = self._new_claim()
        with self.assertRaisesRegex(ValidationError, "'Cause Found' without the cause"):
            claim.action_analyse()
        claim.cause = "Wrong packing"
        claim.action_analyse()
        with self.assertRaisesRegex(ValidationError, "'Cause Removed' without the action taken on this complaint"):
            claim.action_cause_removed()
        claim.corrective_action = "Repacked and sent again"
        claim.action_cause_removed()
        with self.assertRaisesRegex(ValidationError, "'Process Improved' without the process change that prevents it"):
            claim.action_process_improved()
        claim.preventive_action = "Winter packing instruction"
        claim.action_process_improved()
        claim.action_close()
        with self.assertRaises(ValidationError):
            claim.write({"cause": False})
        with self.assertRaises(ValidationError):
            claim.write({"description": "<p><br></p>"})

    def test_form_requires_content_for_state(self):
        """The form requires the complaint always, and each step's content once the claim has reached it."""
        claim = self._new_claim()
        expected = {
            "registered": {"description"},
            "cause_analysis": {"description", "cause"},
            "cause_removed": {"description", "cause", "corrective_action"},
            "process_improved": {"description", "cause", "corrective_action", "preventive_action"},
        }
        claim.write({"cause": "a", "corrective_action": "b", "preventive_action": "c"})
        for state, required in expected.items():
            with self.subTest(state=state):
                claim.state = state
                form = Form(claim)
                fields = ("description", "cause", "corrective_action", "preventive_action")
                self.assertEqual({name for name in fields if form._get_modifier(name, "required")}, required)

    def test_open_claims_counted_on_card(self):
        """The card counts the client's open claims, not the closed ones."""
        claim = self._new_claim()
        self._new_claim()
        self.assertEqual(self.client.card_open_claim_count, 2)
        claim.write({"cause": "a", "corrective_action": "b", "preventive_action": "c", "state": "closed"})
        self.client.invalidate_recordset(["card_open_claim_count"])
        self.assertEqual(self.client.card_open_claim_count, 1)
        action = self.client.action_open_card_claims()
        self.assertEqual(action["context"].get("search_default_open"), 1)
