from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CallplanCommon, add_working_days


@tagged("crm_callplan", "post_install", "-at_install")
class TestSegments(CallplanCommon):
    def _plan(self, basis, segments):
        return self.env["crm.callplan"].create(
            {
                "name": f"Plan by {basis}",
                "user_ids": [Command.set(self.anna.ids)],
                "segment_ids": [Command.create(dict(vals, basis=basis)) for vals in segments],
            }
        )

    def test_potential_basis(self):
        """Clients fall into the potential segment whose bounds hold their potential."""
        top, mid, small = (
            self._make_clients(1, self.anna, potential=amount, prefix=name)
            for name, amount in (("Top", 200000), ("Mid", 50000), ("Small", 500))
        )
        self.plan.action_compute_segments()
        self.assertEqual(self._lines(top).segment_id, self.seg_top)
        self.assertEqual(self._lines(mid).segment_id, self.seg_middle)
        self.assertEqual(self._lines(small).segment_id, self.seg_rest)
        self.assertEqual(self._lines(top).calls_per_year, 52)
        self.assertAlmostEqual(self._lines(mid).interval_days, 210 / 12)

    def test_only_clients_of_the_plan(self):
        """Persons and other salespeople's clients stay out; every client of the salespeople enters."""
        idle = self._make_clients(1, self.anna, potential=0, prefix="Idle")
        self._make_clients(1, self.salesman, potential=5000, prefix="Other")
        company = self._make_clients(1, self.anna, potential=5000, prefix="In")
        self.env["res.partner"].create({"name": "Person", "parent_id": company.id, "user_id": self.anna.id})
        self.plan.action_compute_segments()
        self.assertEqual(self.plan.line_ids.partner_id, company | idle)

    def test_clients_without_figures_enter_the_lowest_segment(self):
        """A client with no sale and no potential enters the plan: its lowest segment, or the one named."""
        idle = self._make_clients(1, self.anna, potential=0, prefix="Idle")
        small = self._make_clients(1, self.anna, potential=5000, prefix="Small")
        # the lowest segment is the one with the fewest calls, wherever it stands in the list
        self.seg_top.sequence = 4
        self.seg_middle.calls_per_year = 60
        self.plan.action_compute_segments()
        self.assertEqual(self._lines(idle).segment_id, self.seg_rest)
        self.assertEqual(self._lines(small).segment_id, self.seg_rest)
        self.assertEqual(self.plan.no_figures_segment_id, self.env["crm.callplan.segment"])
        self.plan.no_figures_segment_id = self.seg_middle
        self.plan.action_compute_segments()
        self.assertEqual(self._lines(idle).segment_id, self.seg_middle)
        self.assertEqual(self._lines(small).segment_id, self.seg_rest)
        by_revenue = self._plan("revenue", [
            {"name": "Big", "sequence": 1, "lower_bound": 100000, "calls_per_year": 24},
            {"name": "Rare", "sequence": 2, "lower_bound": 50000, "upper_bound": 100000, "calls_per_year": 2},
            {"name": "Small", "sequence": 3, "lower_bound": 0, "upper_bound": 50000, "calls_per_year": 6},
        ])
        by_revenue.action_compute_segments()
        self.assertEqual(self._lines(idle, by_revenue).segment_id.name, "Rare")
        other = self._plan("revenue", [{"name": "Only", "calls_per_year": 4}])
        with self.assertRaisesRegex(ValidationError, "segment of this plan"), self.cr.savepoint():
            by_revenue.no_figures_segment_id = other.segment_ids

    def test_revenue_and_frequency_basis(self):
        """Revenue and order counts of the last 12 months come from confirmed sale orders."""
        big, small = self._make_clients(2, self.anna, potential=0)
        self._make_order(big, 60000)
        self._make_order(big, 50000)
        self._make_order(small, 5000)
        by_revenue = self._plan("revenue", [
            {"name": "Big", "sequence": 1, "lower_bound": 100000, "calls_per_year": 24},
            {"name": "Small", "sequence": 2, "lower_bound": 0, "upper_bound": 100000, "calls_per_year": 6},
        ])
        by_revenue.action_compute_segments()
        self.assertEqual(self._lines(big, by_revenue).segment_id.name, "Big")
        self.assertEqual(self._lines(small, by_revenue).segment_id.name, "Small")
        by_orders = self._plan("frequency", [
            {"name": "Regular", "sequence": 1, "lower_bound": 2, "calls_per_year": 24},
            {"name": "Occasional", "sequence": 2, "lower_bound": 0, "upper_bound": 2, "calls_per_year": 6},
        ])
        by_orders.action_compute_segments()
        self.assertEqual(self._lines(big, by_orders).segment_id.name, "Regular")
        self.assertEqual(self._lines(small, by_orders).segment_id.name, "Occasional")

    def test_revenue_converted_at_the_order_rate(self):
        """An order in another currency counts in the ABC revenue converted at its rate into the company's."""
        company = self.plan.company_id
        foreign = self.env["res.currency"].with_context(active_test=False).search(
            [("name", "in", ("EUR", "USD")), ("id", "!=", company.currency_id.id)], limit=1
        )
        foreign.active = True
        # 10 units of the foreign currency for one of the company's
        self.env["res.currency.rate"].create(
            {"currency_id": foreign.id, "company_id": company.id, "name": self.today, "rate": 10.0}
        )
        pricelist = self.env["product.pricelist"].create({"name": "Export", "currency_id": foreign.id})
        exporter, local = self._make_clients(2, self.anna, potential=0)
        order = self.env["sale.order"].create(
            {
                "partner_id": exporter.id,
                "pricelist_id": pricelist.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1,
                                               "price_unit": 1000, "tax_ids": [Command.clear()]})],
            }
        )
        order.action_confirm()
        self._make_order(local, 500)
        plan = self._plan("abc", [
            {"name": "A", "sequence": 1, "abc_share": 50, "calls_per_year": 24},
            {"name": "B", "sequence": 2, "abc_share": 50, "calls_per_year": 12},
        ])
        plan.action_compute_segments()
        # 1,000 foreign = 100 of the company's: the local client's 500 lead
        self.assertEqual(self._lines(local, plan).segment_id.name, "A")
        self.assertEqual(self._lines(exporter, plan).segment_id.name, "B")
        self.assertAlmostEqual(plan._get_client_figures()[exporter.id][0], 100.0)

    def test_abc_basis(self):
        """ABC segments take their share of cumulative revenue, largest clients first."""
        clients = self._make_clients(4, self.anna, potential=0)
        for client, amount in zip(clients, (70000, 20000, 6000, 4000), strict=True):
            self._make_order(client, amount)
        plan = self._plan("abc", [
            {"name": "A", "sequence": 1, "abc_share": 80, "calls_per_year": 24},
            {"name": "B", "sequence": 2, "abc_share": 15, "calls_per_year": 12},
            {"name": "C", "sequence": 3, "abc_share": 5, "calls_per_year": 4},
        ])
        plan.action_compute_segments()
        # cumulative share before each client: 0 %, 70 % -> A; 90 % -> B; 96 % -> C
        self.assertEqual([self._lines(c, plan).segment_id.name for c in clients], ["A", "A", "B", "C"])

    def test_override_survives_recomputation(self):
        """A client's own frequency stays when segments are recomputed and the client moves."""
        client = self._make_clients(1, self.anna, potential=50000)
        self.plan.action_compute_segments()
        line = self._lines(client)
        line.write({"calls_override": True, "calls_override_value": 30})
        client.card_potential_amount = 200000
        self.plan.action_compute_segments()
        self.assertEqual(self._lines(client), line)
        self.assertEqual(line.segment_id, self.seg_top)
        self.assertEqual(line.calls_per_year, 30)
        line.calls_override = False
        self.assertEqual(line.calls_per_year, 52)

    def test_recompute_drops_lost_clients(self):
        """A client who no longer belongs to the plan's salespeople leaves the plan."""
        stays, leaves = self._make_clients(2, self.anna, potential=5000)
        self.plan.action_compute_segments()
        leaves.user_id = self.salesman
        self.plan.action_compute_segments()
        self.assertEqual(self.plan.line_ids.partner_id, stays)

    def test_refuses_nonsense(self):
        """Plans and segments refuse impossible figures with clear messages."""
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"), self.cr.savepoint():
            self.plan.write({"date_end": "2000-01-01", "date_start": "2000-02-01"})
        with self.assertRaisesRegex(ValidationError, "working weeks"), self.cr.savepoint():
            self.plan.working_weeks = 0
        with self.assertRaisesRegex(ValidationError, "working days"), self.cr.savepoint():
            self.plan.working_days_per_week = 0
        with self.assertRaisesRegex(ValidationError, "at least one call a year"), self.cr.savepoint():
            self.seg_rest.calls_per_year = 0
        with self.assertRaisesRegex(ValidationError, "overlap"), self.cr.savepoint():
            self.seg_rest.upper_bound = 20000
        with self.assertRaisesRegex(ValidationError, "above its lower bound"), self.cr.savepoint():
            self.seg_middle.upper_bound = 5000

    def test_sql_lines_match_orm_computes(self):
        """Lines written in SQL hold what the ORM computes: frequency, interval, neglect date, company, audit."""
        clients = self._make_clients(3, self.anna, potential=5000) | self._make_clients(2, self.boris, potential=50000)
        self.plan.working_weeks = 41  # intervals with fractions
        self.plan.action_compute_segments()
        lines = self._lines(clients)
        self.assertEqual(len(lines), 5)
        moved = lines[0]
        moved.write({"calls_override": True, "calls_override_value": 7})
        moved.partner_id.card_potential_amount = 500000
        self.plan.action_compute_segments()
        self.assertEqual(moved.segment_id, self.seg_top)
        for line in lines:
            calls = 7 if line == moved else line.segment_id.calls_per_year
            interval = 41 * 5 / calls
            self.assertEqual(line.calls_per_year, calls)
            self.assertAlmostEqual(line.interval_days, interval)
            self.assertEqual(line.neglected_date, add_working_days(line.next_due_date, interval, 5))
            self.assertEqual(line.company_id, self.plan.company_id)
            self.assertEqual(line.create_uid, self.env.user)
            self.assertTrue(line.write_date)
        # recomputing the stored fields through the ORM changes nothing
        expected = lines.read(["calls_per_year", "interval_days", "neglected_date"])
        self.env.add_to_compute(lines._fields["calls_per_year"], lines)
        self.env.add_to_compute(lines._fields["neglected_date"], lines)
        lines._recompute_recordset()
        self.assertEqual(lines.read(["calls_per_year", "interval_days", "neglected_date"]), expected)
