from datetime import date
from functools import partial

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CrmCardHistoryCommon

# Frozen on 2026-08-15: the current quarter is Q3 2026, so the last three
# closed quarters are Q4 2025, Q1 2026 and Q2 2026.
TODAY = date(2026, 8, 15)

SILENT_ORDERS = [("2025-01-01", 500.0), ("2025-01-31", 500.0), ("2025-03-02", 500.0)]
DECLINING_ORDERS = [
    ("2025-10-15", 3000.0),
    ("2025-11-15", 3000.0),
    ("2026-01-15", 2500.0),
    ("2026-02-15", 2500.0),
    ("2026-04-15", 2000.0),
    ("2026-05-15", 2000.0),
    ("2026-06-15", 800.0),
    ("2026-07-20", 500.0),
]
# monthly orders, the last one 50 days before TODAY
MONTHLY_ORDERS = [("2026-03-28", 500.0), ("2026-04-27", 500.0), ("2026-05-27", 500.0), ("2026-06-26", 500.0)]


@tagged("crm_card", "crm_card_rhythm", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardRhythm(CrmCardHistoryCommon):
    def _activities(self, partner):
        return self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])

    def test_none_with_fewer_than_three_orders(self):
        """Two orders are not a rhythm yet."""
        self._create_orders(self.client, [("2026-06-01", 100.0), ("2026-07-01", 100.0)])
        self.client._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "none")
        self.assertFalse(self._activities(self.client))

    def test_regular(self):
        """Monthly orders of a steady size are regular, without an activity."""
        self._create_orders(self.client, [(f"2025-{m:02d}-15", 1000.0) for m in range(9, 13)])
        self._create_orders(self.client, [(f"2026-{m:02d}-15", 1000.0) for m in range(1, 8)])
        self._create_orders(self.client, [("2026-08-10", 1000.0)], state="sent")  # an offer out: nothing to remind
        self.client._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "regular")
        self.assertEqual(self.client.card_rhythm_since, TODAY)
        self.assertFalse(self._activities(self.client))

    def test_silent(self):
        """No order for longer than the gap times the factor is silent; the To-Do says so, the card has figures."""
        self._create_orders(self.client, SILENT_ORDERS)
        self.client._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "silent")
        activity = self._activities(self.client)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        days = (TODAY - date(2025, 3, 2)).days
        self.assertEqual(activity.summary, "Silent client: no order for longer than usual")
        self.assertEqual(self.client.card_rhythm_note, f"No order for {days} days; usual gap 30 days")
        my_activities = self.env["mail.activity"].with_user(self.salesman).search([("user_id", "=", self.salesman.id)])
        self.assertIn(activity, my_activities)

    def test_silent_after_factor_of_gap(self):
        """Silent comes after the usual gap times the factor set in Settings (1.5), not at twice the gap."""
        # monthly (gap 30 days), last order 50 days ago: past 1.5 x 30, not yet 2 x 30
        self._create_orders(self.client, MONTHLY_ORDERS)
        self.client._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "silent")
        self.env["res.config.settings"].create({"crm_card_silent_factor": 2.0}).execute()
        self.client._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "regular")

    def test_no_offer_sent(self):
        """A regular buyer without an order, quotation, letter or e-mail for longer than its gap gets one To-Do."""
        # monthly (gap 30 days), last order 40 days ago: not yet silent (45 days)
        self._create_orders(self.client, [("2026-04-07", 500.0), ("2026-05-07", 500.0), ("2026-06-06", 500.0),
                                          ("2026-07-06", 500.0)])
        self.assertEqual(self.client.card_info_level, "regular")
        self.client._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "regular")
        self.assertRecordValues(self.client, [{"card_no_offer": True, "card_no_offer_since": TODAY}])
        activity = self._activities(self.client)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(
            activity.summary, "No offer sent for longer than the usual gap between orders: send a commercial offer"
        )
        self.assertEqual(self.env["res.partner"].search([("card_no_offer", "=", True)]), self.client)
        self.client._update_card_rhythm()
        self.assertEqual(len(self._activities(self.client)), 1, "one To-Do per episode")
        # an e-mail with the offer ends the episode
        self.env["crm.card.interaction"].create(
            {"partner_id": self.client.id, "kind": "email", "date": "2026-08-14 10:00:00"}
        )
        self.client._update_card_rhythm()
        self.assertFalse(self.client.card_no_offer)
        self.assertEqual(self.client.card_rhythm_since, TODAY, "the rhythm episode goes on")

    def test_quotation_is_an_offer(self):
        """A quotation sent within the usual gap is an offer; a buyer who is not regular gets no reminder."""
        orders = [("2026-04-07", 500.0), ("2026-05-07", 500.0), ("2026-06-06", 500.0), ("2026-07-06", 500.0)]
        self._create_orders(self.client | self.other_client, orders)
        self._create_orders(self.client, [("2026-08-01", 500.0)], state="draft")
        self.env["res.config.settings"].create({"crm_card_regular_months": 5}).execute()
        self.other_client._card_recompute_info_level()  # four months of orders: a buyer, no longer regular
        self.assertEqual(self.other_client.card_info_level, "buyer")
        (self.client | self.other_client)._update_card_rhythm()
        self.assertFalse(self.client.card_no_offer)
        self.assertFalse(self.other_client.card_no_offer)
        self.assertFalse(self._activities(self.client) | self._activities(self.other_client))

    def test_weekly_digest_for_head_of_sales(self):
        """The head of sales gets one To-Do listing, per salesperson, the clients at risk nobody acted on."""
        head = self.manager
        team = self.env["crm.team"].create({"name": "North", "user_id": head.id})
        self.env["crm.team.member"].create(
            [{"crm_team_id": team.id, "user_id": user.id} for user in (self.salesman, self.editor)]
        )
        self._create_orders(self.client, SILENT_ORDERS)
        self._create_orders(self.other_client, DECLINING_ORDERS)
        Partner = self.env["res.partner"]
        Partner._update_card_rhythm()
        self.env["crm.card.interaction"].create(
            {"partner_id": self.other_client.id, "kind": "call", "date": "2026-08-15 00:00:00"}
        )
        digest = Partner._send_card_risk_digest()
        self.assertEqual(len(digest), 1)
        self.assertEqual((digest.user_id, digest.res_model, digest.res_id), (head, "res.partner", head.partner_id.id))
        self.assertEqual(digest.summary, "Weekly digest of clients at risk nobody acted on: 1")
        self.assertIn(self.salesman.name, digest.note)
        self.assertIn(f"{self.client.name}: Silent", digest.note)
        self.assertNotIn(self.other_client.name, digest.note, "a call was logged since it started declining")
        self.assertNotIn("500", digest.note, "names only, no figures")

    def test_declining(self):
        """Q-3 > Q-2 > Q-1 with Q-1 at most 80 % of Q-3 is declining; the current quarter does not count."""
        self._create_orders(self.client, DECLINING_ORDERS)
        self.client._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "declining")
        activity = self._activities(self.client)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, "Sales fell three quarters in a row: Q4 2025 → Q1 2026 → Q2 2026")
        self.assertRegex(
            self.client.card_rhythm_note,
            r"^Sales fell: Q4 2025 .*6,000\.00.* → Q1 2026 .*5,000\.00.* → Q2 2026 .*4,800\.00",
        )

    def test_small_decline_is_regular(self):
        """A fall of less than 20 % over three quarters stays regular."""
        self._create_orders(
            self.client,
            [("2025-11-15", 6000.0), ("2026-02-15", 5500.0), ("2026-05-15", 5000.0), ("2026-07-15", 5000.0)],
        )
        self.client._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "regular")

    def test_idempotent_and_episodes(self):
        """Running twice gives one activity; a new episode after a return to regular gives a new one."""
        self._create_orders(self.client, SILENT_ORDERS)
        self._create_orders(self.other_client, DECLINING_ORDERS)
        Partner = self.env["res.partner"]
        Partner._update_card_rhythm()
        Partner._update_card_rhythm()
        self.client._update_card_rhythm()
        self.assertEqual(len(self._activities(self.client)), 1)
        self.assertEqual(len(self._activities(self.other_client)), 1)
        self.assertEqual(self._activities(self.other_client).user_id, self.editor)
        # the client orders again: back to regular, no new activity
        self._create_orders(self.client, [("2026-08-10", 500.0), ("2026-08-14", 500.0)])
        with freeze_time("2026-08-16"):
            Partner._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "regular")
        self.assertEqual(len(self._activities(self.client)), 1)
        # and falls silent again: mean gap (2026-08-14 - 2025-01-01) / 4 = 147.5 days,
        # so 383 days later is a new episode with a new activity
        with freeze_time("2027-09-01"):
            Partner._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "silent")
        self.assertEqual(self.client.card_rhythm_since, date(2027, 9, 1))
        self.assertEqual(len(self._activities(self.client)), 2)

    def test_batch_query_budget(self):
        """Judging 3 or 30 clients costs the same number of queries."""
        Partner = self.env["res.partner"]
        warm, few, many = (
            Partner.create(
                [{"name": f"Client {n}", "is_company": True, "user_id": self.salesman.id} for n in range(size)]
            )
            for size in (1, 3, 30)
        )
        self._create_orders(warm | few | many, SILENT_ORDERS)
        warm._update_card_rhythm()  # fill the registry caches (xmlids, models, languages) once
        for clients in (few, many):
            self.env.flush_all()
            self.env.invalidate_all()
            # 12 = the clients' rows (commercial partner), the statement judging and writing
            # them, the running user and company (language, currency), the alarming clients'
            # rows (assignees), the assignees' users and partners (their language, for the
            # To-Do's text), the To-Do type, the clients' names, the activity insert, the
            # assignees' follower rows, the assignees' partners (activity counter)
            with self.assertQueryCount(12):
                clients._update_card_rhythm()
            self.assertEqual(set(clients.mapped("card_rhythm_state")), {"silent"})
            activities = self.env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "in", clients.ids)]
            )
            self.assertEqual(len(activities), len(clients))
            self.assertEqual(activities.user_id, self.salesman)
            self.assertEqual(set(activities.mapped("res_name")), set(clients.mapped("display_name")))
            self.assertIn(self.salesman.partner_id, clients[-1].message_partner_ids)

    def test_whole_base_once_a_night(self):
        """The nightly run judges every active client; running it again the same day changes nothing."""
        self._create_orders(self.client, SILENT_ORDERS)
        self._create_orders(self.other_client, DECLINING_ORDERS)
        archived = self.env["res.partner"].create({"name": "Archived Client", "is_company": True})
        self._create_orders(archived, SILENT_ORDERS)
        archived.action_archive()
        Partner = self.env["res.partner"]
        Partner._cron_update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "silent")
        self.assertEqual(self.other_client.card_rhythm_state, "declining")
        self.assertEqual(archived.card_rhythm_state, "none")
        activities = self._activities(self.client) | self._activities(self.other_client)
        self.assertEqual(len(activities), 2)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(3):  # the judging statement, the running user and company; nothing written
            Partner._update_card_rhythm()
        self.assertEqual(self._activities(self.client) | self._activities(self.other_client), activities)

    def _rhythms(self, partners):
        return self.env["crm.card.rhythm"].search([("partner_id", "in", partners.ids)])

    def test_upsert_and_lost_rhythm(self):
        """A changed state updates the client's row in place; a client losing its rhythm loses its row."""
        orders = self._create_orders(self.client, SILENT_ORDERS)
        self.client._update_card_rhythm()
        rhythm = self._rhythms(self.client)
        self.assertRecordValues(rhythm, [{"state": "silent", "since": TODAY}])
        self._create_orders(self.client, [("2026-08-10", 500.0), ("2026-08-14", 500.0)])
        with freeze_time("2026-08-16"):
            self.client._update_card_rhythm()
        self.assertEqual(self._rhythms(self.client), rhythm)
        self.assertRecordValues(rhythm, [{"state": "regular", "since": date(2026, 8, 16)}])
        # all orders cancelled: fewer than three orders, no rhythm, no row
        orders.action_cancel()
        with freeze_time("2026-08-17"):
            self.client._update_card_rhythm()
        self.assertFalse(rhythm.exists())
        self.assertEqual(self.client.card_rhythm_state, "none")
        self.assertFalse(self.client.card_rhythm_since)

    def test_rhythm_statement_agrees_with_card(self):
        """The rhythm job aggregates the card's figures less the card's own: same count, dates, quarters, gap, state."""
        self._create_orders(self.client, SILENT_ORDERS)
        self._create_orders(self.other_client, DECLINING_ORDERS)
        self._create_orders(self.contact, MONTHLY_ORDERS[:2])  # the client's person: its orders count
        clients = SQL("= ANY(%s)", (self.client | self.other_client).ids)
        query = partial(self.env["res.partner"]._card_order_figures_query, clients, self.env.companies, TODAY)
        card = {row["partner_id"]: row for row in self.env.execute_query_dict(query())}
        rhythm = {row["partner_id"]: row for row in self.env.execute_query_dict(query(figures="rhythm"))}
        # what only the card shows (the 12 months', this and last year's figures) is left out
        rhythm_keys = {"partner_id", "count", "first_date", "last_date", "q3", "q2", "q1", "gap", "state"}
        self.assertEqual(set(rhythm[self.client.id]), rhythm_keys)
        self.assertEqual(rhythm, {client_id: {key: row[key] for key in rhythm_keys} for client_id, row in card.items()})
        self.assertEqual(rhythm[self.client.id]["count"], 5)
        self.assertEqual(
            {client_id: row["state"] for client_id, row in rhythm.items()},
            {self.client.id: "regular", self.other_client.id: "declining"},
        )

    def test_search_by_state(self):
        """Domains on the rhythm state find the clients with that row, and 'none' those without one."""
        self._create_orders(self.client, SILENT_ORDERS)
        self._create_orders(self.other_client, DECLINING_ORDERS)
        (self.client | self.other_client)._update_card_rhythm()
        Partner = self.env["res.partner"]
        both = self.client | self.other_client | self.contact
        self.assertEqual(Partner.search([("id", "in", both.ids), ("card_rhythm_state", "=", "silent")]), self.client)
        self.assertEqual(
            Partner.search([("id", "in", both.ids), ("card_rhythm_state", "in", ("silent", "declining"))]),
            self.client | self.other_client,
        )
        self.assertEqual(Partner.search([("id", "in", both.ids), ("card_rhythm_state", "=", "none")]), self.contact)
        self.assertEqual(
            Partner.search([("id", "in", both.ids), ("card_rhythm_state", "!=", "silent")]),
            self.other_client | self.contact,
        )
        self.assertEqual(
            Partner.search([("id", "in", both.ids), ("card_rhythm_state", "in", ("none", "declining"))]),
            self.other_client | self.contact,
        )
        # the search view's filters, as a reader sees them
        self.assertEqual(
            Partner.with_user(self.reader).search([("id", "in", both.ids), ("card_rhythm_state", "=", "declining")]),
            self.other_client,
        )

    def test_read_many_in_one_query(self):
        """Reading the rhythm of many partners costs one query, whoever reads them."""
        clients = self.env["res.partner"].create([{"name": f"Client {n}", "is_company": True} for n in range(20)])
        self._create_orders(clients[:10], SILENT_ORDERS)
        clients._update_card_rhythm()
        for user in (self.env.user, self.reader, self.own):
            partners = clients.with_user(user)
            self.env.invalidate_all()
            partners.fetch(["name"])
            with self.assertQueryCount(1):  # the rhythm rows of all twenty
                states = partners.mapped("card_rhythm_state")
                partners.mapped("card_rhythm_since")
            self.assertEqual(states, ["silent"] * 10 + ["none"] * 10)

    def test_rhythm_rows_are_read_only(self):
        """Users read the rhythm rows; only the nightly job (superuser) writes them."""
        self._create_orders(self.client, SILENT_ORDERS)
        self.client.with_user(self.salesman)._update_card_rhythm()
        rhythm = self._rhythms(self.client)
        self.assertEqual(rhythm.with_user(self.salesman).state, "silent")
        for user in (self.salesman, self.manager):
            Rhythm = self.env["crm.card.rhythm"].with_user(user)
            with self.assertRaises(AccessError):
                rhythm.with_user(user).write({"state": "regular"})
            with self.assertRaises(AccessError):
                Rhythm.create({"partner_id": self.other_client.id, "state": "regular"})
            with self.assertRaises(AccessError):
                rhythm.with_user(user).unlink()

    def test_merge_clients_with_rhythms(self):
        """Merging two clients that both have a rhythm keeps the survivor's row and drops the other."""
        self._create_orders(self.client, SILENT_ORDERS)
        self._create_orders(self.other_client, DECLINING_ORDERS)
        (self.client | self.other_client)._update_card_rhythm()
        rhythm, other_rhythm = self._rhythms(self.client), self._rhythms(self.other_client)
        self.env["base.partner.merge.automatic.wizard"]._merge((self.client | self.other_client).ids, self.client)
        self.assertFalse(self.other_client.exists())
        self.assertFalse(other_rhythm.exists())
        self.assertEqual(self._rhythms(self.client), rhythm)
        self.assertEqual(self.client.card_rhythm_state, "silent")
        # the next night judges the merged orders: the old silent ones are too old to count
        with freeze_time("2026-08-16"):
            self.env["res.partner"]._update_card_rhythm()
        self.assertEqual(self.client.card_rhythm_state, "declining")
