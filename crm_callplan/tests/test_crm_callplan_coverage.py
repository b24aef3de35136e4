from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import CallplanCommon


@tagged("crm_callplan", "post_install", "-at_install")
class TestCoverage(CallplanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # anna: 4 Middle clients (12 calls: interval 17.5 working days)
        #   a, b due 10 days ago; c due 40 working days ago (neglected); d due in 30 days (not due)
        cls.a, cls.b, cls.c, cls.d = cls._make_clients(4, cls.anna, potential=50000)
        cls.plan.action_activate()
        past = fields.Date.subtract(cls.today, days=10)
        for partner, due in (
            (cls.a, past), (cls.b, past),
            (cls.c, cls._add_working_days(fields.Date.subtract(cls.today, days=70), 0)),
            (cls.d, fields.Date.add(cls.today, days=30)),
        ):
            line = cls.plan.line_ids.filtered(lambda ln, p=partner: ln.partner_id == p)
            line.write({"next_due_date": due, "first_due_date": due})

    def _coverage(self):
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env["crm.callplan.coverage"].search(
            [("plan_id", "=", self.plan.id), ("user_id", "=", self.anna.id)]
        )

    def test_coverage_figures(self):
        """Due, called, coverage %, neglected and cream-skimming calls per salesperson and segment."""
        row = self._coverage()
        self.assertEqual((row.client_count, row.due_count, row.called_count), (4, 3, 0))
        self.assertEqual(row.neglected_count, 1)
        self.assertEqual(row.coverage, 0)
        Interaction = self.env["crm.card.interaction"]
        Interaction.create({"partner_id": self.a.id, "kind": "call"})
        # d is not due while b and c are overdue: a skimmed call
        Interaction.create({"partner_id": self.d.id, "kind": "call"})
        row = self._coverage()
        self.assertEqual(row.called_count, 1)
        self.assertAlmostEqual(row.coverage, 100 / 3, places=1)
        self.assertEqual(row.calls_made, 2)
        self.assertEqual(row.early_call_count, 1)
        self.assertEqual(row.neglected_count, 1)
        neglected = row.action_open_neglected()
        self.assertEqual(self.env["crm.callplan.line"].search(neglected["domain"]).partner_id, self.c)

    def test_covered_only_within_the_current_interval(self):
        """A client called once long ago is not covered any more once its next call is overdue."""
        old, recent = self._make_clients(2, self.boris, potential=500)  # Rest: 4 calls, 52.5 working days
        for partner, last_call in ((old, fields.Date.subtract(self.today, days=120)),
                                   (recent, fields.Date.subtract(self.today, days=10))):
            line = self.env["crm.callplan.line"].create(
                {"plan_id": self.plan.id, "partner_id": partner.id, "user_id": self.boris.id,
                 "segment_id": self.seg_rest.id}
            )
            line.write({"first_due_date": fields.Date.subtract(self.today, days=200)})
            line._register_calls({line.id: last_call})
        self.env.flush_all()
        self.env.invalidate_all()
        row = self.env["crm.callplan.coverage"].search(
            [("plan_id", "=", self.plan.id), ("user_id", "=", self.boris.id)]
        )
        self.assertEqual((row.due_count, row.called_count, row.calls_made), (2, 1, 2))
        self.assertEqual(row.coverage, 50)

    def test_own_salesperson_sees_own_rows(self):
        """A salesperson limited to own documents sees only their own coverage rows."""
        self.assertFalse(self.env["crm.callplan.coverage"].with_user(self.salesman).search([]))
        self.assertTrue(self.env["crm.callplan.coverage"].with_user(self.anna).search([]))

    def test_nothing_due_reads_as_no_figure(self):
        """Where no client was due the coverage is "—", not 0 %, and it does not pull the average down."""
        boris_client = self._make_clients(1, self.boris, potential=50000)
        later = fields.Date.add(self.today, days=30)
        self.env["crm.callplan.line"].create(
            {"plan_id": self.plan.id, "partner_id": boris_client.id, "user_id": self.boris.id,
             "segment_id": self.seg_middle.id, "next_due_date": later}
        ).first_due_date = later
        self.env["crm.card.interaction"].create({"partner_id": boris_client.id, "kind": "call"})
        self.env["crm.card.interaction"].create({"partner_id": self.a.id, "kind": "call"})
        self.env.flush_all()
        self.env.invalidate_all()
        Coverage = self.env["crm.callplan.coverage"].with_context(lang="en_US")
        boris_row = Coverage.search([("plan_id", "=", self.plan.id), ("user_id", "=", self.boris.id)])
        self.assertEqual((boris_row.due_count, boris_row.calls_made), (0, 1))
        self.assertEqual(boris_row.coverage_display, "—")
        self.assertEqual(self._coverage().coverage_display, "33.3 %")
        [(average,)] = Coverage._read_group([("plan_id", "=", self.plan.id)], [], ["coverage:avg"])
        self.assertAlmostEqual(average, 100 / 3, places=1)
        arch = Coverage.get_view(view_type="list")["arch"]
        self.assertIn('name="coverage_display"', arch)
        wizard = self.env["crm.callplan.tally"].create({"month": self.today, "plan_id": self.plan.id})
        people = {person["user"]: person for person in wizard._get_work_report()["people"]}
        self.assertIsNone(people[self.boris]["coverage"])
        html = self.env["ir.actions.report"]._render_qweb_html("crm_callplan.report_callplan_work", wizard.ids)[0]
        self.assertIn("Coverage: <strong>—</strong>", html.decode())

    def test_capacity_reads_coverage(self):
        """Each salesperson's capacity row carries their coverage over all segments and neglected clients."""
        # a second segment for anna: a Top client due and called; then 2 called of 4 due overall
        top = self._make_clients(1, self.anna, potential=200000, prefix="Top")
        self.env["crm.callplan.line"].create(
            {"plan_id": self.plan.id, "partner_id": top.id, "user_id": self.anna.id, "segment_id": self.seg_top.id}
        ).write({"first_due_date": fields.Date.subtract(self.today, days=3)})
        Interaction = self.env["crm.card.interaction"]
        Interaction.create([{"partner_id": self.a.id, "kind": "call"}, {"partner_id": top.id, "kind": "call"}])
        self.env.flush_all()
        self.env.invalidate_all()
        Capacity = self.env["crm.callplan.capacity"].with_user(self.sales_manager).with_context(lang="en_US")
        row = Capacity.search([("plan_id", "=", self.plan.id), ("user_id", "=", self.anna.id)])
        self.assertRecordValues(row, [{"due_count": 4, "neglected_count": 1, "coverage_display": "50.0 %"}])
        # a salesperson with no client due reads "—"
        boris_client = self._make_clients(1, self.boris, potential=50000)
        self.env["crm.callplan.line"].create(
            {"plan_id": self.plan.id, "partner_id": boris_client.id, "user_id": self.boris.id,
             "segment_id": self.seg_middle.id}
        ).first_due_date = fields.Date.add(self.today, days=30)
        self.env.flush_all()
        self.env.invalidate_all()
        rows = Capacity.search([("plan_id", "=", self.plan.id)])
        rows.fetch(["plan_id", "user_id"])
        # the page's coverage comes from one grouped query, whatever the number of rows
        with self.assertQueryCount(1):
            self.assertEqual(
                {r.user_id: r.coverage_display for r in rows}, {self.anna: "50.0 %", self.boris: "—"}
            )

    def test_manager_screens_open_on_cards_on_a_phone(self):
        """Capacity and coverage have a kanban a phone opens first, with the key figures on each card."""
        for xmlid, figures in (
            ("crm_callplan.crm_callplan_capacity_action",
             {"calls_per_day", "plan_capacity", "coverage_display", "neglected_count"}),
            ("crm_callplan.crm_callplan_coverage_action",
             {"coverage_display", "due_count", "called_count", "neglected_count"}),
        ):
            with self.subTest(action=xmlid):
                action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
                modes = action["view_mode"].split(",")
                self.assertEqual(modes[0], "list", "a desktop still opens the list")
                # the web client opens the action's mobile_view_mode on a phone when the action has it
                self.assertIn(action["mobile_view_mode"], modes)
                self.assertEqual(action["mobile_view_mode"], "kanban")
                arch = etree.fromstring(self.env[action["res_model"]].get_view(view_type="kanban")["arch"])
                self.assertLessEqual(figures, set(arch.xpath("//t[@t-name='card']//field/@name")))

    def test_tally_opens_on_this_month(self):
        """The on-screen tally of inbound calls opens on the current month."""
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_callplan.crm_card_interaction_action_tally_pivot")
        self.assertEqual(safe_eval(action["context"]).get("search_default_date"), 1)
