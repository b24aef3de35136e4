from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "crm.card.partner.link.mixin"]

    _card_partner_link_fields = ("partner_id", "partner_shipping_id")

    card_payment_date = fields.Date(
        string="Paid On",
        compute="_compute_card_payment_delay",
        help="Date of the last reconciliation that paid the invoice.",
    )
    card_payment_delay_days = fields.Integer(
        string="Payment Delay (days)",
        compute="_compute_card_payment_delay",
        help="Days between the due date and the payment date; negative when paid early.",
    )

    def _compute_card_payment_delay(self):
        pay_dates = self._get_card_payment_dates()
        for move in self:
            pay_date = pay_dates.get(move.id)
            move.card_payment_date = pay_date
            move.card_payment_delay_days = (
                (pay_date - move.invoice_date_due).days if pay_date and move.invoice_date_due else 0
            )

    def _get_card_payment_dates(self):
        """Return {move id: payment date} for the paid invoices of ``self`` (see
        :meth:`_card_paid_invoices_query`), in one query for the whole batch."""
        ids = [move_id for move_id in self.ids if move_id]
        if not ids:
            return {}
        rows = self.env.execute_query(
            SQL(
                "SELECT paid.move_id, paid.pay_date FROM (%s) paid",
                self._card_paid_invoices_query(SQL("move.id = ANY(%s)", ids)),
            )
        )
        return dict(rows)

    @api.model
    def _get_card_payment_delays(self, partner_ids, companies, today):
        """Mean payment delay (payment date minus due date, in days) per commercial partner
        over its customer invoices of ``companies`` paid in the last 12 months, in one grouped
        query; the payment dates are those of :meth:`_get_card_payment_dates`."""
        if not partner_ids:
            return {}
        paid = self._card_paid_invoices_query(
            SQL(
                """move.move_type = 'out_invoice' AND move.state = 'posted'
                   AND move.company_id = ANY(%s) AND move.commercial_partner_id = ANY(%s)""",
                companies.ids,
                list(partner_ids),
            )
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT paid.commercial_partner_id, AVG(paid.pay_date - paid.invoice_date_due)
                  FROM (%(paid)s) paid
                 WHERE paid.pay_date > %(year_ago)s
                 GROUP BY paid.commercial_partner_id
                """,
                paid=paid,
                year_ago=today - relativedelta(years=1),
            )
        )
        return {partner_id: float(delay) for partner_id, delay in rows}

    @api.model
    def _card_paid_invoices_query(self, where):
        """SQL of the paid invoices among the moves ``where`` selects (an SQL condition on
        ``move``): ``move_id``, ``commercial_partner_id``, ``invoice_date_due`` and ``pay_date``.

        The payment date of an invoice is the latest ``max_date`` of the partial reconciliations
        of its receivable (payment term) lines: the one rule for "paid on", for an invoice and for
        a client's mean delay. Raw SQL because the value is a maximum over a two-level relation
        that ``_read_group`` cannot express.
        """
        self.flush_model(
            ["commercial_partner_id", "move_type", "state", "payment_state", "invoice_date_due", "company_id"]
        )
        self.env["account.move.line"].flush_model(["move_id", "display_type"])
        self.env["account.partial.reconcile"].flush_model(["debit_move_id", "max_date"])
        return SQL(
            """
            SELECT move.id AS move_id, move.commercial_partner_id, move.invoice_date_due,
                   MAX(part.max_date) AS pay_date
              FROM account_move move
              JOIN account_move_line line ON line.move_id = move.id AND line.display_type = 'payment_term'
              JOIN account_partial_reconcile part ON part.debit_move_id = line.id
             WHERE move.payment_state IN ('paid', 'in_payment')
               AND %s
             GROUP BY move.id
            """,
            where,
        )
