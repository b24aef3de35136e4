from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    callplan_telephony_key = fields.Char(
        string="Telephony Key",
        groups="base.group_system",
        copy=False,
        help="Secret the telephony system sends as 'Authorization: Bearer <key>'.",
    )
