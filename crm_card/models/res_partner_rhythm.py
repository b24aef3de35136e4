# res.partner of crm_card, one feature a file (see res_partner.py): pylint-odoo's advice to merge
# the classes inheriting res.partner is declined on purpose (issue 21: find a feature by its file name)
# pylint: disable=consider-merging-classes-inherited
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, split_every

from ..tools import split_by_lang
from .crm_card_rhythm import CARD_RHYTHM_STATES
from .res_partner import CARD_RHYTHM_BATCH


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # PURCHASE RHYTHM
    # ------------------------------------------------------------
    card_rhythm_state = fields.Selection(
        [("none", "Not Enough Orders"), *CARD_RHYTHM_STATES],
        string="Purchase Rhythm",
        compute="_compute_card_rhythm",
        search="_search_card_rhythm_state",
        help="Updated every night. Silent: no order for longer than the usual gap times the factor set in "
        "Settings (1.5). "
        "Declining: each of the last three closed quarters sold less than the one before, "
        "the last one at most 80% of the first.",
    )
    card_rhythm_since = fields.Date(
        string="Rhythm Since", compute="_compute_card_rhythm", help="Start of the current rhythm episode."
    )
    card_no_offer = fields.Boolean(
        string="No Offer Sent",
        compute="_compute_card_rhythm",
        search="_search_card_no_offer",
        help="Updated every night: a regular buyer that has had no quotation, order, letter or e-mail "
        "for longer than its usual gap between orders.",
    )
    card_no_offer_since = fields.Date(string="No Offer Since", compute="_compute_card_rhythm")

    def _compute_card_rhythm(self):
        # sudo: the state is part of the partner, readable wherever the partner is
        rhythms = (
            self.env["crm.card.rhythm"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", self._origin.ids)], ["partner_id", "state", "since", "no_offer_since"]
            )
        )
        by_partner = {rhythm.partner_id.id: rhythm for rhythm in rhythms}
        for partner in self:
            rhythm = by_partner.get(partner._origin.id)
            partner.card_rhythm_state = rhythm.state if rhythm else "none"
            partner.card_rhythm_since = rhythm.since if rhythm else False
            partner.card_no_offer_since = rhythm.no_offer_since if rhythm else False
            partner.card_no_offer = bool(partner.card_no_offer_since)

    def _search_card_rhythm_state(self, operator, value):
        """A state is a row of ``crm.card.rhythm``; "none" is the lack of one (the ORM
        negates ``in`` for ``not in`` and ``!=``)."""
        if operator != "in":
            return NotImplemented
        rhythms = self.env["crm.card.rhythm"].sudo()
        states = [state for state in value if state and state != "none"]
        domain = Domain.FALSE
        if states:
            domain = Domain("id", "any!", rhythms._search([("state", "in", states)]).select("partner_id"))
        if "none" in value:
            domain |= Domain("id", "not any!", rhythms._search([]).select("partner_id"))
        return domain

    def _search_card_no_offer(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        late = self.env["crm.card.rhythm"].sudo()._search([("no_offer_since", "!=", False)])
        domain = Domain("id", "any!", late.select("partner_id"))
        return domain if (True in value) == (operator == "in") else ~domain

    @api.model
    def _cron_update_card_rhythm(self):
        """Nightly: update the purchase rhythm of every client."""
        self._update_card_rhythm()

    def _update_card_rhythm(self, today=None):
        """Judge the purchase rhythm of the clients of ``self`` (or of every client)
        and give each client entering a ``silent`` or ``declining`` episode one To-Do.

        An episode starts on the day of the change (``card_rhythm_since``);
        while the state stays no further To-Do is created, so running the job
        twice a day changes nothing.

        One statement for all clients: the state is judged in SQL
        (``_card_rhythm_state_sql``) by the statement that aggregates the
        orders, only the clients whose state changed are written, and only
        those entering an alarming state come back, with the figures their
        To-Do needs. Reading the figures into Python cost 30x the aggregate
        itself (and the regular ones a tenth of the first night); batches would each scan the
        orders again (the planner hashes them all for 1,000 clients as for
        100,000). The states live in ``crm.card.rhythm``, one row per client
        with a rhythm: a client losing it loses its row, the others are
        upserted, which is cheap where rewriting a partner row touched its
        30+ indexes (the first night changes a third of the clients). States
        and To-Dos land in one transaction, so no alert is lost between them.
        """
        today = today or fields.Date.context_today(self)
        Rhythm = self.env["crm.card.rhythm"]
        Rhythm.flush_model()
        self.flush_model(["active", "commercial_partner_id"])
        # every client: aggregate all orders in one hashed pass; a filter on the
        # clients makes the planner probe the orders client by client (4x slower)
        clients, buyers = SQL("c.active AND c.id = c.commercial_partner_id"), SQL("IS NOT NULL")
        if self:
            clients = SQL("c.id = ANY(%s) AND c.id = c.commercial_partner_id", self.commercial_partner_id.ids)
            buyers = SQL("IN (SELECT id FROM clients)")
        alarming = self.env.execute_query_dict(
            SQL(
                """
                WITH clients AS (
                    SELECT c.id, COALESCE(r.state, 'none') AS old_state, r.since AS old_since,
                           r.no_offer_since AS old_no_offer_since, c.card_info_level = 'regular' AS is_regular
                      FROM res_partner c
                 LEFT JOIN %(rhythm)s r ON r.partner_id = c.id
                     WHERE %(clients)s
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
                rhythm=SQL.identifier(Rhythm._table),
                clients=clients,
                offers=self._card_last_offer_query(),
                no_offer=self._card_no_offer_sql(today),
                stats=self._card_order_figures_query(buyers, self.env.companies, today),
                today=today,
            )
        )
        Rhythm.invalidate_model()
        self.invalidate_model(["card_rhythm_state", "card_rhythm_since", "card_no_offer", "card_no_offer_since"])
        rows = {row["id"]: row for row in alarming}
        # one prefetch for the To-Dos' assignees; each note in its assignee's language
        partners = self.browse(list(rows))
        partners.fetch(["user_id", "card_steward_id"])
        quarters = self._card_closed_quarters(today)
        reminders = []  # an episode's reason is its state and first day: one To-Do per episode
        for _lang, same_lang in split_by_lang(partners, lambda partner: partner._get_card_activity_user()):
            for partner in same_lang:
                row = rows[partner.id]
                user_id = partner._get_card_activity_user().id
                if row["new_state"] != row["old_state"] and row["new_state"] in ("silent", "declining"):
                    stats = self._card_order_figures_row(row, quarters)
                    alert = partner._get_card_rhythm_alert(row["new_state"], stats)
                    reason = f"card_rhythm_{row['new_state']}:{today}"
                    reminders.append((partner.id, user_id, today, alert, None, reason))
                elif row["new_no_offer"] and not row["old_no_offer_since"]:
                    alert = partner._get_card_no_offer_alert()
                    reminders.append((partner.id, user_id, today, alert, None, f"card_no_offer:{today}"))
        if not reminders:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        for batch in split_every(CARD_RHYTHM_BATCH, reminders):
            # the first night plans thousands: in one statement (bench/run.py, measure 3)
            self.env["mail.activity"]._card_plan_reminders("res.partner", todo, batch, bulk=True)

    @api.model
    def _cron_card_risk_digest(self):
        """Weekly: tell each head of sales which clients at risk nobody acted on."""
        self._send_card_risk_digest()

    @api.model
    def _send_card_risk_digest(self, today=None):
        """Give each head of sales (the leader of the salesperson's sales team)
        one To-Do listing, per salesperson, the silent, declining
        and "no offer" clients with no interaction and no quotation since their
        alarm began. Written in the head's language, with names only: no figures."""
        today = today or fields.Date.context_today(self)
        clients = self.search(self._get_card_risk_domain())
        idle = clients - clients._card_acted_on_since()
        by_head = defaultdict(lambda: defaultdict(lambda: self.browse()))
        for client in idle:
            head = client.user_id.sale_team_id.user_id
            if head:
                by_head[head][client.user_id] |= client
        reminders = [
            (
                head.partner_id.id,
                head.id,
                today,
                *self.with_context(lang=head.lang)._card_risk_digest_text(salespeople),
                f"card_risk_digest:{today}",
            )
            for head, salespeople in by_head.items()
        ]
        todo = self.env.ref("mail.mail_activity_data_todo")
        return self.env["mail.activity"].sudo()._card_plan_reminders("res.partner", todo, reminders)

    @api.model
    def _get_card_risk_domain(self):
        """Clients whose rhythm calls for attention: silent, declining or without an offer."""
        return [
            ("user_id", "!=", False),
            ("company_id", "in", [*self.env.companies.ids, False]),
            "|",
            ("card_rhythm_state", "in", ["silent", "declining"]),
            ("card_no_offer", "=", True),
        ]

    def _card_acted_on_since(self):
        """The clients of ``self`` with an interaction, a quotation or an order since their alarm began."""
        starts = {}
        for client in self:
            alarms = [client.card_no_offer_since]
            if client.card_rhythm_state in ("silent", "declining"):
                alarms.append(client.card_rhythm_since)
            starts[client.id] = min(filter(None, alarms))
        if not starts:
            return self.browse()
        first = fields.Datetime.to_datetime(min(starts.values()))
        interactions = (
            self.env["crm.card.interaction"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids), ("date", ">=", first)], ["partner_id"], ["date:max"])
        )
        quotations = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", self.ids),
                    ("state", "!=", "cancel"),
                    ("date_order", ">=", first),
                ],
                ["partner_id"],
                ["date_order:max"],
            )
        )
        acted = {}
        for partner, last in interactions + quotations:
            client_id = partner.commercial_partner_id.id
            acted[client_id] = max(acted.get(client_id, last), last)
        return self.filtered(lambda client: client.id in acted and acted[client.id].date() >= starts[client.id])

    @api.model
    def _card_risk_digest_text(self, salespeople):
        """(summary, HTML note) of one head's digest, ``salespeople`` being
        {salesperson: clients}, in the language of ``self``'s context."""
        states = dict(self._fields["card_rhythm_state"]._description_selection(self.env))
        no_offer = self._fields["card_no_offer"]._description_string(self.env)
        sections = []
        for salesperson, clients in sorted(salespeople.items(), key=lambda item: item[0].name):
            lines = [
                Markup("<li>%s: %s</li>")
                % (
                    client.display_name,
                    states[client.card_rhythm_state] if client.card_rhythm_state != "regular" else no_offer,
                )
                for client in clients.sorted("name")
            ]
            sections.append(Markup("<p>%s</p><ul>%s</ul>") % (salesperson.name, Markup("").join(lines)))
        count = sum(len(clients) for clients in salespeople.values())
        summary = self.env._("Weekly digest of clients at risk nobody acted on: %(count)s", count=count)
        return summary, Markup("").join(sections)

    @api.model
    def _card_last_offer_query(self):
        """SQL of the date of the last offer per regular client of the ``clients`` CTE
        of ``_update_card_rhythm``: its last quotation (draft or sent) or outgoing
        letter or e-mail; its confirmed orders are in the order figures."""
        self.env["sale.order"].flush_model(["state", "partner_id", "date_order", "company_id"])
        self.env["crm.card.interaction"].flush_model(["partner_id", "kind", "direction", "date", "company_id"])
        self.flush_model(["card_info_level"])
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

    @api.model
    def _card_no_offer_sql(self, today):
        """The "no offer sent" rule, as an SQL expression over ``clients``, ``stats``
        and ``offers`` of ``_update_card_rhythm``: a regular buyer with a rhythm whose
        last order, quotation, letter or e-mail is older than its usual gap."""
        return SQL(
            """
            clients.is_regular AND stats.state != 'none'
            AND %(today)s::date - GREATEST(stats.last_date, offers.last_offer) > GREATEST(stats.gap, 1.0)
            """,
            today=today,
        )

    @api.model
    def _get_card_no_offer_alert(self):
        """The To-Do of a regular buyer without an offer: words without figures, like
        ``_get_card_rhythm_alert``; the gap and the dates are on the card."""
        return self.env._("No offer sent for longer than the usual gap between orders: send a commercial offer")

    @api.model
    def _card_rhythm_state_sql(self, today):
        """The rhythm rule, as an SQL expression over the columns of
        ``_card_order_figures_query`` (``figures`` and ``gaps``): a submodule
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
            factor=float(self._get_card_setting("silent_factor")),
        )

    @api.model
    def _get_card_rhythm_alert(self, state, stats):
        """The To-Do of a silent or declining rhythm: words without figures, because every
        user who reads the client reads its activities; the figures are on the card for
        those who may read them (``card_rhythm_note``)."""
        if state == "silent":
            return self.env._("Silent client: no order for longer than usual")
        if state == "declining":
            q3, q2, q1 = self._card_quarter_labels(stats["quarters"])
            return self.env._("Sales fell three quarters in a row: %(q3)s → %(q2)s → %(q1)s", q3=q3, q2=q2, q1=q1)
        return False
