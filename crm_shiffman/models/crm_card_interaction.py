from odoo import models


class CrmCardInteraction(models.Model):
    _inherit = "crm.card.interaction"

    def _on_interactions_logged(self):
        """Note the contact on Shiffman leads and move them along the table."""
        result = super()._on_interactions_logged()
        self.env["crm.lead"]._shiffman_on_interactions(self)
        return result
