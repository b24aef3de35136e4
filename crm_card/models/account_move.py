from odoo import fields, models
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
        """Return {move id: payment date} for the paid invoices of ``self``.

        The payment date is the latest ``max_date`` of the partial
        reconciliations of the receivable lines. Raw SQL because the value is
        a maximum over a two-level relation that ``_read_group`` cannot
        express; one query for the whole batch.
        """
        ids = [move_id for move_id in self.ids if move_id]
        if not ids:
            return {}
        self.env["account.move.line"].flush_model(["move_id", "display_type"])
        self.env["account.partial.reconcile"].flush_model(["debit_move_id", "max_date"])
        self.flush_model(["payment_state"])
        rows = self.env.execute_query(SQL(
            """
            SELECT line.move_id, MAX(part.max_date)
              FROM account_move_line line
              JOIN account_partial_reconcile part ON part.debit_move_id = line.id
              JOIN account_move move ON move.id = line.move_id
             WHERE line.move_id IN %s
               AND line.display_type = 'payment_term'
               AND move.payment_state IN ('paid', 'in_payment')
             GROUP BY line.move_id
            """,
            tuple(ids),
        ))
        return dict(rows)
