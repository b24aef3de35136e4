from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_log_contact", "post_install", "-at_install")
class TestCrmCardLogContact(CrmCardCommon):
    """One dialog logs a contact: result, note, next step; from a planned call it completes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.meeting_type = cls.env.ref("mail.mail_activity_data_meeting")
        cls.reached = cls.env.ref("crm_card.crm_card_interaction_result_reached")
        cls.no_answer = cls.env.ref("crm_card.crm_card_interaction_result_no_answer")

    def _form(self, user, **context):
        return Form(self.env["crm.card.log.contact"].with_user(user).with_context(**context))

    def _interactions(self, partner):
        return self.env["crm.card.interaction"].search([("partner_id", "=", partner.id)])

    def test_contact_log_labels(self):
        """The log of contacts reads "Contact Log" in English and "Журнал контактов" in Russian: menu, action, tab."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(["crm_card"], ["ru_RU"])
        menu = self.env.ref("crm_card.crm_card_menu_interactions")
        action = self.env.ref("crm_card.crm_card_interaction_action")
        for lang, label in (("en_US", "Contact Log"), ("ru_RU", "Журнал контактов")):
            self.assertEqual(menu.with_context(lang=lang).name, label)
            self.assertEqual(action.with_context(lang=lang).name, label)
            views = self.env["res.partner"].with_context(lang=lang).get_views([(False, "form")])["views"]
            arch = etree.fromstring(views["form"]["arch"])
            self.assertEqual(arch.xpath("//page[@name='crm_card_interactions']/@string"), [label])

    def test_log_contact_from_card_plans_next_step(self):
        """Result, note and "in a week" log the call and plan the next call on the client."""
        form = self._form(self.salesman, default_partner_id=self.client.id)
        form.result_id = self.reached
        form.note = "Wants the spring price list"
        form.next_when = "week"
        self.assertTrue(form.next_date)
        next_date = form.next_date
        form.save().action_log()
        self.assertRecordValues(
            self._interactions(self.client),
            [
                {
                    "kind": "call",
                    "direction": "outbound",
                    "result_id": self.reached.id,
                    "note": "Wants the spring price list",
                    "user_id": self.salesman.id,
                }
            ],
        )
        self.assertRecordValues(
            self.client.activity_ids,
            [{"activity_type_id": self.call_type.id, "date_deadline": next_date, "user_id": self.salesman.id}],
        )

    def test_log_contact_on_a_person_files_under_the_client(self):
        """Opened on a contact person, the contact is logged on the company, with the person."""
        form = self._form(self.salesman, default_partner_id=self.contact.id)
        self.assertEqual(form.partner_id, self.client)
        form.result_id = self.no_answer
        form.save().action_log()
        self.assertRecordValues(
            self._interactions(self.client), [{"contact_id": self.contact.id, "result_id": self.no_answer.id}]
        )
        self.assertFalse(self.client.activity_ids, "no next step chosen: nothing planned")

    def test_log_contact_from_activity_one_interaction(self):
        """From a planned meeting: the meeting is done and logged once, with the dialog's result."""
        activity = self.client.activity_schedule(
            activity_type_id=self.meeting_type.id, user_id=self.salesman.id, summary="Show the samples"
        )
        form = self._form(self.salesman, default_activity_id=activity.id)
        self.assertEqual(form.partner_id, self.client)
        self.assertEqual(form.kind, "meeting")
        form.result_id = self.reached
        form.note = "Liked the samples"
        form.next_when = "tomorrow"
        form.save().action_log()
        self.assertFalse(activity.exists() and activity.active, "the meeting is done")
        self.assertRecordValues(
            self._interactions(self.client),
            [{"kind": "meeting", "result_id": self.reached.id, "note": "Liked the samples"}],
        )
        self.assertEqual(self.client.activity_ids.activity_type_id, self.call_type, "the next call is planned")

    def test_log_contact_done_activity_refused(self):
        """An activity already done is not done (nor logged) twice."""
        activity = self.client.activity_schedule(activity_type_id=self.call_type.id, user_id=self.salesman.id)
        wizard = self._form(self.salesman, default_activity_id=activity.id)
        wizard.result_id = self.reached
        wizard = wizard.save()
        activity.action_feedback(feedback="done elsewhere")
        with self.assertRaises(UserError):
            wizard.action_log()
        self.assertEqual(len(self._interactions(self.client)), 1)

    def test_log_contact_other_salesperson_activity_refused(self):
        """An own-clients salesperson may not complete a colleague's call on a colleague's client."""
        activity = self.other_client.activity_schedule(activity_type_id=self.call_type.id, user_id=self.editor.id)
        with self.assertRaises(AccessError):
            wizard = self.env["crm.card.log.contact"].with_user(self.own).create(
                {"activity_id": activity.id, "partner_id": self.other_client.id, "result_id": self.reached.id}
            )
            wizard.action_log()
        self.assertTrue(activity.active)
        self.assertFalse(self._interactions(self.other_client))

    def test_log_contact_reader_refused(self):
        """A reader of the client base cannot log contacts."""
        with self.assertRaises(AccessError):
            self.env["crm.card.log.contact"].with_user(self.reader).create(
                {"partner_id": self.client.id, "result_id": self.reached.id}
            )

    def test_log_contact_on_lead(self):
        """From a lead: the interaction carries the lead, the next call is planned on the lead."""
        lead = self.env["crm.lead"].create(
            {"name": "Cement for the bridge", "partner_id": self.contact.id, "user_id": self.salesman.id}
        )
        form = self._form(self.salesman, default_lead_id=lead.id)
        self.assertEqual(form.partner_id, self.client)
        form.result_id = self.reached
        form.next_when = "3days"
        form.save().action_log()
        self.assertRecordValues(
            self._interactions(self.client), [{"lead_id": lead.id, "contact_id": self.contact.id}]
        )
        self.assertEqual(len(lead.activity_ids), 1)
        self.assertFalse(self.client.activity_ids)
