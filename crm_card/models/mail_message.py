from odoo import api, fields, models
from odoo.fields import Domain


class MailMessage(models.Model):
    """The tracked changes of client data, as the Audit menu lists them.

    Models of client data with a chatter keep their changes as Odoo's tracking
    messages. These fields let a data steward list, filter and read them
    across models and clients; each message stays readable only by who may
    read its record (Odoo's message rules), and each change only by who may
    read its field (``_filter_has_field_access``, as the chatter does).
    """

    _inherit = "mail.message"

    crm_card_audited = fields.Boolean(
        string="Change of Client Data",
        compute="_compute_crm_card_audited",
        search="_search_crm_card_audited",
    )
    crm_card_client_id = fields.Many2one(
        "res.partner",
        string="Client",
        compute="_compute_crm_card_client_id",
        search="_search_crm_card_client_id",
    )
    crm_card_changes = fields.Text(string="Changes", compute="_compute_crm_card_changes")

    @api.model
    def _crm_card_audited_models(self):
        """Models of client data (``crm.card.audit.mixin``) that track their changes in a chatter."""
        names = self.env.registry.descendants(["crm.card.audit.mixin"], "_inherit")
        return sorted(
            name
            for name in names
            if not self.env[name]._abstract and "message_ids" in self.env[name]._fields
        )

    def _compute_crm_card_audited(self):
        models_ = set(self._crm_card_audited_models())
        tracked = self.sudo().filtered("tracking_value_ids")
        for message in self:
            message.crm_card_audited = message.model in models_ and message in tracked

    def _search_crm_card_audited(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        models_ = self._crm_card_audited_models()
        trackings = self.env["mail.tracking.value"].sudo()._search([("mail_message_id.model", "in", models_)])
        domain = Domain("model", "in", models_) & Domain("id", "in", trackings.subselect("mail_message_id"))
        return domain if (True in value) == (operator == "in") else ~domain

    def _compute_crm_card_client_id(self):
        models_ = set(self._crm_card_audited_models())
        clients = {}
        for model, messages in self.grouped("model").items():
            if model in models_:
                records = self.env[model].sudo().with_context(active_test=False).browse(set(messages.mapped("res_id")))
                clients[model] = records.exists()._card_audit_clients()
        for message in self:
            message.crm_card_client_id = clients.get(message.model, {}).get(message.res_id, False)

    def _search_crm_card_client_id(self, operator, value):
        Partner = self.env["res.partner"].with_context(active_test=False)
        if operator in ("in", "not in"):
            partners = Partner.browse([partner_id for partner_id in value if partner_id])
        elif operator in ("ilike", "not ilike", "=ilike", "like"):
            partners = Partner.search([("display_name", operator.replace("not ", ""), value)])
        else:
            return NotImplemented
        domains = []
        for model in self._crm_card_audited_models():
            Model = self.env[model].sudo().with_context(active_test=False)
            path = f"{Model._card_audit_client_field}.commercial_partner_id"
            records = Model._search([(path, "in", partners.commercial_partner_id.ids)])
            domains.append(Domain("model", "=", model) & Domain("res_id", "in", records))
        domain = Domain.OR(domains)
        return ~domain if operator.startswith("not ") else domain

    def _compute_crm_card_changes(self):
        trackings = self.sudo().tracking_value_ids._filter_has_field_access(self.env)
        lines = {}
        for tracking in trackings._tracking_value_format():
            message = trackings.browse(tracking["id"]).mail_message_id
            info = tracking["fieldInfo"]
            lines.setdefault(message.id, []).append(
                f"{info['changedField']}: {tracking['oldValue'] or '—'} → {tracking['newValue'] or '—'}"
            )
        for message in self:
            message.crm_card_changes = "\n".join(lines.get(message.id, [])) or False
