from odoo import fields, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.dossier.subject.mixin"]
    _dossier_subject_field = "partner_id"

    dossier_ids = fields.One2many("crm.dossier", "partner_id", string="Dossiers")

    def _prepare_dossier_context(self):
        dossier_type = "firm" if self.is_company else "person"
        return dict(super()._prepare_dossier_context(), default_dossier_type=dossier_type)
