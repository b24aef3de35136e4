from odoo import api, models


class CrmCardPartnerLinkMixin(models.AbstractModel):
    """Documents that copy their partner's data when linked to it.

    A lead copies its client's phone, e-mail and names, a quotation its
    invoice and delivery addresses, pricelist and terms, an invoice its
    addresses: Odoo computes those stored fields as superuser. A user links
    such a document only to partners they may read, or the document becomes a
    window on a colleague's client for an "Own clients only" user. The fields
    checked are ``_card_partner_link_fields``; a submodule adds its own.
    """

    _name = "crm.card.partner.link.mixin"
    _description = "Client Card: Linked Partner Must Be Readable"

    _card_partner_link_fields = ("partner_id",)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_card_partner_readable(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_card_partner_readable([vals])
        return super().write(vals)

    @api.model
    def _check_card_partner_readable(self, vals_list):
        if self.env.su:
            return
        partner_ids = set()
        for vals in vals_list:
            for fname in self._card_partner_link_fields:
                partner = vals.get(fname)
                # the ORM also takes a record as a many2one's value
                if isinstance(partner, models.BaseModel):
                    partner_ids.update(partner.ids)
                elif partner:
                    partner_ids.add(partner)
        if partner_ids:
            self.env["res.partner"].browse(partner_ids).check_access("read")
