# res.partner of crm_card, one feature a file (see res_partner.py): pylint-odoo's advice to merge
# the classes inheriting res.partner is declined on purpose (issue 21: find a feature by its file name)
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.tools import format_amount

# Who reads a client's sales figures and payment delays: Sales and Accounting users.
CARD_FIGURES_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice,account.group_account_readonly"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # HISTORY OF WORK: FIGURES
    # ------------------------------------------------------------
    card_history_currency_id = fields.Many2one(
        "res.currency", compute="_compute_card_history", string="History Currency"
    )
    card_sales_this_year = fields.Monetary(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        currency_field="card_history_currency_id",
        string="Sales This Year",
        help="Untaxed amount of the client's confirmed orders since 1 January.",
    )
    card_sales_last_year = fields.Monetary(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        currency_field="card_history_currency_id",
        string="Sales Last Year",
        help="Untaxed amount of the client's confirmed orders in the previous calendar year.",
    )
    card_order_count = fields.Integer(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        string="Confirmed Orders",
        help="All confirmed orders of the client.",
    )
    card_last_order_date = fields.Date(compute="_compute_card_history", groups=CARD_FIGURES_GROUPS, string="Last Order")
    card_avg_order_gap_days = fields.Float(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        string="Average Order Gap (days)",
        digits=(16, 1),
        help="Mean number of days between consecutive orders over the last 12 months.",
    )
    card_avg_payment_delay_days = fields.Float(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        string="Average Payment Delay (days)",
        digits=(16, 1),
        help="Mean of payment date minus due date over the invoices paid in the last 12 months; "
        "negative when the client pays early.",
    )
    card_rhythm_note = fields.Char(compute="_compute_card_history", groups=CARD_FIGURES_GROUPS, string="Rhythm Figures")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_card_history(self):
        commercial = self._card_figures_scope().commercial_partner_id
        today = fields.Date.context_today(self)
        order_stats = self._get_card_order_figures(commercial.ids, self.env.companies, today)
        delays = self.env["account.move"]._get_card_payment_delays(commercial.ids, self.env.companies, today)
        currency = self.env.company.currency_id
        for partner in self:
            stats = order_stats.get(partner.commercial_partner_id.id, {})
            partner.card_history_currency_id = currency
            partner.card_sales_this_year = stats.get("this_year", 0.0)
            partner.card_sales_last_year = stats.get("last_year", 0.0)
            partner.card_order_count = stats.get("count", 0)
            partner.card_last_order_date = stats.get("last_date")
            partner.card_avg_order_gap_days = stats.get("gap_12m", 0.0)
            partner.card_avg_payment_delay_days = delays.get(partner.commercial_partner_id.id, 0.0)
            partner.card_rhythm_note = self._get_card_rhythm_note(stats.get("state", "none"), stats, today, currency)

    def _card_figures_scope(self):
        """The partners of ``self`` whose figures the user reads: none without a Sales or
        Accounting right, all of them with one, but only those of own clients (the user or a
        team mate is the salesperson) for an "Own clients only" user, as the card's record
        rules say; the others show none."""
        user = self.env.user
        if self.env.su:
            return self
        if not user.has_groups(CARD_FIGURES_GROUPS):
            return self.browse()
        if not user.has_group("crm_card.group_crm_card_own_clients"):
            return self
        own = user | user.sudo().crm_team_ids.member_ids
        return self.filtered(lambda partner: partner.commercial_partner_id.user_id in own)

    def action_open_card_purchases(self):
        """Purchases of the client by product, over the period given in context."""
        self.ensure_one()
        interval = self.env.context.get("crm_card_interval", "month")
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.sale_report_action_card_purchases")
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("state", "in", self.env["sale.report"]._get_done_states()),
        ]
        action["context"] = {
            "pivot_row_groupby": ["product_id"],
            "pivot_column_groupby": [f"date:{interval}"],
            "pivot_measures": ["price_subtotal", "product_uom_qty"],
            "graph_groupbys": [f"date:{interval}", "product_id"],
            "graph_measure": "price_subtotal",
        }
        action["display_name"] = self.env._("Purchases of %(client)s", client=self.commercial_partner_id.display_name)
        return action

    def action_open_card_invoices(self):
        """Posted customer invoices of the client with their payment delays."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.account_move_action_card_payments")
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
        ]
        return action

    @api.model
    def _get_card_rhythm_note(self, state, stats, today, currency):
        """The figures behind a silent or declining rhythm, in words."""
        if state == "silent":
            return self.env._(
                "No order for %(days)s days; usual gap %(gap)s days",
                days=(today - stats["last_date"]).days,
                gap=round(stats["gap"]),
            )
        if state == "declining":
            labels = self._card_quarter_labels(stats["quarters"])
            amounts = [format_amount(self.env, stats[key], currency) for key in ("q3", "q2", "q1")]
            return self.env._(
                "Sales fell: %(q3)s %(a3)s → %(q2)s %(a2)s → %(q1)s %(a1)s",
                q3=labels[0],
                a3=amounts[0],
                q2=labels[1],
                a2=amounts[1],
                q1=labels[2],
                a1=amounts[2],
            )
        return False
