from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _card_merge_folds(self):
        """A company or a person has one dossier of each kind: merged partners' dossiers of
        one kind become one (``crm.dossier._merge_into``)."""
        return [*super()._card_merge_folds(), ("crm.dossier", "dossier_type")]
