import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import MAIL_ON_CONTEXT, CrmCardCommon


@tagged("crm_card", "crm_card_contract", "post_install", "-at_install")
class TestCrmCardContract(CrmCardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.env["crm.card.contract"].create(
            {
                "name": "2026/17",
                "partner_id": cls.client.id,
                "date": "2026-01-10",
                "date_end": "2026-12-31",
                "state": "active",
                "amount": 1500000,
                "user_id": cls.salesman.id,
            }
        )

    def _owner_activities(self):
        return self.env["mail.activity"].search(
            [("res_model", "=", "crm.card.contract"), ("res_id", "=", self.contract.id)]
        )

    def test_amount_confidential(self):
        """Only Data stewards read a contract's amount; Readers and Editors read the rest."""
        for user in (self.reader, self.editor, self.salesman):
            contract = self.contract.with_user(user)
            self.assertEqual(contract.name, "2026/17")
            with self.assertRaises(AccessError):
                contract.read(["amount"])
            with self.assertRaises(AccessError):
                contract.search([("amount", ">", 0)])
        self.assertEqual(self.contract.with_user(self.steward).read(["amount"])[0]["amount"], 1500000)

    def test_editor_cannot_set_amount(self):
        """An Editor can edit a contract but not write its amount."""
        contract = self.contract.with_user(self.editor)
        contract.date_end = "2027-01-31"
        with self.assertRaises(AccessError):
            contract.amount = 1
        self.contract.with_user(self.steward).amount = 2000000
        self.assertEqual(self.contract.amount, 2000000)

    def test_end_before_start_refused(self):
        """A contract cannot end before it is signed."""
        with self.assertRaises(ValidationError):
            self.contract.date_end = "2025-12-31"

    def test_cron_reminds_owner_once(self):
        """A contract ending within 30 days gives its owner one activity, however often the cron runs."""
        Contract = self.env["crm.card.contract"]
        with freeze_time("2026-11-15"):
            Contract._cron_check_contract_ends()
            self.assertFalse(self._owner_activities())
        with freeze_time("2026-12-05"):
            Contract._cron_check_contract_ends()
            Contract._cron_check_contract_ends()
            activity = self._owner_activities()
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.salesman)
            self.assertEqual(activity.date_deadline, datetime.date(2026, 12, 31))
        with freeze_time("2026-12-10"):
            Contract._cron_check_contract_ends()
            self.assertEqual(len(self._owner_activities()), 1)

    def test_cron_expires_ended_contracts(self):
        """Active contracts past their end date become expired; drafts stay drafts."""
        draft = self.contract.copy({"name": "2026/18", "state": "draft"})
        with freeze_time("2027-01-01"):
            self.env["crm.card.contract"]._cron_check_contract_ends()
        self.assertEqual(self.contract.state, "expired")
        self.assertEqual(draft.state, "draft")
        self.assertFalse(self.client._card_has_active_contract())

    def test_active_contract_hook(self):
        """The card knows whether the client, or its contact person, has an active contract."""
        self.assertEqual(self.client.card_active_contract_count, 1)
        self.assertEqual((self.client | self.contact | self.other_client)._card_has_active_contract(),
                         self.client | self.contact)
        self.contract.action_terminate()
        self.assertFalse(self.client._card_has_active_contract())

    def test_appendix_and_state_tracked(self):
        """Appendices belong to the contract; state changes are tracked in the chatter."""
        self.env.cr.precommit.run()  # end the untracked creation, as a commit would
        contract = self.contract.with_context(**MAIL_ON_CONTEXT)
        contract.write({"appendix_ids": [(0, 0, {"number": "1", "subject": "Prices for Q3"})]})
        self.assertEqual(contract.appendix_count, 1)
        contract.action_terminate()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        self.env.invalidate_all()
        tracked = contract.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(len(tracked), 1)

    def test_active_contract_alone_is_not_regular(self):
        """An active contract without repeat orders does not make a regular buyer."""
        if "card_info_level" not in self.env["res.partner"]._fields:
            self.skipTest("information level not installed")
        self.env.flush_all()
        self.assertNotEqual(self.client.card_info_level, "regular")
