from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_card.tests.common import MAIL_ON_CONTEXT

from .common import CallplanCommon


@tagged("crm_callplan", "post_install", "-at_install")
class TestCallplanAudit(CallplanCommon):
    """The call generator is a bulk job: it writes no tracking message and no audit entry per client."""

    def test_generator_writes_no_audit(self):
        """Booking a week of calls for 30 clients, with tracking on, leaves the audit trail as it was."""
        env = self.env(context=dict(self.env.context, **MAIL_ON_CONTEXT))
        plan = self.plan.with_env(env)
        clients = self._make_clients(30, self.anna, potential=200000).with_env(env)
        self.anna.callplan_daily_capacity = 100
        plan.action_activate()
        self._lines(clients, plan).next_due_date = fields.Date.subtract(self.today, days=2)
        env.flush_all()
        env.cr.precommit.run()
        Value, Audit = env["mail.tracking.value"].sudo(), env["crm.card.audit"].sudo()
        messages = env["mail.message"].sudo()
        before = (
            Value.search_count([]),
            Audit.search_count([]),
            messages.search_count([("model", "=", "res.partner"), ("res_id", "in", clients.ids)]),
        )
        self.assertEqual(plan._generate_calls(), 30)
        env.flush_all()
        env.cr.precommit.run()
        after = (
            Value.search_count([]),
            Audit.search_count([]),
            messages.search_count([("model", "=", "res.partner"), ("res_id", "in", clients.ids)]),
        )
        self.assertEqual(after, before)

    def test_potential_tracked(self):
        """The potential volume of a client is tracked on its card."""
        env = self.env(context=dict(self.env.context, **MAIL_ON_CONTEXT))
        client = self._make_clients(1, self.anna, potential=1000.0).with_env(env)
        env.cr.precommit.run()  # made without tracking: its pending "no tracking" mark goes
        client.with_user(self.sales_manager).card_potential_amount = 250000.0
        env.flush_all()
        env.cr.precommit.run()
        values = env["mail.tracking.value"].sudo().search(
            [("mail_message_id.res_id", "=", client.id), ("field_id.name", "=", "card_potential_amount")]
        )
        self.assertEqual(values.mapped("new_value_float"), [250000.0])
