from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import CrmCardCommon


class CrmCardOwnClientsCommon(CrmCardCommon):
    """"Own clients only" on the partners themselves, tried as a dishonest salesperson would.

    ``own`` (own clients only) is the salesperson of ``own_client`` (with ``own_person``);
    ``client`` (with ``contact``) is the client of ``salesman``, a colleague;
    ``pool`` has no salesperson; ``portal`` is a portal user, a person of ``client``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.own_client = Partner.create({"name": "Kama Steel", "is_company": True, "user_id": cls.own.id})
        cls.own_person = Partner.create({"name": "Pavel Orlov", "parent_id": cls.own_client.id})
        cls.pool = Partner.create({"name": "Oka Mills", "is_company": True})
        cls.client.card_need = "Cement, 20 t a month"
        portal_person = Partner.create({"name": "Lena Sokolova", "parent_id": cls.client.id})
        cls.portal = new_test_user(cls.env, "card_portal", groups="base.group_portal", partner_id=portal_person.id)
        cls.product = cls.env["product.product"].create({"name": "Steel sheet", "list_price": 100})


@tagged("crm_card", "crm_card_access", "post_install", "-at_install")
class TestCrmCardOwnClientsPartners(CrmCardOwnClientsCommon):
    """"Own clients only" on the partners themselves, tried as a dishonest salesperson would."""

    def test_colleague_client_card_not_readable(self):
        """A colleague's client, its persons and its card fields are not read, searched or found by name."""
        Partner = self.env["res.partner"].with_user(self.own)
        for partner in (self.client, self.contact):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                partner.with_user(self.own).read(["name", "phone", "card_need", "card_rating"])
        self.assertFalse(Partner.search([("id", "in", (self.client | self.contact).ids)]))
        self.assertFalse(Partner.search([("card_need", "ilike", "cement")]))
        found = [pid for pid, _name in Partner.name_search("Volga") + Partner.name_search("Irina")]
        self.assertNotIn(self.client.id, found)
        self.assertNotIn(self.contact.id, found)

    def test_colleague_client_not_made_own(self):
        """Writing oneself as salesperson of a colleague's client (or of its person) is refused."""
        for partner in (self.client, self.contact):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                partner.with_user(self.own).write({"user_id": self.own.id})
        self.assertEqual(self.client.user_id, self.salesman)

    def test_write_held_to_create_on_partners(self):
        """A partner is not written out of reach: not given to a colleague, nor moved under their client."""
        with self.assertRaises(AccessError):
            self.own_client.with_user(self.own).write({"user_id": self.salesman.id})
        with self.assertRaises(AccessError):
            self.own_person.with_user(self.own).write({"parent_id": self.client.id})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.own).create({"name": "Gift", "user_id": self.salesman.id})
        self.own_client.with_user(self.own).write({"phone": "+7 843 555 00 00"})
        self.pool.with_user(self.own).write({"user_id": self.own.id})
        self.assertEqual(self.pool.user_id, self.own, "a partner without salesperson may be taken from the pool")

    def test_shared_partners_read_only(self):
        """Users' partners (portal users of a colleague's client too) and companies' stay readable, not writable."""
        shared = self.salesman.partner_id | self.portal.partner_id | self.env.company.partner_id
        self.assertEqual(len(shared.with_user(self.own).read(["name", "email"])), 3)
        with self.assertRaises(AccessError):
            self.portal.partner_id.with_user(self.own).write({"user_id": self.own.id})
        self.assertEqual(self.own.with_user(self.own).read(["name"])[0]["name"], self.own.name)

    def test_colleague_client_name_stays_visible(self):
        """A readable record pointing to a colleague's client shows its name (Odoo reads it as superuser)."""
        lead = self.env["crm.lead"].create({"name": "Cement tender", "partner_id": self.client.id, "user_id": False})
        [values] = lead.with_user(self.own).web_read({"partner_id": {"fields": {"display_name": {}}}})
        self.assertEqual(values["partner_id"]["display_name"], self.client.display_name)

    def test_duplicate_of_colleague_client_named(self):
        """A new card with a colleague's client's phone names that client and its salesperson, no more."""
        form = Form(self.env["res.partner"].with_user(self.own).with_context(default_is_company=True))
        form.name = "Volga Trade"
        form.phone = self.client.phone
        self.assertTrue(form.card_has_duplicates)
        twin = form.save()
        self.assertFalse(twin.card_duplicate_ids)
        self.assertEqual(twin.card_duplicate_others, f"Volga Trade LLC ({self.salesman.name})")
        self.assertEqual(self.client.card_duplicate_ids, twin, "a user who reads both sees the card itself")
        self.assertFalse(self.client.card_duplicate_others)

    def test_flows_per_role(self):
        """Every role keeps Odoo's flows: Contacts, many2one search, users' and the company's partners."""
        roles = {
            "reader": self.reader,
            "editor": self.editor,
            "steward": self.steward,
            "manager": self.manager,
            "salesman": self.salesman,
            "own": self.own,
        }
        for name, user in roles.items():
            with self.subTest(role=name):
                Partner = self.env["res.partner"].with_user(user)
                contacts = Partner.search_read([("is_company", "=", True)], ["name", "phone", "card_info_level"])
                self.assertIn(self.own_client.id, [row["id"] for row in contacts])
                self.assertIn(self.own_client.id, [pid for pid, _name in Partner.name_search("Kama")])
                self.assertIn(self.own_person.id, [pid for pid, _name in Partner.name_search("Orlov")])
                company = self.env.company.partner_id.with_user(user)
                self.assertTrue(company.read(["name", "email"]))
                self.assertTrue(self.manager.partner_id.with_user(user).read(["name"]))
        self.assertTrue(self.portal.partner_id.with_user(self.portal).read(["name"]), "a portal user reads theirs")

    def test_quotation_for_own_client_per_sales_role(self):
        """Sales roles make a quotation for their client through the form and confirm it."""
        manager = new_test_user(self.env, "card_sale_manager", groups="sales_team.group_sale_manager")
        for user in (self.own, self.salesman, manager):
            with self.subTest(user=user.login):
                client = self.own_client if user == self.own else self.client
                with Form(self.env["sale.order"].with_user(user)) as form:
                    form.partner_id = client
                    with form.order_line.new() as line:
                        line.product_id = self.product
                order = form.save()
                order.action_confirm()
                self.assertEqual(order.state, "sale")
                self.assertEqual(order.partner_invoice_id, client)


