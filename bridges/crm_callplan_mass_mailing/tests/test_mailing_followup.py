from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.crm_callplan.tests.common import CallplanCommon


@tagged("crm_callplan_mass_mailing", "post_install", "-at_install")
class TestMailingFollowupButton(CallplanCommon):
    """A sent mailing's form offers the follow-up calls of the clients it really reached.

    Who is who (on top of CallplanCommon): ``sales_manager`` is also an Email Marketing user;
    ``marketer`` is an Email Marketing user without sales management.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_manager.group_ids += cls.env.ref("mass_mailing.group_mass_mailing_user")
        cls.marketer = new_test_user(
            cls.env, "cp_marketer", groups="base.group_user,mass_mailing.group_mass_mailing_user"
        )
        cls.reached, cls.bounced, cls.tested = cls._make_clients(3, cls.anna, prefix="Mailed")
        cls.mailing = cls.env["mailing.mailing"].create(
            {
                "subject": "Spring catalogue",
                "mailing_model_id": cls.env["ir.model"]._get_id("res.partner"),
                "body_html": "<p>New catalogue</p>",
                "state": "done",
                "sent_date": fields.Datetime.now(),
                "mailing_trace_ids": [
                    Command.create({"model": "res.partner", "res_id": cls.reached.id, "trace_status": "sent",
                                    "email": "a@mailed.example"}),
                    Command.create({"model": "res.partner", "res_id": cls.bounced.id, "trace_status": "bounce",
                                    "email": "b@mailed.example"}),
                    Command.create({"model": "res.partner", "res_id": cls.tested.id, "trace_status": "sent",
                                    "is_test_trace": True, "email": "c@mailed.example"}),
                ],
            }
        )

    def _button(self, user):
        arch = self.mailing.with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
        return etree.fromstring(arch).find(".//header/button[@string='Follow-up Calls']")

    def test_button_on_sent_mailing_for_sales_managers(self):
        """The button is on a sent mailing's form for a sales manager, not for a marketer without sales
        management, and not on a draft mailing."""
        button = self._button(self.sales_manager)
        self.assertIsNotNone(button)
        self.assertEqual(button.get("invisible"), "state != 'done' or mailing_type != 'mail'")
        self.assertIsNone(self._button(self.marketer))

    def test_button_opens_follow_up_of_real_recipients(self):
        """Opened from the mailing, the follow-up has the mailing chosen and calls only the clients its
        traces reached (no bounce, no test send), each by its salesperson, within the first week."""
        action = self.env.ref("crm_callplan.crm_callplan_mailing_followup_action")
        context = {"active_model": "mailing.mailing", "active_id": self.mailing.id, "active_ids": self.mailing.ids}
        form = Form(self.env[action.res_model].with_user(self.sales_manager).with_context(**context))
        self.assertEqual(form.mailing_ref, f"mailing.mailing,{self.mailing.id}")
        self.assertEqual(form.recipient_count, 1)
        form.save().action_plan_calls()
        calls = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", (self.reached | self.bounced | self.tested).ids)]
        )
        self.assertEqual(calls.mapped("res_id"), self.reached.ids)
        self.assertEqual(calls.user_id, self.anna)
        self.assertIn("Spring catalogue", calls.summary)
        sent = fields.Date.context_today(self.sales_manager, self.mailing.sent_date)
        self.assertLessEqual(calls.date_deadline, sent + timedelta(days=7))
