from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CrmCardCommon


def _keys(day, section):
    return {item["key"] for s in day["sections"] if s["key"] == section for item in s["items"]}


@tagged("crm_card", "crm_card_my_day", "post_install", "-at_install")
class TestCrmCardMyDay(CrmCardCommon):
    """My day: the salesperson's due activities, coming events and clients to win back, read as the user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.head = new_test_user(cls.env, "card_head", groups="sales_team.group_sale_salesman", name="Head")
        cls.env["crm.team"].create(
            {"name": "Volga team", "user_id": cls.head.id, "member_ids": [(6, 0, [cls.salesman.id, cls.own.id])]}
        )
        # other_client (salesperson: editor, in no team) is foreign to the own-clients salesperson
        cls.own_client = cls.env["res.partner"].create(
            {"name": "Kama Steel", "is_company": True, "user_id": cls.own.id}
        )
        cls.due_call = cls.client.activity_schedule(
            activity_type_id=cls.call_type.id, user_id=cls.salesman.id, date_deadline=today - timedelta(days=2)
        )
        cls.later_call = cls.client.activity_schedule(
            activity_type_id=cls.call_type.id, user_id=cls.salesman.id, date_deadline=today + timedelta(days=3)
        )
        cls.own_call = cls.own_client.activity_schedule(
            activity_type_id=cls.call_type.id, user_id=cls.own.id, date_deadline=today
        )
        # a call assigned to the own-clients salesperson on a client of somebody outside the team
        cls.foreign_call = cls.other_client.activity_schedule(
            activity_type_id=cls.call_type.id, user_id=cls.own.id, date_deadline=today
        )
        event_type = cls.env.ref("crm_card.crm_card_event_type_company_anniversary")
        cls.event = cls.env["crm.card.event"].create(
            {
                "name": "25 years",
                "partner_id": cls.client.id,
                "event_type_id": event_type.id,
                "date": today + timedelta(days=5),
                "yearly": False,
                "user_id": cls.salesman.id,
            }
        )
        cls.far_event = cls.env["crm.card.event"].create(
            {
                "name": "Far away",
                "partner_id": cls.client.id,
                "event_type_id": event_type.id,
                "date": today + timedelta(days=60),
                "yearly": False,
                "user_id": cls.salesman.id,
            }
        )
        cls.foreign_event = cls.env["crm.card.event"].create(
            {
                "name": "Foreign jubilee",
                "partner_id": cls.other_client.id,
                "event_type_id": event_type.id,
                "date": today + timedelta(days=2),
                "yearly": False,
                "user_id": cls.own.id,
            }
        )
        cls.env["crm.card.rhythm"].create(
            [
                {"partner_id": cls.client.id, "state": "silent", "since": today - timedelta(days=10)},
                {"partner_id": cls.other_client.id, "state": "declining", "since": today},
            ]
        )

    def test_salesperson_day(self):
        """A salesperson gets their due and overdue activities, events within two weeks, silent clients."""
        day = self.salesman.with_user(self.salesman).crm_card_my_day()
        self.assertEqual(day["scope"], "mine")
        self.assertFalse(day["can_team"])
        self.assertEqual(_keys(day, "activities"), {f"activity-{self.due_call.id}"})
        activity_item = day["sections"][0]["items"][0]
        self.assertTrue(activity_item["overdue"])
        self.assertEqual(activity_item["partner_id"], self.client.id)
        self.assertEqual(activity_item["log_context"], {"default_activity_id": self.due_call.id})
        self.assertEqual(_keys(day, "events"), {f"event-{self.event.id}"})
        self.assertEqual(_keys(day, "clients"), {f"client-{self.client.id}"})

    def test_head_of_sales_sees_team(self):
        """A team leader gets their own day by default and the team's on demand."""
        Users = self.env["res.users"].with_user(self.head)
        mine = Users.crm_card_my_day()
        self.assertEqual(mine["scope"], "mine")
        self.assertTrue(mine["can_team"])
        self.assertFalse(_keys(mine, "activities"))
        team = Users.crm_card_my_day(scope="team")
        self.assertEqual(team["scope"], "team")
        self.assertLessEqual(
            {f"activity-{self.due_call.id}", f"activity-{self.own_call.id}"}, _keys(team, "activities")
        )
        self.assertIn(f"event-{self.event.id}", _keys(team, "events"))

    def test_salesperson_cannot_widen_to_team(self):
        """A salesperson asking for the team's day gets their own."""
        day = self.env["res.users"].with_user(self.salesman).crm_card_my_day(scope="team")
        self.assertEqual(day["scope"], "mine")
        self.assertNotIn(f"activity-{self.own_call.id}", _keys(day, "activities"))

    def test_own_clients_only(self):
        """An "own clients only" salesperson sees nothing of a client outside the team, even assigned to them."""
        day = self.env["res.users"].with_user(self.own).crm_card_my_day()
        self.assertEqual(_keys(day, "activities"), {f"activity-{self.own_call.id}"})
        self.assertNotIn(f"event-{self.foreign_event.id}", _keys(day, "events"))
        self.assertNotIn(f"client-{self.other_client.id}", _keys(day, "clients"))

    def test_served_from_a_read_only_cursor(self):
        """My day only reads: the web client's call goes to a read-only cursor (a read replica when
        Odoo has one), by the rule of Odoo's call_kw route (the method's ``_readonly`` flag)."""
        routed = next(
            (method._readonly for cls in type(self.env["res.users"]).mro()
             if hasattr(method := getattr(cls, "crm_card_my_day", None), "_readonly")),
            False,
        )
        self.assertTrue(routed)


@tagged("crm_card", "crm_card_my_day", "post_install", "-at_install")
class TestCrmCardMyDayTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, "card_day_salesman", groups="sales_team.group_sale_salesman", name="Anna Salova"
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Volga Trade LLC", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.activity = cls.client.activity_schedule(
            "mail.mail_activity_data_call", summary="Call about the spring order", user_id=cls.salesman.id
        )

    def test_my_day_tour_phone(self):
        """On a phone a salesperson opens My day and logs the due call from it."""
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour("/odoo/crm", "crm_card_my_day_tour", login=self.salesman.login)
        self.assertFalse(self.activity.exists() and self.activity.active, "the call is done")
        self.assertRecordValues(
            self.client.card_interaction_ids,
            [{"kind": "call", "result_id": self.env.ref("crm_card.crm_card_interaction_result_no_answer").id}],
        )
