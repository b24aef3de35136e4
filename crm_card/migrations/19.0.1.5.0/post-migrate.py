"""19.0.1.5.0: every partner with a phone or an e-mail has Odoo's key of it, which the duplicate
guard and the telephony lookup match on now.

Odoo computes ``phone_sanitized`` and ``email_normalized`` on every save, but not for rows written
by SQL (imports, data moved in bulk) that the pre-migrate could not fill from our old keys. Those
are computed here, by Odoo's own computes, in batches; a phone Odoo refuses keeps no key, as on a
save. A partner without a country is read in the country of the upgrading user's company.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, split_every

# (Odoo's key, the field it is computed from)
KEYS = (("phone_sanitized", "phone"), ("email_normalized", "email"))
BATCH = 2000


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False, "tracking_disable": True})
    partners = env["res.partner"]
    for key, source in KEYS:
        cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE %(key)s IS NULL AND %(source)s <> '' ORDER BY id",
                key=SQL.identifier(key),
                source=SQL.identifier(source),
            )
        )
        ids = [row[0] for row in cr.fetchall()]
        for batch_ids in split_every(BATCH, ids):
            batch = partners.browse(batch_ids)
            env.add_to_compute(partners._fields[key], batch)
            batch.flush_recordset([key])
            env.invalidate_all()
