from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmDossierAnalogue(models.Model):
    """One observation of a competing product: a new price is a new line, so history stays."""

    _name = "crm.dossier.analogue"
    _inherit = [
        "crm.card.scope.mixin",
        "crm.card.audit.mixin",
        "crm.dossier.confidential.mixin",
        "crm.dossier.authored.mixin",
    ]
    _description = "Product Analogue Observation"
    _order = "date desc, id desc"
    _card_audit_client_field = "dossier_id.partner_id"
    _card_audit_key_fields = ("dossier_id", "name", "partner_id", "kind", "date")
    _card_audit_tracked_fields = ("dossier_id", "name", "partner_id", "kind", "price", "date")

    dossier_id = fields.Many2one(
        "crm.dossier",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("dossier_type", "=", "product")],
    )
    product_tmpl_id = fields.Many2one(related="dossier_id.product_tmpl_id", store=True, string="Our Product")
    is_confidential = fields.Boolean(related="dossier_id.is_confidential", store=True, string="Confidential")
    company_id = fields.Many2one(related="dossier_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Competitor", domain=[("is_company", "=", True)], index=True)
    name = fields.Char(string="Their Product", required=True)
    kind = fields.Selection([("analogue", "Analogue"), ("substitute", "Substitute")], required=True, default="analogue")
    price = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", required=True, default=lambda self: self.env.company.currency_id)
    date = fields.Date(string="Observed On", required=True, default=fields.Date.context_today)
    advantages = fields.Text()
    disadvantages = fields.Text()
    source = fields.Char(help="Price list, tender, client's word…")
    user_id = fields.Many2one("res.users", string="Observed By", default=lambda self: self.env.user)

    _price_positive = models.Constraint("CHECK(price >= 0)", "A price cannot be negative.")

    @api.constrains("dossier_id")
    def _check_product_dossier(self):
        if any(line.dossier_id.dossier_type != "product" for line in self):
            raise ValidationError(self.env._("Analogues belong to product dossiers only."))

    def _get_history_domain(self):
        self.ensure_one()
        return [
            ("dossier_id", "=", self.dossier_id.id),
            ("partner_id", "=", self.partner_id.id),
            ("kind", "=", self.kind),
            ("name", "=ilike", self.name),
        ]

    def action_open_history(self):
        """Every observation of the same competing product, to see how its price moved."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_dossier.crm_dossier_analogue_action")
        action["name"] = self.env._("Price History: %(name)s", name=self.name)
        action["domain"] = self._get_history_domain()
        action["context"] = {
            "default_dossier_id": self.dossier_id.id,
            "default_partner_id": self.partner_id.id,
            "default_name": self.name,
            "default_kind": self.kind,
            "default_currency_id": self.currency_id.id,
        }
        return action

    def _card_audit_group(self):
        return self.dossier_id._card_audit_group()
