from odoo import api, fields, models

from odoo.addons.crm_card.tools import phone_sanitize


class CrmCallplanSourceNumber(models.Model):
    """A dialled number that tells where an inbound caller heard of us.

    Each advert or mailing gets its own number; the telephony system posts
    the number dialled, and it is mapped here to a ``utm.source``.
    """

    _name = "crm.callplan.source.number"
    _inherit = ["crm.card.scope.mixin"]
    _description = "Call Source Number"
    _order = "number"

    number = fields.Char(required=True, help="The dialled number, in any usual format.")
    number_key = fields.Char(compute="_compute_number_key", store=True, index=True)
    source_id = fields.Many2one("utm.source", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    _number_key_uniq = models.UniqueIndex("(number_key)", "This number is already mapped to a source.")

    @api.depends("number", "company_id")
    def _compute_number_key(self):
        for record in self:
            country = (record.company_id or self.env.company).country_id.code
            record.number_key = phone_sanitize(record.number, country) or record.number
