import re
from collections import defaultdict

from odoo import api, models
from odoo.fields import Domain

# Who reads every client's bank accounts while they are confidential.
CLIENT_BANK_ACCOUNT_READERS = (
    "crm_card.group_crm_card_steward,account.group_account_invoice,account.group_account_readonly,"
    "hr.group_hr_user,base.group_system"
)
# Set (to any value) when the "Confidential Bank Accounts" setting is off.
BANK_ACCOUNTS_OPEN_PARAM = "crm_card.bank_accounts_open"
# Odoo's logs about a bank account link to it (``_get_html_link``).
BANK_ACCOUNT_LINK = re.compile(r"""data-oe-model=["']res\.partner\.bank["'] data-oe-id=["'](\d+)["']""")


class ResPartnerBank(models.Model):
    """Clients' bank accounts are confidential (setting "Confidential Bank Accounts", on by default).

    The global rule ``res_partner_bank_rule_crm_card_confidential`` hides them from users who
    may not read them (``res.users.crm_card_bank_account_domain``). Odoo's ``account`` also logs
    each creation, change and archiving of an account in its holder's chatter, with the numbers
    (in the body or as tracking values), and every user who reads the client reads that chatter:
    the logs about a confidential account are moved to the account's own chatter, which only
    those who read the account read.
    """

    _inherit = "res.partner.bank"

    @api.model
    def _card_confidentiality_on(self):
        return not self.env["ir.config_parameter"].sudo().get_param(BANK_ACCOUNTS_OPEN_PARAM)

    @api.model
    def _card_public_domain(self):
        """Accounts that are never confidential: our companies' (invoices) and users' (payslips)."""
        return Domain("partner_id", "in", self.env["res.company"]._get_company_partner_ids()) | Domain(
            "partner_id.user_ids", "any", [("share", "=", False)]
        )

    @api.model_create_multi
    def create(self, vals_list):
        since = self._card_last_message_id()
        accounts = super().create(vals_list)
        accounts._card_move_logs(accounts.partner_id, since)
        return accounts

    def write(self, vals):
        since = self._card_last_message_id()
        partners = self.partner_id
        # an account that leaves a client is logged on the client with its number too
        confidential = self._card_confidential_ids()
        result = super().write(vals)
        self._card_move_logs(partners | self.partner_id, since, confidential)
        return result

    def unlink(self):
        since = self._card_last_message_id()
        partners = self.partner_id
        result = super().unlink()
        self._card_move_logs(partners, since)
        return result

    @api.model
    def _card_last_message_id(self):
        return self.env["mail.message"].sudo().search([], order="id desc", limit=1).id or 0

    def _card_confidential_ids(self):
        """Ids of the accounts of ``self`` that are confidential (none with the setting off)."""
        if not self._card_confidentiality_on():
            return set()
        accounts = self.sudo().with_context(active_test=False)
        return set(accounts.filtered_domain(~self._card_public_domain()).ids)

    def _card_move_logs(self, partners, since, confidential=()):
        """Move the logs about the confidential accounts of ``self`` (and of ``confidential``,
        ids) that Odoo just wrote (messages after ``since``) from the chatter of ``partners``
        to each account's own."""
        confidential = self._card_confidential_ids() | set(confidential)
        if not partners or not confidential:
            return
        logs = (
            self.env["mail.message"]
            .sudo()
            .search([("id", ">", since), ("model", "=", "res.partner"), ("res_id", "in", partners.ids)])
        )
        by_account = defaultdict(lambda: self.env["mail.message"].sudo())
        for message in logs:
            link = BANK_ACCOUNT_LINK.search(message.body or "")
            if link and int(link[1]) in confidential:
                by_account[int(link[1])] |= message
        for account_id, messages in by_account.items():
            messages.write({"model": self._name, "res_id": account_id})
