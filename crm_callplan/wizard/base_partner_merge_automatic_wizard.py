from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _card_merge_folds(self):
        """A client appears once in a plan: merged clients' lines of one plan become one
        (``crm.callplan.line._merge_into``)."""
        return [*super()._card_merge_folds(), ("crm.callplan.line", "plan_id")]
