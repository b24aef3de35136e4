# res.partner of crm_card, one feature a file (see res_partner.py): pylint-odoo's advice to merge
# the classes inheriting res.partner is declined on purpose (issue 21: find a feature by its file name)
# pylint: disable=consider-merging-classes-inherited
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain

from .crm_card_rhythm import CARD_RHYTHM_STATES


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
            .search_fetch([("partner_id", "in", self._origin.ids)], ["partner_id", "state", "since", "no_offer_since"])
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
        self.env["crm.card.rhythm"]._update_rhythms()

    def _update_card_rhythm(self, today=None):
        """Judge the purchase rhythm of the clients of ``self`` (of every client where ``self``
        is empty): the job is ``crm.card.rhythm._update_rhythms``, where its table is."""
        self.env["crm.card.rhythm"]._update_rhythms(self or None, today)

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
