"""19.0.1.3.0: bank account confidentiality becomes a setting ("Confidential Bank Accounts").

The global rule on ``res.partner.bank`` sits in a ``noupdate`` block, so upgrading keeps its old
domain in databases installed before; this puts in place the new one, which asks the user
(``res.users.crm_card_bank_account_domain``) and so follows the setting.
"""

from odoo import SUPERUSER_ID, api

BANK_ACCOUNT_DOMAIN = "user.crm_card_bank_account_domain()"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("crm_card.res_partner_bank_rule_crm_card_confidential", raise_if_not_found=False)
    if rule:
        rule.domain_force = BANK_ACCOUNT_DOMAIN
