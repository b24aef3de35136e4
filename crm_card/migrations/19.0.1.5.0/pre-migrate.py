"""19.0.1.5.0: the duplicate guard matches on Odoo's own keys, ``phone_sanitized`` and
``email_normalized``; crm_card's copies of them, ``card_phone_key`` and ``card_email_key``, go.

Ours were computed by Odoo's rule (the phone in E.164 for the partner's country, else the
company's, through ``_phone_format``; the e-mail through ``email_normalize``), so where Odoo's key
is empty and ours is not (a row written by SQL), ours is copied over; then the columns and their
indexes are dropped. The post-migrate computes Odoo's keys of the rows still without one.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

# (our column, Odoo's column)
KEYS = (("card_phone_key", "phone_sanitized"), ("card_email_key", "email_normalized"))


def migrate(cr, version):
    for ours, odoos in KEYS:
        if not column_exists(cr, "res_partner", ours):
            continue
        cr.execute(
            SQL(
                "UPDATE res_partner SET %(odoos)s = %(ours)s WHERE %(odoos)s IS NULL AND %(ours)s IS NOT NULL",
                odoos=SQL.identifier(odoos),
                ours=SQL.identifier(ours),
            )
        )
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(f"res_partner__{ours}_index")))
        cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(ours)))
