from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    card_potential_amount = fields.Float(
        string="Potential Volume",
        digits="Product Price",
        tracking=True,
        help="What the client would buy from us a year if we were their only supplier.",
    )
    callplan_line_ids = fields.One2many("crm.callplan.line", "partner_id", string="Call Plans")

    def write(self, vals):
        res = super().write(vals)
        if {"country_id", "tz"} & vals.keys():
            _keys, partner_ids = self.env["res.company"].sudo()._callplan_telephony_keys()
            if not partner_ids.isdisjoint(self.ids):
                self.env["res.company"]._callplan_clear_telephony_cache()  # the keys carry this country or tz
        return res

    def _get_card_history_models(self):
        """A client's place in the call plans and its call history are history too: a delete would
        cascade into them (see crm_card's ``_unlink_except_card_history``)."""
        return [
            *super()._get_card_history_models(),
            ("crm.callplan.line", "partner_id", self.env._("call plan entries")),
            ("crm.callplan.call", "partner_id", self.env._("call history")),
        ]
