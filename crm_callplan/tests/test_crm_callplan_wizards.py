from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CallplanCommon


@tagged("crm_callplan", "post_install", "-at_install")
class TestWizards(CallplanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag = cls.env["res.partner.category"].create({"name": "Mailing March"})
        cls.recipients = cls._make_clients(3, cls.anna, potential=200000, category_id=[(6, 0, cls.tag.ids)])
        cls.orphan = cls.env["res.partner"].create(
            {"name": "No seller Ltd", "is_company": True, "category_id": [(6, 0, cls.tag.ids)]}
        )
        cls.campaign = cls.env["utm.campaign"].create({"name": "Spring price list"})
        cls.send_date = fields.Date.add(cls.today, days=1)

    def _followup(self, **values):
        return self.env["crm.callplan.mailing.followup"].create(
            dict({"campaign_id": self.campaign.id, "send_date": self.send_date, "tag_ids": [(6, 0, self.tag.ids)]},
                 **values)
        )

    def test_mailing_followup_within_first_week(self):
        """Each recipient's salesperson gets a call in the week after the send date, within capacity."""
        self.anna.callplan_daily_capacity = 2
        self._followup().action_plan_calls()
        activities = self.env["mail.activity"].search([("res_id", "in", self.recipients.ids),
                                                       ("res_model", "=", "res.partner")])
        self.assertEqual(len(activities), 3)
        for activity in activities:
            self.assertEqual(activity.user_id, self.anna)
            self.assertEqual(activity.activity_type_id, self.call_type)
            self.assertIn("Spring price list", activity.summary)
            self.assertTrue(self.send_date < activity.date_deadline <= self.send_date + timedelta(days=7))
        per_day = {}
        for activity in activities:
            per_day[activity.date_deadline] = per_day.get(activity.date_deadline, 0) + 1
        self.assertLessEqual(max(per_day.values()), 2)
        self.assertFalse(self.orphan.activity_ids)

    def test_mailing_followup_refuses_nonsense(self):
        """No recipients, or a broken filter, is refused with a clear message."""
        with self.assertRaisesRegex(UserError, "Choose the recipients"):
            self._followup(tag_ids=[(5, 0, 0)]).action_plan_calls()
        with self.assertRaisesRegex(UserError, "not a valid domain"):
            self._followup(tag_ids=[(5, 0, 0)], partner_domain="[('name', '=' ").action_plan_calls()
        with self.assertRaisesRegex(UserError, "No recipient"):
            self._followup(tag_ids=[(5, 0, 0)], partner_domain="[('name', '=', 'nobody at all')]").action_plan_calls()

    def test_greetings_by_segment(self):
        """The top segment gets a call, the others the letter or e-mail their segment sets."""
        small = self._make_clients(1, self.anna, potential=500, prefix="Small")
        self.seg_rest.greeting_activity = "letter"
        self.plan.action_compute_segments()
        wizard = self.env["crm.callplan.greeting"].create(
            {"plan_id": self.plan.id, "occasion": "New Year", "date": fields.Date.add(self.today, days=20)}
        )
        wizard.action_plan_greetings()
        top_activity = self.recipients[0].activity_ids
        self.assertEqual(top_activity.activity_type_id, self.call_type)
        self.assertIn("New Year", top_activity.summary)
        self.assertEqual(small.activity_ids.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertIn("Letter", small.activity_ids.summary)

    def test_greetings_refuse_nonsense(self):
        """A past date or a plan without clients is refused."""
        wizard = self.env["crm.callplan.greeting"].create(
            {"plan_id": self.plan.id, "occasion": "New Year", "date": fields.Date.subtract(self.today, days=1)}
        )
        with self.assertRaisesRegex(UserError, "in the past"):
            wizard.action_plan_greetings()
        wizard.date = fields.Date.add(self.today, days=3)
        with self.assertRaisesRegex(UserError, "nobody to greet"):
            wizard.action_plan_greetings()

    def test_plan_form_refuses_nonsense(self):
        """The plan form refuses an end before the start."""
        with (
            self.assertRaisesRegex(Exception, "cannot end before it starts"),
            self.cr.savepoint(),
            Form(self.env["crm.callplan"]) as form,
        ):
            form.name = "Broken"
            form.date_start = "2030-02-01"
            form.date_end = "2030-01-01"

    def test_tally_figures(self):
        """The tally counts inbound calls per source and day of the chosen month."""
        news = self.env["utm.source"].create({"name": "Newspaper"})
        fair = self.env["utm.source"].create({"name": "Fair"})
        Interaction = self.env["crm.card.interaction"]
        # each client came through one source (the tally counts a call under its client's first source)
        for day, source, direction in ((3, news, "inbound"), (3, news, "inbound"), (3, fair, "inbound"),
                                       (17, news, "inbound"), (17, news, "outbound")):
            client = self.recipients[1] if source == fair else self.recipients[0]
            Interaction.create({"partner_id": client.id, "kind": "call", "direction": direction,
                                "source_id": source.id, "date": datetime(2026, 2, day, 11, 0)})
        Interaction.create({"partner_id": self.recipients[0].id, "kind": "call", "direction": "inbound",
                            "source_id": news.id, "date": datetime(2026, 3, 1, 11, 0)})
        tally = self.env["crm.callplan.tally"].create({"month": "2026-02-10"})._get_tally()
        self.assertEqual(tally["days"], list(range(1, 29)))
        rows = {line["source"]: line for line in tally["lines"]}
        self.assertEqual(rows["Newspaper"]["counts"][2], 2)
        self.assertEqual(rows["Newspaper"]["counts"][16], 1)
        self.assertEqual(rows["Newspaper"]["total"], 3)
        self.assertEqual(rows["Fair"]["total"], 1)
        self.assertEqual(tally["totals"][2], 3)
        self.assertEqual(tally["total"], 4)

    def test_reports_render(self):
        """The tally and the monthly work report render as HTML with their figures."""
        self.plan.action_activate()
        self.plan._generate_calls()
        wizard = self.env["crm.callplan.tally"].create({"month": self.today, "plan_id": self.plan.id})
        html = self.env["ir.actions.report"]._render_qweb_html(
            "crm_callplan.report_callplan_work", wizard.ids)[0].decode()
        self.assertIn("Key accounts", html)
        self.assertIn(self.anna.name, html)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "crm_callplan.report_callplan_tally", wizard.ids)[0].decode()
        self.assertIn("Inbound calls by source", html)
        with self.assertRaisesRegex(UserError, "Choose the call plan"):
            self.env["crm.callplan.tally"].create({"month": self.today}).action_print_work_report()
