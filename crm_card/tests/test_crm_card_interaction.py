from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmCardCommon


@tagged("crm_card", "post_install", "-at_install")
class TestCrmCardInteraction(CrmCardCommon):
    def test_interaction_filed_under_company(self):
        """An interaction given on a contact person is filed on its company."""
        interaction = self.env["crm.card.interaction"].create(
            {"partner_id": self.contact.id, "kind": "call"}
        )
        self.assertEqual(interaction.partner_id, self.client)
        self.assertEqual(interaction.contact_id, self.contact)
        self.assertEqual(self.client.card_interaction_count, 1)
        self.assertEqual(self.contact.card_interaction_count, 1)

    def test_reader_cannot_log(self):
        """A Reader sees the log but cannot add to it; an Editor can."""
        Interaction = self.env["crm.card.interaction"]
        with self.assertRaises(AccessError):
            Interaction.with_user(self.reader).create({"partner_id": self.client.id})
        logged = Interaction.with_user(self.editor).create({"partner_id": self.client.id})
        self.assertEqual(Interaction.with_user(self.reader).search([("id", "=", logged.id)]), logged)
        with self.assertRaises(AccessError):
            logged.with_user(self.editor).unlink()

    def test_own_clients_only(self):
        """'Own clients only' hides interactions of other salespeople's clients."""
        Interaction = self.env["crm.card.interaction"]
        mine = Interaction.create({"partner_id": self.client.id})
        other = Interaction.create({"partner_id": self.other_client.id})
        self.client.user_id = self.own
        visible = Interaction.with_user(self.own).search([("id", "in", (mine | other).ids)])
        self.assertEqual(visible, mine)
