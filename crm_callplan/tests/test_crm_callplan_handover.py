from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import CallplanCommon


@tagged("crm_callplan", "crm_card_handover", "post_install", "-at_install")
class TestHandover(CallplanCommon):
    """anna leaves and hands her clients over to vera, who is in none of anna's plans but ``shared``.

    ``plan`` (active): anna and boris; ``shared`` (draft): anna and vera; ``closed``: anna;
    ``team_plan`` (active): no salesperson of its own, the members of a team anna is in.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vera = new_test_user(cls.env, "cp_vera", groups="sales_team.group_sale_salesman_all_leads")
        cls.clients = cls._make_clients(3, cls.anna, potential=200000)
        cls.plan.action_activate()
        cls.shared, cls.closed = cls.env["crm.callplan"].create(
            [
                {"name": "Spring push", "user_ids": [Command.set((cls.anna | cls.vera).ids)]},
                {"name": "Last year", "user_ids": [Command.set(cls.anna.ids)], "state": "closed"},
            ]
        )
        team = cls.env["crm.team"].create({"name": "Kazan", "member_ids": [Command.set(cls.anna.ids)]})
        cls.team_plan = cls.env["crm.callplan"].create(
            {"name": "Kazan team", "user_ids": [Command.clear()], "team_id": team.id, "state": "active"}
        )

    def _wizard(self):
        form = Form(self.env["crm.card.handover"].with_user(self.sales_manager))
        form.from_user_id = self.anna
        form.to_user_id = self.vera
        return form.save()

    def test_colleague_takes_the_place_in_plans_in_use(self):
        """The colleague replaces the leaving salesperson in draft and active plans, once; closed ones stay."""
        wizard = self._wizard()
        self.assertIn("Call plans in use: 2", wizard.summary)
        wizard.action_handover()
        self.assertEqual(self.plan.user_ids, self.boris | self.vera)
        self.assertEqual(self.shared.user_ids, self.vera)
        self.assertEqual(self.closed.user_ids, self.anna, "a closed plan keeps who worked it")
        self.assertFalse(self.team_plan.user_ids, "a team plan keeps following its team")

    def test_plan_keeps_the_clients_handed_over(self):
        """After the handover the plan keeps the clients under the colleague and books their calls."""
        lines = self._lines(self.clients)
        self.assertEqual(len(lines), 3)
        self._wizard().action_handover()
        self.plan.action_compute_segments()
        self.assertEqual(self._lines(self.clients), lines, "recomputing the plan must not drop the clients")
        self.assertEqual(lines.user_id, self.vera)
        lines.next_due_date = self.today
        self.plan._generate_calls()
        self.assertEqual(self._plan_activities().user_id, self.vera)
        coverage = self.env["crm.callplan.coverage"].search([("plan_id", "=", self.plan.id)])
        self.assertNotIn(self.anna, coverage.user_id)

    def test_handover_stays_in_own_companies(self):
        """A steward of one company moves neither the plan lines nor the plans of another company."""
        company_b = self.env["res.company"].create({"name": "Branch B"})
        self.anna.company_ids = [Command.link(company_b.id)]
        plan_b = self.env["crm.callplan"].create(
            {"name": "Branch plan", "company_id": company_b.id, "user_ids": [Command.set(self.anna.ids)]}
        )
        segment_b = self.env["crm.callplan.segment"].create(
            {"plan_id": plan_b.id, "name": "All", "calls_per_year": 12}
        )
        line_b = self.env["crm.callplan.line"].create(
            {
                "plan_id": plan_b.id,
                "segment_id": segment_b.id,
                "partner_id": self.clients[0].id,
                "user_id": self.anna.id,
            }
        )
        self._wizard().action_handover()
        self.assertEqual(self._lines(self.clients[1:]).user_id, self.vera)
        self.assertEqual(line_b.user_id, self.anna)
        self.assertEqual(plan_b.user_ids, self.anna)

    def test_write_does_not_move_plan_to_other_company(self):
        """A write is held to the rules of a create: a plan line is not moved into another company's plan."""
        company_b = self.env["res.company"].create({"name": "Branch B"})
        self.sales_manager.company_ids = [Command.link(company_b.id)]
        plan_b = self.env["crm.callplan"].create({"name": "Branch plan", "company_id": company_b.id})
        line = self._lines(self.clients)[0].with_user(self.sales_manager).with_context(
            allowed_company_ids=self.env.company.ids
        )
        with self.assertRaises(AccessError):
            line.write({"plan_id": plan_b.id})
        with self.assertRaises(AccessError):
            self.plan.with_env(line.env).write({"company_id": company_b.id})
