"""Confidential values, looked for where an attacker would: chatter, tracking values, activities,
exports, reports and search domains, as the roles that may not read them."""

import json

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.account.tests import test_duplicate_res_partner_bank as odoo_bank_tests
from odoo.addons.mail.tools.discuss import Store

from .common import CrmCardCommon, CrmCardHistoryCommon
from .test_crm_card_history import HISTORY_FIELDS
from .test_crm_card_rhythm import DECLINING_ORDERS


class ConfidentialCommon:
    """Who is who, besides ``CrmCardCommon``:
    internal   -- internal user with no Sales, Client base or Accounting group
    contacts   -- internal user with Odoo's "Contact Creation" (base.group_partner_manager)
    accountant -- Accounting / Billing
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal = new_test_user(cls.env, "card_internal", groups="base.group_user")
        cls.contacts = new_test_user(cls.env, "card_contacts", groups="base.group_user,base.group_partner_manager")
        cls.accountant = new_test_user(cls.env, "card_accountant", groups="account.group_account_invoice")
        # the worst case: every user of these tests may export
        export = cls.env.ref("base.group_allow_export")
        (cls.internal | cls.contacts | cls.reader | cls.editor | cls.steward | cls.salesman | cls.own).write(
            {"group_ids": [Command.link(export.id)]}
        )
        # the chatter as Odoo writes it: tracking and creation logs on
        cls.live_env = cls.env(context={})

    def _chatter_payload(self, user, record):
        """What the chatter of ``record`` sends to ``user``'s browser (bodies and tracking values)."""
        messages = self.env["mail.message"].with_user(user)._message_fetch(Domain.TRUE, thread=record.with_user(user))
        return json.dumps(Store().add(messages["messages"]).get_result(), default=str)

    def assertValueHidden(self, users, value, records):
        """No message, tracking value or activity readable by ``users`` holds ``value``;
        ``records`` are the threads whose chatter is searched and read too."""
        for user in users:
            Message = self.env["mail.message"].with_user(user)
            self.assertFalse(Message.search([("body", "ilike", value)]), f"{user.login} finds {value} in a message")
            Activity = self.env["mail.activity"].with_user(user)
            self.assertFalse(
                Activity.search(["|", ("summary", "ilike", value), ("note", "ilike", value)]),
                f"{user.login} finds {value} in an activity",
            )
            with self.assertRaises(AccessError):
                self.env["mail.tracking.value"].with_user(user).search([])
            for record in records:
                if not record.with_user(user).has_access("read"):
                    continue
                found = Message._message_fetch(Domain.TRUE, thread=record.with_user(user), search_term=value)
                self.assertFalse(found["messages"], f"{user.login} finds {value} searching {record.display_name}")
                self.assertNotIn(value, self._chatter_payload(user, record), f"{user.login} reads {value}")


