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

    def _crm_card_own_salesperson_ids(self):
        """Salespeople whose clients are the user's own clients: the user and the
        members of the user's sales teams (read as superuser: a salesperson may not
        read the team records of others)."""
        self.ensure_one()
        return [self.id, *self.sudo().crm_team_ids.member_ids.ids]

    def _crm_card_own_clients_domain(self):
        """The user's own clients: clients whose salesperson is the user or a team mate.

        The one definition of "own clients" of the group "Client Base: Own Clients
        Only". Its record rules (``security/crm_card_security.xml``) apply it to the
        client of a record (``('commercial_partner_id', 'any', ...)``), so that the
        persons and addresses of an own client are own too.
        """
        return Domain("user_id", "in", self._crm_card_own_salesperson_ids())
