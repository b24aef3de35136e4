"""19.0.1.3.0: "Own clients only" rules read the one definition of own clients.

The record rules sit in a ``noupdate`` block: upgrading the module creates the new ones (own clients
on the partners themselves, company rules of contract appendices, ratings and purchase rhythms) but
keeps the old domains of the existing ones. This puts the domains of ``security/crm_card_security.xml``
in place for the own-clients rules, read from the file itself so that the two cannot differ.
"""

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_path

OWN_CLIENTS_RULES = (
    "crm_card_interaction_rule_own_clients",
    "crm_card_satisfaction_rule_own_clients",
    "crm_card_event_rule_own_clients",
    "crm_card_contract_rule_own_clients",
    "crm_card_claim_rule_own_clients",
    "crm_card_contract_appendix_rule_own_clients",
    "crm_card_rating_rule_own_clients",
)


def _rule_domains_from_file(xmlids):
    """{xmlid: domain_force} of the given rules as written in the module's security file."""
    tree = etree.parse(file_path("crm_card/security/crm_card_security.xml"))
    domains = {}
    for xmlid in xmlids:
        field = tree.find(f".//record[@id='{xmlid}']/field[@name='domain_force']")
        if field is not None:
            domains[xmlid] = field.text
    return domains


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, domain in _rule_domains_from_file(OWN_CLIENTS_RULES).items():
        rule = env.ref(f"crm_card.{xmlid}", raise_if_not_found=False)
        if rule:
            rule.domain_force = domain
