import json

from odoo.tests import tagged

from .common_telephony import TelephonyCommon


@tagged("crm_callplan", "crm_callplan_telephony", "post_install", "-at_install")
class TestTelephonyEvents(TelephonyCommon):
    """Ringing and answered calls pop up at the salesperson's screen; only an ended call is written.

    Who is who: ``seller`` (Sales, all documents, extension 201) owning ``client``, whose contact
    person ``person`` calls; ``colleague`` (extension 202) limited to own documents and clients.
    """

    telephony_key = "tour-telephony-key"  # the key the screen pop tour posts with
    seller_login, seller_extension = "cp_pop_seller", "201"  # the tour logs in as the seller
    client_name, client_phone = "Pop Client LLC", "+7 495 111 22 33"
    call_defaults = {"call_id": "ev-1", "phone": "8 495 111 22 44", "event": "ringing"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = cls._make_telephony_user(
            "cp_pop_colleague", "202", groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients"
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Irina Pop", "parent_id": cls.client.id, "phone": "+7 495 111 22 44"}
        )
        cls.env["crm.card.interaction"].create(
            {"partner_id": cls.client.id, "kind": "call", "note": "Asked for the spring price list",
             "user_id": cls.seller.id}
        )

    def _pops(self, user):
        """The screen pops sent to ``user`` (read from the bus table, as the websocket would)."""
        notes = self.env["bus.bus"].sudo().search([("message", "like", "crm_callplan/incoming_call")], order="id")
        channel = [self.env.cr.dbname, "res.partner", user.partner_id.id]
        return [json.loads(n.message)["payload"] for n in notes if json.loads(n.channel) == channel]

    def test_ringing_writes_nothing_and_pops_up(self):
        """A ringing call writes no interaction and sends the client's card to the extension's user."""
        response = self._post_call(user="201")
        self.assertEqual(response.status_code, 202, response.text)
        self.assertEqual(response.json()["notified_user_id"], self.seller.id)
        self.assertFalse(self.env["crm.card.interaction"].search([("call_id", "=", "ev-1")]))
        [pop] = self._pops(self.seller)
        self.assertTrue(pop["known"])
        self.assertEqual(pop["event"], "ringing")
        self.assertEqual(pop["client"], {"id": self.client.id, "name": "Pop Client LLC"})
        self.assertEqual(pop["contact"]["id"], self.person.id)
        self.assertIn("spring price list", pop["last_interaction"]["note"])
        self.assertIn("info_level", pop)
        self.assertFalse(self._pops(self.colleague))

    def test_answered_then_ended(self):
        """Answered pops up again; ended registers the call once, and an ended call without ringing works."""
        self.assertEqual(self._post_call(event="answered", user="201").status_code, 202)
        ended = self._post_call(event="ended", user="201", duration=30)
        self.assertEqual(ended.status_code, 201, ended.text)
        again = self._post_call(event="ended", user="201", duration=30)
        self.assertEqual(again.json(), {"id": ended.json()["id"], "duplicate": True})
        late_ring = self._post_call(event="ringing", user="201")
        self.assertEqual(late_ring.status_code, 202, "a ringing event after the end still writes nothing")
        alone = self._post_call(call_id="ev-2", event="ended")
        self.assertEqual(alone.status_code, 201, alone.text)
        interactions = self.env["crm.card.interaction"].search([("call_id", "in", ("ev-1", "ev-2"))])
        self.assertEqual(len(interactions), 2)
        self.assertEqual(interactions.partner_id, self.client)
        self.assertEqual([pop["event"] for pop in self._pops(self.seller)], ["answered", "ringing"])

    def test_routing_and_rights(self):
        """Without a user the client's salesperson is notified; a user who may not read the client
        hears of an unknown caller; an unknown number says so; a bad event is refused."""
        self.assertEqual(self._post_call().json()["notified_user_id"], self.seller.id)
        response = self._post_call(call_id="ev-3", user="202")
        self.assertEqual(response.json()["notified_user_id"], self.colleague.id)
        [pop] = self._pops(self.colleague)
        self.assertFalse(pop["known"])
        self.assertNotIn("client", pop)
        response = self._post_call(call_id="ev-4", phone="+44 20 7946 0958", user="201")
        self.assertEqual(response.status_code, 202)
        self.assertEqual(self._pops(self.seller)[-1], {
            "call_id": "ev-4", "event": "ringing", "direction": "inbound", "phone": "+442079460958", "known": False,
        })
        for event in ("hangup", 1, ["ringing"]):
            response = self._post_call(call_id="ev-5", event=event)
            self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(len(self._pops(self.seller)), 2)

    def test_screen_pop_tour(self):
        """In the browser: a ringing call pops up at the salesperson's screen and opens the card;
        an unknown number offers to create the client."""
        self.start_tour("/odoo", "crm_callplan_incoming_call_tour", login="cp_pop_seller")

    def test_screen_pop_tour_mobile(self):
        """The same screen pop at phone size."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour("/odoo", "crm_callplan_incoming_call_tour", login="cp_pop_seller")
