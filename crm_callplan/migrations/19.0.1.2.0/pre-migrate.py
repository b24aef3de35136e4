"""19.0.1.2.0: the telephony matches callers on Odoo's own ``phone_sanitized``; the call plans'
copy of it, ``callplan_phone_key``, goes with its index.

Our key accepted numbers that are merely possible; Odoo's takes those valid in their country's
plan (and reads a partner without a country in the user's company's, not the partner's company's),
as the duplicate guard always did, so the two no longer disagree. The key is not copied into
``phone_sanitized``: where they differ, Odoo's rule is the one kept (crm_card's migration fills
Odoo's key where it is missing). The dialled numbers of the call sources are keyed by the same
rule: the post-migrate recomputes them.
"""

from odoo.tools.sql import column_exists


def migrate(cr, version):
    if column_exists(cr, "res_partner", "callplan_phone_key"):
        cr.execute("DROP INDEX IF EXISTS res_partner__callplan_phone_key_index")
        cr.execute("ALTER TABLE res_partner DROP COLUMN callplan_phone_key")
