from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        self._check_card_partner_readable(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_card_partner_readable([vals])
        return super().write(vals)

    @api.model
    def _check_card_partner_readable(self, vals_list):
        """A lead copies its client's phone, e-mail and names (Odoo computes them as superuser):
        a user links a lead only to a partner they may read, or a lead would be a window on a
        colleague's client for an "Own clients only" user."""
        if self.env.su:
            return
        partner_ids = set()
        for vals in vals_list:
            partner = vals.get("partner_id")
            # the ORM also takes a record as a many2one's value
            partner_ids.update(partner.ids if isinstance(partner, models.BaseModel) else [partner] if partner else [])
        if partner_ids:
            self.env["res.partner"].browse(partner_ids).check_access("read")
