from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CallplanCommon


@tagged("crm_callplan", "crm_callplan_effective", "post_install", "-at_install")
class TestEffectiveCalls(CallplanCommon):
    """Only calls that reached the client count for the plan (issue #17, against cream-skimming).

    ``anna`` has two Top clients in the active plan, both overdue, each with a planned call.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._make_clients(2, cls.anna, potential=200000)
        cls.plan.action_activate()
        cls.lines = cls.plan.line_ids.sorted("id")
        cls.lines.next_due_date = fields.Date.subtract(cls.today, days=3)
        cls.plan._generate_calls()
        cls.no_answer = cls.env.ref("crm_card.crm_card_interaction_result_no_answer")
        cls.reached = cls.env.ref("crm_card.crm_card_interaction_result_reached")

    def _log(self, line, **values):
        return self.env["crm.card.interaction"].create({"partner_id": line.partner_id.id, "kind": "call", **values})

    def _calls(self, line):
        return self.env["crm.callplan.call"].search([("line_id", "=", line.id)])

    def test_no_answer_keeps_the_client_due(self):
        """A call with "No answer" is logged but the client stays due with its planned call."""
        line = self.lines[0]
        activity, due = line.activity_id, line.next_due_date
        interaction = self._log(line, result_id=self.no_answer.id)
        self.assertTrue(interaction.exists())
        self.assertEqual((line.calls_done, line.next_due_date, line.last_call_date), (0, due, False))
        self.assertTrue(activity.exists())
        self.assertFalse(self._calls(line))
        self._log(line, result_id=self.reached.id)
        self.assertEqual(line.calls_done, 1)
        self.assertGreater(line.next_due_date, self.today)
        self.assertFalse(activity.exists())
        self.assertEqual(len(self._calls(line)), 1)

    def test_calls_without_result(self):
        """Without a result a logged call counts; a telephony call counts only when it lasted."""
        first, second = self.lines
        self._log(first, call_id="tel-0", duration=0)
        self.assertEqual(first.calls_done, 0)
        self._log(first, call_id="tel-1", duration=1.5)
        self.assertEqual(first.calls_done, 1)
        self._log(second)
        self.assertEqual(second.calls_done, 1)

    def test_reached_call_in_a_batch_counts_before_a_later_no_answer(self):
        """In one batch, a later "No answer" does not hide an earlier call that reached the client."""
        line = self.lines[0]
        # the plan started before the earlier call (an hour ago may be yesterday, before a plan
        # started today: such a call is history and does not count)
        self.plan.date_start = fields.Date.subtract(self.today, days=7)
        now = fields.Datetime.now()
        self.env["crm.card.interaction"].create([
            {"partner_id": line.partner_id.id, "kind": "call", "result_id": self.reached.id,
             "date": fields.Datetime.subtract(now, hours=1)},
            {"partner_id": line.partner_id.id, "kind": "call", "result_id": self.no_answer.id, "date": now},
        ])
        self.assertEqual(line.calls_done, 1)

    def test_planned_call_closed_by_a_call_stays_planned(self):
        """The work report counts a planned call closed by a logged call as planned and made."""
        line = self.lines[0]
        line.activity_id.date_deadline = self.today
        self._log(line, result_id=self.reached.id)
        self.assertFalse(line.activity_id)
        wizard = self.env["crm.callplan.tally"].create({"month": self.today, "plan_id": self.plan.id})
        people = {person["user"]: person for person in wizard._get_work_report()["people"]}
        self.assertEqual(people[self.anna]["made"], 1)
        self.assertEqual(people[self.anna]["planned"], 1 + len(
            self.lines[1].activity_id.filtered(lambda a: a.date_deadline.month == self.today.month
                                               and a.date_deadline.year == self.today.year)
        ))

    def test_planned_call_marked_done_counts_once(self):
        """A planned call marked done is planned once and made once."""
        line = self.lines[0]
        line.activity_id.date_deadline = self.today
        self.lines[1].activity_id.unlink()
        line.activity_id.with_user(self.anna).action_done()
        self.assertEqual(line.calls_done, 1)
        wizard = self.env["crm.callplan.tally"].create({"month": self.today, "plan_id": self.plan.id})
        people = {person["user"]: person for person in wizard._get_work_report()["people"]}
        self.assertEqual((people[self.anna]["planned"], people[self.anna]["made"]), (1, 1))

    def test_telephony_fields_are_the_telephony_s(self):
        """A salesperson cannot pass a call logged by hand for one the telephony reported (its call
        id or number, by create, write or a default), nor take the id of a call still to come; a
        copy leaves them out."""
        Interaction = self.env["crm.card.interaction"].with_user(self.anna)
        vals = {"partner_id": self.lines[0].partner_id.id, "kind": "call"}
        with self.assertRaises(AccessError):
            Interaction.create(dict(vals, call_id="pbx-1"))
        with self.assertRaises(AccessError):
            Interaction.with_context(default_callplan_phone="+74951234567").create(vals)
        mine = Interaction.create(vals)
        with self.assertRaises(AccessError):
            mine.write({"call_id": "pbx-1"})
        reported = self._log(self.lines[0], call_id="pbx-2", callplan_phone="+74951234567", duration=0)
        self.assertFalse(reported.copy().callplan_phone)
