import phonenumbers

from odoo import api, fields, models


def phone_key(number, country_code=None):
    """The E.164 form of ``number`` (``+74951234567``), or False if it is not a phone.

    Numbers without a country prefix are read in ``country_code``'s plan.
    """
    if not number or not isinstance(number, str) or len(number) > 64:
        return False
    try:
        parsed = phonenumbers.parse(number, (country_code or "").upper() or None)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_possible_number(parsed):
        return False
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class ResPartner(models.Model):
    _inherit = "res.partner"

    card_potential_amount = fields.Float(
        string="Potential Volume",
        digits="Product Price",
        tracking=True,
        help="What the client would buy from us a year if we were their only supplier.",
    )
    callplan_phone_key = fields.Char(
        string="Phone Key (E.164)",
        compute="_compute_callplan_phone_key",
        store=True,
        index="btree_not_null",
        help="The phone in E.164 form, used to recognise callers.",
    )
    callplan_line_ids = fields.One2many("crm.callplan.line", "partner_id", string="Call Plans")

    @api.depends("phone", "country_id", "company_id.country_id")
    def _compute_callplan_phone_key(self):
        default_country = self.env.company.country_id.code
        for partner in self:
            country = partner.country_id.code or partner.company_id.country_id.code or default_country
            partner.callplan_phone_key = phone_key(partner.phone, country)

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
