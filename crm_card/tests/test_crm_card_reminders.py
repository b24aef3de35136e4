import importlib.util
import json

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import CrmCardHistoryCommon
from .test_crm_card_rhythm import SILENT_ORDERS


@tagged("crm_card", "crm_card_reminders", "post_install", "-at_install")
class TestCrmCardReminders(CrmCardHistoryCommon):
    """One way to plan reminders (``mail.activity._card_plan_reminders``), one rule of "already
    reminded": an activity, open or done, of the record with the same reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.Activity = cls.env["mail.activity"]

    def _activities(self, partners):
        return self.Activity.search([("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)])

    def _bus_messages(self):
        return [json.loads(values["message"]) for values in self.env.cr.precommit.data.get("bus.bus.values", [])]

    @freeze_time("2026-08-15")
    def test_each_reason_once_over_two_nights(self):
        """A client with a coming need date that falls silent gets one To-Do for each, and its head of
        sales one digest, however often the jobs run; a reminder marked done is not given again."""
        head = self.manager
        self.env["crm.team"].create({"name": "North", "user_id": head.id, "member_ids": [self.salesman.id]})
        self.client.card_need_date = "2026-08-25"
        self._create_orders(self.client, SILENT_ORDERS)
        Partner = self.env["res.partner"]
        for _night in range(2):
            Partner._remind_card_need_dates()
            Partner._update_card_rhythm()
            Partner._send_card_risk_digest()
        reminders = self._activities(self.client)
        self.assertEqual(len(reminders), 2, "one need date To-Do, one rhythm To-Do")
        digest = self._activities(head.partner_id)
        self.assertEqual(len(digest), 1, "one digest a day, however often the job runs")
        self.assertEqual(
            sorted(reminders.mapped("card_reminder_key")), ["card_need:2026-08-25", "card_rhythm_silent:2026-08-15"]
        )
        self.assertEqual(digest.card_reminder_key, "card_risk_digest:2026-08-15")
        reminders.action_done()
        Partner._remind_card_need_dates()
        Partner._send_card_risk_digest()
        self.assertFalse(self._activities(self.client), "done reminders are not given again")
        self.assertEqual(self._activities(head.partner_id), digest)

    def test_bulk_and_orm_alike(self):
        """Both ways give what users see alike: the activity, the assignee following the record with
        the default subtypes, the assignee's activity counter; a reason given is not given again."""
        today = fields.Date.context_today(self.env.user)
        clients = self.env["res.partner"].create(
            [{"name": "Kama Steel", "is_company": True}, {"name": "Oka Timber", "is_company": True}]
        )
        results = {}
        for client, bulk in zip(clients, (False, True), strict=True):
            sent = len(self._bus_messages())
            reminder = (client.id, self.salesman.id, today, "Call them", "<p>A note</p>", "test:1")
            activity = self.Activity._card_plan_reminders("res.partner", self.todo, [reminder], bulk=bulk)
            again = self.Activity._card_plan_reminders("res.partner", self.todo, [reminder], bulk=bulk)
            self.assertFalse(again, "the same reason twice")
            self.env.invalidate_all()
            follower = client.message_follower_ids.filtered(lambda f: f.partner_id == self.salesman.partner_id)
            results[bulk] = {
                "activity": activity.read(
                    ["res_model", "res_name", "activity_type_id", "user_id", "user_tz", "date_deadline", "summary",
                     "note", "automated", "active", "card_reminder_key", "create_uid", "state"]
                )[0],
                "subtypes": follower.subtype_ids,
                "bus": [
                    message for message in self._bus_messages()[sent:] if message["type"] == "mail.activity/updated"
                ],
            }
            self.assertEqual(results[bulk]["activity"]["res_name"], client.display_name)
        for result in results.values():
            result["activity"].pop("id")
            result["activity"].pop("res_name")
        self.assertEqual(results[True], results[False])
        self.assertTrue(results[True]["subtypes"], "the assignee follows with the default subtypes")
        self.assertEqual(results[True]["bus"], [{"type": "mail.activity/updated",
                                                 "payload": {"activity_created": True, "count_diff": 1}}])

    def test_merge_keeps_one_reminder_per_reason(self):
        """Merging two clients reminded for the same reason keeps the survivor's reason; the merged
        client's reminder moves along without it."""
        today = fields.Date.context_today(self.env.user)
        twin = self.env["res.partner"].create({"name": "Volga Trade", "is_company": True, "user_id": self.salesman.id})
        planned = self.Activity._card_plan_reminders(
            "res.partner",
            self.todo,
            [
                (partner.id, self.salesman.id, today, "Need", None, "card_need:2027-01-01")
                for partner in (twin, self.client)
            ],
        )
        self.assertEqual(len(planned), 2)
        self.env["base.partner.merge.automatic.wizard"]._merge((self.client | twin).ids, self.client)
        moved = self._activities(self.client)
        self.assertEqual(moved, planned)
        self.assertEqual(sorted(moved.mapped("card_reminder_key"), key=bool), [False, "card_need:2027-01-01"])
        self.assertEqual(moved.filtered("card_reminder_key").id, max(planned.ids), "the survivor's reason")

    def test_upgrade_plans_no_second_reminder(self):
        """A database of 19.0.1.3.0 upgraded: the occasions it reminded and the open satisfaction
        reminders get their reason, so the next night plans nothing again."""
        today = fields.Date.context_today(self.env.user)
        need_date = today + relativedelta(days=5)
        self.client.card_need_date = need_date
        contract = self.env["crm.card.contract"].create(
            {"name": "2026/17", "partner_id": self.client.id, "state": "active", "user_id": self.salesman.id,
             "date": today - relativedelta(years=1), "date_end": today + relativedelta(days=10)}
        )
        event = self.env["crm.card.event"].create(
            {"name": "Founding day", "partner_id": self.client.id, "date": today + relativedelta(days=3),
             "event_type_id": self.env.ref("crm_card.crm_card_event_type_birthday").id,
             "user_id": self.salesman.id}
        )
        self._create_orders(self.client, [(today - relativedelta(days=30), 100.0)])
        self.env["crm.card.satisfaction"].create(
            {"partner_id": self.client.id, "date": today - relativedelta(days=400), "score": 4}
        )
        satisfaction_type = self.env.ref("crm_card.mail_activity_type_card_satisfaction")
        # what 19.0.1.3.0 left: the occasions reminded in their columns (their reminders were done
        # or cancelled since), an open satisfaction reminder of the product without a reason
        self.Activity.create(
            {"res_model_id": self.env["ir.model"]._get_id("res.partner"), "res_id": self.client.id,
             "activity_type_id": satisfaction_type.id, "user_id": self.salesman.id,
             "card_satisfaction_product_id": self.product.id}
        )
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("ALTER TABLE res_partner ADD COLUMN card_need_reminded_date date")
        cr.execute("ALTER TABLE crm_card_contract ADD COLUMN ending_reminded_date date")
        cr.execute("ALTER TABLE crm_card_event ADD COLUMN last_reminded_occurrence date")
        cr.execute("UPDATE res_partner SET card_need_reminded_date = %s WHERE id = %s", (need_date, self.client.id))
        cr.execute("UPDATE crm_card_contract SET ending_reminded_date = date_end WHERE id = %s", (contract.id,))
        cr.execute("UPDATE crm_card_event SET last_reminded_occurrence = next_occurrence WHERE id = %s", (event.id,))
        path = file_path("crm_card/migrations/19.0.1.4.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("crm_card_post_migrate_19_0_1_4_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(cr, "19.0.1.3.0")
        self.env.invalidate_all()
        before = self.Activity.with_context(active_test=False).search_count([])
        self.env["res.partner"]._remind_card_need_dates()
        self.env["crm.card.contract"]._remind_ending_contracts()
        self.env["crm.card.event"]._remind_upcoming_events()
        self.env["res.partner"]._plan_card_satisfaction_checks()
        self.assertEqual(self.Activity.with_context(active_test=False).search_count([]), before)
        self.assertEqual(
            self._activities(self.client).card_reminder_key,
            f"card_satisfaction:{self.product.id}:{today - relativedelta(days=400)}",
        )


@tagged("crm_card", "crm_card_reminders", "crm_card_access", "post_install", "-at_install")
class TestCrmCardReminderReasons(CrmCardHistoryCommon):
    """Only the jobs and wizards that plan a reminder give it its reason: a user who could set or
    move one would spare a client the reminders the method gives (a need date, a silent client)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.reason = "card_need:2026-08-25"

    def _reminders(self, client):
        return self.env["mail.activity"].with_context(active_test=False).search(
            [("res_model", "=", "res.partner"), ("res_id", "=", client.id), ("card_reminder_key", "=", self.reason)]
        )

    @freeze_time("2026-08-15")
    def test_user_cannot_give_a_reason(self):
        """A salesperson's create, activity_schedule and write of a reason are refused, and the
        client's need date reminder still comes."""
        client = self.client.with_user(self.salesman)
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.salesman).create({
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": client.id,
                "activity_type_id": self.todo.id,
                "user_id": self.salesman.id,
                "card_reminder_key": self.reason,
            })
        with self.assertRaises(AccessError):
            client.activity_schedule("mail.mail_activity_data_todo", card_reminder_key=self.reason)
        own = client.activity_schedule("mail.mail_activity_data_todo", summary="Mine")
        with self.assertRaises(AccessError):
            own.write({"card_reminder_key": self.reason})
        self.assertFalse(own.copy().card_reminder_key)
        self.client.card_need_date = "2026-08-25"
        self.env["res.partner"]._remind_card_need_dates()
        reminder = self._reminders(self.client)
        self.assertEqual(len(reminder), 1, "the job's reminder is not spared")
        self.assertEqual(reminder.user_id, self.salesman)

    def test_user_cannot_give_a_reason_by_default(self):
        """A reason passed as a default of the context (``default_card_reminder_key``) is refused as well."""
        Activity = self.env["mail.activity"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            Activity.with_context(default_card_reminder_key=self.reason).create({
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.client.id,
                "activity_type_id": self.todo.id,
                "user_id": self.salesman.id,
            })

    @freeze_time("2026-08-15")
    def test_moved_reminder_leaves_its_reason(self):
        """A salesperson who moves a done reminder to another client does not spare that client
        its own reminder for the same reason: the moved activity is no longer a reminder."""
        twin = self.env["res.partner"].create({"name": "Volga Trade", "is_company": True, "user_id": self.salesman.id})
        self.client.card_need_date = "2026-08-25"
        self.env["res.partner"]._remind_card_need_dates()
        done = self._reminders(self.client)
        done.with_user(self.salesman).action_done()
        done.with_user(self.salesman).write({"res_id": twin.id})
        self.assertFalse(done.card_reminder_key)
        twin.card_need_date = "2026-08-25"
        self.env["res.partner"]._remind_card_need_dates()
        self.assertEqual(len(self._reminders(twin)), 1, "the twin is reminded")
        self.assertTrue(self._reminders(twin).active)

    def test_wizard_as_user_gives_the_reason(self):
        """A reminder planned with a user's rights (a wizard) carries its reason, and is planned once."""
        today = fields.Date.context_today(self.env.user)
        Activity = self.env["mail.activity"].with_user(self.salesman)
        reminder = (self.client.id, self.salesman.id, today, "Call them", None, "test:wizard")
        planned = Activity._card_plan_reminders("res.partner", self.todo, [reminder])
        self.assertEqual(planned.sudo().card_reminder_key, "test:wizard")
        self.assertEqual(planned.create_uid, self.salesman)
        self.assertFalse(Activity._card_plan_reminders("res.partner", self.todo, [reminder]))
