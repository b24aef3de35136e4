from odoo import fields, models


class CrmLeadLost(models.TransientModel):
    _inherit = "crm.lead.lost"

    lost_competitor_id = fields.Many2one(
        "res.partner",
        string="Lost to Competitor",
        domain=[("is_company", "=", True)],
        help="Optional: the competitor who won the deal. Its dossier counts the deals lost to it.",
    )

    def action_lost_reason_apply(self):
        self.ensure_one()
        if self.lost_competitor_id:
            self.lead_ids.write({"lost_competitor_id": self.lost_competitor_id.id})
        return super().action_lost_reason_apply()
