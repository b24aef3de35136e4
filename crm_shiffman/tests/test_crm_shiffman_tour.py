from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_shiffman.models.crm_stage import COLUMN_ORDER

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            "shf_tour",
            groups="sales_team.group_sale_salesman,sales_team.group_sale_manager",
            name="Tour Salesman",
        )
        cls.team = cls.env.ref("crm_shiffman.crm_team_shiffman")
        cls.team.member_ids = [(4, cls.user.id)]
        cls.env["utm.source"].create({"name": "Tour Expo"})

    def _check_journey(self):
        lead = self.env["crm.lead"].search([("name", "=", "Tour Bricks")])
        self.assertEqual(lead.shiffman_result, "contract")
        self.assertEqual(lead.won_status, "won")
        columns = self.env["crm.shiffman.move"].search([("lead_id", "=", lead.id)], order="id").mapped("to_column")
        self.assertEqual(columns, ["prospect", "interest", "contact_1", "result"])

    def test_tour_desktop(self):
        """Desktop: quick-create a prospect, drag it to Interest, log a call, close it as a contract."""
        self.start_tour(
            "/odoo/action-crm_shiffman.crm_lead_action_shiffman_server", "crm_shiffman_tour", login="shf_tour"
        )
        self._check_journey()

    def test_tour_mobile(self):
        """Phone: the same journey, changing the stage from the form instead of dragging."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour(
            "/odoo/action-crm_shiffman.crm_lead_action_shiffman_server", "crm_shiffman_tour_mobile", login="shf_tour"
        )
        self._check_journey()

    def test_tour_import(self):
        """Desktop: upload a CSV from the Shiffman menu, read the rejected row, open the created prospect."""
        self.start_tour("/odoo/crm", "crm_shiffman_import_tour", login="shf_tour")
        lead = self.env["crm.lead"].search([("name", "=", "Tour Import Bricks")])
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.shiffman_column, "prospect")
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "Tour Import Typo")]))


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanAnalysisTour(HttpCase, CrmShiffmanCommon):
    """A head of sales reads the Shiffman analysis in Russian, at desktop and phone size.

    Ten prospects of the salesman entered this month: 4 reached Interest, 2 Contact 1,
    1 went all the way to Result.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["crm_card", "crm_shiffman"], ["ru_RU"])
        cls.manager.lang = "ru_RU"
        leads = cls.env["crm.lead"]
        for index in range(10):
            leads |= cls._create_lead(name=f"Prospect {index}")
        Move = cls.env["crm.shiffman.move"]
        Move.search([("lead_id", "in", leads.ids)]).unlink()
        reached = [6, 3, 2, 2, 1, 1, 1, 1, 1, 1]
        now = fields.Datetime.now()
        Move.create([
            {"lead_id": lead.id, "from_column": COLUMN_ORDER[step - 1] if step else False,
             "to_column": COLUMN_ORDER[step], "date": now, "salesperson_id": cls.salesman.id,
             "team_id": cls.team.id}
            for lead, steps in zip(leads, reached, strict=True) for step in range(steps)
        ])

    def test_analysis_tour_desktop(self):
        """At 1440 px: the pivot's six columns in the table's order, two figures each, within the screen."""
        self.browser_size = "1440x900"
        self.start_tour("/odoo/action-crm_shiffman.crm_shiffman_report_action", "crm_shiffman_analysis_tour",
                        login=self.manager.login)

    def test_analysis_tour_phone(self):
        """At 390 px: the analysis opens as a list grouped by column with its figures on screen."""
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour("/odoo/action-crm_shiffman.crm_shiffman_report_action", "crm_shiffman_analysis_tour",
                        login=self.manager.login)
