from . import models
from . import report
from . import wizard


def uninstall_hook(env):
    """Keep the Shiffman team and its stages as ordinary ones: leads live in them."""
    env["ir.model.data"].search(
        [("module", "=", "crm_shiffman"), ("model", "in", ["crm.team", "crm.stage", "mail.alias"])]
    ).unlink()
