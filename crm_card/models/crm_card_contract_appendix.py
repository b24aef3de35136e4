from odoo import fields, models


class CrmCardContractAppendix(models.Model):
    """An appendix (supplementary agreement) to a client contract."""

    _name = "crm.card.contract.appendix"
    _inherit = ["crm.card.scope.mixin", "crm.card.audit.mixin"]
    _description = "Contract Appendix"
    _order = "date desc, id desc"
    _rec_name = "number"
    _card_audit_client_field = "contract_id.commercial_partner_id"
    _card_audit_key_fields = ("contract_id", "number", "date", "subject")
    _card_audit_tracked_fields = ("contract_id", "number", "date", "subject", "attachment_name")

    contract_id = fields.Many2one("crm.card.contract", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    number = fields.Char(required=True)
    date = fields.Date(default=fields.Date.context_today)
    subject = fields.Char()
    attachment = fields.Binary(attachment=True)
    attachment_name = fields.Char()
