from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner_bank import BANK_ACCOUNTS_OPEN_PARAM

# defaults of the numbers read through ``res.partner._get_card_setting``
CARD_SETTING_DEFAULTS = {"regular_months": 3, "need_remind_days": 14, "silent_factor": 1.5}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_card_event_remind_days = fields.Integer(
        string="Remind of Special Events",
        config_parameter="crm_card.event_remind_days",
        default=7,
        help="Default number of days before a special event when its responsible user gets a To-Do.",
    )
    # Not a ``config_parameter`` field: a boolean one cannot default to True (unchecking it
    # deletes the parameter, which reads as the default again), so the parameter says "off".
    crm_card_bank_accounts_confidential = fields.Boolean(
        string="Confidential Bank Accounts",
        help="Only data stewards, accounting, HR and administrators read the bank accounts of clients, "
        "and their changes are logged on the account, not in the client's chatter.",
    )

    crm_card_regular_months = fields.Integer(
        string="Months for a Regular Buyer",
        config_parameter="crm_card.regular_months",
        default=CARD_SETTING_DEFAULTS["regular_months"],
        help="A client who ordered in at least this many different months of the last 12 is a regular buyer.",
    )
    crm_card_need_remind_days = fields.Integer(
        string="Remind of Need Dates",
        config_parameter="crm_card.need_remind_days",
        default=CARD_SETTING_DEFAULTS["need_remind_days"],
        help="How many days before a client's need date its salesperson gets a To-Do.",
    )
    crm_card_silent_factor = fields.Float(
        string="Silent After (x Usual Gap)",
        config_parameter="crm_card.silent_factor",
        default=CARD_SETTING_DEFAULTS["silent_factor"],
        help="A regular buyer is silent when it has not ordered for its usual gap between orders times this factor.",
    )

    @api.constrains("crm_card_regular_months", "crm_card_need_remind_days", "crm_card_silent_factor")
    def _check_crm_card_settings(self):
        for settings in self:
            if not 1 <= settings.crm_card_regular_months <= 12:
                raise ValidationError(self.env._("The months for a regular buyer must be between 1 and 12."))
            if not 0 <= settings.crm_card_need_remind_days <= 365:
                raise ValidationError(self.env._("The days before a need date must be between 0 and 365."))
            if settings.crm_card_silent_factor < 1:
                raise ValidationError(self.env._("The factor of the usual gap must be at least 1."))

    def get_values(self):
        values = super().get_values()
        values["crm_card_bank_accounts_confidential"] = self.env["res.partner.bank"]._card_confidentiality_on()
        return values

    def set_values(self):
        """A new threshold for regular buyers re-judges the buyers and regular clients
        on the next run of the information level job, which is started now."""
        months_before = self.env["res.partner"]._get_card_setting("regular_months")
        result = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            BANK_ACCOUNTS_OPEN_PARAM, not self.crm_card_bank_accounts_confidential or False
        )
        if any(settings.crm_card_regular_months != months_before for settings in self):
            self.env["ir.config_parameter"].sudo().set_param("crm_card.info_level_rejudge", "1")
            self.env.ref("crm_card.ir_cron_crm_card_info_level")._trigger()
        return result
