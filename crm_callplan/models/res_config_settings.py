import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .crm_callplan import DEFAULT_CAPACITY, DEFAULT_PROSPECTING_SHARE, DEFAULT_WORKING_DAYS, DEFAULT_WORKING_WEEKS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    callplan_working_weeks = fields.Integer(
        string="Working Weeks a Year",
        config_parameter="crm_callplan.working_weeks",
        default=DEFAULT_WORKING_WEEKS,
    )
    callplan_working_days = fields.Integer(
        string="Working Days a Week",
        config_parameter="crm_callplan.working_days",
        default=DEFAULT_WORKING_DAYS,
    )
    callplan_daily_capacity = fields.Integer(
        string="Daily Call Capacity",
        config_parameter="crm_callplan.daily_capacity",
        default=DEFAULT_CAPACITY,
    )
    callplan_prospecting_share = fields.Integer(
        string="Prospecting Share (%)",
        config_parameter="crm_callplan.prospecting_share",
        default=DEFAULT_PROSPECTING_SHARE,
    )
    callplan_telephony_key = fields.Char(
        related="company_id.callplan_telephony_key",
        readonly=False,
        string="Telephony Key",
        groups="base.group_system",
    )
    callplan_zadarma_secret = fields.Char(
        related="company_id.callplan_zadarma_secret", readonly=False, groups="base.group_system"
    )
    callplan_mango_api_key = fields.Char(
        related="company_id.callplan_mango_api_key", readonly=False, groups="base.group_system"
    )
    callplan_mango_api_salt = fields.Char(
        related="company_id.callplan_mango_api_salt", readonly=False, groups="base.group_system"
    )

    @api.constrains(
        "callplan_working_weeks", "callplan_working_days", "callplan_daily_capacity", "callplan_prospecting_share"
    )
    def _check_callplan_defaults(self):
        for settings in self:
            if not 0 < settings.callplan_working_weeks <= 53:
                raise ValidationError(self.env._("Working weeks a year must be between 1 and 53."))
            if not 0 < settings.callplan_working_days <= 7:
                raise ValidationError(self.env._("Working days a week must be between 1 and 7."))
            if settings.callplan_daily_capacity <= 0:
                raise ValidationError(self.env._("The daily call capacity must be at least one call."))
            if not 0 <= settings.callplan_prospecting_share < 100:
                raise ValidationError(self.env._("The prospecting share must be between 0 and 99 %."))

    def action_callplan_generate_key(self):
        self.ensure_one()
        # the key is written as superuser: only for a company of the settings' administrator
        self.check_access("write")
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("You may only set the telephony key of your own companies."))
        self.company_id.sudo().callplan_telephony_key = secrets.token_urlsafe(32)
        return {"type": "ir.actions.client", "tag": "reload"}
