from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .crm_stage import SHIFFMAN_COLUMNS


class CrmTeam(models.Model):
    _inherit = "crm.team"

    use_shiffman = fields.Boolean(
        string="Shiffman Pipeline",
        help="The team's pipeline is Shiffman's six-column table: prospect, interest, three "
        "follow-up contacts and the result.",
    )
    shiffman_auto_advance = fields.Boolean(
        string="Auto-advance",
        default=True,
        help="A call, meeting or visit logged on a lead or its client moves the lead to the next "
        "contact column; an interaction showing interest moves a prospect to Interest.",
    )
    shiffman_stage_ids = fields.Many2many("crm.stage", compute="_compute_shiffman_stage_ids", string="Shiffman Stages")

    @api.depends("use_shiffman")
    def _compute_shiffman_stage_ids(self):
        stages = self.env["crm.stage"].search([("shiffman_column", "!=", False), ("team_ids", "in", self.ids)])
        for team in self:
            team.shiffman_stage_ids = stages.filtered(lambda stage, team=team: team in stage.team_ids)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_make_shiffman_pipeline(self):
        """Turn the teams into Shiffman pipelines: map or create one stage per column."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(self.env._("Only sales managers can change a team's pipeline."))
        self.check_access("write")  # the stages are created as superuser
        for team in self:
            team._make_shiffman_stages()
        self.write({"use_shiffman": True, "use_opportunities": True})
        return True

    def action_open_shiffman_pipeline(self):
        self.ensure_one()
        return self.env["crm.lead"]._shiffman_pipeline_action(self)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _make_shiffman_stages(self):
        """Map the team's stages to the six columns, creating the missing ones.

        A team stage whose column is already set is kept; the team's other
        stages are left alone (they simply belong to no column).
        """
        self.ensure_one()
        Stage = self.env["crm.stage"].sudo()
        team_stages = Stage.search([("team_ids", "in", self.ids)])
        mapped = {stage.shiffman_column for stage in team_stages if stage.shiffman_column}
        labels = dict(self.env["crm.stage"]._fields["shiffman_column"]._description_selection(self.env))
        quiet_days = self.env["crm.lead"]._shiffman_default_quiet_days()
        for index, (column, _label) in enumerate(SHIFFMAN_COLUMNS):
            if column in mapped:
                continue
            # reuse a team stage carrying the column's name (e.g. a team set up by hand)
            same_name = team_stages.filtered(
                lambda stage, label=labels[column]: (
                    not stage.shiffman_column and stage.name.strip().lower() == label.lower()
                )
            )[:1]
            if same_name:
                same_name.shiffman_column = column
                continue
            Stage.create(self._prepare_shiffman_stage_vals(column, labels[column], index, quiet_days))

    def _prepare_shiffman_stage_vals(self, column, name, index, quiet_days):
        return {
            "name": name,
            "sequence": 10 * (index + 1),
            "shiffman_column": column,
            "is_won": column == "result",
            "rotting_threshold_days": 0 if column == "result" else quiet_days,
            "team_ids": [Command.link(self.id)],
        }
