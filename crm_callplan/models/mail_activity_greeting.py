from odoo import fields, models

GREETING_CHANNELS = [("call", "Call"), ("letter", "Letter"), ("email", "E-mail")]


class MailActivity(models.Model):
    _inherit = "mail.activity"

    callplan_greeting = fields.Char(
        string="Greeting Occasion",
        index="btree_not_null",
        readonly=True,
        help="The occasion this greeting was planned for (see Plan Greetings).",
    )
    callplan_greeting_channel = fields.Selection(GREETING_CHANNELS, string="Greeting Channel", readonly=True)
