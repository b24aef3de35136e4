import threading
from unittest.mock import patch

import psycopg2

from odoo import Command, api, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from odoo.addons.crm_callplan.models.crm_callplan import CrmCallplan


class CommittedPlanCase(BaseCase):
    """Tests that need data other database connections can see.

    They commit through their own cursors (like cron workers would) and
    delete what they created afterwards.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.ids = {}
        self._cleanup()  # a run killed half-way may have left its data
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            user = env["res.users"].create(
                {"name": "Concurrent Seller", "login": "cp_concurrent_seller", "callplan_daily_capacity": 100,
                 "group_ids": [Command.link(env.ref("sales_team.group_sale_salesman").id)]}
            )
            partners = env["res.partner"].create(
                [{"name": f"Concurrent client {i}", "is_company": True, "user_id": user.id,
                  "card_potential_amount": 5000} for i in range(30)]
            )
            plan = env["crm.callplan"].create(
                {"name": "Concurrent plan", "user_ids": [Command.set(user.ids)],
                 "segment_ids": [Command.create({"name": "All", "calls_per_year": 12})]}
            )
            plan.action_activate()
            plan.line_ids.next_due_date = fields.Date.subtract(fields.Date.today(), days=5)
            self.ids = {"user": user.id, "partners": partners.ids, "plan": plan.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            plans = env["crm.callplan"].search([("name", "=", "Concurrent plan")])
            env["mail.activity"].search([("callplan_line_id.plan_id", "in", plans.ids)]).unlink()
            plans.unlink()
            partners = env["res.partner"].search([("name", "=like", "Concurrent client %")])
            env["mail.followers"].search([("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]).unlink()
            env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]).unlink()
            partners.unlink()
            user = env["res.users"].search([("login", "=", "cp_concurrent_seller")])
            partner = user.partner_id
            user.unlink()
            partner.unlink()

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {})

    def _activity_counts(self):
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT l.id, COUNT(a.id) FROM crm_callplan_line l
                   LEFT JOIN mail_activity a ON a.callplan_line_id = l.id AND a.active
                   WHERE l.plan_id = %s GROUP BY l.id""",
                [self.ids["plan"]],
            )
            return dict(cr.fetchall())


@tagged("crm_callplan", "post_install", "-at_install")
class TestGeneratorConcurrency(CommittedPlanCase):
    def test_second_run_skips_locked_plan(self):
        """While one connection generates a plan, a second one books nothing for it."""
        with self.registry.cursor() as cr1:
            first = self._env(cr1)["crm.callplan"].browse(self.ids["plan"])._generate_calls()
            result = {}
            # Environments are made in the main thread: it holds the registry lock
            # while tests run; the other thread only uses its own connection.
            cr2 = self.registry.cursor()
            plan2 = self._env(cr2)["crm.callplan"].browse(self.ids["plan"])

            def second_run():
                with cr2:
                    result["created"] = plan2._generate_calls()

            thread = threading.Thread(target=second_run)
            thread.start()
            thread.join(timeout=60)
        self.assertEqual(first, 30)
        self.assertEqual(result["created"], 0)
        self.assertEqual(set(self._activity_counts().values()), {1})

    def test_parallel_runs_no_duplicate(self):
        """Two runs started together in two connections never give a client two open calls."""
        barrier = threading.Barrier(2, timeout=30)
        outcomes = []

        def run(plan):
            try:
                with plan.env.cr:
                    barrier.wait()
                    outcomes.append(plan._generate_calls(batch_size=7))
            except psycopg2.errors.SerializationFailure:
                outcomes.append("serialization")
            except Exception as error:  # noqa: BLE001  (reported by the assertion below)
                outcomes.append(repr(error))

        plans = [self._env(self.registry.cursor())["crm.callplan"].browse(self.ids["plan"]) for _i in range(2)]
        threads = [threading.Thread(target=run, args=(plan,)) for plan in plans]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        counts = self._activity_counts()
        self.assertTrue(all(count <= 1 for count in counts.values()), counts)
        self.assertEqual(len(outcomes), 2)
        self.assertTrue(all(isinstance(o, int) or o == "serialization" for o in outcomes), outcomes)
        # whatever the interleaving, a third run completes the plan and nothing is doubled
        with self.registry.cursor() as cr:
            self._env(cr)["crm.callplan"].browse(self.ids["plan"])._generate_calls()
        self.assertEqual(set(self._activity_counts().values()), {1})

    def test_resume_after_failure_mid_run(self):
        """A run failing in its second batch keeps the first batch; the next run fills the rest once."""
        original = CrmCallplan._create_call_activities
        calls = []

        def failing(plan, planned):
            calls.append(len(planned))
            if len(calls) == 2:
                raise RuntimeError("worker killed")
            return original(plan, planned)

        with (
            patch.object(CrmCallplan, "_create_call_activities", failing),
            self.assertRaises(RuntimeError),
            self.registry.cursor() as cr,
        ):
                self._env(cr)["crm.callplan"].browse(self.ids["plan"])._generate_calls(batch_size=10, commit=True)
        counts = self._activity_counts()
        self.assertEqual(sum(counts.values()), 10)
        with self.registry.cursor() as cr:
            created = self._env(cr)["crm.callplan"].browse(self.ids["plan"])._generate_calls(
                batch_size=10, commit=True
            )
        self.assertEqual(created, 20)
        self.assertEqual(set(self._activity_counts().values()), {1})
