from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CallplanCommon


@tagged("crm_callplan", "crm_callplan_side_effects", "post_install", "-at_install")
class TestCallplanSideEffects(CallplanCommon):
    """Who may move a plan, and through what.

    ``anna`` (all documents) has two Top clients in the active plan, each with a planned call;
    ``salesman`` (own documents only) may log contacts on them but not read their plan lines;
    ``sales_manager`` is a Sales manager (Client base Administrator, so a data steward).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._make_clients(2, cls.anna, potential=200000)
        cls.plan.action_activate()
        cls.plan._generate_calls()
        cls.lines = cls.plan.line_ids.sorted("id")

    def test_call_counts_only_where_the_user_may_read_the_line(self):
        """A call logged by someone who may not read the client's plan line leaves the line and its call."""
        line = self.lines[0]
        activity = line.activity_id
        Interaction = self.env["crm.card.interaction"]
        Interaction.with_user(self.salesman).create({"partner_id": line.partner_id.id, "kind": "call"})
        self.assertEqual(line.calls_done, 0)
        self.assertTrue(activity.exists())
        Interaction.with_user(self.anna).create({"partner_id": line.partner_id.id, "kind": "call"})
        self.assertEqual(line.calls_done, 1)
        self.assertFalse(activity.exists())

    def test_back_dated_call_does_not_count_in_the_plan(self):
        """A call dated before the plan started is history: it neither counts nor closes the planned call."""
        line = self.lines[0]
        activity = line.activity_id
        self.env["crm.card.interaction"].with_user(self.anna).create(
            {"partner_id": line.partner_id.id, "kind": "call", "date": "1975-03-01 10:00:00"}
        )
        self.assertEqual(line.calls_done, 0)
        self.assertFalse(line.last_call_date)
        self.assertTrue(activity.exists(), "a call logged for 1975 closed this plan's open planned call")

    def _log_from_planned_call(self, line, result_xmlid):
        wizard = (
            self.env["crm.card.log.contact"]
            .with_user(self.anna)
            .with_context(default_activity_id=line.activity_id.id)
            .create({"result_id": self.env.ref(result_xmlid).id})
        )
        return wizard.action_log()

    def test_log_contact_dialog_on_a_planned_call(self):
        """Logging a reached call from the planned call's dialog counts it once in the plan and
        closes the planned call (no 'record not found' for the activity the plan removed)."""
        line = self.lines[0]
        self._log_from_planned_call(line, "crm_card.crm_card_interaction_result_reached")
        self.assertEqual(line.calls_done, 1)
        self.assertFalse(line.activity_id)
        self.assertEqual(
            self.env["crm.card.interaction"].search_count([("partner_id", "=", line.partner_id.id)]), 1
        )

    def test_log_contact_dialog_no_answer_keeps_the_client_due(self):
        """'No answer' from the dialog completes the planned call but does not count in the plan."""
        line = self.lines[0]
        due = line.next_due_date
        activity = line.activity_id
        self._log_from_planned_call(line, "crm_card.crm_card_interaction_result_no_answer")
        self.assertEqual((line.calls_done, line.next_due_date), (0, due))
        self.assertFalse(activity.active)

    def test_call_of_one_company_stays_out_of_another_companys_plan(self):
        """A call logged in another company does not count in this company's plan."""
        other_company = self.env["res.company"].create({"name": "Other Co"})
        line = self.lines[0]
        self.env["crm.card.interaction"].create(
            {"partner_id": line.partner_id.id, "kind": "call", "company_id": other_company.id}
        )
        self.assertEqual(line.calls_done, 0)

    def test_plan_buttons_need_write_rights(self):
        """A salesperson, who only reads plans, cannot recompute, activate or book a plan through its buttons."""
        plan = self.plan.with_user(self.anna)
        for method in ("action_compute_segments", "action_generate_calls", "action_activate"):
            with self.subTest(method), self.assertRaises(AccessError):
                getattr(plan, method)()
        self.assertEqual(self.plan.line_ids.sorted("id"), self.lines)

    def test_telephony_key_only_for_own_companies(self):
        """An administrator cannot set the telephony key of a company they do not belong to."""
        other_company = self.env["res.company"].create({"name": "Other Co"})
        admin = new_test_user(self.env, "cp_sysadmin", groups="base.group_system")
        settings = self.env["res.config.settings"].with_user(admin).create({"company_id": other_company.id})
        with self.assertRaises(AccessError):
            settings.action_callplan_generate_key()
        self.assertFalse(other_company.callplan_telephony_key)

    def test_client_in_a_plan_is_not_deleted(self):
        """Deleting a client of a plan is refused with what would be lost and the offer to archive it."""
        client = self.clients[0]
        with self.assertRaises(UserError) as caught:
            client.with_user(self.sales_manager).unlink()
        self.assertIn("call plan", str(caught.exception))
        self.assertIn("archive", str(caught.exception))
        self.assertTrue(self.lines[0].exists())
        client.with_user(self.sales_manager).action_archive()
        self.assertTrue(self.lines[0].exists())
