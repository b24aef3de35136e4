from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmDossierEntry(models.Model):
    _name = "crm.dossier.entry"
    _inherit = [
        "crm.card.scope.mixin",
        "crm.card.audit.mixin",
        "crm.dossier.confidential.mixin",
        "crm.dossier.authored.mixin",
    ]
    _description = "Dossier Entry"
    _order = "date desc, id desc"
    _rec_name = "summary"
    _card_audit_client_field = "dossier_id.partner_id"
    # what the fact is about and when, never its content (a restricted dossier's facts are confidential)
    _card_audit_key_fields = ("dossier_id", "date", "topic_id", "reliability", "user_id")
    _card_audit_tracked_fields = ("dossier_id", "date", "topic_id", "reliability", "user_id")

    def _default_topic_id(self):
        return self.env.ref("crm_dossier.crm_dossier_topic_news", raise_if_not_found=False)

    dossier_id = fields.Many2one("crm.dossier", required=True, ondelete="cascade", index=True)
    dossier_type = fields.Selection(related="dossier_id.dossier_type", store=True, string="Dossier Type")
    role = fields.Selection(related="dossier_id.role", store=True, string="Role")
    is_confidential = fields.Boolean(related="dossier_id.is_confidential", store=True, string="Confidential")
    company_id = fields.Many2one(related="dossier_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    topic_id = fields.Many2one("crm.dossier.topic", required=True, ondelete="restrict", default=_default_topic_id)
    is_career = fields.Boolean(related="topic_id.is_career")
    summary = fields.Char(required=True, index="trigram")
    body = fields.Html(string="Details", index="trigram")
    source = fields.Char(help="Where the fact comes from: a person, a publication or a URL.")
    reliability = fields.Selection(
        [("confirmed", "Confirmed"), ("unconfirmed", "Unconfirmed"), ("rumour", "Rumour")],
        required=True,
        default="unconfirmed",
    )
    user_id = fields.Many2one("res.users", string="Author", default=lambda self: self.env.user)
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    related_dossier_ids = fields.Many2many(
        "crm.dossier",
        "crm_dossier_entry_related_rel",
        "entry_id",
        "dossier_id",
        string="Related Dossiers",
        help="Other dossiers this fact concerns: the person who moved, the major client…",
    )
    # personnel change
    from_partner_id = fields.Many2one("res.partner", string="From Company", domain=[("is_company", "=", True)])
    to_partner_id = fields.Many2one("res.partner", string="To Company", domain=[("is_company", "=", True)])
    new_function = fields.Char(string="New Position")

    @api.constrains("from_partner_id", "to_partner_id")
    def _check_career_move(self):
        for entry in self:
            if entry.from_partner_id and entry.from_partner_id == entry.to_partner_id:
                raise ValidationError(self.env._("A personnel change must move between two different companies."))

    def _card_audit_group(self):
        return self.dossier_id._card_audit_group()
