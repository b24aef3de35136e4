from . import models
from . import report
from . import wizard


# Where the external ids of the Shiffman team and stages wait between an uninstall and a
# reinstall (a pseudo-module, as Odoo's own ``__export__``).
KEPT_MODULE = "__crm_shiffman_kept__"
KEPT_MODELS = ["crm.team", "crm.stage", "mail.alias"]


def pre_init_hook(env):
    """Take back the Shiffman team and stages an earlier installation left behind.

    The data file then updates them in place instead of creating a second
    "Shiffman" team next to the one that still holds the leads.
    """
    env["ir.model.data"].search([("module", "=", KEPT_MODULE), ("model", "in", KEPT_MODELS)]).write(
        {"module": "crm_shiffman"}
    )


def uninstall_hook(env):
    """Keep the Shiffman team and its stages as ordinary ones: leads live in them.

    Their external ids are set aside rather than deleted (Odoo would delete
    the records with them), so that a reinstall finds them (``pre_init_hook``).
    """
    env["ir.model.data"].search([("module", "=", "crm_shiffman"), ("model", "in", KEPT_MODELS)]).write(
        {"module": KEPT_MODULE}
    )
