from odoo import api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # FORMAL SECTION
    # ------------------------------------------------------------

    card_category_id = fields.Many2one(
        "crm.card.category",
        string="Client Category",
        index="btree_not_null",
        tracking=True,
        help="What kind of client this is; prepares the salesperson for the call.",
    )
    buying_role_id = fields.Many2one(
        "crm.card.buying.role",
        string="Buying Center Role",
        help="The contact person's role in the client's buying center.",
    )
    # ------------------------------------------------------------
    # HISTORY OF WORK (purchases, payments, rhythm)
    # ------------------------------------------------------------

    # ------------------------------------------------------------
    # SPECIAL EVENTS, INTERACTIONS, CONTRACTS, CLAIMS, SATISFACTION
    # ------------------------------------------------------------
    card_interaction_ids = fields.One2many("crm.card.interaction", "partner_id", string="Interactions")
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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_card_history(self):
        """A client's history is the company's, not the salesperson's: keep it.

        Below Data steward nobody deletes a partner holding card data (archive
        it instead); a steward must first remove or move that data on purpose.
        """
        held = self._get_card_history_summary()
        if not held:
            return
        names = ", ".join(self.browse(held).mapped("display_name"))
        what = ", ".join(sorted({label for labels in held.values() for label in labels}))
        if not self.env.user.has_group("crm_card.group_crm_card_steward"):
            raise UserError(
                self.env._(
                    "%(partners)s cannot be deleted: the card holds %(data)s. Archive it instead, "
                    "or ask a data steward.",
                    partners=names,
                    data=what,
                )
            )
        raise UserError(
            self.env._(
                "%(partners)s cannot be deleted while the card holds %(data)s: archive the partner to keep "
                "its history, or merge it into another partner.",
                partners=names,
                data=what,
            )
        )

    def _get_card_history_models(self):
        """(model, partner field, label) of the card data that blocks deleting a partner."""
        candidates = [
            ("crm.card.interaction", "partner_id", self.env._("interactions")),
            ("crm.card.interaction", "contact_id", self.env._("interactions")),
            ("crm.card.event", "partner_id", self.env._("special events")),
            ("crm.card.contract", "partner_id", self.env._("contracts")),
            ("crm.card.claim", "partner_id", self.env._("claims")),
            ("crm.card.rating", "partner_id", self.env._("ratings")),
            ("crm.card.satisfaction", "partner_id", self.env._("satisfaction checks")),
        ]
        return [c for c in candidates if c[0] in self.env and c[1] in self.env[c[0]]._fields]

    def _get_card_history_summary(self):
        """Return {partner id: [labels of the card data it holds]} for partners of ``self``."""
        held = {}
        for model, field_name, label in self._get_card_history_models():
            Model = self.env[model].sudo().with_context(active_test=False)
            for partner, in Model._read_group([(field_name, "in", self.ids)], [field_name]):
                held.setdefault(partner.id, []).append(label)
        return held

    def _card_has_active_contract(self):
        """Return the partners of ``self`` whose client has an active contract (information level)."""
        clients = self.env["crm.card.contract"].sudo()._read_group(
            [("state", "=", "active"), ("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            ["commercial_partner_id"],
        )
        clients = self.browse([client.id for client, in clients])
        return self.filtered(lambda p: p.commercial_partner_id in clients)

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
