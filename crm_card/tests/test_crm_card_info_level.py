from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_info_level", "post_install", "-at_install")
class TestCrmCardInfoLevel(CrmCardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.decision_maker = cls.env.ref("crm_card.crm_card_buying_role_decision_maker")
        cls.product = cls.env["product.product"].create({"name": "Rebar A500", "list_price": 50.0})
        cls.prospect = cls.env["res.partner"].create({"name": "Kaluga Profile LLC", "is_company": True})

    def _order(self, partner, months_ago=0, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1})],
            }
        )
        if confirm:
            order.action_confirm()
            order.date_order = fields.Datetime.now() - relativedelta(months=months_ago)
        return order

    def _make_need_level(self, partner):
        partner.write(
            {
                "phone": "+7 484 222 33 44",
                "card_need": "Profile pipes for greenhouses",
                "card_need_volume": "5 t a month",
                "card_need_date": fields.Date.today() + relativedelta(months=1),
            }
        )
        self.env["res.partner"].create(
            {
                "name": "Nikolai Fedorov",
                "parent_id": partner.id,
                "function": "Owner",
                "buying_role_id": self.decision_maker.id,
            }
        )

    def test_levels_step_by_step(self):
        """Each piece of knowledge moves the card one level up: none, address, potential, need."""
        prospect = self.prospect
        self.assertEqual(prospect.card_info_level, "none")
        prospect.card_category_id = self.category_wholesale
        self.assertEqual(prospect.card_info_level, "address", "name + category: two of four suffice")
        prospect.card_need = "Profile pipes for greenhouses"
        self.assertEqual(prospect.card_info_level, "address", "the need alone is not enough")
        contact = self.env["res.partner"].create({"name": "Nikolai Fedorov", "parent_id": prospect.id})
        self.assertEqual(prospect.card_info_level, "address", "the contact person needs a position")
        contact.function = "Owner"
        self.assertEqual(prospect.card_info_level, "potential")
        contact.buying_role_id = self.decision_maker
        self.assertEqual(prospect.card_info_level, "potential")
        prospect.card_need_volume = "5 t a month"
        self.assertEqual(prospect.card_info_level, "potential")
        prospect.card_need_date = fields.Date.today()
        self.assertEqual(prospect.card_info_level, "need")
        self.assertFalse(contact.card_info_level, "a contact person is part of a card, not a card")

    def test_address_needs_two_facts(self):
        """A bare name is incomplete; name and address, or address and phone, make the address level."""
        self.assertEqual(self.prospect.card_info_level, "none")
        self.prospect.city = "Kaluga"
        self.assertEqual(self.prospect.card_info_level, "address")
        person = self.env["res.partner"].create({"name": "Private Buyer"})
        self.assertEqual(person.card_info_level, "none")
        person.phone = "+7 900 000 00 00"
        self.assertEqual(person.card_info_level, "address")

    def test_buyer_and_back(self):
        """A confirmed order makes a buyer, quotations do not, cancelling the order undoes it."""
        self._make_need_level(self.prospect)
        self.assertEqual(self.prospect.card_info_level, "need")
        quotation = self._order(self.prospect, confirm=False)
        self.assertEqual(self.prospect.card_info_level, "need")
        quotation.action_confirm()
        self.assertEqual(self.prospect.card_info_level, "buyer")
        quotation._action_cancel()
        self.assertEqual(self.prospect.card_info_level, "need")

    def test_order_of_contact_person_counts(self):
        """An order placed on a contact person counts for the client company."""
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.prospect.id})
        self._order(contact)
        self.assertEqual(self.prospect.card_info_level, "buyer")

    def test_buyer_without_data_is_buyer(self):
        """A client who buys is a buyer even when the card is thin."""
        self._order(self.prospect)
        self.assertEqual(self.prospect.card_info_level, "buyer")

    def test_regular_by_months(self):
        """Orders in three distinct months of the last twelve make a regular client."""
        self._order(self.prospect, months_ago=1)
        self._order(self.prospect, months_ago=1)
        self._order(self.prospect, months_ago=2)
        self.assertEqual(self.prospect.card_info_level, "buyer", "two distinct months only")
        self._order(self.prospect, months_ago=14)
        self.assertEqual(self.prospect.card_info_level, "buyer", "an order older than a year does not count")
        self._order(self.prospect, months_ago=5)
        self.assertEqual(self.prospect.card_info_level, "regular")

    def test_regular_falls_back_with_time(self):
        """The nightly recompute demotes a regular client whose orders got older than a year."""
        orders = self._order(self.prospect, 1) | self._order(self.prospect, 2) | self._order(self.prospect, 3)
        self.assertEqual(self.prospect.card_info_level, "regular")
        # move the orders back in time without touching the partner, as time passing would
        self.env.cr.execute(
            "UPDATE sale_order SET date_order = date_order - interval '1 year' WHERE id = ANY(%s)",
            [orders.ids],
        )
        self.env.invalidate_all()
        self.assertEqual(self.prospect.card_info_level, "regular", "stored until recomputed")
        Partner = self.env["res.partner"]
        self.assertIn(self.prospect.id, Partner._get_card_info_level_candidate_ids())
        Partner.browse(Partner._get_card_info_level_candidate_ids())._card_recompute_info_level()
        self.assertEqual(self.prospect.card_info_level, "buyer")

    def test_contract_does_not_make_regular(self):
        """A contract without repeat orders does not make a regular client; orders do."""
        self._make_need_level(self.prospect)
        contract = self.env["crm.card.contract"].create({"name": "C-1", "partner_id": self.prospect.id})
        contract.state = "active"
        self.prospect._card_recompute_info_level()
        self.assertEqual(self.prospect.card_info_level, "need", "a contract with no order")
        self._order(self.prospect)
        self.assertEqual(self.prospect.card_info_level, "buyer", "a contract and one order")
        self._order(self.prospect, 2)
        self._order(self.prospect, 4)
        self.assertEqual(self.prospect.card_info_level, "regular")

    def test_contact_persons_same_month_count_once(self):
        """Two contact persons of a client ordering in the same months make those months, not twice as many."""
        first, second = self.env["res.partner"].create(
            [{"name": "Buyer One", "parent_id": self.prospect.id}, {"name": "Buyer Two", "parent_id": self.prospect.id}]
        )
        for person in (first, second):
            self._order(person, months_ago=1)
            self._order(person, months_ago=2)
        self.assertEqual(self.prospect._card_order_stats()[self.prospect.id], (4, 2))
        self.assertEqual(self.prospect.card_info_level, "buyer", "two distinct months, whoever ordered")

    def test_orders_of_another_company_do_not_count(self):
        """A client of our company is not made a buyer by another company's order with its shared
        contact person; a client shared by all companies is (it shares its level)."""
        branch = self.env["res.company"].create({"name": "Tula Branch"})
        client = self.env["res.partner"].create(
            {"name": "Tula Pipes LLC", "is_company": True, "company_id": self.env.company.id}
        )
        person = self.env["res.partner"].create({"name": "Shared Buyer", "parent_id": client.id, "company_id": False})
        order = (
            self.env["sale.order"]
            .with_company(branch)
            .create(
                {
                    "partner_id": person.id,
                    "company_id": branch.id,
                    "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1})],
                }
            )
        )
        order.action_confirm()
        self.assertFalse(client.card_order_level, "the branch's order is not our company's")
        self.assertNotIn(client.id, client._card_order_stats())
        client.company_id = False
        self.assertEqual(client.card_order_level, "buyer", "a client shared by all companies")
        self.assertEqual(client._card_order_stats()[client.id], (1, 1))

    def test_regular_months_in_settings(self):
        """The months that make a regular buyer are set in Settings; the next job run applies a new value."""
        self._order(self.prospect, 1)
        self._order(self.prospect, 2)
        self.assertEqual(self.prospect.card_info_level, "buyer")
        self.env["res.config.settings"].create({"crm_card_regular_months": 2}).execute()
        # the job (whose progress commits) recomputes its candidates: now the buyers too
        Partner = self.env["res.partner"]
        rejudge = bool(self.env["ir.config_parameter"].get_param("crm_card.info_level_rejudge"))
        self.assertIn(self.prospect.id, Partner._get_card_info_level_candidate_ids(rejudge))
        Partner.browse(Partner._get_card_info_level_candidate_ids(rejudge))._card_recompute_info_level()
        self.assertEqual(self.prospect.card_info_level, "regular")
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"crm_card_regular_months": 13})

    def test_buying_role_is_desirable(self):
        """A missing buying center role does not hold the level back but is named as missing."""
        self._make_need_level(self.prospect)
        self.prospect.child_ids.buying_role_id = False
        self.assertEqual(self.prospect.card_info_level, "need")
        self.assertIn("buying center role (desirable)", self.prospect.card_missing_info)

    def test_missing_info_of_buyers(self):
        """A buyer's and a regular buyer's card name the position, contract terms and check they lack."""
        self.prospect.phone = "+7 484 222 33 44"
        self._order(self.prospect)
        missing = self.prospect.card_missing_info
        self.assertIn("3 different months", missing)
        self.assertIn("a contact person with a position", missing)
        self.assertIn("a check of the card's data in the last 12 months", missing)
        self.assertNotIn("contract", missing, "contract terms are for regular buyers")
        self._order(self.prospect, 2)
        self._order(self.prospect, 3)
        self.assertEqual(self.prospect.card_info_level, "regular")
        self.assertIn("an active contract with its terms", self.prospect.card_missing_info)
        self.env["res.partner"].create(
            {
                "name": "Olga",
                "parent_id": self.prospect.id,
                "function": "Buyer",
                "buying_role_id": self.decision_maker.id,
            }
        )
        self.prospect.action_card_mark_verified()
        contract = self.env["crm.card.contract"].create({"name": "C-2", "partner_id": self.prospect.id})
        contract.write({"state": "active", "terms": "<p>Monthly deliveries, payment in 30 days</p>"})
        self.prospect.invalidate_recordset(["card_missing_info"])
        self.assertFalse(self.prospect.card_missing_info)

    def test_missing_info_follows_contracts(self):
        """The missing information follows a contract's state and terms as soon as they change, by the
        fields' dependencies (a contract of a contact person counts for its client)."""
        self.prospect.phone = "+7 484 222 33 44"
        for months_ago in (0, 2, 3):
            self._order(self.prospect, months_ago)
        person = self.env["res.partner"].create({"name": "Olga", "parent_id": self.prospect.id, "function": "Buyer"})
        self.assertIn("an active contract with its terms", self.prospect.card_missing_info)
        contract = self.env["crm.card.contract"].create(
            {"name": "C-3", "partner_id": person.id, "state": "active", "terms": "<p>Payment in 30 days</p>"}
        )
        self.assertNotIn("contract", self.prospect.card_missing_info)
        contract.action_terminate()
        self.assertIn("an active contract with its terms", self.prospect.card_missing_info)

    def test_need_date_reminder_once(self):
        """A need date coming within the days set in Settings gives the salesperson one To-Do, once per date."""
        Partner = self.env["res.partner"]
        today = fields.Date.today()
        self.prospect.write({"user_id": self.salesman.id, "card_need_date": today + relativedelta(days=20)})
        self.assertFalse(Partner._remind_card_need_dates(), "20 days ahead, 14 by default")
        self.env["res.config.settings"].create({"crm_card_need_remind_days": 30}).execute()
        activity = Partner._remind_card_need_dates()
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.res_id, activity.user_id), (self.prospect.id, self.salesman))
        self.assertFalse(Partner._remind_card_need_dates(), "the next night gives no second To-Do")
        self.prospect.card_need_date = today + relativedelta(days=25)
        self.assertEqual(len(Partner._remind_card_need_dates()), 1, "a new need date is announced again")

    def test_missing_info(self):
        """The card says in words what is missing for the next level."""
        prospect = self.prospect
        self.assertEqual(prospect.card_missing_info, "one of: an address, a phone, a category")
        prospect.phone = "+7 484 222 33 44"
        self.assertIn("a contact person with a position", prospect.card_missing_info)
        self.assertIn("the need for our offer", prospect.card_missing_info)
        self._make_need_level(prospect)
        self.assertEqual(prospect.card_missing_info, "a confirmed sale order")
        self._order(prospect)
        self.assertIn("3 different months", prospect.card_missing_info)

    def test_query_budget(self):
        """Computing the level costs the same queries for 50 clients as for 5."""
        def make_clients(count):
            clients = self.env["res.partner"].create(
                [{"name": f"Client {i}", "is_company": True, "phone": "+7 900 100 00 00"} for i in range(count)]
            )
            self.env["res.partner"].create(
                [{"name": f"Contact {i}", "parent_id": c.id, "function": "Buyer"} for i, c in enumerate(clients)]
            )
            for client in clients[:2]:
                self._order(client)
            self.env.invalidate_all()
            return clients

        few, many = make_clients(5), make_clients(50)
        # the clients' fields, their children (search + fields), confirmed orders grouped by
        # customer and month, active contracts grouped by client: 5, whatever the batch size
        for clients in (few, many):
            self.env.invalidate_all()
            with self.assertQueryCount(5):
                clients.mapped("card_missing_info")

    def test_import_writes_new_rows_once(self):
        """Imported clients get all their computed fields in one UPDATE after their INSERT: their
        level's order part flushes no pending commercial partner of partners without orders
        (measure 7: a second UPDATE of every imported row and its indexes, 1.13 x at size L)."""
        self._order(self.prospect)
        self.env.flush_all()
        rows = [[f"Imported Client {i}", "1", f"+7 900 100 00 0{i}", f"Lenina {i}"] for i in range(3)]
        with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
            result = self.env["res.partner"].load(["name", "is_company", "phone", "street"], rows)
            self.env.flush_all()
        self.assertFalse(result["messages"])
        updates = [line for line in logs.output if 'UPDATE "res_partner"' in line]
        self.assertEqual(len(updates), 1, "one UPDATE of the imported rows")
        imported = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(imported.mapped("card_info_level"), ["address"] * 3)
        self.assertEqual(imported.mapped("commercial_partner_id"), imported)

    def test_person_with_orders_moved_under_client(self):
        """A person who has ordered, moved under a client, makes it a buyer at once: the pending
        commercial partner of a partner with orders is flushed before the orders are counted."""
        person = self.env["res.partner"].create({"name": "Ordering Person"})
        self._order(person)
        self.env.flush_all()
        person.parent_id = self.prospect
        self.assertEqual(self.prospect.card_info_level, "buyer")

    def test_save_reads_no_order_nor_contract(self):
        """Saving a client's phone recomputes its level without querying its orders or contracts."""
        self._order(self.prospect, months_ago=1)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
            self.prospect.with_user(self.salesman).write({"phone": "+7 484 222 33 55", "street": "Lenina 1"})
            self.env.flush_all()
        queries = [line for line in logs.output if "query:" in line]
        # the orders' part of the level is stored (card_order_level) and follows the orders: a save
        # of the phone costs no order query, which Odoo's own save has not either (measure 7)
        self.assertFalse([line for line in queries if '"sale_order"' in line])
        # the contracts only matter to the wishes of the missing information, which the card shows
        self.assertFalse([line for line in queries if '"crm_card_contract"' in line])
        self.assertEqual(self.prospect.card_info_level, "buyer")
        self.assertIn("(now 1)", self.prospect.card_missing_info, "the card reads the orders now")
