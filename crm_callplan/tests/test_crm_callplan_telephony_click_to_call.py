from lxml import etree

from odoo.tests import tagged

from .common_telephony import TelephonyCommon


@tagged("crm_callplan", "crm_callplan_telephony", "post_install", "-at_install")
class TestTelephonyClickToCall(TelephonyCommon):
    """Calls started from a planned call close it; phones show as tel: links.

    Who is who: ``seller`` (Sales, all documents, extension 101) owning ``client`` and ``other``;
    ``own`` (Sales limited to own clients, extension 102) owns no client.
    """

    seller_login = "cp_ctc_seller"
    call_defaults = {"call_id": "ctc-1", "phone": "8 495 123 45 67", "direction": "outbound", "duration": 60,
                     "user": "101"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._make_telephony_user(
            "cp_ctc_own", "102", groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients"
        )
        cls.other = cls._make_telephony_client("Kama Steel JSC", "+7 (843) 222-33-44")

    def _activity(self, partner, user=None):
        return partner.activity_schedule("mail.mail_activity_data_call", user_id=(user or self.seller).id,
                                         summary="Call about the spring order")

    def _calls(self, partner):
        return self.env["crm.card.interaction"].search([("partner_id", "=", partner.id)])

    def test_call_closes_its_activity_once(self):
        """The ended call marks its Call activity done, logged once (not again by the activity)."""
        activity = self._activity(self.client)
        response = self._post_call(activity_id=activity.id)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertTrue(response.json()["activity_done"])
        self.assertFalse(activity.exists() and activity.active)
        self.assertEqual(len(self._calls(self.client)), 1, "the call is logged once")
        self.assertIn("Call registered by the telephony", " ".join(self.client.message_ids.mapped("body")))

    def test_activity_of_another_client_or_user_untouched(self):
        """An activity of another client, one the acting user may not write, or a call without
        acting user: the call is registered, the activity stays open."""
        elsewhere = self._activity(self.other)
        response = self._post_call(call_id="ctc-2", activity_id=elsewhere.id)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertFalse(response.json()["activity_done"])
        self.assertTrue(elsewhere.active)
        mine = self._activity(self.client)
        response = self._post_call(call_id="ctc-3", activity_id=mine.id, user="102")
        self.assertEqual(response.status_code, 201, response.text)
        self.assertFalse(response.json()["activity_done"], "own may not write the seller's client's activity")
        response = self._post_call(call_id="ctc-4", activity_id=mine.id, user=None)
        self.assertFalse(response.json()["activity_done"], "no acting user: nobody may close it")
        response = self._post_call(call_id="ctc-5", activity_id=10**9)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertFalse(response.json()["activity_done"])
        self.assertTrue(mine.active)
        for bad in ("12", True, -1, 2**40, 1.5, [mine.id]):
            response = self._post_call(call_id="ctc-6", activity_id=bad)
            self.assertEqual(response.status_code, 400, f"{bad!r}: {response.text}")
        self.assertFalse(self.env["crm.card.interaction"].search([("call_id", "=", "ctc-6")]))

    def test_planned_call_of_the_plan(self):
        """A planned call of a call plan: the call counts in the plan once, the planned call goes."""
        plan = self.env["crm.callplan"].create(
            {"name": "Phone plan", "state": "active",
             "segment_ids": [(0, 0, {"name": "All", "calls_per_year": 12})]}
        )
        line = self.env["crm.callplan.line"].create(
            {"plan_id": plan.id, "partner_id": self.client.id, "segment_id": plan.segment_ids.id,
             "user_id": self.seller.id}
        )
        line.activity_id = activity = self._activity(self.client)
        activity.callplan_line_id = line
        response = self._post_call(call_id="ctc-plan", activity_id=activity.id, started_at=None)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertTrue(response.json()["activity_done"])
        self.assertFalse(activity.exists())
        self.assertEqual(line.calls_done, 1)
        self.assertEqual(len(self._calls(self.client)), 1)

    def test_phones_are_tel_links(self):
        """The plan's client list, the activity list and popup and the call log show phones as tel: links;
        an activity on a client shows the client's phone to who may read it."""
        for model, view_type, field in [
            ("crm.callplan.line", "list", "partner_phone"),
            ("mail.activity", "list", "callplan_phone"),
            ("crm.card.interaction", "list", "callplan_phone"),
            ("crm.card.interaction", "form", "callplan_phone"),
            ("res.partner", "list", "phone"),
        ]:
            arch = self.env[model].get_views([(False, view_type)])["views"][view_type]["arch"]
            nodes = etree.fromstring(arch).xpath(f"//field[@name='{field}']")
            self.assertTrue(nodes and nodes[0].get("widget") == "phone", f"{model} {view_type} {field}")
        popup = self.env.ref("mail.mail_activity_view_form_popup")
        arch = self.env["mail.activity"].get_views([(popup.id, "form")])["views"]["form"]["arch"]
        self.assertTrue(etree.fromstring(arch).xpath("//field[@name='callplan_phone'][@widget='phone']"))
        activity = self._activity(self.client)
        self.assertEqual(activity.with_user(self.seller).callplan_phone, "+7 (495) 123-45-67")
        self.assertFalse(activity.with_user(self.own).sudo(False).callplan_phone)
