from odoo import api, fields, models


class CrmCardSatisfaction(models.Model):
    """One customer satisfaction check, filed on the client company.

    The yearly check is part of the history of work: a client who bought in
    the last twelve months and was not asked for a year gets a reminder
    (see ``res.partner._cron_card_satisfaction_due``).
    """

    _name = "crm.card.satisfaction"
    _inherit = ["crm.card.scope.mixin", "crm.card.audit.mixin"]
    _description = "Client Satisfaction Check"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _card_audit_key_fields = ("partner_id", "date", "product_id", "score")
    _card_audit_tracked_fields = ("partner_id", "date", "product_id", "score", "comment", "user_id")

    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    product_id = fields.Many2one("product.product", ondelete="set null")
    score = fields.Integer(required=True, default=5, aggregator="avg", help="From 1 (very unhappy) to 5 (delighted).")
    comment = fields.Text()
    user_id = fields.Many2one("res.users", string="Asked By", default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    _check_score = models.Constraint(
        "CHECK(score BETWEEN 1 AND 5)",
        "The satisfaction score must be between 1 and 5.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_partner_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_partner_vals(vals)
        return super().write(vals)

    @api.model
    def _normalize_partner_vals(self, vals):
        """File a check given on a contact person under its company."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id
