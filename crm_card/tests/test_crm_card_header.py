from datetime import datetime, timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged

from .common import CrmCardCommon

HEADER_FIELDS = [
    "card_last_interaction_id",
    "card_last_contact",
    "card_next_call_id",
    "card_next_call",
    "card_next_call_overdue",
    "card_call_phone",
]


@tagged("crm_card", "crm_card_header", "post_install", "-at_install")
class TestCrmCardHeader(CrmCardCommon):
    """The card's header: level, alarm, last contact, next call and the phone to call, read as the salesperson.

    ``client`` (salesperson: salesman) has the contact person ``contact``; ``other_client`` is a colleague's.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.reached = cls.env.ref("crm_card.crm_card_interaction_result_reached")
        cls.no_answer = cls.env.ref("crm_card.crm_card_interaction_result_no_answer")
        cls.today = fields.Date.today()
        now = datetime.now().replace(microsecond=0)
        Interaction = cls.env["crm.card.interaction"]
        cls.latest = Interaction.create(
            {
                "partner_id": cls.client.id,
                "contact_id": cls.contact.id,
                "date": now - timedelta(days=1),
                "kind": "call",
                "result_id": cls.reached.id,
                "note": "Wants the spring price list\nand a visit",
            }
        )
        # logged afterwards but dated earlier: not the last contact
        Interaction.create(
            {
                "partner_id": cls.client.id,
                "date": now - timedelta(days=5),
                "kind": "meeting",
                "result_id": cls.no_answer.id,
            }
        )
        Interaction.create({"partner_id": cls.other_client.id, "date": now, "kind": "email"})
        # a To-Do sooner than any call, a call on the client, an earlier call on its contact person
        cls.client.activity_schedule("mail.mail_activity_data_todo", user_id=cls.salesman.id, date_deadline=cls.today)
        cls.client.activity_schedule(
            activity_type_id=cls.call_type.id, user_id=cls.salesman.id, date_deadline=cls.today + timedelta(days=4)
        )
        cls.person_call = cls.contact.activity_schedule(
            activity_type_id=cls.call_type.id,
            summary="Spring order",
            user_id=cls.salesman.id,
            date_deadline=cls.today + timedelta(days=2),
        )

    def test_header_values(self):
        """The latest contact by date, the earliest open call of the client or its persons, the client's phone."""
        client = self.client.with_user(self.salesman)
        self.assertEqual(client.card_last_interaction_id, self.latest)
        self.assertIn("Reached: Wants the spring price list", client.card_last_contact)
        self.assertNotIn("a visit", client.card_last_contact, "only the note's first line")
        self.assertIn("Call", client.card_last_contact)
        self.assertEqual(client.card_next_call_id, self.person_call)
        self.assertIn("Spring order (Irina Petrova)", client.card_next_call)
        self.assertFalse(client.card_next_call_overdue)
        self.assertEqual(client.card_call_phone, "+7 495 123 45 67")
        other = self.other_client.with_user(self.editor)
        self.assertIn("E-mail", other.card_last_contact)
        self.assertFalse(other.card_next_call_id)
        self.assertFalse(other.card_next_call)
        self.assertFalse(other.card_call_phone)

    def test_overdue_call_and_phone_of_person(self):
        """A call past its date is flagged; with no phone of its own the client is called on its person's."""
        self.person_call.date_deadline = self.today - timedelta(days=1)
        self.client.phone = False
        self.contact.phone = "+7 846 200-10-10"
        client = self.client.with_user(self.salesman)
        self.assertTrue(client.card_next_call_overdue)
        self.assertEqual(client.card_call_phone, "+7 846 200-10-10")

    def test_done_call_is_not_next(self):
        """A call marked done leaves the header: the next open one shows."""
        self.person_call.action_feedback(feedback="Done")
        self.assertIn("Call", self.client.with_user(self.salesman).card_next_call)
        self.assertEqual(self.client.card_next_call_id.date_deadline, self.today + timedelta(days=4))

    def test_header_query_budget(self):
        """The header of 20 clients costs the same queries as that of 2: each part is read once for all."""
        clients = self.env["res.partner"].create(
            [{"name": f"Header client {i}", "is_company": True, "phone": "+7 900 000 00 00"} for i in range(20)]
        )
        for client in clients:
            self.env["crm.card.interaction"].create({"partner_id": client.id, "kind": "call"})
            client.activity_schedule(activity_type_id=self.call_type.id, user_id=self.salesman.id)
        self.client.with_user(self.salesman).read(HEADER_FIELDS)  # warm the caches of rules, groups, language
        counts = []
        for batch in (clients[:2], clients):
            self.env.invalidate_all()
            batch = batch.with_user(self.salesman)
            batch.fetch(["commercial_partner_id", "phone"])
            before = self.cr.sql_log_count
            batch.read(HEADER_FIELDS)
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[0], "the header of 20 clients costs what that of 2 costs")
        # last contact: the latest date per client (grouped), the entries of those dates, their results;
        # next call: the clients' persons, their open calls, their types; the phone: the clients' persons.
        # 9 on Odoo alone; the OCA addons of `run-tests --with-oca` add 2 (their record rules' reads)
        self.assertLessEqual(counts[0], 11)

    def test_header_only_on_the_form(self):
        """The header's fields are on the client form, not on the list or kanban of contacts (never computed there)."""
        Partner = self.env["res.partner"].with_user(self.salesman)
        views = Partner.get_views([(False, "form"), (False, "list"), (False, "kanban")])["views"]
        for view_type, expected in (("form", True), ("list", False), ("kanban", False)):
            arch = etree.fromstring(views[view_type]["arch"])
            names = {node.get("name") for node in arch.iter("field")}
            for fname in ("card_last_contact", "card_next_call", "card_call_phone"):
                self.assertEqual(fname in names, expected, f"{fname} in the {view_type} view")
        form = etree.fromstring(views["form"]["arch"])
        [header] = form.xpath("//div[@name='crm_card_header']")
        self.assertFalse(header.xpath("ancestor::notebook"), "the header is above the tabs")
        self.assertTrue(header.xpath(".//field[@name='card_call_phone'][@widget='crm_card_call_button']"))
        self.assertTrue(header.xpath(".//button[contains(@class, 'o_crm_card_log_contact_button')]"))
