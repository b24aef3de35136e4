from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools import split_by_lang
from .res_partner import CARD_RHYTHM_BATCH

CARD_RHYTHM_STATES = [
    ("regular", "Regular"),
    ("silent", "Silent"),
    ("declining", "Declining"),
]


class CrmCardRhythm(models.Model):
    """The purchase rhythm of one client, as judged by the nightly job
    (:meth:`_update_rhythms`); a client without a row has none.

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

    # ------------------------------------------------------------
    # BUSINESS: THE NIGHTLY JOB
    # ------------------------------------------------------------
    @api.model
    def _update_rhythms(self, clients=None, today=None):
        """Judge the purchase rhythm of ``clients`` (partners: their commercial partners;
        ``None``: every active client) and give each client entering a ``silent`` or
        ``declining`` episode, or a regular buyer left without an offer, one To-Do.

        An episode starts on the day of the change (``since``); while the state stays no
        further To-Do is created, so running the job twice a day changes nothing.

        One statement for all clients (:meth:`_judge_rhythms`); only those entering an
        alarming state come back, with the figures their To-Do needs. States and To-Dos
        land in one transaction, so no alert is lost between them.
        """
        today = today or fields.Date.context_today(self)
        alarming = self._judge_rhythms(clients, today)
        reminders = self._prepare_rhythm_reminders(alarming, today)
        if not reminders:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        for batch in split_every(CARD_RHYTHM_BATCH, reminders):
            # the first night plans thousands: in one statement (bench/run.py, measure 3)
            self.env["mail.activity"]._card_plan_reminders("res.partner", todo, batch, bulk=True)

    @api.model
    def _judge_rhythms(self, clients, today):
        """Judge and write the rhythms of ``clients`` (``None``: every active client) in one
        statement; return the rows of the clients whose alarm starts today, by client id.

        The state is judged in SQL (:meth:`_state_sql`) by the statement that aggregates the
        orders, and only the clients whose state changed are written: reading the figures
        into Python cost many times the aggregate itself (bench/RESULTS.md); batches would each
        scan the orders again (the planner hashes them all for a thousand clients as for all of
        them). A client losing its rhythm loses its row, the others
        are upserted, which is cheap where rewriting a partner row touched its 30+ indexes
        (the first night changes a third of the clients). The statement aggregates only the
        figures the rule reads (``figures="rhythm"``), not those the card shows.
        """
        rows = self.env.execute_query_dict(self._judge_rhythms_query(clients, today))
        self.invalidate_model()
        self.env["res.partner"].invalidate_model(
            ["card_rhythm_state", "card_rhythm_since", "card_no_offer", "card_no_offer_since"]
        )
        return {row["id"]: row for row in rows}

    @api.model
    def _judge_rhythms_query(self, clients, today):
        """The statement of :meth:`_judge_rhythms`: judges, deletes and upserts the rows of
        ``clients`` and selects the alarming ones."""
        Partner = self.env["res.partner"]
        self.flush_model()
        Partner.flush_model(["active", "commercial_partner_id"])
        # every client: aggregate all orders in one hashed pass; a filter on the
        # clients makes the planner probe the orders client by client (slower: bench/RESULTS.md)
        where, buyers = SQL("c.active AND c.id = c.commercial_partner_id"), SQL("IS NOT NULL")
        if clients is not None:
            where = SQL("c.id = ANY(%s) AND c.id = c.commercial_partner_id", clients.commercial_partner_id.ids)
            buyers = SQL("IN (SELECT id FROM clients)")
        return SQL(
            """
            WITH clients AS (
                SELECT c.id, COALESCE(r.state, 'none') AS old_state, r.since AS old_since,
                       r.no_offer_since AS old_no_offer_since, c.card_info_level = 'regular' AS is_regular
                  FROM res_partner c
             LEFT JOIN %(rhythm)s r ON r.partner_id = c.id
                 WHERE %(where)s
            ), offers AS (%(offers)s
            ), judged AS (
                SELECT * FROM (
                    SELECT clients.id, clients.old_state, clients.old_since, clients.old_no_offer_since,
                           COALESCE(stats.state, 'none') AS new_state,
                           COALESCE(%(no_offer)s, FALSE) AS new_no_offer, offers.last_offer, stats.*
                      FROM clients
                 LEFT JOIN (%(stats)s) stats ON stats.partner_id = clients.id
                 LEFT JOIN offers ON offers.partner_id = clients.id
                ) rows
                 WHERE rows.new_state != rows.old_state
                    OR rows.new_no_offer != (rows.old_no_offer_since IS NOT NULL)
            ), dropped AS (
                DELETE FROM %(rhythm)s r
                 USING judged
                 WHERE r.partner_id = judged.id AND judged.new_state = 'none'
            ), written AS (
                INSERT INTO %(rhythm)s (partner_id, state, since, no_offer_since)
                SELECT judged.id, judged.new_state,
                       CASE WHEN judged.new_state = judged.old_state THEN judged.old_since ELSE %(today)s END,
                       CASE WHEN judged.new_no_offer
                            THEN COALESCE(judged.old_no_offer_since, %(today)s) END
                  FROM judged
                 WHERE judged.new_state != 'none'
                    ON CONFLICT (partner_id) DO UPDATE
                   SET state = EXCLUDED.state, since = EXCLUDED.since, no_offer_since = EXCLUDED.no_offer_since
            )
            SELECT * FROM judged
             WHERE (judged.new_state != judged.old_state AND judged.new_state IN ('silent', 'declining'))
                OR (judged.new_no_offer AND judged.old_no_offer_since IS NULL)
             ORDER BY judged.id
            """,
            rhythm=SQL.identifier(self._table),
            where=where,
            offers=self._last_offer_query(),
            no_offer=self._no_offer_sql(today),
            stats=Partner._card_order_figures_query(buyers, self.env.companies, today, figures="rhythm"),
            today=today,
        )

    @api.model
    def _prepare_rhythm_reminders(self, alarming, today):
        """The To-Dos of the clients whose alarm starts today (``alarming``, rows of
        :meth:`_judge_rhythms` by client id), each in its assignee's language, as
        ``mail.activity._card_plan_reminders`` takes them. An episode's reason is its
        state and first day: one To-Do per episode."""
        Partner = self.env["res.partner"]
        # one prefetch for the To-Dos' assignees
        partners = Partner.browse(list(alarming))
        partners.fetch(["user_id", "card_steward_id"])
        quarters = Partner._card_closed_quarters(today)
        reminders = []
        for lang, same_lang in split_by_lang(partners, lambda partner: partner._get_card_activity_user()):
            rhythms = self.with_context(lang=lang)
            for partner in same_lang:
                row = alarming[partner.id]
                user_id = partner._get_card_activity_user().id
                if row["new_state"] != row["old_state"] and row["new_state"] in ("silent", "declining"):
                    stats = Partner._card_order_figures_row(row, quarters)
                    alert = rhythms._get_state_alert(row["new_state"], stats)
                    reason = f"card_rhythm_{row['new_state']}:{today}"
                    reminders.append((partner.id, user_id, today, alert, None, reason))
                elif row["new_no_offer"] and not row["old_no_offer_since"]:
                    alert = rhythms._get_no_offer_alert()
                    reminders.append((partner.id, user_id, today, alert, None, f"card_no_offer:{today}"))
        return reminders

    # ------------------------------------------------------------
    # THE RULES, IN SQL
    # ------------------------------------------------------------
    @api.model
    def _state_sql(self, today):
        """The rhythm rule, as an SQL expression over the columns of
        ``res.partner._card_order_figures_query`` (``figures`` and ``gaps``): a submodule
        changes the rule here, for the card and the nightly job alike.
        Silent wins over declining (it is the stronger alarm)."""
        return SQL(
            """
            CASE WHEN figures.count < 3 THEN 'none'
                 WHEN %(today)s::date - figures.last_date > %(factor)s * GREATEST(gaps.gap, 1.0) THEN 'silent'
                 WHEN figures.q3 > figures.q2 AND figures.q2 > figures.q1
                      AND figures.q1 <= 0.8 * figures.q3 THEN 'declining'
                 ELSE 'regular'
            END
            """,
            today=today,
            factor=float(self.env["res.partner"]._get_card_setting("silent_factor")),
        )

    @api.model
    def _no_offer_sql(self, today):
        """The "no offer sent" rule, as an SQL expression over ``clients``, ``stats``
        and ``offers`` of :meth:`_judge_rhythms`: a regular buyer with a rhythm whose
        last order, quotation, letter or e-mail is older than its usual gap."""
        return SQL(
            """
            clients.is_regular AND stats.state != 'none'
            AND %(today)s::date - GREATEST(stats.last_date, offers.last_offer) > GREATEST(stats.gap, 1.0)
            """,
            today=today,
        )

    @api.model
    def _last_offer_query(self):
        """SQL of the date of the last offer per regular client of the ``clients`` CTE
        of :meth:`_judge_rhythms`: its last quotation (draft or sent) or outgoing
        letter or e-mail; its confirmed orders are in the order figures."""
        self.env["sale.order"].flush_model(["state", "partner_id", "date_order", "company_id"])
        self.env["crm.card.interaction"].flush_model(["partner_id", "kind", "direction", "date", "company_id"])
        self.env["res.partner"].flush_model(["card_info_level"])
        return SQL(
            """
            SELECT sent.partner_id, MAX(sent.offer_date) AS last_offer
              FROM (
                    SELECT buyer.commercial_partner_id AS partner_id, so.date_order::date AS offer_date
                      FROM sale_order so
                      JOIN res_partner buyer ON buyer.id = so.partner_id
                     WHERE so.state IN ('draft', 'sent') AND so.company_id IN %(company_ids)s
                 UNION ALL
                    SELECT interaction.partner_id, interaction.date::date
                      FROM crm_card_interaction interaction
                     WHERE interaction.kind IN ('letter', 'email')
                       AND interaction.direction = 'outbound'
                       AND interaction.company_id IN %(company_ids)s
                   ) sent
             WHERE sent.partner_id IN (SELECT id FROM clients WHERE is_regular)
             GROUP BY sent.partner_id
            """,
            company_ids=tuple(self.env.companies.ids),
        )

    # ------------------------------------------------------------
    # THE TO-DOS' TEXTS
    # ------------------------------------------------------------
    @api.model
    def _get_state_alert(self, state, stats):
        """The To-Do of a silent or declining rhythm: words without figures, because every
        user who reads the client reads its activities; the figures are on the card for
        those who may read them (``res.partner.card_rhythm_note``)."""
        if state == "silent":
            return self.env._("Silent client: no order for longer than usual")
        if state == "declining":
            q3, q2, q1 = self.env["res.partner"]._card_quarter_labels(stats["quarters"])
            return self.env._("Sales fell three quarters in a row: %(q3)s → %(q2)s → %(q1)s", q3=q3, q2=q2, q1=q1)
        return False

    @api.model
    def _get_no_offer_alert(self):
        """The To-Do of a regular buyer without an offer: words without figures, like
        :meth:`_get_state_alert`; the gap and the dates are on the card."""
        return self.env._("No offer sent for longer than the usual gap between orders: send a commercial offer")
