from odoo import api, models
from odoo.fields import Domain

from .res_partner_bank import CLIENT_BANK_ACCOUNT_READERS


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.private
    def crm_card_bank_account_domain(self):
        """The bank accounts this user reads: the domain of the global rule
        ``res_partner_bank_rule_crm_card_confidential`` (a rule's domain may only call public
        methods, hence the name; ``api.private`` keeps it off RPC).

        With "Confidential Bank Accounts" on, data stewards, accounting, HR and administrators
        read every account, the others those of our companies and of users; with it off, Odoo's
        own rights apply.
        """
        self.ensure_one()
        Bank = self.env["res.partner.bank"]
        if not Bank._card_confidentiality_on() or self.has_groups(CLIENT_BANK_ACCOUNT_READERS):
            return Domain.TRUE
        return Bank._card_public_domain()
