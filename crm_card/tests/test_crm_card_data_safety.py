from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_data_safety", "post_install", "-at_install")
class TestCrmCardDataSafety(CrmCardCommon):
    """``partner_manager`` may delete contacts in Odoo (Contact Creation group) but is no steward."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_manager = cls.env["res.users"].create(
            {
                "name": "Contact Manager",
                "login": "card_partner_manager",
                "group_ids": [
                    (4, cls.env.ref("base.group_partner_manager").id),
                    (4, cls.env.ref("crm_card.group_crm_card_editor").id),
                ],
            }
        )
        cls.steward.group_ids = [(4, cls.env.ref("base.group_partner_manager").id)]
        cls.interaction = cls.env["crm.card.interaction"].create({"partner_id": cls.client.id, "kind": "call"})
        cls.contract = cls.env["crm.card.contract"].create({"name": "C-7", "partner_id": cls.client.id})
        cls.claim = cls.env["crm.card.claim"].create(
            {"name": "Late", "description": "Late", "partner_id": cls.client.id}
        )
        cls.event = cls.env["crm.card.event"].create(
            {
                "name": "Birthday",
                "partner_id": cls.contact.id,
                "event_type_id": cls.env.ref("crm_card.crm_card_event_type_birthday").id,
                "date": "1985-05-05",
            }
        )

    def test_below_steward_cannot_delete(self):
        """Below Data steward, a partner holding card data cannot be deleted; the message names the data."""
        with self.assertRaisesRegex(UserError, "interactions") as caught:
            self.client.with_user(self.partner_manager).unlink()
        self.assertIn("contracts", str(caught.exception))
        self.assertIn("claims", str(caught.exception))
        with self.assertRaisesRegex(UserError, "special events"):
            self.contact.with_user(self.partner_manager).unlink()

    def test_steward_archives_instead(self):
        """A steward is told to archive; archiving keeps the whole history linked."""
        with self.assertRaisesRegex(UserError, "archive"):
            self.client.with_user(self.steward).unlink()
        (self.client | self.contact).with_user(self.steward).action_archive()
        self.assertFalse(self.client.active)
        self.assertEqual(self.interaction.partner_id, self.client)
        self.assertEqual(self.contract.partner_id, self.client)
        self.assertEqual(self.claim.partner_id, self.client)
        self.assertEqual(self.event.partner_id, self.contact)

    def test_partner_without_history_deletable(self):
        """A partner without card data is deleted as usual."""
        self.other_client.with_user(self.partner_manager).unlink()
        self.assertFalse(self.other_client.exists())

    def test_steward_deletes_after_removing_history(self):
        """Once a steward has deliberately removed the card data, the partner can be deleted."""
        for record in (self.interaction, self.contract, self.claim, self.event):
            record.with_user(self.steward).unlink()
        self.contact.with_user(self.steward).unlink()
        self.client.with_user(self.steward).unlink()
        self.assertFalse(self.client.exists())
