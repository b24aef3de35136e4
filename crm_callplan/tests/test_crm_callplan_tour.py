from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import CallplanCommon


@tagged("crm_callplan", "crm_callplan_tour", "post_install", "-at_install")
class TestCallplanTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.env.ref("base.user_admin")
        cls.env["res.partner"].create(
            [{"name": f"Tour client {i}", "is_company": True, "user_id": admin.id,
              "card_potential_amount": amount} for i, amount in enumerate((200000, 50000, 500))]
        )

    def test_callplan_tour_desktop(self):
        """Create a plan with three segments, compute, read capacity, generate, call from My activities."""
        self.start_tour("/odoo/action-crm_callplan.crm_callplan_action", "crm_callplan_tour", login="admin")

    def test_callplan_tour_mobile(self):
        """The same journey at phone size."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour("/odoo/action-crm_callplan.crm_callplan_action", "crm_callplan_tour", login="admin")


@tagged("crm_callplan", "crm_callplan_tour", "post_install", "-at_install")
class TestHeadOfSalesTour(HttpCase, CallplanCommon):
    """A head of sales reads the week in Russian: capacity, coverage and the inbound calls by source.

    anna (Анна Петрова): 4 Middle clients, 3 due of which 1 called (33.3 %), 1 neglected, 1 not due.
    Two inbound calls this month came through the exhibition ("Выставка").
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["crm_card", "crm_callplan"], ["ru_RU"])
        cls.sales_manager.write({"lang": "ru_RU", "name": "Ольга Руководитель"})
        cls.anna.name = "Анна Петрова"
        clients = cls._make_clients(4, cls.anna, potential=50000)
        cls.plan.action_activate()
        past = fields.Date.subtract(cls.today, days=10)
        neglected = cls._add_working_days(fields.Date.subtract(cls.today, days=70), 0)
        for partner, due in zip(clients, (past, past, neglected, fields.Date.add(cls.today, days=30)), strict=True):
            line = cls.plan.line_ids.filtered(lambda ln, p=partner: ln.partner_id == p)
            line.write({"next_due_date": due, "first_due_date": due})
        cls.env["crm.card.interaction"].create({"partner_id": clients[0].id, "kind": "call"})
        exhibition = cls.env["utm.source"].create({"name": "Выставка"})
        newcomer = cls.env["res.partner"].create({"name": "Newcomer LLC", "is_company": True})
        cls.env["crm.card.interaction"].create(
            [{"partner_id": newcomer.id, "kind": "call", "direction": "inbound", "source_id": exhibition.id}] * 2
        )

    def test_head_of_sales_tour_desktop(self):
        """At 1440 px, in Russian: the lists' headers whole, each salesperson's coverage, the tally by source."""
        self.browser_size = "1440x900"
        self.start_tour("/odoo/action-crm_callplan.crm_callplan_capacity_action",
                        "crm_callplan_head_of_sales_tour", login=self.sales_manager.login)

    def test_head_of_sales_tour_phone(self):
        """At 390 px, in Russian: one card per salesperson with load, coverage and neglected on screen."""
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour("/odoo/action-crm_callplan.crm_callplan_capacity_action",
                        "crm_callplan_head_of_sales_tour", login=self.sales_manager.login)
