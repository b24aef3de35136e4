from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    shiffman_quiet_days = fields.Integer(
        string="Quiet Prospect Days",
        config_parameter="crm_shiffman.quiet_days",
        default=14,
        help="A Shiffman lead without any contact for this many days is quiet and its salesperson "
        "gets one Call reminder. A column's own 'Days to rot' overrides it; 0 disables.",
    )
    shiffman_working_days = fields.Integer(
        string="Working Days per Month",
        config_parameter="crm_shiffman.working_days",
        default=21,
        help="Used by the ratio planner to turn monthly targets into daily ones.",
    )
