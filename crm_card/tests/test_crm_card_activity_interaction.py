from odoo.tests import tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_interaction", "post_install", "-at_install")
class TestCrmCardActivityInteraction(CrmCardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.meeting_type = cls.env.ref("mail.mail_activity_data_meeting")
        cls.todo_type = cls.env.ref("mail.mail_activity_data_todo")
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Steel for the new warehouse", "partner_id": cls.contact.id, "user_id": cls.salesman.id}
        )

    def _schedule(self, record, activity_type, summary=False):
        return record.activity_schedule(
            activity_type_id=activity_type.id, user_id=self.salesman.id, summary=summary
        )

    def test_call_done_on_partner(self):
        """A Call done on a client logs one call with the feedback as note and the assignee as user."""
        activity = self._schedule(self.client, self.call_type)
        activity.with_user(self.salesman).action_feedback(feedback="Wants a price list")
        interaction = self.client.card_interaction_ids
        self.assertEqual(len(interaction), 1)
        self.assertRecordValues(
            interaction,
            [{"kind": "call", "user_id": self.salesman.id, "note": "Wants a price list", "lead_id": False}],
        )

    def test_meeting_done_on_lead(self):
        """A Meeting done on a lead is logged on the lead's client, with the lead."""
        activity = self._schedule(self.lead, self.meeting_type, summary="Visit the warehouse")
        activity.action_done()
        interaction = self.env["crm.card.interaction"].search([("lead_id", "=", self.lead.id)])
        self.assertEqual(len(interaction), 1)
        self.assertRecordValues(
            interaction,
            [
                {
                    "kind": "meeting",
                    "partner_id": self.client.id,
                    "contact_id": self.contact.id,
                    "note": "Visit the warehouse",
                }
            ],
        )

    def test_other_activities_not_logged(self):
        """A To-Do done on a client, or a Call on a claim, logs nothing."""
        self._schedule(self.client, self.todo_type).action_done()
        claim = self.env["crm.card.claim"].create(
            {"name": "Late delivery", "description": "Late delivery", "partner_id": self.client.id}
        )
        self._schedule(claim, self.call_type).action_done()
        self.assertFalse(self.env["crm.card.interaction"].search([]))

    def test_batch_done_once(self):
        """Several activities done together log one interaction each; doing them again logs nothing."""
        activities = self._schedule(self.client, self.call_type) | self._schedule(self.lead, self.call_type)
        activities.action_done()
        activities.action_done()
        interactions = self.env["crm.card.interaction"].search([("partner_id", "=", self.client.id)])
        self.assertEqual(len(interactions), 2)
        self.assertEqual(set(interactions.mapped("kind")), {"call"})

    def test_lead_without_client(self):
        """A Call done on a lead without a client is still logged, on the lead."""
        lead = self.env["crm.lead"].create({"name": "Unknown caller", "user_id": self.salesman.id})
        self._schedule(lead, self.call_type).action_feedback(feedback="Asked for a catalogue")
        interaction = self.env["crm.card.interaction"].search([("lead_id", "=", lead.id)])
        self.assertRecordValues(interaction, [{"partner_id": False, "note": "Asked for a catalogue"}])

    def test_assignee_without_card_rights(self):
        """An assignee who cannot write the log still gets the done call logged."""
        plain = self.env["res.users"].create(
            {"name": "Plain", "login": "card_plain", "group_ids": [(4, self.env.ref("base.group_user").id)]}
        )
        activity = self.client.activity_schedule(activity_type_id=self.call_type.id, user_id=plain.id)
        activity.with_user(plain).action_feedback(feedback="Reached the director")
        self.assertEqual(self.client.card_interaction_ids.user_id, plain)

    def _batch_queries(self, count):
        """Queries of logging the interactions of ``count`` Calls and ``count`` To-Dos done together.

        What our override of ``_action_done`` adds to Odoo's own work: the interactions prepared
        from the activities, and created.
        """
        clients = self.env["res.partner"].create(
            [{"name": f"Batch client {count}-{i}", "is_company": True, "user_id": self.salesman.id}
             for i in range(count)]
        )
        activities = self.env["mail.activity"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": client.id,
                    "activity_type_id": activity_type.id,
                    "user_id": self.salesman.id,
                }
                for client in clients
                for activity_type in (self.call_type, self.todo_type)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        activities = activities.with_user(self.salesman)
        before = self.env.cr.sql_log_count
        vals_list = activities._prepare_card_interaction_vals_list("Reached the buyer")
        self.env["crm.card.interaction"].sudo().create(vals_list)
        self.env.flush_all()
        self.assertEqual(len(vals_list), count)
        return self.env.cr.sql_log_count - before

    def test_batch_done_queries_do_not_grow(self):
        """Calls done in a batch are logged in queries that do not grow with the batch."""
        self._batch_queries(1)  # caches warm, as on a running server
        # the activities, their types, the clients, the insert and the hooks of other addons: once
        # a batch (the Call and Meeting types were looked up twice per activity, with a query each)
        self.assertLessEqual(self._batch_queries(8), self._batch_queries(2))
