from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmCardHistoryCommon

HISTORY_FIELDS = [
    "card_sales_this_year",
    "card_sales_last_year",
    "card_order_count",
    "card_last_order_date",
    "card_avg_order_gap_days",
    "card_avg_payment_delay_days",
    "card_rhythm_note",
]


@tagged("crm_card", "crm_card_history", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardHistory(CrmCardHistoryCommon):
    def _create_client_history(self):
        """Five orders on the company, one on its contact, one draft that must not count."""
        self._create_orders(
            self.client,
            [
                ("2025-03-10", 1000.0),
                ("2025-09-01", 2000.0),
                ("2025-10-01", 3000.0),
                ("2026-01-10", 4000.0),
                ("2026-05-01", 5000.0),
            ],
        )
        self._create_orders(self.contact, [("2026-07-01", 600.0)])
        self._create_orders(self.client, [("2026-07-10", 9999.0)], state="draft")

    def test_order_figures(self):
        """Sales per year, order count, last order and the 12-month mean gap match hand figures."""
        self._create_client_history()
        self.assertEqual(self.client.card_sales_this_year, 4000 + 5000 + 600)
        self.assertEqual(self.client.card_sales_last_year, 1000 + 2000 + 3000)
        self.assertEqual(self.client.card_order_count, 6)
        self.assertEqual(self.client.card_last_order_date, date(2026, 7, 1))
        # orders since 2025-08-15: 09-01 .. 07-01 = 303 days over 4 gaps
        self.assertAlmostEqual(self.client.card_avg_order_gap_days, 303 / 4, delta=0.05)
        self.assertEqual(self.other_client.card_order_count, 0)
        self.assertFalse(self.other_client.card_last_order_date)

    def test_contact_shows_company_figures(self):
        """A contact person shows the figures of its company."""
        self._create_client_history()
        self.assertEqual(self.contact.card_order_count, 6)
        self.assertEqual(self.contact.card_sales_this_year, self.client.card_sales_this_year)

    def test_payment_delay(self):
        """The mean delay covers invoices paid in the last 12 months, early payments count negative."""
        late = self._create_paid_invoice(self.client, "2026-02-01", "2026-03-01", "2026-03-11")
        self._create_paid_invoice(self.contact, "2026-04-01", "2026-05-01", "2026-04-27")
        self._create_paid_invoice(self.client, "2025-04-01", "2025-05-01", "2025-06-01")  # paid too long ago
        self._create_paid_invoice(self.client, "2026-07-01", "2026-07-15", False)  # unpaid
        self.assertEqual(self.client.card_avg_payment_delay_days, (10 - 4) / 2)
        self.assertEqual(late.card_payment_date, date(2026, 3, 11))
        self.assertEqual(late.card_payment_delay_days, 10)
        invoices = self.env["account.move"].search(self.client.action_open_card_invoices()["domain"])
        self.assertEqual(len(invoices), 4)
        self.assertEqual(sorted(invoices.mapped("card_payment_delay_days")), [-4, 0, 10, 31])
        self.assertEqual(self.other_client.card_avg_payment_delay_days, 0)

    def test_reader_sees_no_figures(self):
        """A Client base Reader without sales or accounting rights reads no history figure."""
        self._create_client_history()
        client = self.client.with_user(self.reader)
        with self.assertRaises(AccessError):
            client.read(["card_order_count"])
        self.assertEqual(self.client.with_user(self.salesman).card_sales_last_year, 6000)

    def test_purchases_action(self):
        """The purchases button opens the sales analysis of the client, grouped by the chosen period."""
        self._create_client_history()
        action = self.client.with_context(crm_card_interval="quarter").action_open_card_purchases()
        self.assertEqual(action["context"]["pivot_column_groupby"], ["date:quarter"])
        [(total,)] = (
            self.env["sale.report"].with_user(self.salesman)._read_group(action["domain"], [], ["price_subtotal:sum"])
        )
        self.assertEqual(total, 1000 + 2000 + 3000 + 4000 + 5000 + 600)

    def test_query_count_independent_of_orders(self):
        """Reading the history costs the same queries for 10 orders as for 2,000."""
        self._create_orders(self.client, [(f"2026-0{1 + n % 7}-{1 + n % 28:02d}", 10.0) for n in range(10)])
        self._create_orders(self.other_client, [(f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", 10.0) for n in range(2000)])
        self.assertEqual(self.other_client.card_order_count, 2000)
        for client in (self.client, self.other_client):
            self.env.invalidate_all()
            # 5 = the partner row, two company look-ups (allowed companies, currency),
            # one grouped order query and one grouped payment query: none grows with the orders
            with self.assertQueryCount(5):
                client.read(HISTORY_FIELDS)
