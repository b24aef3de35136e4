from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dossier_ids = fields.One2many("crm.dossier", "partner_id", string="Dossiers")
    dossier_count = fields.Integer(compute="_compute_dossier_count")

    def _compute_dossier_count(self):
        Dossier = self.env["crm.dossier"]
        if not Dossier.has_access("read"):
            self.dossier_count = 0
            return
        counts = dict(Dossier._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.dossier_count = counts.get(partner, 0)

    def action_open_dossier(self):
        """Open the partner's dossier, or a new one with the partner as its subject."""
        self.ensure_one()
        dossier = self.env["crm.dossier"].search([("partner_id", "=", self.id)], limit=1)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dossier"),
            "res_model": "crm.dossier",
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": dossier.id,
            "context": {
                "default_partner_id": self.id,
                "default_dossier_type": "firm" if self.is_company else "person",
            },
        }
