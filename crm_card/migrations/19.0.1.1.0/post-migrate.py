"""19.0.1.1.0: "Own clients only" users no longer see every interaction without a client.

The rule sits in a ``noupdate`` block, so upgrading the module keeps the domain of 19.0.1.0.0 in
databases installed before; this puts the new one in place (the user or a team mate is the
salesperson, or the user logged it: see ``security/crm_card_security.xml``).
"""

from odoo import SUPERUSER_ID, api

OWN_CLIENTS_DOMAIN = (
    "['|', ('partner_id.user_id', 'in', [user.id] + user.sudo().crm_team_ids.member_ids.ids), "
    "'&', ('partner_id', '=', False), "
    "'|', ('user_id', 'in', [user.id] + user.sudo().crm_team_ids.member_ids.ids), ('create_uid', '=', user.id)]"
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("crm_card.crm_card_interaction_rule_own_clients", raise_if_not_found=False)
    if rule:
        rule.domain_force = OWN_CLIENTS_DOMAIN
