from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanPipeline(CrmShiffmanCommon):
    def test_install_team(self):
        """Installing creates a Shiffman team with six stages, one per column, the last one won."""
        team = self.env.ref("crm_shiffman.crm_team_shiffman")
        self.assertTrue(team.use_shiffman)
        self.assertTrue(team.shiffman_auto_advance)
        columns = team.shiffman_stage_ids.sorted("sequence").mapped("shiffman_column")
        self.assertEqual(columns, ["prospect", "interest", "contact_1", "contact_2", "contact_3", "result"])
        self.assertTrue(self.env.ref("crm_shiffman.crm_stage_shiffman_result").is_won)

    def test_make_pipeline_creates_stages(self):
        """'Make Shiffman pipeline' gives a plain team six new stages of its own."""
        self.assertTrue(self.team.use_shiffman)
        self.assertEqual(len(self.stages), 6)
        self.assertTrue(all(stage.team_ids == self.team for stage in self.stages.values()))
        self.assertEqual(self.stages["prospect"].rotting_threshold_days, 14)

    def test_make_pipeline_maps_existing(self):
        """An existing team stage named like a column is mapped, not duplicated; re-running adds nothing."""
        team = self.env["crm.team"].create({"name": "South"})
        interest = self.env["crm.stage"].create({"name": "Interest", "team_ids": [(4, team.id)]})
        team.with_user(self.manager).action_make_shiffman_pipeline()
        self.assertEqual(interest.shiffman_column, "interest")
        self.assertEqual(len(team.shiffman_stage_ids), 6)
        team.with_user(self.manager).action_make_shiffman_pipeline()
        self.assertEqual(len(self.env["crm.stage"].search([("team_ids", "in", team.ids)])), 6)

    def test_make_pipeline_refused_to_salesman(self):
        """Only sales managers turn a team into a Shiffman pipeline."""
        team = self.env["crm.team"].create({"name": "West"})
        with self.assertRaises(UserError):
            team.with_user(self.salesman).action_make_shiffman_pipeline()

    def test_new_lead_lands_in_prospect(self):
        """A lead created in a Shiffman team without a stage lands in Prospect, not in shared stages."""
        lead = self.env["crm.lead"].create({"name": "From a card", "type": "opportunity", "team_id": self.team.id})
        self.assertEqual(lead.stage_id, self.stages["prospect"])

    def test_kanban_columns(self):
        """The team's kanban shows its six columns only."""
        Lead = self.env["crm.lead"].with_context(default_team_id=self.team.id)
        stages = Lead._read_group_stage_ids(self.env["crm.stage"], [])
        self.assertEqual(stages, self.team.shiffman_stage_ids.sorted(lambda s: (s.sequence, s.name, s.id)))

    def test_open_pipeline_action(self):
        """The table opens on the team with the team as default for new prospects."""
        action = self.team.action_open_shiffman_pipeline()
        self.assertEqual(action["context"]["default_team_id"], self.team.id)
        self.assertEqual(action["res_model"], "crm.lead")

    def test_settings(self):
        """The CRM settings set the default quiet days (used for new Shiffman stages) and the planner's working days."""
        settings = self.env["res.config.settings"].create({"shiffman_quiet_days": 9, "shiffman_working_days": 18})
        settings.execute()
        team = self.env["crm.team"].create({"name": "East"})
        team.with_user(self.manager).action_make_shiffman_pipeline()
        stages = {stage.shiffman_column: stage for stage in team.shiffman_stage_ids}
        self.assertEqual(stages["prospect"].rotting_threshold_days, 9)
        self.assertEqual(stages["result"].rotting_threshold_days, 0)
        self.assertEqual(self.env["crm.shiffman.planner"].with_user(self.salesman).create({}).working_days, 18)
