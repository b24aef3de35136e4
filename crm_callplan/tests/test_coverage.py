from odoo import fields
from odoo.tests import tagged

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

    def test_own_salesperson_sees_own_rows(self):
        """A salesperson limited to own documents sees only their own coverage rows."""
        self.assertFalse(self.env["crm.callplan.coverage"].with_user(self.own).search([]))
        self.assertTrue(self.env["crm.callplan.coverage"].with_user(self.anna).search([]))