@tagged("crm_card", "crm_card_confidential", "post_install", "-at_install")
class TestCrmCardBankAccountChatter(ConfidentialCommon, CrmCardCommon):
    def _client_account_history(self, user):
        """``user`` creates, renumbers and deletes (Odoo archives) a bank account of the client."""
        account = (
            self.live_env["res.partner.bank"]
            .with_user(user)
            .create({"acc_number": "40702810900000012345", "partner_id": self.client.id})
        )
        account.write({"acc_number": "40702810900000067890"})
        account.unlink()
        return account

    def test_bank_account_number_not_in_client_chatter(self):
        """A client's account numbers reach neither its chatter nor a message search of other users."""
        account = self._client_account_history(self.steward)
        users = (self.internal, self.contacts, self.reader, self.editor, self.salesman, self.own)
        for number in ("12345", "67890"):
            self.assertValueHidden(users, number, [self.client])
        # the history stays on the account, for those who read it
        for user in (self.steward, self.accountant):
            payload = self._chatter_payload(user, account.with_context(active_test=False))
            self.assertIn("40702810900000012345", payload)
            self.assertIn("40702810900000067890", payload)

    def test_company_bank_account_keeps_odoo_log(self):
        """Our own company's accounts are not confidential: Odoo's log stays on its partner."""
        company_partner = self.env.company.partner_id
        account = self.live_env["res.partner.bank"].create(
            {"acc_number": "40702810100000055555", "partner_id": company_partner.id}
        )
        account.write({"acc_number": "40702810100000066666"})
        self.assertIn("40702810100000066666", self._chatter_payload(self.internal, company_partner))

    def test_setting_on_by_default(self):
        """Bank account confidentiality is on after install; the setting shows it and turns it off."""
        self.assertTrue(self.env["res.config.settings"].create({}).crm_card_bank_accounts_confidential)
        with self.assertRaises(AccessError):
            self.env["res.partner.bank"].with_user(self.contacts).create(
                {"acc_number": "40702810900000011111", "partner_id": self.client.id}
            )
        self.env["res.config.settings"].create({"crm_card_bank_accounts_confidential": False}).execute()
        self.assertFalse(self.env["res.config.settings"].create({}).crm_card_bank_accounts_confidential)
        account = (
            self.env["res.partner.bank"]
            .with_user(self.contacts)
            .create({"acc_number": "40702810900000011111", "partner_id": self.client.id})
        )
        self.assertEqual(self.client.with_user(self.internal).bank_ids, account)
        # back on: the rule's cache follows the setting at once
        self.env["res.config.settings"].create({"crm_card_bank_accounts_confidential": True}).execute()
        self.assertFalse(self.client.with_user(self.internal).bank_ids)
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.internal)
            .search([("bank_ids.acc_number", "=", "40702810900000011111")])
        )

    def test_setting_off_leaves_odoo_log_on_partner(self):
        """With confidentiality off Odoo's own behaviour is back: the log stays on the client's chatter."""
        self.env["res.config.settings"].create({"crm_card_bank_accounts_confidential": False}).execute()
        self._client_account_history(self.contacts)
        self.assertIn("40702810900000067890", self._chatter_payload(self.internal, self.client))


class BankConfidentialityOff(TransactionCase):
    """Turns the setting off before the set-up of the class that inherits it creates its records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("crm_card.bank_accounts_open", "True")


@tagged("crm_card", "crm_card_confidential", "post_install", "-at_install")
class TestOdooDuplicatePartnerBankConfidentialityOff(odoo_bank_tests.TestDuplicatePartnerBank, BankConfidentialityOff):
    """Odoo's own bank account tests pass with bank account confidentiality off."""

    allow_inherited_tests_method = True


@tagged("crm_card", "crm_card_confidential", "post_install", "-at_install")
class TestCrmCardConfidentialActivities(ConfidentialCommon, CrmCardCommon):
    @freeze_time("2026-06-10")
    def test_event_reminder_on_the_event(self):
        """An event's reminder is an activity on the event: who may not read events reads neither name nor note."""
        event = self.env["crm.card.event"].create(
            {
                "name": "Irina's silver wedding",
                "partner_id": self.contact.id,
                "event_type_id": self.env.ref("crm_card.crm_card_event_type_birthday").id,
                "date": "2001-06-12",
                "user_id": self.salesman.id,
                "note": "Ask about her son's surgery",
            }
        )
        self.env["crm.card.event"]._remind_upcoming_events()
        for value in ("silver wedding", "surgery"):
            self.assertValueHidden((self.internal, self.contacts), value, [self.contact, self.client])
        reminder = self.env["mail.activity"].with_user(self.salesman).search([("user_id", "=", self.salesman.id)])
        self.assertEqual(reminder.res_model, "crm.card.event")
        self.assertEqual(reminder.res_id, event.id)
        self.assertIn("silver wedding", reminder.summary)
        self.assertIn("surgery", reminder.note)


