import math

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.crm_stage import COLUMN_ORDER

# ratio field -> the column it converts from (into the next one, or into won for Result)
RATIO_FIELDS = [f"ratio_{column}" for column in COLUMN_ORDER]


class CrmShiffmanPlanner(models.TransientModel):
    """Shiffman's ratio method: from a target of won deals back to the prospecting needed."""

    _name = "crm.shiffman.planner"
    _description = "Shiffman Ratio Planner"

    user_id = fields.Many2one("res.users", string="Salesperson", required=True, default=lambda self: self.env.user)
    months = fields.Integer(string="Measure Over (months)", required=True, default=3)
    target_won = fields.Integer(string="Won Results per Month", required=True, default=4)
    working_days = fields.Integer(
        string="Working Days per Month",
        required=True,
        default=lambda self: int(self.env["ir.config_parameter"].sudo().get_param("crm_shiffman.working_days", 21)),
    )
    ratio_prospect = fields.Float(
        string="Prospect → Interest (%)", compute="_compute_ratios", store=True, readonly=False
    )
    ratio_interest = fields.Float(
        string="Interest → Contact 1 (%)", compute="_compute_ratios", store=True, readonly=False
    )
    ratio_contact_1 = fields.Float(
        string="Contact 1 → Contact 2 (%)", compute="_compute_ratios", store=True, readonly=False
    )
    ratio_contact_2 = fields.Float(
        string="Contact 2 → Contact 3 (%)", compute="_compute_ratios", store=True, readonly=False
    )
    ratio_contact_3 = fields.Float(
        string="Contact 3 → Result (%)", compute="_compute_ratios", store=True, readonly=False
    )
    ratio_result = fields.Float(string="Result → Won (%)", compute="_compute_ratios", store=True, readonly=False)
    measured_leads = fields.Integer(compute="_compute_measured_leads", string="Leads Measured")
    need_prospects = fields.Integer(compute="_compute_needs", string="New Prospects per Month")
    need_first_calls = fields.Integer(compute="_compute_needs", string="First Calls per Month")
    need_followups = fields.Integer(compute="_compute_needs", string="Follow-up Contacts per Month")
    need_prospects_day = fields.Float(compute="_compute_needs", string="New Prospects per Day", digits=(16, 1))
    need_first_calls_day = fields.Float(compute="_compute_needs", string="First Calls per Day", digits=(16, 1))
    need_followups_day = fields.Float(compute="_compute_needs", string="Follow-ups per Day", digits=(16, 1))
    warning = fields.Char(compute="_compute_needs")

    @api.constrains("months", "target_won", "working_days", *RATIO_FIELDS)
    def _check_inputs(self):
        for planner in self:
            if planner.months <= 0:
                raise ValidationError(self.env._("Measure the ratios over at least one month."))
            if planner.target_won < 0:
                raise ValidationError(self.env._("The target of won results cannot be negative."))
            if not 1 <= planner.working_days <= 31:
                raise ValidationError(self.env._("A month has between 1 and 31 working days."))
            if any(not 0 <= planner[name] <= 100 for name in RATIO_FIELDS):
                raise ValidationError(self.env._("A conversion ratio lies between 0 and 100 %."))

    @api.depends("user_id", "months")
    def _compute_ratios(self):
        for planner in self:
            ratios = planner._measure_ratios()
            for column, name in zip(COLUMN_ORDER, RATIO_FIELDS, strict=True):
                entered, advanced = ratios.get(column, (0, 0))
                planner[name] = round(100.0 * advanced / entered, 1) if entered else 0.0

    @api.depends("user_id", "months")
    def _compute_measured_leads(self):
        for planner in self:
            planner.measured_leads = planner._measure_ratios().get("prospect", (0, 0))[0]

    @api.depends("target_won", "working_days", *RATIO_FIELDS)
    def _compute_needs(self):
        for planner in self:
            needed = planner._needed_per_column()
            planner.warning = (
                False
                if needed
                else self.env._("Some ratio is 0: not enough history for this salesperson. Type the ratios you expect.")
            )
            needed = needed or dict.fromkeys(COLUMN_ORDER, 0)
            days = planner.working_days or 1
            planner.need_prospects = needed["prospect"]
            planner.need_first_calls = needed["prospect"]
            planner.need_followups = needed["contact_1"] + needed["contact_2"] + needed["contact_3"]
            planner.need_prospects_day = planner.need_prospects / days
            planner.need_first_calls_day = planner.need_first_calls / days
            planner.need_followups_day = planner.need_followups / days

    def _measure_ratios(self):
        """``{column: (leads entered, leads advanced)}`` over the last ``months`` months."""
        self.ensure_one()
        if not self.user_id or self.months <= 0:
            return {}
        since = fields.Datetime.now() - relativedelta(months=self.months)
        groups = self.env["crm.shiffman.report"]._read_group(
            [("user_id", "=", self.user_id.id), ("date", ">=", since)],
            ["shiffman_column"],
            ["entered_count:sum", "advanced_count:sum"],
        )
        return {column: (entered, advanced) for column, entered, advanced in groups}

    def _needed_per_column(self):
        """Leads each column must receive per month to reach the target; {} if a ratio is 0."""
        self.ensure_one()
        needed = {}
        amount = float(self.target_won)
        for column, name in reversed(list(zip(COLUMN_ORDER, RATIO_FIELDS, strict=True))):
            if not self[name]:
                return {}
            amount = amount * 100.0 / self[name]
            needed[column] = math.ceil(round(amount, 6))
        return needed
