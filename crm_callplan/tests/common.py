from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.crm_card.tests.common import CrmCardCommon


# A plain working week counted by hand: the reference the tests hold the plans' working days
# (crm_callplan.tools.WorkingDays, from the company's calendar) against.
def add_working_days(day, count, days_per_week):
    """Return the date ``count`` working days after ``day``.

    The first ``days_per_week`` weekdays (Monday first) are working days.
    """
    count = max(round(count), 0)
    weeks, rest = divmod(count, days_per_week)
    day = day + timedelta(days=7 * weeks)
    while rest:
        day += timedelta(days=1)
        if day.weekday() < days_per_week:
            rest -= 1
    return day


def next_working_days(start, count, days_per_week):
    """The ``count`` working days from ``start`` (included when it is one)."""
    days = []
    day = start
    while len(days) < count:
        if day.weekday() < days_per_week:
            days.append(day)
        day += timedelta(days=1)
    return days


class CallplanCommon(CrmCardCommon):
    """Shared data for call plan tests, on crm_card's base: its users, ``client`` and the mail
    context of Odoo's ``BaseCommon``.

    Who is who, besides CrmCardCommon's users (``salesman`` there: Sales user seeing only own
    documents, salesperson of ``client``; ``steward``: Client base Data steward, no rights on plans):
      sales_manager -- Sales manager: configures plans and runs the generator
      anna          -- Salesperson (all documents), capacity 25
      boris         -- Salesperson (all documents), capacity 25
      clerk         -- plain internal user
    ``plan`` covers anna and boris, 42 weeks x 5 days, three potential segments:
    Top (>= 100,000; 52 calls), Middle (10,000-100,000; 12 calls), Rest (< 10,000; 4 calls).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_manager = new_test_user(cls.env, "cp_manager", groups="sales_team.group_sale_manager")
        cls.anna = new_test_user(cls.env, "cp_anna", groups="sales_team.group_sale_salesman_all_leads")
        cls.boris = new_test_user(cls.env, "cp_boris", groups="sales_team.group_sale_salesman_all_leads")
        cls.clerk = new_test_user(cls.env, "cp_clerk", groups="base.group_user")
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.today = fields.Date.context_today(cls.env.user)
        cls.plan = cls.env["crm.callplan"].create(
            {
                "name": "Key accounts",
                "user_ids": [Command.set((cls.anna | cls.boris).ids)],
                "working_weeks": 42,
                "working_days_per_week": 5,
                "segment_ids": [
                    Command.create({"name": "Top", "sequence": 1, "basis": "potential",
                                    "lower_bound": 100000, "calls_per_year": 52, "greeting_activity": "call"}),
                    Command.create({"name": "Middle", "sequence": 2, "basis": "potential",
                                    "lower_bound": 10000, "upper_bound": 100000, "calls_per_year": 12}),
                    Command.create({"name": "Rest", "sequence": 3, "basis": "potential",
                                    "lower_bound": 0, "upper_bound": 10000, "calls_per_year": 4}),
                ],
            }
        )
        cls.seg_top, cls.seg_middle, cls.seg_rest = cls.plan.segment_ids.sorted("sequence")
        cls.product = cls.env["product.product"].create(
            {"name": "Cement M500", "type": "service", "list_price": 1.0, "taxes_id": [Command.clear()]}
        )

    @classmethod
    def _make_clients(cls, count, user, potential=1000.0, prefix="Client", **extra):
        return cls.env["res.partner"].create(
            [
                {"name": f"{prefix} {user.login} {i:05d}", "is_company": True, "user_id": user.id,
                 "card_potential_amount": potential, **extra}
                for i in range(count)
            ]
        )

    @classmethod
    def _make_order(cls, partner, amount):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 1,
                                               "price_unit": amount, "tax_ids": [Command.clear()]})],
            }
        )
        order.action_confirm()
        return order

    def _lines(self, partners, plan=None):
        return (plan or self.plan).line_ids.filtered(lambda line: line.partner_id in partners)

    def _horizon(self, plan=None):
        plan = plan or self.plan
        return next_working_days(max(self.today, plan.date_start), 5, plan.working_days_per_week)

    def _plan_activities(self, plan=None):
        return self.env["mail.activity"].search([("callplan_line_id.plan_id", "=", (plan or self.plan).id)])

    @staticmethod
    def _add_working_days(day, count, days_per_week=5):
        return add_working_days(day, count, days_per_week)
