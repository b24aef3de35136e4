from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanAccess(CrmShiffmanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_lead = cls._create_lead("prospect", name="Mine")
        cls.other_lead = cls._create_lead("prospect", name="Theirs", user_id=cls.salesman_other.id)
        cls.Move = cls.env["crm.shiffman.move"]

    def test_salesman_sees_own_leads(self):
        """A sales user sees their own leads in the table, not a colleague's (Odoo's rule)."""
        leads = self.env["crm.lead"].with_user(self.salesman).search([("team_id", "=", self.team.id)])
        self.assertIn(self.own_lead, leads)
        self.assertNotIn(self.other_lead, leads)

    def test_salesman_drags_own_lead(self):
        """A sales user moves their lead and reads the move; a colleague's lead is refused."""
        self.own_lead.with_user(self.salesman).stage_id = self.stages["interest"]
        moves = self.Move.with_user(self.salesman).search([("lead_id", "=", self.own_lead.id)])
        self.assertEqual(moves.mapped("to_column"), ["interest", "prospect"])
        with self.assertRaises(AccessError):
            self.other_lead.with_user(self.salesman).stage_id = self.stages["interest"]

    def test_move_log_visibility(self):
        """The move log follows the lead rules: own moves visible, a colleague's not."""
        moves = self.Move.with_user(self.salesman).search([])
        self.assertIn(self.own_lead, moves.lead_id)
        self.assertNotIn(self.other_lead, moves.lead_id)

    def test_move_log_read_only(self):
        """Nobody below manager edits or deletes the move log, and nobody forges it."""
        move = self.Move.search([("lead_id", "=", self.own_lead.id)])
        with self.assertRaises(AccessError):
            move.with_user(self.salesman).write({"to_column": "result"})
        with self.assertRaises(AccessError):
            move.with_user(self.salesman).unlink()
        with self.assertRaises(AccessError):
            self.Move.with_user(self.manager).create({"lead_id": self.own_lead.id, "to_column": "result"})
        move.with_user(self.manager).unlink()

    def test_internal_user_refused(self):
        """A plain internal user reads neither the move log, the analysis nor the planner."""
        for model in ("crm.shiffman.move", "crm.shiffman.report", "crm.shiffman.planner"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.internal).search([])

    def test_salesman_planner_and_wizard(self):
        """A sales user runs the planner and the result wizard on their lead."""
        planner = self.env["crm.shiffman.planner"].with_user(self.salesman).create({"target_won": 1})
        self.assertEqual(planner.user_id, self.salesman)
        self.own_lead.stage_id = self.stages["result"]
        wizard = (
            self.env["crm.shiffman.result.wizard"]
            .with_user(self.salesman)
            .create({"lead_id": self.own_lead.id, "result": "purchase"})
        )
        wizard.action_apply()
        self.assertEqual(self.own_lead.shiffman_result, "purchase")

    def test_make_pipeline_needs_manager(self):
        """The team configuration stays with managers: a sales user cannot flag a team."""
        with self.assertRaises(AccessError):
            self.team.with_user(self.salesman).write({"shiffman_auto_advance": False})
