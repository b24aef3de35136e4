from odoo import models


class CrmCardHandover(models.TransientModel):
    _inherit = "crm.card.handover"

    def _get_handover_models(self):
        """A leaving salesperson's call plan clients go to the colleague who takes over."""
        specs = super()._get_handover_models()
        specs["callplan_lines"] = (self.env._("Call plan clients"), "crm.callplan.line", "user_id", [])
        return specs
