from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CallplanCommon


@tagged("crm_callplan", "post_install", "-at_install")
class TestCapacity(CallplanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # anna: 10 Top (52 calls) + 20 Middle (12 calls) = 760 calls a year, capacity 3 a day.
        # boris: 5 Rest (4 calls) = 20 calls a year, capacity 25: plenty of room.
        cls._make_clients(10, cls.anna, potential=200000, prefix="Top")
        cls._make_clients(20, cls.anna, potential=50000, prefix="Mid")
        cls._make_clients(5, cls.boris, potential=500, prefix="Small")
        cls.anna.callplan_daily_capacity = 3
        cls.plan.prospecting_share = 0  # the whole day for the plan; the share is test_prospecting_share
        cls.plan.action_compute_segments()

    def _row(self, user):
        return self.env["crm.callplan.capacity"].search([("plan_id", "=", self.plan.id), ("user_id", "=", user.id)])

    def test_calls_per_year_week_day(self):
        """Calls a year are summed per salesperson and divided by 42 weeks and 42 x 5 days."""
        row = self._row(self.anna)
        self.assertEqual(row.client_count, 30)
        self.assertEqual(row.calls_per_year, 760)
        self.assertAlmostEqual(row.calls_per_week, 760 / 42, places=6)
        self.assertAlmostEqual(row.calls_per_day, 760 / 210, places=6)
        self.assertEqual(row.daily_capacity, 3)

    def test_overload_and_fix(self):
        """An overloaded salesperson gets the overload size and two concrete fixes."""
        row = self._row(self.anna)
        self.assertTrue(row.overloaded)
        self.assertAlmostEqual(row.overload, 760 / 210 - 3, places=6)
        # 0.619 calls a day = 130 calls a year too many: Top (10 clients, 520 calls)
        # drops by ceil(130 / 10) = 13 to 39, or ceil(130 / 52) = 3 Top clients move to boris.
        self.assertIn("from 52 to 39", row.suggestion)
        self.assertIn("move 3 clients of Top to %s" % self.boris.name, row.suggestion)
        self.assertEqual(self.plan.overloaded_count, 1)

    def test_room_is_not_overload(self):
        """A salesperson within capacity is not flagged and gets no suggestion."""
        row = self._row(self.boris)
        self.assertFalse(row.overloaded)
        self.assertEqual(row.overload, 0)
        self.assertFalse(row.suggestion)

    def test_prospecting_share(self):
        """A share of each day (Settings, 20 % by default) stays free for new clients: capacity and booking."""
        Plan = self.env["crm.callplan"]
        self.assertEqual(Plan.create({"name": "Fresh"}).prospecting_share, 20)
        settings = self.env["res.config.settings"].create({"callplan_prospecting_share": 30})
        settings.execute()
        self.assertEqual(Plan.create({"name": "Fresher"}).prospecting_share, 30)
        self.plan.prospecting_share = 20
        self.env.flush_all()
        row = self._row(self.anna)
        self.assertAlmostEqual(row.plan_capacity, 2.4)
        self.assertEqual(row.prospecting_share, 20)
        self.assertAlmostEqual(row.overload, 760 / 210 - 2.4, places=6)
        # 1.219 calls a day = 256 calls a year too many: Top drops by ceil(256 / 10) = 26
        self.assertIn("from 52 to 26", row.suggestion)
        self.assertAlmostEqual(self._row(self.boris).plan_capacity, 20)
        # the generator books no more than the plan's part of the day: 80 % of 5 calls
        self.boris.callplan_daily_capacity = 5
        self.plan.action_activate()
        self.plan.line_ids.next_due_date = fields.Date.subtract(self.today, days=1)
        self.plan._generate_calls()
        activities = self._plan_activities().filtered(lambda a: a.user_id == self.boris)
        self.assertEqual(len(activities), 5)  # boris's five clients, at most four a day
        for day in self._horizon():
            self.assertLessEqual(len(activities.filtered(lambda a, d=day: a.date_deadline == d)), 4)
        anna_calls = self._plan_activities().filtered(lambda a: a.user_id == self.anna)
        self.assertEqual(len(anna_calls), 2 * len(self._horizon()))  # 80 % of 3 is 2.4: two calls a day
        with self.assertRaisesRegex(ValidationError, "prospecting"), self.cr.savepoint():
            self.plan.prospecting_share = 100

    def test_capacity_must_be_positive(self):
        """A daily capacity of zero calls is refused with a clear message."""
        with self.assertRaisesRegex(ValidationError, "at least one call"), self.cr.savepoint():
            self.anna.callplan_daily_capacity = 0

    def test_salesman_reads_capacity(self):
        """A salesperson reads the plan's capacity figures but cannot change the plan."""
        rows = self.env["crm.callplan.capacity"].with_user(self.anna).search([("plan_id", "=", self.plan.id)])
        self.assertEqual(len(rows), 2)
        with self.assertRaises(AccessError):
            self.plan.with_user(self.anna).write({"working_weeks": 40})
