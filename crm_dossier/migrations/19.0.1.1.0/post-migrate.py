"""19.0.1.1.0: dossier editors delete only the analogues they recorded.

The rules sit in a ``noupdate`` block: upgrading the module creates the three new delete rules but
leaves delete allowed on the two reading rules of 19.0.1.0.0, which would still let an editor
delete anyone's non-confidential analogue (rules of one group add up). This takes delete off them,
as ``security/crm_dossier_security.xml`` now has it.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in (
        "crm_dossier.crm_dossier_analogue_rule_not_confidential",
        "crm_dossier.crm_dossier_analogue_rule_restricted",
    ):
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.perm_unlink = False
