from odoo import fields, models

from .res_partner_bank import BANK_ACCOUNTS_OPEN_PARAM


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

    def get_values(self):
        values = super().get_values()
        values["crm_card_bank_accounts_confidential"] = self.env["res.partner.bank"]._card_confidentiality_on()
        return values

    def set_values(self):
        result = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            BANK_ACCOUNTS_OPEN_PARAM, not self.crm_card_bank_accounts_confidential or False
        )
        return result
