from odoo import models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm.card.partner.link.mixin"]

    _card_partner_link_fields = ("partner_id", "partner_invoice_id", "partner_shipping_id")
