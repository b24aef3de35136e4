from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_card_event_remind_days = fields.Integer(
        string="Remind of Special Events",
        config_parameter="crm_card.event_remind_days",
        default=7,
        help="Default number of days before a special event when its responsible user gets a To-Do.",
    )
