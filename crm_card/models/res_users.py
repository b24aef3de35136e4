from odoo import models
from odoo.fields import Domain


class ResUsers(models.Model):
    _inherit = "res.users"

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
