from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    lost_competitor_id = fields.Many2one(
        "res.partner",
        string="Lost to Competitor",
        domain=[("is_company", "=", True)],
        index="btree_not_null",
        tracking=True,
        help="The competitor who won the deal.",
    )
    competitor_dossier_id = fields.Many2one("crm.dossier", compute="_compute_competitor_dossier_id")

    @api.depends("lost_competitor_id")
    def _compute_competitor_dossier_id(self):
        dossiers = self.env["crm.dossier"].search(
            [("dossier_type", "=", "firm"), ("partner_id", "in", self.lost_competitor_id.ids)]
        )
        by_partner = {dossier.partner_id: dossier for dossier in dossiers}
        for lead in self:
            lead.competitor_dossier_id = by_partner.get(lead.lost_competitor_id, False)

    def action_open_competitor_dossier(self):
        self.ensure_one()
        return self.lost_competitor_id.action_open_dossier()
