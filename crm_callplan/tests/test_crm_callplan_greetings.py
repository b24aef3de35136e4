from ast import literal_eval

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import CallplanCommon


@tagged("crm_callplan", "post_install", "-at_install")
class TestGreetings(CallplanCommon):
    """New Year greetings planned from the base: whom to greet and how, and who greeted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.top = cls._make_clients(1, cls.anna, potential=200000, prefix="Top")
        cls.small, cls.small_rated = cls._make_clients(2, cls.boris, potential=500, prefix="Small")
        cls.small_rated.with_context(crm_card_rating_comment="Loyal for years").card_rating = "5"
        cls.outside = cls.env["res.partner"].create(
            {"name": "Outside Ltd", "is_company": True, "user_id": cls.sales_manager.id}
        )
        cls.nobody = cls.env["res.partner"].create({"name": "Nobody's Ltd", "is_company": True})
        cls.plan.action_activate()
        cls.greeting_date = fields.Date.add(cls.today, days=20)
        cls.person = cls.env["res.partner"].create({"name": "Olga Smirnova", "parent_id": cls.top.id})
        Event = cls.env["crm.card.event"]
        cls.birthday = Event.create({
            "name": "Olga's birthday", "partner_id": cls.person.id,
            "event_type_id": cls.env.ref("crm_card.crm_card_event_type_birthday").id,
            "date": cls.today + relativedelta(days=10, years=-40),
        })
        cls.late_birthday = Event.create({
            "name": "Late birthday", "partner_id": cls.small.id,
            "event_type_id": cls.env.ref("crm_card.crm_card_event_type_birthday").id,
            "date": cls.today + relativedelta(days=40, years=-30),
        })
        cls.reorganisation = Event.create({
            "name": "Merger", "partner_id": cls.small.id,
            "event_type_id": cls.env.ref("crm_card.crm_card_event_type_reorganisation").id,
            "date": fields.Date.add(cls.today, days=5),
        })

    def _plan(self, **values):
        return self.env["crm.callplan.greeting"].with_user(self.sales_manager).create(
            {"occasion": "New Year", "date": self.greeting_date, **values}
        ).action_plan_greetings()

    def _greetings(self):
        return self.env["mail.activity"].with_context(active_test=False).search(
            [("callplan_greeting", "=", "New Year")]
        )

    def test_whom_and_how(self):
        """Segment, rating and clients outside the plans choose the channel; events are greeted on their day."""
        self._plan(call_rating=4, include_unplanned=True, unplanned_channel="letter")
        by_record = {(activity.res_model, activity.res_id): activity for activity in self._greetings()}
        top = by_record["res.partner", self.top.id]
        self.assertEqual((top.callplan_greeting_channel, top.activity_type_id, top.user_id),
                         ("call", self.call_type, self.anna))
        self.assertEqual(top.date_deadline, self.greeting_date)
        self.assertEqual(by_record["res.partner", self.small.id].callplan_greeting_channel, "email")  # Rest segment
        self.assertEqual(by_record["res.partner", self.small_rated.id].callplan_greeting_channel, "call")  # rated 5
        outside = by_record["res.partner", self.outside.id]
        self.assertEqual((outside.callplan_greeting_channel, outside.user_id), ("letter", self.sales_manager))
        self.assertNotIn(("res.partner", self.nobody.id), by_record)
        # the client's own event: on the event (its details are for those who may read events), on its day
        birthday = by_record["crm.card.event", self.birthday.id]
        self.assertEqual((birthday.date_deadline, birthday.user_id, birthday.callplan_greeting_channel),
                         (self.birthday.next_occurrence, self.anna, "call"))
        self.assertIn("Olga's birthday", birthday.summary)
        self.assertNotIn(("crm.card.event", self.late_birthday.id), by_record)  # after the date
        self.assertNotIn(("crm.card.event", self.reorganisation.id), by_record)  # not a greeting event

    def test_outside_plans_only_when_asked_and_min_rating(self):
        self._plan()
        greeted = self._greetings().filtered(lambda a: a.res_model == "res.partner").mapped("res_id")
        self.assertNotIn(self.outside.id, greeted)
        self.assertIn(self.small.id, greeted)
        self._greetings().unlink()
        self._plan(min_rating=4, include_unplanned=True)
        greeted = self._greetings().filtered(lambda a: a.res_model == "res.partner").mapped("res_id")
        self.assertEqual(greeted, [self.small_rated.id])

    def test_once_per_occasion_and_done_ones_seen(self):
        """A second run plans nothing twice; the head of sales sees done and not done greetings."""
        self._plan()
        first = self._greetings()
        self._plan()
        self.assertEqual(self._greetings(), first)
        first.filtered(lambda a: a.res_id == self.top.id and a.res_model == "res.partner").with_user(
            self.anna).action_feedback("Greeted by phone")
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_callplan.mail_activity_action_callplan_greetings")
        Activity = self.env["mail.activity"].with_user(self.sales_manager).with_context(active_test=False)
        listed = Activity.search(literal_eval(action["domain"]))
        self.assertEqual(listed, first)
        done = listed.filtered(lambda a: not a.active)
        self.assertEqual(done.res_id, self.top.id)
        self.assertTrue(done.date_done)
