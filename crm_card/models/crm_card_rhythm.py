from odoo import fields, models

CARD_RHYTHM_STATES = [
    ("regular", "Regular"),
    ("silent", "Silent"),
    ("declining", "Declining"),
]


class CrmCardRhythm(models.Model):
    """The purchase rhythm of one client, as judged by the nightly job
    (``res.partner._update_card_rhythm``); a client without a row has none.

    A table of its own rather than two columns of ``res_partner``: a partner
    row carries some 33 indexes, so every state the job changed rewrote all of
    them (no HOT update), and the first night after install changes a third of
    the clients; this narrow table has one index. The partner shows the state
    through non-stored fields (``card_rhythm_state``, ``card_rhythm_since``).

    Without the access log columns (``_log_access = False``): only the job
    writes here, as superuser, in one SQL upsert, and ``since`` is the day of
    the last change, so the four log columns would say nothing new and would
    have to be filled by hand in that statement.

    The partner is unique by a ``UNIQUE`` constraint, not a unique index: the
    job's ``ON CONFLICT (partner_id)`` needs one or the other, but only a
    constraint makes the partner merge wizard fall back to deleting the
    merged partner's row when both partners have one (see
    ``base.partner.merge.automatic.wizard._update_foreign_keys_generic``).
    """

    _name = "crm.card.rhythm"
    _description = "Client Purchase Rhythm"
    _order = "id"  # not by partner: that would join res_partner on every card read
    _rec_name = "partner_id"
    _log_access = False

    partner_id = fields.Many2one("res.partner", string="Client", required=True, ondelete="cascade")
    state = fields.Selection(CARD_RHYTHM_STATES, string="Purchase Rhythm", required=True)
    since = fields.Date(string="Rhythm Since", help="Start of the current rhythm episode.")
    no_offer_since = fields.Date(
        help="Since when this regular buyer has had no offer (quotation, letter or e-mail) for longer than its "
        "usual gap between orders; empty while offers keep coming.",
    )

    _partner_uniq = models.Constraint("UNIQUE(partner_id)", "A client has one purchase rhythm.")