@tagged("crm_card", "crm_card_access", "post_install", "-at_install")
class TestCrmCardWriteScope(CrmCardCommon):
    """A write is held to the rules of a create: nothing is moved out of the user's reach.

    ``own`` (own clients only) is the salesperson of ``own_client``; ``client`` is a colleague's.
    ``editor_a`` works in the main company only; ``company_b`` is a second company.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_client = cls.env["res.partner"].create(
            {"name": "Kama Steel", "is_company": True, "user_id": cls.own.id}
        )
        cls.birthday = cls.env.ref("crm_card.crm_card_event_type_birthday")
        cls.company_b = cls.env["res.company"].create({"name": "Branch B"})

    def _card_records(self, env, partner):
        """An interaction, event, contract, claim and satisfaction check of ``partner``, made in ``env``."""
        return [
            env["crm.card.interaction"].create({"partner_id": partner.id, "kind": "call"}),
            env["crm.card.event"].create(
                {"partner_id": partner.id, "name": "Birthday", "event_type_id": self.birthday.id, "date": "1980-01-01"}
            ),
            env["crm.card.contract"].create({"partner_id": partner.id, "name": "C-9"}),
            env["crm.card.claim"].create({"partner_id": partner.id, "name": "Late", "description": "<p>Late</p>"}),
            env["crm.card.satisfaction"].create({"partner_id": partner.id, "score": 4}),
        ]

    def test_card_records_not_moved_to_colleague_client(self):
        """Own-clients user: a record of one's own client is not written onto a colleague's client."""
        for record in self._card_records(self.env(user=self.own), self.own_client):
            with self.subTest(model=record._name):
                with self.assertRaises(AccessError):
                    record.write({"partner_id": self.client.id})
                self.assertEqual(record.sudo().partner_id, self.own_client)
                record.write({"partner_id": self.own_client.id})  # a write inside the scope still works

    def test_appendix_not_moved_to_colleague_contract(self):
        """Own-clients user: an appendix is not moved onto a colleague's client's contract."""
        contracts = self.env["crm.card.contract"].create(
            [{"partner_id": self.own_client.id, "name": "C-1"}, {"partner_id": self.client.id, "name": "C-2"}]
        )
        appendix = self.env["crm.card.contract.appendix"].with_user(self.own).create(
            {"contract_id": contracts[0].id, "number": "1"}
        )
        with self.assertRaises(AccessError):
            appendix.write({"contract_id": contracts[1].id})

    def test_card_records_not_moved_to_other_company(self):
        """A user of one company does not write a record into a company they do not work in."""
        self.editor.company_ids = [Command.link(self.company_b.id)]
        env_a = self.env(user=self.editor, context=dict(self.env.context, allowed_company_ids=self.env.company.ids))
        for record in self._card_records(env_a, self.own_client):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.write({"company_id": self.company_b.id})

    def test_superuser_writes_unchecked(self):
        """Jobs and sudo writes are not held to the user's rules."""
        interaction = self._card_records(self.env(user=self.own), self.own_client)[0]
        interaction.sudo().write({"partner_id": self.client.id})
        self.assertEqual(interaction.sudo().partner_id, self.client)