@tagged("crm_card", "crm_card_confidential", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardSalesFigures(ConfidentialCommon, CrmCardHistoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_orders(cls.client | cls.other_client, DECLINING_ORDERS)

    def test_figures_need_sales_or_accounting(self):
        """Sales figures and payment delays are refused to users with no Sales or Accounting right."""
        for user in (self.internal, self.reader, self.editor, self.steward):
            client = self.client.with_user(user)
            with self.assertRaises(AccessError):
                client.read(["card_sales_this_year"])
            with self.assertRaises(AccessError):
                client.export_data(["card_sales_last_year"])
            with self.assertRaises(AccessError):
                client.search([("card_avg_payment_delay_days", ">", 0)])
            self.assertFalse(set(HISTORY_FIELDS) & set(client.fields_get()))
        for user in (self.salesman, self.accountant):
            self.assertEqual(self.client.with_user(user).card_sales_this_year, 2500 * 2 + 2000 * 2 + 800 + 500)

    def test_own_clients_user_reads_figures_of_own_clients_only(self):
        """An own-clients user reads no figure of a colleague's client, and those of their own."""
        own_client = self.env["res.partner"].create({"name": "Kama Steel", "is_company": True, "user_id": self.own.id})
        self._create_orders(own_client, [("2026-02-01", 700.0)])
        self.assertEqual(own_client.with_user(self.own).card_sales_this_year, 700.0)
        self.assertEqual(own_client.with_user(self.own).card_order_count, 1)
        colleague_client = self.other_client.with_user(self.own)
        if colleague_client.has_access("read"):
            values = colleague_client.read(list(HISTORY_FIELDS))[0]
            self.assertFalse(any(values[fname] for fname in HISTORY_FIELDS), values)
            exported = colleague_client.export_data(["card_sales_this_year", "card_order_count"])["datas"]
            self.assertFalse(any(exported[0]), exported)

    def test_rhythm_todo_without_amounts(self):
        """The declining-sales To-Do names the quarters, not the amounts: everyone reading the client reads it."""
        self.env["res.partner"]._update_card_rhythm()
        todo = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", self.client.id)])
        self.assertEqual(len(todo), 1)
        self.assertIn("Q4 2025", todo.summary)
        for amount in ("6,000", "5,000", "4,800", "6000"):
            self.assertValueHidden((self.internal, self.reader), amount, [self.client])

    def test_report_without_figures(self):
        """The printed card shows the figures to a salesperson and leaves them out for a reader."""
        report = self.env["ir.actions.report"]
        html = report.with_user(self.salesman)._render_qweb_html("crm_card.crm_card_report_action", self.client.ids)
        self.assertIn("Sales this year", html[0].decode())
        html = report.with_user(self.reader)._render_qweb_html("crm_card.crm_card_report_action", self.client.ids)
        self.assertNotIn("Sales this year", html[0].decode())


@tagged("crm_card", "crm_card_confidential", "post_install", "-at_install")
class TestCrmCardConfidentialFields(ConfidentialCommon, CrmCardCommon):
    """Rating comments and contract amounts are Data steward data (guards: these held before)."""

    def test_contract_amount_nowhere_else(self):
        """A contract amount set and changed by a steward is in no message, tracking, export or search for others."""
        contract = (
            self.live_env["crm.card.contract"]
            .with_user(self.steward)
            .create({"name": "2026/17", "partner_id": self.client.id, "state": "active", "amount": 987654})
        )
        contract.write({"amount": 876543, "state": "terminated"})
        users = (self.internal, self.reader, self.editor, self.salesman, self.own)
        for value in ("987654", "876543", "987,654", "876,543"):
            self.assertValueHidden(users, value, [contract, self.client])
        Contract = self.env["crm.card.contract"].with_user(self.editor)
        with self.assertRaises(AccessError):
            Contract.search([("amount", ">", 1)])
        with self.assertRaises(AccessError):
            Contract._read_group([], ["partner_id"], ["amount:sum"])
        with self.assertRaises(AccessError):
            contract.with_user(self.editor).export_data(["amount"])
        with self.assertRaises(AccessError):
            self.client.with_user(self.editor).web_read({"card_contract_ids": {"fields": {"amount": {}}}})

    def test_rating_comment_nowhere_else(self):
        """The reason of a rating change is in no message, tracking, activity, export or search for others."""
        wizard = Form(
            self.live_env["crm.card.rating.wizard"]
            .with_user(self.editor)
            .with_context(default_partner_id=self.client.id)
        )
        wizard.value = "1"
        wizard.comment = "Pays late and shouts at our drivers"
        wizard.save().action_apply()
        users = (self.internal, self.reader, self.editor, self.salesman, self.own)
        self.assertValueHidden(users, "shouts at our drivers", [self.client])
        Rating = self.env["crm.card.rating"].with_user(self.editor)
        with self.assertRaises(AccessError):
            Rating.search([("comment", "ilike", "shouts")])
        with self.assertRaises(AccessError):
            self.client.card_rating_ids.with_user(self.editor).export_data(["comment"])
        with self.assertRaises(AccessError):
            self.client.with_user(self.editor).export_data(["card_rating_ids/comment"])
        self.assertEqual(self.client.card_rating_ids.sudo().comment, "Pays late and shouts at our drivers")
        self.assertEqual(self.client.with_user(self.editor).card_rating, "1")
