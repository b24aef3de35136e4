import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_event", "post_install", "-at_install")
class TestCrmCardEvent(CrmCardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.birthday_type = cls.env.ref("crm_card.crm_card_event_type_birthday")
        cls.reorg_type = cls.env.ref("crm_card.crm_card_event_type_reorganisation")

    def _create_event(self, date, yearly=True, **vals):
        return self.env["crm.card.event"].create(
            {
                "name": "Irina's birthday",
                "partner_id": self.contact.id,
                "event_type_id": (self.birthday_type if yearly else self.reorg_type).id,
                "date": date,
                "user_id": self.salesman.id,
                **vals,
            }
        )

    def _reminders(self, partner):
        """The salesman's reminders of the events of ``partner`` (they are on the events)."""
        events = self.env["crm.card.event"].search([("partner_id", "=", partner.id)])
        return self.env["mail.activity"].search(
            [("res_model", "=", "crm.card.event"), ("res_id", "in", events.ids), ("user_id", "=", self.salesman.id)]
        )

    @freeze_time("2026-06-10")
    def test_yearly_next_occurrence(self):
        """A yearly event's next occurrence is this year's date, or next year's once past."""
        self.assertEqual(self._create_event("1980-06-20").next_occurrence, datetime.date(2026, 6, 20))
        self.assertEqual(self._create_event("1980-03-01").next_occurrence, datetime.date(2027, 3, 1))
        one_off = self._create_event("2026-07-01", yearly=False)
        self.assertFalse(one_off.yearly)
        self.assertEqual(one_off.next_occurrence, datetime.date(2026, 7, 1))

    @freeze_time("2026-02-20")
    def test_february_29(self):
        """An event born on Feb 29 falls on Feb 28 in a common year and Feb 29 in a leap year."""
        event = self._create_event("1996-02-29")
        self.assertEqual(event.next_occurrence, datetime.date(2026, 2, 28))
        with freeze_time("2027-03-01"):
            self.env["crm.card.event"]._roll_yearly_events()
            self.assertEqual(event.next_occurrence, datetime.date(2028, 2, 29))

    def test_cron_reminds_once_per_occurrence(self):
        """The cron gives one To-Do per occurrence however often it runs, and again the next year."""
        with freeze_time("2026-06-10"):
            event = self._create_event("1980-06-15")
            self.env["crm.card.event"]._cron_remind_events()
            self.env["crm.card.event"]._cron_remind_events()
            reminders = self._reminders(self.contact)
            self.assertEqual(len(reminders), 1)
            self.assertEqual(reminders.date_deadline, datetime.date(2026, 6, 15))
            self.assertEqual(reminders.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
            self.assertEqual(reminders.card_reminder_key, "card_event:2026-06-15")
        with freeze_time("2027-06-09"):
            self.env["crm.card.event"]._cron_remind_events()
            self.env["crm.card.event"]._cron_remind_events()
            self.assertEqual(event.next_occurrence, datetime.date(2027, 6, 15))
            self.assertEqual(len(self._reminders(self.contact)), 2)

    @freeze_time("2026-06-10")
    def test_cron_waits_for_remind_days(self):
        """No reminder before ``remind_days`` ahead of the date, nor for one-off events in the past."""
        self._create_event("1980-06-30", remind_days=7)
        self._create_event("2026-05-01", yearly=False)
        self.env["crm.card.event"]._cron_remind_events()
        self.assertFalse(self._reminders(self.contact))

    def test_default_remind_days_from_settings(self):
        """The settings' reminder days become the default of new events."""
        self.assertEqual(self._create_event("1980-06-15").remind_days, 7)
        settings = self.env["res.config.settings"].create({"crm_card_event_remind_days": 3})
        settings.execute()
        self.assertEqual(self._create_event("1980-06-15").remind_days, 3)

    @freeze_time("2026-06-10")
    def test_card_counts_events_of_persons(self):
        """The company card counts the special events of its contact persons."""
        self._create_event("1980-06-15")
        self.assertEqual(self.client.card_event_count, 1)
        action = self.client.action_open_card_events()
        self.assertEqual(self.env["crm.card.event"].search(action["domain"]).partner_id, self.contact)
