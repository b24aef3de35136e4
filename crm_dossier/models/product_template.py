from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dossier_ids = fields.One2many("crm.dossier", "product_tmpl_id", string="Dossiers")
    dossier_count = fields.Integer(compute="_compute_dossier_count")

    def _compute_dossier_count(self):
        Dossier = self.env["crm.dossier"]
        if not Dossier.has_access("read"):
            self.dossier_count = 0
            return
        counts = dict(Dossier._read_group([("product_tmpl_id", "in", self.ids)], ["product_tmpl_id"], ["__count"]))
        for template in self:
            template.dossier_count = counts.get(template, 0)

    def action_open_dossier(self):
        """Open the product's dossier, or a new one for it."""
        self.ensure_one()
        dossier = self.env["crm.dossier"].search([("product_tmpl_id", "=", self.id)], limit=1)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dossier"),
            "res_model": "crm.dossier",
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": dossier.id,
            "context": {"default_product_tmpl_id": self.id, "default_dossier_type": "product"},
        }
