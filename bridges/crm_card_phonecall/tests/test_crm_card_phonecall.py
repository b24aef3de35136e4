from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("crm_card_phonecall", "post_install", "-at_install")
class TestCrmCardPhonecall(TransactionCase):
    """``anna`` holds calls with her client Volga Trade (and its buyer, Pavel); ``own`` is an
    "Own clients only" salesperson, to whom Volga Trade is a colleague's client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        cls.anna = new_test_user(cls.env, "pc_anna", groups="sales_team.group_sale_salesman_all_leads")
        cls.own = new_test_user(
            cls.env, "pc_own", groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients"
        )
        cls.client = cls.env["res.partner"].create({"name": "Volga Trade", "is_company": True, "user_id": cls.anna.id})
        cls.person = cls.env["res.partner"].create({"name": "Pavel Orlov", "parent_id": cls.client.id})

    def _call(self, user, **vals):
        return (
            self.env["crm.phonecall"]
            .with_user(user)
            .create({"name": "Price of cement", "partner_id": self.client.id, **vals})
        )

    def test_held_call_logged_once(self):
        """Marking the call held writes one contact on the card, as its user; a second save adds none."""
        call = self._call(self.anna, description="Wants 20 t in May", duration=4.5)
        self.assertFalse(call.card_interaction_id)
        call.state = "done"
        interaction = call.card_interaction_id
        self.assertEqual(
            (interaction.partner_id, interaction.kind, interaction.user_id, interaction.duration),
            (self.client, "call", self.anna, call.duration),  # crm_phonecall recomputes it when held
        )
        self.assertIn("Wants 20 t in May", interaction.note)
        call.write({"state": "done", "description": "again"})
        self.assertEqual(self.env["crm.card.interaction"].search_count([("partner_id", "=", self.client.id)]), 1)

    def test_inbound_call_with_a_person(self):
        """An inbound call with the buyer is filed under the client company, with the person."""
        call = self._call(self.anna, partner_id=self.person.id, direction="in", state="done", duration=4.5)
        interaction = call.card_interaction_id
        self.assertEqual(
            (interaction.partner_id, interaction.contact_id, interaction.direction, interaction.duration),
            (self.client, self.person, "inbound", 4.5),
        )

    def test_open_call_not_logged(self):
        self.assertFalse(self._call(self.anna).card_interaction_id)

    def test_colleague_client_refused(self):
        """A held call cannot write a contact on a colleague's client for an own-clients user."""
        with self.assertRaises(AccessError):
            self._call(self.own, state="done")
