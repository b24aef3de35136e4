# res.partner of crm_card, one feature a file (see res_partner.py): pylint-odoo's advice to merge
# the classes inheriting res.partner is declined on purpose (issue 21: find a feature by its file name)
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import format_date


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # CONTACT LOG, EVENTS, CONTRACTS, CLAIMS
    # ------------------------------------------------------------
    card_interaction_ids = fields.One2many("crm.card.interaction", "partner_id", string="Contact Log")
    card_interaction_count = fields.Integer(compute="_compute_card_interaction_count")
    card_event_ids = fields.One2many("crm.card.event", "partner_id", string="Special Events")
    card_event_count = fields.Integer(compute="_compute_card_event_count")
    card_contract_ids = fields.One2many("crm.card.contract", "partner_id", string="Contracts")
    card_contract_count = fields.Integer(compute="_compute_card_contract_count")
    card_active_contract_count = fields.Integer(compute="_compute_card_contract_count")
    card_claim_ids = fields.One2many("crm.card.claim", "partner_id", string="Claims")
    card_open_claim_count = fields.Integer(compute="_compute_card_open_claim_count")

    def _compute_card_interaction_count(self):
        counts = dict(
            self.env["crm.card.interaction"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.card_interaction_count = counts.get(partner.commercial_partner_id, 0)

    def action_open_card_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.crm_card_interaction_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _card_count_by_client(self, model, domain=()):
        """Count ``model`` records per commercial partner of ``self`` in one query."""
        counts = dict(
            self.env[model]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids), *domain],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        return {partner: counts.get(partner.commercial_partner_id, 0) for partner in self}

    def _compute_card_event_count(self):
        counts = self._card_count_by_client("crm.card.event")
        for partner in self:
            partner.card_event_count = counts[partner]

    def _compute_card_contract_count(self):
        counts = self._card_count_by_client("crm.card.contract")
        active = self._card_count_by_client("crm.card.contract", [("state", "=", "active")])
        for partner in self:
            partner.card_contract_count = counts[partner]
            partner.card_active_contract_count = active[partner]

    def _compute_card_open_claim_count(self):
        counts = self._card_count_by_client("crm.card.claim", [("state", "!=", "closed")])
        for partner in self:
            partner.card_open_claim_count = counts[partner]

    def _card_has_active_contract(self, domain=()):
        """Return the partners of ``self`` whose client has an active contract
        (matching ``domain``, e.g. with its terms: information level)."""
        clients = (
            self.env["crm.card.contract"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "active"),
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                    *domain,
                ],
                ["commercial_partner_id"],
            )
        )
        clients = self.browse([client.id for (client,) in clients])
        return self.filtered(lambda p: p.commercial_partner_id in clients)

    def action_open_card_changes(self):
        """The tracked changes of this client, its contact persons and its records (data stewards)."""
        self.ensure_one()
        if not self.env.user.has_group("crm_card.group_crm_card_steward"):
            raise AccessError(self.env._("Only a data steward can read the history of changes of a client."))
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.mail_message_action_crm_card_audit")
        action["domain"] = [
            ("crm_card_audited", "=", True),
            ("crm_card_client_id", "in", self.commercial_partner_id.ids),
        ]
        action["display_name"] = self.env._(
            "Changes of %(client)s", client=self.commercial_partner_id.display_name
        )
        return action

    def action_open_card_events(self):
        self.ensure_one()
        return self._card_action("crm_card.crm_card_event_action")

    def action_open_card_contracts(self):
        self.ensure_one()
        return self._card_action("crm_card.crm_card_contract_action")

    def action_open_card_claims(self):
        self.ensure_one()
        action = self._card_action("crm_card.crm_card_claim_action")
        action["context"] = dict(action["context"], search_default_open=1)
        return action

    def action_open_card_interaction_analysis(self):
        self.ensure_one()
        action = self.action_open_card_interactions()
        action["view_mode"] = "pivot,graph,list,form"
        action["views"] = [(False, "pivot"), (False, "graph"), (False, "list"), (False, "form")]
        return action

    def _card_action(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        client = self.commercial_partner_id
        action["domain"] = [("commercial_partner_id", "=", client.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
    card_last_interaction_id = fields.Many2one(
        "crm.card.interaction",
        string="Last Contact Entry",
        compute="_compute_card_last_interaction",
        groups="crm_card.group_crm_card_reader",
    )
    card_last_contact = fields.Char(
        string="Last Contact",
        compute="_compute_card_last_interaction",
        groups="crm_card.group_crm_card_reader",
        help="The latest entry of the client's contact log: when, how, and its result.",
    )
    card_next_call_id = fields.Many2one(
        "mail.activity",
        string="Next Call Activity",
        compute="_compute_card_next_call",
        groups="crm_card.group_crm_card_reader",
    )
    card_next_call = fields.Char(
        string="Next Call",
        compute="_compute_card_next_call",
        groups="crm_card.group_crm_card_reader",
        help="The earliest open Call activity planned on the client or one of its contact persons.",
    )
    card_next_call_overdue = fields.Boolean(compute="_compute_card_next_call", groups="crm_card.group_crm_card_reader")
    card_call_phone = fields.Char(
        string="Phone to Call",
        compute="_compute_card_call_phone",
        groups="crm_card.group_crm_card_reader",
        help="The client's phone, else the phone of its first contact person who has one.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_card_last_interaction(self):
        """The latest contact per client in two batched queries: the latest date per client
        (grouped), then the entries of those dates; the highest id wins a tie."""
        Interaction = self.env["crm.card.interaction"]
        client_ids = [cid for cid in self.commercial_partner_id._origin.ids if cid]
        latest = {}
        if client_ids:
            dates = Interaction._read_group([("partner_id", "in", client_ids)], ["partner_id"], ["date:max"])
            domain = Domain.OR(
                Domain("partner_id", "=", client.id) & Domain("date", "=", date) for client, date in dates
            )
            fnames = ["partner_id", "date", "kind", "result_id", "note"]
            if dates:
                for entry in Interaction.search_fetch(domain, fnames):
                    if entry.id > latest.get(entry.partner_id.id, Interaction).id:
                        latest[entry.partner_id.id] = entry
        for partner in self:
            entry = latest.get(partner.commercial_partner_id._origin.id, Interaction)
            partner.card_last_interaction_id = entry
            partner.card_last_contact = partner._card_last_contact_text(entry) if entry else False

    def _card_last_contact_text(self, entry):
        """"12 Mar 2026 · Call · Reached: wants the spring price list" in the user's language."""
        kinds = dict(entry._fields["kind"]._description_selection(self.env))
        day = fields.Datetime.context_timestamp(self, entry.date).date()
        result = entry.result_id.name or ""
        note = (entry.note or "").strip().split("\n", 1)[0][:80]
        outcome = f"{result}: {note}" if result and note else result or note
        return " · ".join(filter(None, [format_date(self.env, day), kinds.get(entry.kind), outcome]))

    def _get_card_next_call_domain(self):
        """The open activities that count as the client's next call: Call activities. A submodule
        (the call plan) narrows or widens it; ``res_model``/``res_id`` are added by the caller."""
        return Domain("activity_category", "=", "phonecall")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_card_next_call(self):
        """The earliest open Call activity of each client and its contact persons, in two queries
        (the persons of the clients, then their open calls in due order). A client has a handful
        of open calls at most: they are read, not counted."""
        Activity = self.env["mail.activity"]
        client_ids = [cid for cid in self.commercial_partner_id._origin.ids if cid]
        first, person_names = {}, {}
        if client_ids:
            people = self.with_context(active_test=False).search_fetch(
                [("commercial_partner_id", "in", client_ids)], ["commercial_partner_id", "name"]
            )
            client_of = {person.id: person.commercial_partner_id.id for person in people}
            person_names = {person.id: person.name for person in people if person.id not in client_ids}
            calls = Activity.search_fetch(
                self._get_card_next_call_domain()
                & Domain("res_model", "=", "res.partner")
                & Domain("res_id", "in", list(client_of)),
                ["res_id", "date_deadline", "summary", "activity_type_id"],
                order="date_deadline, id",
            )
            for call in calls:
                first.setdefault(client_of[call.res_id], call)
        today = fields.Date.context_today(self)
        for partner in self:
            call = first.get(partner.commercial_partner_id._origin.id, Activity)
            partner.card_next_call_id = call
            text = call and partner._card_next_call_text(call, person_names.get(call.res_id))
            partner.card_next_call = text or False
            partner.card_next_call_overdue = bool(call) and call.date_deadline < today

    def _card_next_call_text(self, call, person=None):
        """"14 Mar 2026 · Plan call: spring (Irina Petrova)": the contact person whose call it is."""
        what = call.summary or call.activity_type_id.name
        text = " · ".join(filter(None, [format_date(self.env, call.date_deadline), what]))
        return f"{text} ({person})" if person else text

    @api.depends("phone", "child_ids.phone", "child_ids.type")
    def _compute_card_call_phone(self):
        for partner in self:
            client = partner.commercial_partner_id
            people = client.child_ids.filtered(lambda c: c.type == "contact" and c.phone)
            partner.card_call_phone = partner.phone or client.phone or people[:1].phone or False