@tagged("crm_card", "crm_card_access", "post_install", "-at_install")
class TestCrmCardMultiCompany(CrmCardCommon):
    """Company A (the main company) and company B; ``editor`` and ``steward`` work in A only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Branch B"})
        cls.client_b = cls.env["res.partner"].create(
            {"name": "Neva Foods", "is_company": True, "company_id": cls.company_b.id, "user_id": cls.salesman.id}
        )
        contract_b = cls.env["crm.card.contract"].create(
            {"partner_id": cls.client_b.id, "name": "B-1", "company_id": cls.company_b.id}
        )
        cls.appendix_b = cls.env["crm.card.contract.appendix"].create({"contract_id": contract_b.id, "number": "1"})
        cls.rating_b = cls.env["crm.card.rating"].create(
            {"partner_id": cls.client_b.id, "value": "2", "comment": "Pays late"}
        )
        cls.rating_shared = cls.env["crm.card.rating"].create(
            {"partner_id": cls.client.id, "value": "4", "comment": "Reliable"}
        )

    def test_company_b_appendix_and_rating_hidden(self):
        """Appendices and ratings of company B's clients are out of reach of a company A user."""
        for record in (self.appendix_b, self.rating_b):
            with self.subTest(model=record._name):
                self.assertFalse(record.with_user(self.editor).search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    record.with_user(self.editor).read(["display_name"])
        self.assertEqual(self.appendix_b.company_id, self.company_b)
        self.assertTrue(self.rating_shared.with_user(self.editor).read(["value"]), "a shared client's rating")

    def test_handover_stays_in_own_companies(self):
        """A company A steward's handover leaves the leaving user's company B clients and work alone."""
        leaver = new_test_user(self.env, "card_leaver_mc", groups="sales_team.group_sale_salesman")
        leaver.company_ids = [Command.link(self.company_b.id)]
        self.client.user_id = leaver
        self.client_b.user_id = leaver
        event_b = self.env["crm.card.event"].create(
            {
                "name": "Anniversary",
                "partner_id": self.client_b.id,
                "event_type_id": self.env.ref("crm_card.crm_card_event_type_company_anniversary").id,
                "date": "2001-04-01",
                "user_id": leaver.id,
                "company_id": self.company_b.id,
            }
        )
        activity_b = self.client_b.activity_schedule("mail.mail_activity_data_call", user_id=leaver.id)
        activity_a = self.client.activity_schedule("mail.mail_activity_data_call", user_id=leaver.id)
        wizard = self.env["crm.card.handover"].with_user(self.steward).create(
            {"from_user_id": leaver.id, "to_user_id": self.salesman.id}
        )
        wizard.action_handover()
        self.assertEqual(self.client.user_id, self.salesman)
        self.assertEqual(activity_a.user_id, self.salesman)
        self.assertEqual(self.client_b.user_id, leaver)
        self.assertEqual(event_b.user_id, leaver)
        self.assertEqual(activity_b.user_id, leaver)


@tagged("crm_card", "crm_card_access", "post_install", "-at_install")
class TestCrmCardScopeSideDoors(CrmCardOwnClientsCommon):
    """Doors around the own-clients scope: a lead, a team change, a handover to another company."""

    def test_lead_does_not_copy_colleague_client(self):
        """A lead on a colleague's client (which would copy its phone and e-mail) is refused."""
        Lead = self.env["crm.lead"].with_user(self.own)
        for partner in (self.client, self.contact):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                Lead.create({"name": "Harvest", "partner_id": partner.id})
        lead = Lead.create({"name": "Mine", "partner_id": self.own_client.id})
        with self.assertRaises(AccessError):
            lead.write({"partner_id": self.client.id})
        with self.assertRaises(AccessError):
            lead.write({"partner_id": self.client.with_user(self.own)})  # a record as the value
        lead.write({"partner_id": self.own_person.with_user(self.own)})
        self.assertEqual(lead.partner_id, self.own_person)

    def test_quotation_does_not_copy_colleague_client(self):
        """A quotation on a colleague's client (Odoo fills its addresses, pricelist and terms as
        superuser) is refused, whichever partner field names it; one's own client still works."""
        Order = self.env["sale.order"].with_user(self.own)
        for fname in ("partner_id", "partner_invoice_id", "partner_shipping_id"):
            vals = {"partner_id": self.own_client.id, fname: self.client.id}
            with self.subTest(fname), self.assertRaises(AccessError):
                Order.create(vals)
        order = Order.create({"partner_id": self.own_client.id})
        with self.assertRaises(AccessError):
            order.write({"partner_shipping_id": self.contact.id})
        self.assertEqual(order.partner_shipping_id, self.own_client)

    def test_invoice_does_not_copy_colleague_client(self):
        """An invoice on a colleague's client is refused as the quotation is (an "Own clients
        only" salesperson who also invoices)."""
        invoicing = new_test_user(
            self.env,
            "card_own_invoicing",
            groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients,account.group_account_invoice",
        )
        self.own_client.user_id = invoicing
        Move = self.env["account.move"].with_user(invoicing)
        with self.assertRaises(AccessError):
            Move.create({"move_type": "out_invoice", "partner_id": self.client.id})
        move = Move.create({"move_type": "out_invoice", "partner_id": self.own_client.id})
        with self.assertRaises(AccessError):
            move.write({"partner_id": self.contact.id})

    def test_leaving_a_team_ends_its_clients_at_once(self):
        """Own clients follow team membership at once: the rules' cache does not keep a left team's clients."""
        team = self.env["crm.team"].create({"name": "Volga", "member_ids": [Command.link(self.own.id)]})
        Partner = self.env["res.partner"].with_user(self.own)
        self.assertFalse(Partner.search([("id", "=", self.client.id)]))
        team.member_ids = [Command.link(self.salesman.id)]
        self.assertTrue(Partner.search([("id", "=", self.client.id)]), "a team mate's client is own")
        team.crm_team_member_ids.filtered(lambda member: member.user_id == self.own).unlink()
        self.assertFalse(Partner.search([("id", "=", self.client.id)]), "left the team: no longer own")

    def test_handover_to_user_of_another_company(self):
        """A handover gives a user only what belongs to their companies: the rest stays put."""
        company_b = self.env["res.company"].create({"name": "Branch B2"})
        user_b = new_test_user(
            self.env, "card_sales_b", groups="sales_team.group_sale_salesman", company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.own_client.company_id = self.env.company
        wizard = self.env["crm.card.handover"].with_user(self.steward).create(
            {"from_user_id": self.own.id, "to_user_id": user_b.id}
        )
        wizard.action_handover()
        self.assertEqual(self.own_client.user_id, self.own)

    def test_colleague_client_rhythm_hidden(self):
        """How a colleague's client buys (its purchase rhythm) is card data: not read by an own-clients user."""
        Rhythm = self.env["crm.card.rhythm"]
        theirs = Rhythm.create({"partner_id": self.client.id, "state": "silent", "since": "2026-01-01"})
        mine = Rhythm.create({"partner_id": self.own_client.id, "state": "regular", "since": "2026-01-01"})
        self.assertEqual(Rhythm.with_user(self.own).search([("id", "in", (theirs | mine).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.own).read(["state"])
