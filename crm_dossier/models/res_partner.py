from odoo import fields, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.dossier.subject.mixin"]
    _dossier_subject_field = "partner_id"

    dossier_ids = fields.One2many("crm.dossier", "partner_id", string="Dossiers")

    def _prepare_dossier_context(self):
        dossier_type = "firm" if self.is_company else "person"
        return dict(super()._prepare_dossier_context(), default_dossier_type=dossier_type)

    def _get_card_history_models(self):
        """Dossiers on the partner, and its place in others' facts and analogues, are history too
        (see crm_card's ``_unlink_except_card_history``)."""
        return [
            *super()._get_card_history_models(),
            ("crm.dossier", "partner_id", self.env._("dossiers")),
            ("crm.dossier.analogue", "partner_id", self.env._("competitor analogues")),
            ("crm.dossier.entry", "from_partner_id", self.env._("dossier facts")),
            ("crm.dossier.entry", "to_partner_id", self.env._("dossier facts")),
        ]
