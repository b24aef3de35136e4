import importlib.util
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanQuiet(CrmShiffmanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.lead = cls._create_lead("interest")  # 14 days, the default
        cls.lead.shiffman_last_contact_date = cls.now - timedelta(days=20)
        cls.fresh = cls._create_lead("interest", name="Fresh")
        cls.fresh.shiffman_last_contact_date = cls.now - timedelta(days=2)

    def test_quiet_compute_and_search(self):
        """A lead without contact beyond its column's days is quiet, computed and searchable."""
        self.assertEqual(self.stages["interest"].rotting_threshold_days, 14)
        self.assertTrue(self.lead.shiffman_quiet)
        self.assertFalse(self.fresh.shiffman_quiet)
        quiet = self.env["crm.lead"].search([("shiffman_quiet", "=", True), ("team_id", "=", self.team.id)])
        self.assertEqual(quiet, self.lead)
        not_quiet = self.env["crm.lead"].search([("shiffman_quiet", "=", False), ("team_id", "=", self.team.id)])
        self.assertIn(self.fresh, not_quiet)
        self.assertNotIn(self.lead, not_quiet)

    def test_default_days(self):
        """A column without its own days uses the default from the settings."""
        self.stages["interest"].rotting_threshold_days = 0
        self.env["ir.config_parameter"].set_param("crm_shiffman.quiet_days", 10)
        self.env.invalidate_all()
        self.assertTrue(self.lead.shiffman_quiet)
        self.env["ir.config_parameter"].set_param("crm_shiffman.quiet_days", 30)
        self.env.invalidate_all()
        self.assertFalse(self.lead.shiffman_quiet)

    def test_quiet_batch(self):
        """Leads of several columns computed together: quiet since their last contact or creation, the rest not."""
        never_contacted = self._create_lead("prospect", name="Never contacted")
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s", [self.now - timedelta(days=40), never_contacted.id]
        )
        won = self._create_lead("result", name="Won")
        won.shiffman_last_contact_date = self.now - timedelta(days=90)
        archived = self._create_lead("interest", name="Archived", active=False)
        archived.shiffman_last_contact_date = self.now - timedelta(days=90)
        leads = self.lead | self.fresh | never_contacted | won | archived
        self.env.invalidate_all()
        quiet = {lead.name: (lead.shiffman_quiet, lead.shiffman_quiet_since) for lead in leads}
        self.assertEqual(
            quiet,
            {
                self.lead.name: (True, self.lead.shiffman_last_contact_date),
                "Fresh": (False, False),
                "Never contacted": (True, never_contacted.create_date),
                "Won": (False, False),
                "Archived": (False, False),
            },
        )

    def test_quiet_follows_stage_days(self):
        """Changing a column's days changes at once whether its leads are quiet (a dependency, not a stale cache)."""
        self.assertTrue(self.lead.shiffman_quiet)
        self.stages["interest"].rotting_threshold_days = 30
        self.assertFalse(self.lead.shiffman_quiet)

    def test_quiet_kanban_read_queries(self):
        """Reading the quiet badge of many cards costs no query beyond the leads and their stages."""
        leads = self.lead | self.fresh
        for index in range(20):
            lead = self._create_lead("contact_1", name=f"Batch {index}")
            lead.shiffman_last_contact_date = self.now - timedelta(days=index * 3)
            leads |= lead
        self.env["crm.lead"]._shiffman_default_quiet_days()  # the setting is cached per registry
        self.env.flush_all()
        self.env.invalidate_all()
        # 1: the leads, with every column quiet depends on (the compute's dependencies are
        # fetched with the read, no second query for the creation date); 1: their stages
        with self.assertQueryCount(2):
            values = leads.web_read({"shiffman_quiet": {}, "shiffman_last_contact_date": {}})
        self.assertEqual(sum(value["shiffman_quiet"] for value in values), 16)

    def test_won_never_quiet(self):
        """A lead in the Result column is never quiet."""
        self.lead.stage_id = self.stages["result"]
        self.assertFalse(self.lead.shiffman_quiet)

    def test_cron_idempotent(self):
        """The cron gives one Call per quiet episode however often it runs; a new episode gets a new one."""
        Lead = self.env["crm.lead"]
        Lead._cron_shiffman_quiet_reminders()
        Lead._cron_shiffman_quiet_reminders()
        activities = self.lead.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(activities.user_id, self.salesman)
        self.assertFalse(self.fresh.activity_ids)
        # a contact ends the episode; when the lead goes quiet again it gets a new reminder
        self.lead.shiffman_last_contact_date = self.now - timedelta(days=15)
        Lead._cron_shiffman_quiet_reminders()
        Lead._cron_shiffman_quiet_reminders()
        self.assertEqual(len(self.lead.activity_ids), 2)

    def test_note_keeps_the_lead_name_as_text(self):
        """The reminder's note names the lead as text: a name that looks like HTML is shown, not
        run (the job stores its notes in one statement, past the ORM's sanitizer)."""
        self.lead.name = '<img src=x onerror="alert(1)">Bricks'
        self.env["crm.lead"]._cron_shiffman_quiet_reminders()
        note = str(self.lead.activity_ids.note)
        self.assertNotIn("<img", note)
        self.assertIn("&lt;img src=x onerror=", note)
        self.assertIn("Bricks", note)

    def _quiet_key(self, reference):
        return f"crm_shiffman_quiet:{reference.isoformat(timespec='seconds')}"

    def _done_without_contact(self, activities):
        """Mark done without logging a contact (which would end the episode): as the Log Contact
        dialog does for the activity it completes."""
        activities.with_context(crm_card_logged_activity_ids=activities.ids).action_done()

    def _all_reminders(self, lead):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)])
        )

    def test_episode_is_the_reason(self):
        """The reminder's reason names the episode; done, it is not given again for that episode; a new
        episode gets a new one."""
        Lead = self.env["crm.lead"]
        Lead._cron_shiffman_quiet_reminders()
        reminder = self.lead.activity_ids
        self.assertEqual(reminder.card_reminder_key, self._quiet_key(self.lead.shiffman_last_contact_date))
        self._done_without_contact(reminder)
        Lead._cron_shiffman_quiet_reminders()
        self.assertFalse(self.lead.activity_ids, "a done reminder is not given again for the same episode")
        self.assertEqual(self._all_reminders(self.lead), reminder)
        self.lead.shiffman_last_contact_date = self.now - timedelta(days=15)
        Lead._cron_shiffman_quiet_reminders()
        self.assertEqual(self.lead.activity_ids.card_reminder_key, self._quiet_key(self.now - timedelta(days=15)))

    def test_reminded_by_reason_alone(self):
        """A lead with an activity of the episode's reason, whoever planned it, is reminded already."""
        reference = self.lead.shiffman_last_contact_date
        call = self.env.ref("mail.mail_activity_data_call")
        given = (
            self.env["mail.activity"]
            .sudo()
            ._card_plan_reminders(
                "crm.lead",
                call,
                [(self.lead.id, self.salesman.id, self.now.date(), "Call", None, self._quiet_key(reference))],
            )
        )
        self._done_without_contact(given)
        self.env["crm.lead"]._cron_shiffman_quiet_reminders()
        self.assertEqual(self._all_reminders(self.lead), given)

    def test_upgrade_reminds_nobody_twice(self):
        """A database of 19.0.1.1.0 upgraded: the quiet reminders it gave (open or done) get their
        episode's reason, a lead whose reminder was cancelled gets a done one, so the next night
        reminds nobody again; a lead reminded of an older episode is reminded of its new one."""
        call = self.env.ref("mail.mail_activity_data_call")
        reference = self.lead.shiffman_last_contact_date
        cancelled = self._create_lead("interest", name="Cancelled")
        cancelled.shiffman_last_contact_date = self.now - timedelta(days=30)
        older = self._create_lead("interest", name="Older episode")
        older.shiffman_last_contact_date = self.now - timedelta(days=16)
        # what 19.0.1.1.0 left: its reminders (activity_schedule, the summary in the salesperson's
        # language), and each lead's episode in shiffman_reminded_date
        summary = "Quiet prospect: remind them of our offer"
        done = self.lead.activity_schedule(activity_type_id=call.id, summary=summary, user_id=self.salesman.id)
        self._done_without_contact(done)
        manual = self.lead.activity_schedule(activity_type_id=call.id, summary="Ask for the samples")
        old = older.activity_schedule(activity_type_id=call.id, summary=summary, user_id=self.salesman.id)
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("ALTER TABLE crm_lead ADD COLUMN shiffman_reminded_date timestamp")
        cr.execute("UPDATE crm_lead SET shiffman_reminded_date = %s WHERE id = %s", (reference, self.lead.id))
        cr.execute(
            "UPDATE crm_lead SET shiffman_reminded_date = shiffman_last_contact_date WHERE id = %s", (cancelled.id,)
        )
        cr.execute(
            "UPDATE crm_lead SET shiffman_reminded_date = %s WHERE id = %s", (self.now - timedelta(days=40), older.id)
        )
        cr.execute("UPDATE mail_activity SET create_date = %s WHERE id = %s", (self.now - timedelta(days=39), old.id))
        path = file_path("crm_shiffman/migrations/19.0.1.2.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("crm_shiffman_post_migrate_19_0_1_2_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(cr, "19.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(done.card_reminder_key, self._quiet_key(reference))
        self.assertFalse(manual.card_reminder_key, "not a quiet reminder")
        remembered = self._all_reminders(cancelled)
        cancelled_key = self._quiet_key(cancelled.shiffman_last_contact_date)
        self.assertEqual(remembered.mapped("card_reminder_key"), [cancelled_key])
        self.assertFalse(remembered.active, "a done reminder nobody sees")
        self.assertEqual(old.card_reminder_key, self._quiet_key(self.now - timedelta(days=40)))
        self.env["crm.lead"]._cron_shiffman_quiet_reminders()
        self.assertEqual(self._all_reminders(self.lead), done | manual)
        self.assertEqual(self._all_reminders(cancelled), remembered)
        self.assertEqual(len(older.activity_ids), 2, "a new episode, a new reminder")

    def test_merge_by_salesperson_keeps_the_reason(self):
        """A salesperson merging two leads of one quiet episode: the merged lead's reminder moves to
        the kept one with its reason (a user's move of an activity clears it, a merge does not), so
        the next night gives the kept lead no second reminder."""
        twin = self._create_lead("interest", name="Bricks again")
        twin.shiffman_last_contact_date = self.lead.shiffman_last_contact_date
        self.env["crm.lead"]._cron_shiffman_quiet_reminders()
        leads = (self.lead | twin).with_user(self.salesman)
        head = leads._sort_by_confidence_level(reverse=True)[0]
        reason = head.activity_ids.card_reminder_key
        head.activity_ids.unlink()  # cancelled: forgotten, the merged lead's reminder stands for it
        moved = (leads - head).activity_ids
        leads._merge_opportunity(max_length=0)
        self.assertEqual(head.activity_ids, moved)
        self.assertEqual(moved.sudo().card_reminder_key, reason)
        self.env["crm.lead"]._cron_shiffman_quiet_reminders()
        self.assertEqual(head.activity_ids, moved, "no second reminder of the episode")

    def test_merge_leads_reminded_of_one_episode(self):
        """Two leads of a client quiet since the same contact, both reminded, merge: the kept lead
        keeps its own reminder as the episode's, the other's call comes along without the reason."""
        twin = self._create_lead("interest", name="Bricks again")
        twin.shiffman_last_contact_date = self.lead.shiffman_last_contact_date
        self.env["crm.lead"]._cron_shiffman_quiet_reminders()
        reminders = self.lead.activity_ids | twin.activity_ids
        reason = self.lead.activity_ids.card_reminder_key
        self.assertEqual(reminders.mapped("card_reminder_key"), [reason, reason])
        by_lead = {activity.res_id: activity for activity in reminders}
        head = (self.lead | twin)._merge_opportunity(max_length=0)
        self.assertEqual(head.activity_ids, reminders)
        own = by_lead[head.id]
        self.assertEqual(own.card_reminder_key, reason)
        self.assertFalse((reminders - own).card_reminder_key)
