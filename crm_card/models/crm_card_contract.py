from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import split_by_lang

CONTRACT_ENDING_DAYS = 30


class CrmCardContract(models.Model):
    """A contract with a client; a regular buyer usually has an active one.

    The amount is confidential: only Data stewards read it. A daily cron
    expires active contracts past their end date and gives the owner one
    activity when a contract ends within 30 days, once per end date.
    """

    _name = "crm.card.contract"
    _description = "Client Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.card.audit.mixin", "crm.card.scope.mixin"]
    _order = "date desc, id desc"
    # never the amount: it is confidential
    _card_audit_key_fields = ("name", "partner_id", "date", "date_end", "state")

    name = fields.Char(string="Number", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, ondelete="restrict", tracking=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Client Company", store=True, index=True
    )
    date = fields.Date(string="Signed on", default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="End Date", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("expired", "Expired"), ("terminated", "Terminated")],
        required=True,
        default="draft",
        tracking=True,
        index=True,
    )
    amount = fields.Monetary(currency_field="currency_id", groups="crm_card.group_crm_card_steward")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    terms = fields.Html()
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    appendix_ids = fields.One2many("crm.card.contract.appendix", "contract_id", string="Appendices")
    appendix_count = fields.Integer(compute="_compute_appendix_count")
    user_id = fields.Many2one(
        "res.users", string="Owner", default=lambda self: self.env.user, index=True, tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("appendix_ids")
    def _compute_appendix_count(self):
        for contract in self:
            contract.appendix_count = len(contract.appendix_ids)

    @api.constrains("date", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date and contract.date_end and contract.date_end < contract.date:
                raise ValidationError(
                    self.env._("Contract %(number)s cannot end before it is signed.", number=contract.name)
                )

    def action_activate(self):
        self.write({"state": "active"})

    def action_terminate(self):
        self.write({"state": "terminated"})

    def action_reset_draft(self):
        self.write({"state": "draft"})

    @api.model
    def _cron_check_contract_ends(self):
        self._expire_ended_contracts()
        self._remind_ending_contracts()

    @api.model
    def _expire_ended_contracts(self):
        """Active contracts past their end date become expired."""
        today = fields.Date.context_today(self)
        ended = self.search([("state", "=", "active"), ("date_end", "<", today)])
        ended.write({"state": "expired"})
        return ended

    @api.model
    def _remind_ending_contracts(self):
        """One activity for the owner of each active contract ending within 30 days,
        once per end date (the reminder's reason)."""
        today = fields.Date.context_today(self)
        contracts = self.search(
            [
                ("state", "=", "active"),
                ("date_end", ">=", today),
                ("date_end", "<=", today + relativedelta(days=CONTRACT_ENDING_DAYS)),
                ("user_id", "!=", False),
            ]
        )
        reminders = [
            contract._get_ending_reminder()
            for _lang, same_lang in split_by_lang(contracts, lambda c: c.user_id)
            for contract in same_lang
        ]
        todo = self.env.ref("mail.mail_activity_data_todo")
        return self.env["mail.activity"].sudo()._card_plan_reminders(self._name, todo, reminders)

    def _get_ending_reminder(self):
        """The reminder of the contract's end, as ``mail.activity._card_plan_reminders`` takes it."""
        self.ensure_one()
        summary = self.env._(
            "Contract %(number)s with %(client)s ends soon: renew or close it",
            number=self.name,
            client=self.partner_id.display_name,
        )
        return (self.id, self.user_id.id, self.date_end, summary, None, f"card_contract_end:{self.date_end}")
