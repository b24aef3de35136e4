from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_access", "post_install", "-at_install")
class TestCrmCardAccess(CrmCardCommon):
    """Per group rights on events, contracts, appendices, claims and event types.

    reader < editor < steward < manager (Client base chain); ``own`` is a sales
    user limited to own clients, salesperson of ``client`` in these tests.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client.user_id = cls.own
        cls.birthday = cls.env.ref("crm_card.crm_card_event_type_birthday")
        cls.records = {
            "crm.card.event": cls._make_card_records(
                "crm.card.event",
                {"name": "Birthday", "event_type_id": cls.birthday.id, "date": "1980-01-01"},
            ),
            "crm.card.contract": cls._make_card_records("crm.card.contract", {"name": "C-1"}),
            "crm.card.claim": cls._make_card_records("crm.card.claim", {"name": "Late", "description": "Late"}),
        }

    @classmethod
    def _make_card_records(cls, model, vals):
        """One record on the own user's client, one on another salesperson's client."""
        return cls.env[model].create(
            [dict(vals, partner_id=cls.client.id), dict(vals, partner_id=cls.other_client.id)]
        )

    def _new_vals(self, model):
        vals = {
            "crm.card.event": {"name": "Anniversary", "event_type_id": self.birthday.id, "date": "2000-02-02"},
            "crm.card.contract": {"name": "C-2"},
            "crm.card.claim": {"name": "Broken", "description": "Broken"},
        }[model]
        return dict(vals, partner_id=self.client.id)

    def test_reader_reads_only(self):
        """A Reader reads card records but cannot create, write or delete them."""
        for model, records in self.records.items():
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.reader)
                self.assertEqual(Model.search([("id", "in", records.ids)]), records)
                with self.assertRaises(AccessError):
                    Model.create(self._new_vals(model))
                with self.assertRaises(AccessError):
                    records[0].with_user(self.reader).write({"name": "Changed"})
                with self.assertRaises(AccessError):
                    records[0].with_user(self.reader).unlink()

    def test_editor_creates_not_deletes(self):
        """An Editor creates and edits card records but deletes none."""
        for model in self.records:
            with self.subTest(model=model):
                created = self.env[model].with_user(self.editor).create(self._new_vals(model))
                created.write({"name": "Changed"})
                with self.assertRaises(AccessError):
                    created.unlink()

    def test_steward_deletes(self):
        """A Data steward deletes card records, appendices included."""
        appendix = self.env["crm.card.contract.appendix"].create(
            {"contract_id": self.records["crm.card.contract"][0].id, "number": "1"}
        )
        with self.assertRaises(AccessError):
            appendix.with_user(self.editor).unlink()
        appendix.with_user(self.steward).unlink()
        for records in self.records.values():
            records.with_user(self.steward).unlink()
            self.assertFalse(records.exists())

    def test_event_types_configured_by_administrator(self):
        """Only the Administrator configures special event types; stewards read them."""
        EventType = self.env["crm.card.event.type"]
        self.assertTrue(EventType.with_user(self.steward).search([]))
        with self.assertRaises(AccessError):
            EventType.with_user(self.steward).create({"name": "Name day"})
        with self.assertRaises(AccessError):
            self.birthday.with_user(self.steward).write({"yearly": False})
        EventType.with_user(self.manager).create({"name": "Name day", "yearly": True})

    def test_handover_reserved_to_stewards(self):
        """The handover wizard is out of reach below Data steward."""
        for user in (self.reader, self.editor, self.salesman):
            with self.assertRaises(AccessError):
                self.env["crm.card.handover"].with_user(user).create(
                    {"from_user_id": self.salesman.id, "to_user_id": self.editor.id}
                )

    def test_own_clients_only(self):
        """'Own clients only' shows the card records of own clients and refuses the others."""
        for model, records in self.records.items():
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.own)
                self.assertEqual(Model.search([("id", "in", records.ids)]), records[0])
                with self.assertRaises(AccessError):
                    records[1].with_user(self.own).read(["name"])
                with self.assertRaises(AccessError):
                    Model.create(dict(self._new_vals(model), partner_id=self.other_client.id))
        self.env["crm.team"].create({"name": "Kazan", "member_ids": [Command.set((self.own | self.editor).ids)]})
        self.env.registry.clear_cache()  # rule domains are cached per user, not per team
        visible = self.env["crm.card.claim"].with_user(self.own).search([])
        self.assertIn(self.records["crm.card.claim"][1], visible, "team mates' clients are own clients")

    def test_own_clients_standard_flows(self):
        """An own-clients user still logs in, uses the chatter and makes quotations for own clients."""
        own_env = self.env(user=self.own)
        self.assertEqual(own_env.user.with_user(self.own).read(["name"])[0]["name"], self.own.name)
        client = self.client.with_user(self.own)
        client.message_post(body="Called about the new price list")
        claim = self.records["crm.card.claim"][0].with_user(self.own)
        claim.message_post(body="Driver confirmed the damage")
        product = self.env["product.product"].create({"name": "Steel sheet", "list_price": 100})
        order = own_env["sale.order"].create(
            {"partner_id": self.client.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(client.card_open_claim_count, 1)
