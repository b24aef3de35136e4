from odoo import fields, models


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "crm.dossier.subject.mixin"]
    _dossier_subject_field = "product_tmpl_id"

    dossier_ids = fields.One2many("crm.dossier", "product_tmpl_id", string="Dossiers")

    def _prepare_dossier_context(self):
        return dict(super()._prepare_dossier_context(), default_dossier_type="product")
