from odoo import api, fields, models
from odoo.fields import Domain


class CrmCardSatisfaction(models.Model):
    """One customer satisfaction check, filed on the client company.

    The yearly check is part of the history of work: each product a client
    bought in the last twelve months and did not rate for a year gets a reminder
    (see ``res.partner._get_card_satisfaction_due``); recording the check marks
    that reminder done.
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
        checks = super().create(vals_list)
        checks._card_close_due_reminders()
        return checks

    def write(self, vals):
        self._normalize_partner_vals(vals)
        return super().write(vals)

    @api.model
    def _normalize_partner_vals(self, vals):
        """File a check given on a contact person under its company."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id

    def _card_close_due_reminders(self):
        """Mark done the open yearly reminders these checks answer, as
        ``res.partner._get_card_satisfaction_due`` counts them: a check of a product
        answers the reminder of that product and one of the client without a product
        (planned before reminders were per product); a check without a product answers
        every reminder of its client. Done for the acting user: a reminder they may not
        close stays open."""
        activity_type = self.env.ref("crm_card.mail_activity_type_card_satisfaction", raise_if_not_found=False)
        if not activity_type or not self:
            return
        domain = Domain.OR(
            Domain("res_id", "=", check.partner_id.id)
            & (
                Domain("card_satisfaction_product_id", "in", [check.product_id.id, False])
                if check.product_id
                else Domain.TRUE
            )
            for check in self
        )
        reminders = self.env["mail.activity"].search(
            Domain("res_model", "=", "res.partner") & Domain("activity_type_id", "=", activity_type.id) & domain
        )
        reminders._filtered_access("write").action_done()
