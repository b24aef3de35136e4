from . import models
from . import wizard


def uninstall_hook(env):
    """Audit entries on dossiers outlive the addon, read by system administrators only.

    Their group (a Dossiers group, deleted with the addon) told who may read
    them; nobody else gets to read what a restricted dossier held.
    """
    groups = env["res.groups"].browse(
        env["ir.model.data"].search([("module", "=", "crm_dossier"), ("model", "=", "res.groups")]).mapped("res_id")
    )
    entries = env["crm.card.audit"].sudo().search([("group_id", "in", groups.ids)])
    entries.write({"group_id": env.ref("base.group_system").id})
