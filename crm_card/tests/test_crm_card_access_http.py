from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("crm_card", "crm_card_access", "post_install", "-at_install")
class TestCrmCardAccessHttp(HttpCase):
    """Over JSON-RPC, as the web client does it.

    own    -- sales user limited to own clients, salesperson of ``mine``
    editor -- Client base Editor, salesperson of ``theirs``
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = new_test_user(
            cls.env, "card_http_own", groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients"
        )
        cls.editor = new_test_user(cls.env, "card_http_editor", groups="crm_card.group_crm_card_editor")
        Partner = cls.env["res.partner"]
        cls.mine = Partner.create({"name": "Kama Steel", "is_company": True, "user_id": cls.own.id})
        cls.theirs = Partner.create({"name": "Ural Build", "is_company": True, "user_id": cls.editor.id})
        cls.contract = cls.env["crm.card.contract"].create(
            {"name": "C-9", "partner_id": cls.theirs.id, "state": "active", "amount": 5000}
        )
        cls.env["crm.card.claim"].create({"name": "Late", "partner_id": cls.theirs.id})

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _card_spec(self):
        return {
            "display_name": {},
            "card_event_count": {},
            "card_contract_count": {},
            "card_open_claim_count": {},
            "card_interaction_count": {},
            "card_event_ids": {"fields": {"name": {}}},
            "card_contract_ids": {"fields": {"name": {}, "state": {}}},
            "card_claim_ids": {"fields": {"name": {}, "state": {}}},
        }

    def test_own_clients_web_client(self):
        """An own-clients user logs in and opens own cards; other clients' cards and card records stay hidden."""
        self.authenticate("card_http_own", "card_http_own")
        session = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual(session["uid"], self.own.id)
        [card] = self._call("res.partner", "web_read", self.mine.ids, specification=self._card_spec())
        self.assertEqual(card["display_name"], "Kama Steel")
        self.assertEqual((card["card_contract_count"], card["card_contract_ids"]), (0, []))
        for model, ids in (("res.partner", self.theirs.ids), ("crm.card.contract", self.contract.ids)):
            with self.subTest(model=model), self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self._call(model, "web_read", ids, specification={"display_name": {}})

    def test_contract_amount_confidential_over_rpc(self):
        """An Editor reads a contract over JSON-RPC but is refused its amount."""
        self.authenticate("card_http_editor", "card_http_editor")
        [contract] = self._call("crm.card.contract", "read", self.contract.ids, ["name", "state"])
        self.assertEqual(contract["state"], "active")
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self._call("crm.card.contract", "read", self.contract.ids, ["amount"])
        self.assertIn("AccessError", str(caught.exception))
        [card] = self._call("res.partner", "web_read", self.theirs.ids, specification=self._card_spec())
        self.assertEqual(card["card_contract_count"], 1)
