from odoo import Command, fields
from odoo.tests import tagged

from .common import CallplanCommon


@tagged("crm_callplan", "crm_callplan_merge", "post_install", "-at_install")
class TestPartnerMerge(CallplanCommon):
    """A data steward merges two records of one client, ``twin`` into ``client``, both in ``plan``.

    steward -- CrmCardCommon's Client base Data steward: may merge clients, has no rights on call plans
    ``client`` (1 call) and ``twin`` (2 calls) are anna's Top clients with a planned call each;
    ``twin`` alone is also in ``spring``, a second plan.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._make_clients(2, cls.anna, potential=200000)
        cls.client, cls.twin = cls.clients
        cls.plan.action_activate()
        cls.line, cls.twin_line = (cls.plan.line_ids.filtered(lambda ln, p=p: ln.partner_id == p) for p in cls.clients)
        days_ago = fields.Date.subtract
        cls.line._register_calls({cls.line.id: days_ago(cls.today, days=30)})
        cls.twin_line._register_calls({cls.twin_line.id: days_ago(cls.today, days=20)})
        cls.twin_line._register_calls({cls.twin_line.id: days_ago(cls.today, days=6)})
        (cls.line | cls.twin_line).next_due_date = cls.today
        cls.plan._generate_calls()
        cls.activity, cls.twin_activity = cls.line.activity_id, cls.twin_line.activity_id
        cls.line.next_due_date = fields.Date.add(cls.today, days=4)
        cls.twin_line.next_due_date = fields.Date.add(cls.today, days=1)
        cls.spring = cls.env["crm.callplan"].create(
            {
                "name": "Spring push",
                "user_ids": [Command.set(cls.anna.ids)],
                "segment_ids": [Command.create({"name": "All", "basis": "potential", "calls_per_year": 12})],
            }
        )
        cls.spring_line = cls.env["crm.callplan.line"].create(
            {"plan_id": cls.spring.id, "partner_id": cls.twin.id, "segment_id": cls.spring.segment_ids.id}
        )

    def _merge(self, partners, dst_partner):
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(self.steward)
        wizard._merge(partners.ids, dst_partner.with_user(self.steward))

    def test_twins_in_one_plan_become_one_line(self):
        """The client keeps its line in the plan with the twin's calls, call log and the earlier due date."""
        self.assertTrue(self.activity and self.twin_activity)
        first_due = min(self.line.first_due_date, self.twin_line.first_due_date)
        self._merge(self.client | self.twin, self.client)
        self.assertFalse(self.twin.exists())
        self.assertFalse(self.twin_line.exists())
        self.assertEqual(self._lines(self.client), self.line)
        self.assertEqual(self.line.calls_done, 3)
        self.assertEqual(self.line.last_call_date, fields.Date.subtract(self.today, days=6))
        self.assertEqual(self.line.next_due_date, fields.Date.add(self.today, days=1))
        self.assertEqual(self.line.first_due_date, first_due)
        calls = self.env["crm.callplan.call"].search([("plan_id", "=", self.plan.id)])
        self.assertEqual(len(calls), 3, "the coverage history of both records stays")
        self.assertEqual(calls.line_id, self.line)
        self.assertEqual(calls.partner_id, self.client)
        self.assertFalse(self.twin_activity.exists(), "the client has one open planned call from the plan")
        self.assertEqual(self.line.activity_id, self.activity)
        self.assertEqual(self._plan_activities(), self.activity)

    def test_line_of_another_plan_follows_the_client(self):
        """The twin's line in a plan the client is not in simply moves to the client."""
        self._merge(self.client | self.twin, self.client)
        self.assertTrue(self.spring_line.exists())
        self.assertEqual(self.spring_line.partner_id, self.client)
        self.assertEqual(self.client.callplan_line_ids, self.line | self.spring_line)

    def test_three_records_none_of_them_the_plans(self):
        """Two records in the plan merged into a third that is not: one line remains, on the survivor."""
        newcomer = self._make_clients(1, self.anna, potential=200000, prefix="Newcomer")
        kept, dropped = (self.line | self.twin_line).sorted("id")
        self._merge(self.client | self.twin | newcomer, newcomer)
        self.assertEqual(self._lines(newcomer), kept, "the oldest of the lines is kept")
        self.assertFalse(dropped.exists())
        self.assertEqual(kept.calls_done, 3)
        self.assertEqual(len(self.env["crm.callplan.call"].search([("line_id", "=", kept.id)])), 3)
