from odoo import fields, models


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
