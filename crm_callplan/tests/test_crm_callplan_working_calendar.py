from datetime import date, datetime, time, timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.crm_callplan.tools import WorkingDays

from .common import CallplanCommon, add_working_days


@tagged("crm_callplan", "crm_callplan_calendar", "post_install", "-at_install")
class TestWorkingCalendar(CallplanCommon):
    """Working days follow the company's working calendar and its public holidays.

    The company works Monday to Thursday (a calendar in UTC); ``anna`` has Middle clients
    (12 calls a year: 210 / 12 = 17.5, rounded to 18 working days between calls).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create({
            "name": "Four-day week",
            "tz": "UTC",
            "attendance_ids": [
                Command.create({"name": f"Day {day}", "dayofweek": str(day), "hour_from": 8, "hour_to": 16,
                                "day_period": "morning"})
                for day in range(4)
            ],
        })
        cls.plan.company_id.resource_calendar_id = cls.calendar
        cls.plan.prospecting_share = 0

    def _holiday(self, day):
        return self.env["resource.calendar.leaves"].create({
            "name": "Public holiday",
            "calendar_id": self.calendar.id,
            "company_id": self.plan.company_id.id,
            "date_from": datetime.combine(day, time.min),
            "date_to": datetime.combine(day, time(23, 59, 59)),
        })

    @staticmethod
    def _add(day, count, holidays=(), weekdays=4):
        """Monday-to-Thursday (or the first ``weekdays``) working days, counted by hand."""
        while count:
            day += timedelta(days=1)
            if day.weekday() < weekdays and day not in holidays:
                count -= 1
        return day

    def test_horizon_skips_fridays_and_public_holidays(self):
        """The generator's next working days are the calendar's: no Friday, no public holiday."""
        horizon = self.plan._get_horizon()
        self.assertEqual(len(horizon), 5)
        self.assertTrue(all(day.weekday() < 4 for day in horizon), horizon)
        holiday = horizon[1]
        self._holiday(holiday)
        new_horizon = self.plan._get_horizon()
        self.assertNotIn(holiday, new_horizon)
        self.assertEqual(len(new_horizon), 5)
        clients = self._make_clients(6, self.anna, potential=50000)
        self.anna.callplan_daily_capacity = 1
        self.plan.action_activate()
        self._lines(clients).next_due_date = fields.Date.subtract(self.today, days=1)
        self.plan._generate_calls()
        days = self._plan_activities().mapped("date_deadline")
        self.assertEqual(sorted(days), new_horizon)

    def test_due_dates_follow_the_calendar(self):
        """A call moves the next due date by working days of the calendar; the neglect date too."""
        client = self._make_clients(1, self.anna, potential=50000)
        self.plan.action_compute_segments()
        line = self._lines(client)
        self.assertEqual(line.neglected_date, self._add(line.next_due_date, 18))
        monday = self.today - timedelta(days=self.today.weekday() + 7)
        holiday = self._add(monday, 3)
        self._holiday(holiday)
        line._register_calls({line.id: monday})
        next_due = self._add(monday, 18, holidays={holiday})
        self.assertEqual(line.next_due_date, next_due)
        self.assertEqual(line.neglected_date, self._add(next_due, 18))
        line.write({"calls_override": True, "calls_override_value": 24})  # 8.75 -> 9 working days
        self.assertEqual(line.next_due_date, self._add(monday, 9, holidays={holiday}))
        self.assertEqual(line.neglected_date, self._add(line.next_due_date, 9))

    def test_working_days_across_the_known_span(self):
        """Counting working days gives the same dates inside, across and outside the calendar's span."""
        start = date(2026, 3, 2)
        span = [start + timedelta(days=d) for d in range(40) if (start + timedelta(days=d)).weekday() < 5]
        with_span, plain = WorkingDays(span, range(5)), WorkingDays(weekdays=range(5))
        for offset in range(-10, 50):
            day = start + timedelta(days=offset)
            for count in (0, 0.5, 1, 2.5, 3.5, 4, 9.7, 52.5):
                expected = self._add(day, round(count), weekdays=5)
                self.assertEqual(with_span.add(day, count), expected, (day, count))
                self.assertEqual(plain.add(day, count), expected, (day, count))
                if day.weekday() < 5:  # from a working day, as the plans have always counted
                    self.assertEqual(expected, add_working_days(day, count, 5), (day, count))
        self.assertEqual(with_span.next(date(2026, 3, 7), 2), [date(2026, 3, 9), date(2026, 3, 10)])
