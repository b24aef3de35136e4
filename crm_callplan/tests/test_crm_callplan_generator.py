import contextlib

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CallplanCommon


@tagged("crm_callplan", "post_install", "-at_install")
class TestGenerator(CallplanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # anna: 12 Top clients, capacity 2 a day -> at most 10 calls in 5 working days.
        cls.clients = cls._make_clients(12, cls.anna, potential=200000)
        cls.anna.callplan_daily_capacity = 2
        cls.plan.prospecting_share = 0  # the whole day for the plan (the share: test_capacity)
        cls.plan.action_activate()
        cls.lines = cls.plan.line_ids.sorted("id")
        # Overdue by 12, 11, ... 1 days: the first lines are the most overdue.
        for age, line in zip(range(12, 0, -1), cls.lines, strict=True):
            line.next_due_date = fields.Date.subtract(cls.today, days=age)

    def test_overdue_first_within_capacity(self):
        """The most overdue clients are booked first, two a day, on the next five working days."""
        created = self.plan._generate_calls()
        self.assertEqual(created, 10)
        activities = self._plan_activities()
        self.assertEqual(activities.callplan_line_id, self.lines[:10])
        days = self._horizon()
        for day in days:
            self.assertEqual(len(activities.filtered(lambda a, d=day: a.date_deadline == d)), 2)
        first_day = activities.filtered(lambda a: a.date_deadline == days[0]).callplan_line_id
        self.assertEqual(first_day, self.lines[:2])
        self.assertTrue(all(a.activity_type_id == self.call_type and a.user_id == self.anna for a in activities))
        self.assertIn("Key accounts", activities[0].note)
        self.assertIn("Top", activities[0].note)

    def test_existing_calls_use_capacity(self):
        """Call activities already planned that day count against the salesperson's capacity."""
        day = self._horizon()[0]
        self.clients[0].activity_schedule("mail.mail_activity_data_call", date_deadline=day, user_id=self.anna.id)
        self.plan._generate_calls()
        on_day = self.env["mail.activity"].search(
            [("user_id", "=", self.anna.id), ("date_deadline", "=", day), ("activity_type_id", "=", self.call_type.id)]
        )
        self.assertEqual(len(on_day), 2)
        self.assertEqual(len(self._plan_activities()), 9)

    def test_rerun_creates_nothing(self):
        """A second run finds every due client already booked and creates nothing."""
        self.plan._generate_calls()
        self.assertEqual(self.plan._generate_calls(), 0)
        self.assertEqual(len(self._plan_activities()), 10)
        self.assertEqual(len(self.lines.activity_id), 10)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_second_open_call(self):
        """The database itself refuses a second open plan call for the same client."""
        self.plan._generate_calls()
        line = self.lines[0]
        with self.assertRaises(psycopg2.IntegrityError), self.cr.savepoint():
            self.env["mail.activity"].create({
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": line.partner_id.id,
                "activity_type_id": self.call_type.id,
                "user_id": self.anna.id,
                "callplan_line_id": line.id,
            })
            self.env.flush_all()

    def test_user_cannot_take_a_plan_call(self):
        """A salesperson cannot tie an activity of theirs to a plan line (it would keep the
        generator from booking the client's call and count as a plan call when done), by create,
        write or copy."""
        line = self.lines[0]
        as_anna = self.env["mail.activity"].with_user(self.anna)
        with self.assertRaises(AccessError):
            as_anna.create({
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": line.partner_id.id,
                "activity_type_id": self.call_type.id,
                "user_id": self.anna.id,
                "callplan_line_id": line.id,
            })
        own = line.partner_id.with_user(self.anna).activity_schedule("mail.mail_activity_data_call")
        with self.assertRaises(AccessError):
            own.write({"callplan_line_id": line.id})
        self.plan._generate_calls()
        self.assertEqual(len(line.activity_id), 1)
        self.assertFalse(line.activity_id.with_user(self.anna).copy().callplan_line_id)

    def test_future_due_waits_for_its_day(self):
        """A client due later in the week is booked on its due day, not before."""
        self.lines.next_due_date = fields.Date.add(self.today, days=60)
        day = self._horizon()[3]
        self.lines[0].next_due_date = day
        self.assertEqual(self.plan._generate_calls(), 1)
        self.assertEqual(self.lines[0].activity_id.date_deadline, day)

    def test_logged_call_counts_as_done(self):
        """A logged call marks the client called, moves the due date by one interval and frees the slot."""
        self.plan._generate_calls()
        line = self.lines[0]
        activity = line.activity_id
        # in the cache before the call: the call's SQL must drop what it changed from it
        self.assertEqual(line.partner_id.activity_ids, activity)
        self.assertTrue(line.partner_id.activity_state)
        self.assertEqual(line.calls_done, 0)
        self.env["crm.card.interaction"].create({"partner_id": line.partner_id.id, "kind": "call"})
        self.assertFalse(line.partner_id.activity_ids)
        self.assertFalse(line.partner_id.activity_state)
        self.assertEqual(line.calls_done, 1)
        self.assertEqual(line.last_call_date, self.today)
        # 52 calls over 42 x 5 = 210 working days: every 4.04 -> 4 working days.
        self.assertEqual(line.next_due_date, self._add_working_days(self.today, 210 / 52))
        self.assertFalse(activity.exists())
        self.assertFalse(line.activity_id)
        self.assertEqual(len(self.env["crm.callplan.call"].search([("line_id", "=", line.id)])), 1)

    def test_meeting_does_not_count(self):
        """Only calls count: a meeting leaves the plan line untouched."""
        line = self.lines[0]
        self.env["crm.card.interaction"].create({"partner_id": line.partner_id.id, "kind": "meeting"})
        self.assertEqual(line.calls_done, 0)

    def test_done_from_my_activities(self):
        """Marking the planned call done counts once, archives it and lets the next call be booked later."""
        self.plan._generate_calls()
        line = self.lines[0]
        activity = line.activity_id
        activity.with_user(self.anna).action_feedback(feedback="Ordered 20 t")
        self.assertFalse(activity.active)
        self.assertEqual(line.calls_done, 1)
        self.assertFalse(line.activity_id)
        self.assertEqual(len(self.env["crm.callplan.call"].search([("line_id", "=", line.id)])), 1)
        self.assertGreater(line.next_due_date, self.today)

    def test_activities_show_like_native_ones(self):
        """Generated calls show in the assignee's My activities, on the client, with the assignee following."""
        self.plan._generate_calls()
        partner = self.lines[0].partner_id
        self.assertEqual(partner.activity_ids, self.lines[0].activity_id)
        self.assertEqual(partner.activity_user_id, self.anna)
        self.assertIn(partner.activity_state, ("overdue", "today", "planned"))
        self.assertEqual(partner.activity_ids.res_name, partner.display_name)
        self.assertIn(self.anna.partner_id, partner.message_partner_ids)
        groups = self.anna.with_user(self.anna)._get_activity_groups()
        partner_group = next(g for g in groups if g["model"] == "res.partner")
        counts = partner_group["overdue_count"] + partner_group["today_count"] + partner_group["planned_count"]
        self.assertEqual(counts, 10)
        my = self.env["res.partner"].with_user(self.anna).search([("activity_user_id", "=", self.anna.id)])
        self.assertEqual(len(my), 10)

    def test_draft_plan_generates_nothing(self):
        """Only active plans book calls."""
        self.plan.action_reset_draft()
        self.assertEqual(self.plan._generate_calls(), 0)

    def test_query_budget(self):
        """Generator queries depend on batches, not clients: 20 and 200 clients cost the same."""
        counts = []
        # the first size runs twice: its first run warms caches (xmlids, models, translations)
        for warm, size in ((True, 20), (False, 20), (False, 200)):
            plan = self.plan.copy({"name": f"Budget {size}", "user_ids": [(6, 0, self.boris.ids)]})
            plan.invalidate_recordset()
            clients = self._make_clients(size, self.boris, potential=200000, prefix=f"Budget{size}")
            plan.action_activate()
            self.boris.callplan_daily_capacity = 1000
            self._lines(clients, plan).next_due_date = fields.Date.subtract(self.today, days=3)
            self.env.flush_all()
            self.env.invalidate_all()
            # lock, the batch's lines in due order, those of them without a call (locked), load,
            # capacity, segments, the salespeople's language, the clients' names, insert
            # activities, update lines, followers, bus notification: one batch, whatever its size
            with contextlib.nullcontext() if warm else self.assertQueryCount(17):
                before = self.cr.sql_log_count
                self.assertEqual(plan._generate_calls(), size)
                counts.append(self.cr.sql_log_count - before)
            plan.state = "closed"
            self._lines(clients, plan).activity_id.unlink()
            clients.user_id = False
        self.assertEqual(counts[1], counts[2], counts)
