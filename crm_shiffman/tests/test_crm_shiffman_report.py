from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_shiffman.models.crm_stage import COLUMN_ORDER

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanReport(CrmShiffmanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # ten prospects of the salesman; 4 reach interest, 2 contact 1, 1 goes all the way and is won
        columns = ["result"] + ["contact_1"] + ["interest"] * 2 + ["prospect"] * 6
        cls.leads = cls.env["crm.lead"]
        for index, column in enumerate(columns):
            cls.leads |= cls._create_lead(column, name=f"Prospect {index}")
        Move = cls.env["crm.shiffman.move"]
        Move.search([("lead_id", "in", cls.leads.ids)]).unlink()
        path = ["prospect", "interest", "contact_1", "contact_2", "contact_3", "result"]
        reached = [6, 3, 2, 2, 1, 1, 1, 1, 1, 1]
        day = fields.Datetime.now() - timedelta(days=10)
        vals_list = []
        for lead, steps in zip(cls.leads, reached, strict=True):
            previous = False
            for column in path[:steps]:
                vals_list.append(
                    {
                        "lead_id": lead.id,
                        "from_column": previous,
                        "to_column": column,
                        "date": day,
                        "salesperson_id": cls.salesman.id,
                        "team_id": cls.team.id,
                    }
                )
                previous = column
        Move.create(vals_list)
        cls.env.flush_all()

    def _ratios(self, user):
        groups = self.env["crm.shiffman.report"]._read_group(
            [("user_id", "=", user.id)],
            ["shiffman_column"],
            ["entered_count:sum", "current_count:sum", "conversion:avg"],
        )
        return {column: (entered, current, conversion) for column, entered, current, conversion in groups}

    def test_ratios(self):
        """Per column: leads entered, leads there now and conversion into the next column (won for Result)."""
        ratios = self._ratios(self.salesman)
        self.assertEqual(ratios["prospect"], (10, 6, 40.0))
        self.assertEqual(ratios["interest"], (4, 2, 50.0))
        self.assertEqual(ratios["contact_1"], (2, 1, 50.0))
        self.assertEqual(ratios["contact_2"], (1, 0, 100.0))
        self.assertEqual(ratios["contact_3"], (1, 0, 100.0))
        self.assertEqual(ratios["result"], (1, 1, 100.0))

    def test_analysis_reads_in_pipeline_order(self):
        """The analysis lists the columns Prospect to Result (not by key), entries and conversion by default."""
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_shiffman.crm_shiffman_report_action")
        Report = self.env["crm.shiffman.report"].with_user(self.manager).with_context(**safe_eval(action["context"]))
        # what the pivot asks for its column headers, the graph for its bars and the grouped list for its groups
        [by_column, by_user_and_column] = Report.formatted_read_grouping_sets(
            [("user_id", "=", self.salesman.id)], [["shiffman_column"], ["user_id", "shiffman_column"]],
            ["entered_count:sum", "conversion:avg"],
        )
        self.assertEqual([group["shiffman_column"] for group in by_column], COLUMN_ORDER)
        self.assertEqual([group["entered_count:sum"] for group in by_column], [10, 4, 2, 1, 1, 1])
        self.assertEqual(len(by_user_and_column), 6)
        groups = Report.formatted_read_group([], ["shiffman_column"], ["__count"])
        self.assertEqual([group["shiffman_column"] for group in groups], COLUMN_ORDER)
        pivot = etree.fromstring(Report.get_view(action["views"][0][0], "pivot")["arch"])
        self.assertEqual(pivot.xpath("//field[@type='measure']/@name"), ["entered_count", "conversion"])
        self.assertEqual(pivot.xpath("//field[@type='col']/@name"), ["shiffman_column"])
        # a phone opens the list grouped by column: its group rows carry the same two figures
        self.assertEqual(action["mobile_view_mode"], "list")
        self.assertIn("list", action["view_mode"].split(","))
        listing = etree.fromstring(Report.get_view(view_type="list")["arch"])
        self.assertEqual(listing.get("default_group_by"), "shiffman_column")
        self.assertEqual(listing.xpath("./field/@name")[:3], ["lead_id", "entered_count", "conversion"])

    def test_lost_result_not_converted(self):
        """A lead lost in the Result column counts as not converted."""
        self.leads[0].write({"stage_id": self.stages["contact_3"].id})
        self.leads[0].action_set_lost()
        self.env.flush_all()
        self.assertEqual(self._ratios(self.salesman)["result"][2], 0.0)

    def test_report_readable_by_salesman(self):
        """A sales user reads the analysis of their own leads, not of others'."""
        report = self.env["crm.shiffman.report"].with_user(self.salesman).search([])
        self.assertEqual(len(report), 19)
        self.assertFalse(self.env["crm.shiffman.report"].with_user(self.salesman_other).search([]))

    def test_planner(self):
        """The planner works back from the target through the measured ratios."""
        planner = Form(self.env["crm.shiffman.planner"].with_user(self.salesman))
        planner.target_won = 2
        planner.working_days = 20
        planner = planner.save()
        self.assertEqual(planner.ratio_prospect, 40.0)
        self.assertEqual(planner.ratio_interest, 50.0)
        self.assertEqual(planner.measured_leads, 10)
        # 2 won / 100 % result / 100 % / 100 % = 2 in contact 1... /50 % = 4 interest... /50 % = 8 / 40 % = 20
        self.assertEqual(planner.need_prospects, 20)
        self.assertEqual(planner.need_first_calls, 20)
        self.assertEqual(planner.need_followups, 4 + 2 + 2)
        self.assertAlmostEqual(planner.need_prospects_day, 1.0)
        self.assertAlmostEqual(planner.need_followups_day, 0.4)
        self.assertFalse(planner.warning)

    def test_planner_without_history(self):
        """Without history the planner warns, and typed ratios give the plan."""
        planner = Form(self.env["crm.shiffman.planner"].with_user(self.salesman_other))
        self.assertTrue(planner.warning)
        self.assertEqual(planner.need_prospects, 0)
        for name in (
            "ratio_prospect",
            "ratio_interest",
            "ratio_contact_1",
            "ratio_contact_2",
            "ratio_contact_3",
            "ratio_result",
        ):
            setattr(planner, name, 50.0)
        planner.target_won = 1
        self.assertEqual(planner.need_prospects, 64)

    def test_planner_refuses_nonsense(self):
        """Zero months, negative targets, impossible working days and ratios are refused."""
        Planner = self.env["crm.shiffman.planner"]
        for values in (
            {"months": 0},
            {"target_won": -1},
            {"working_days": 0},
            {"working_days": 40},
            {"ratio_prospect": 150},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                Planner.create(values)
