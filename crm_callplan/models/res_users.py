from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_callplan import DEFAULT_CAPACITY


class ResUsers(models.Model):
    _inherit = "res.users"

    def _default_callplan_daily_capacity(self):
        return int(
            self.env["ir.config_parameter"].sudo().get_param("crm_callplan.daily_capacity", DEFAULT_CAPACITY)
        )

    callplan_daily_capacity = fields.Integer(
        string="Daily Call Capacity",
        default=lambda self: self._default_callplan_daily_capacity(),
        help="How many planned calls this salesperson can make a working day.",
    )
    callplan_extension = fields.Char(
        string="Phone Extension",
        index="btree_not_null",
        help="Internal number the telephony system reports for this user's calls.",
    )

    _callplan_extension_uniq = models.UniqueIndex(
        "(callplan_extension) WHERE callplan_extension IS NOT NULL", "This phone extension is already used."
    )

    @api.constrains("callplan_daily_capacity")
    def _check_callplan_daily_capacity(self):
        for user in self:
            if user.callplan_daily_capacity <= 0:
                raise ValidationError(
                    self.env._("The daily call capacity of %(user)s must be at least one call.", user=user.name)
                )
