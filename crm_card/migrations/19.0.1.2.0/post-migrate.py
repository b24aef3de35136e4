"""19.0.1.2.0: the purchase rhythm moves from two columns of ``res_partner`` to ``crm_card_rhythm``.

The fields ``card_rhythm_state`` and ``card_rhythm_since`` of res.partner are no longer stored, and
the ORM leaves their columns behind; this copies every client with a rhythm into the new table (one
row per client, none for "none") and drops the columns and their index, so that a partner row no
longer carries them (see ``models/crm_card_rhythm.py`` for why).
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not column_exists(cr, "res_partner", "card_rhythm_state"):
        return
    cr.execute(
        SQL(
            """
            INSERT INTO crm_card_rhythm (partner_id, state, since)
            SELECT id, card_rhythm_state, card_rhythm_since
              FROM res_partner
             WHERE card_rhythm_state IN ('regular', 'silent', 'declining')
                ON CONFLICT (partner_id) DO NOTHING
            """
        )
    )
    cr.execute("DROP INDEX IF EXISTS res_partner__card_rhythm_state_index")
    cr.execute("ALTER TABLE res_partner DROP COLUMN card_rhythm_state, DROP COLUMN IF EXISTS card_rhythm_since")
