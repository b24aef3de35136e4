from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanAdvance(CrmShiffmanCommon):
    def test_prospect_interest(self):
        """A prospect's contact showing interest moves it to Interest; a plain call does not."""
        lead = self._create_lead("prospect")
        self._log(lead, result=self.result_reached)
        self.assertEqual(lead.shiffman_column, "prospect")
        self._log(lead, result=self.result_interest)
        self.assertEqual(lead.shiffman_column, "interest")

    def test_offer_sent_shows_interest(self):
        """'Offer sent' is seeded as showing interest, 'reached' is not."""
        self.assertTrue(self.env.ref("crm_card.crm_card_interaction_result_offer_sent").shows_interest)
        self.assertFalse(self.result_reached.shows_interest)

    def test_contact_steps(self):
        """Each call, meeting or visit moves interest -> contact 1 -> 2 -> 3, and no further."""
        lead = self._create_lead("interest")
        for kind, column in [
            ("call", "contact_1"),
            ("meeting", "contact_2"),
            ("visit", "contact_3"),
            ("call", "contact_3"),
        ]:
            self._log(lead, kind=kind)
            self.assertEqual(lead.shiffman_column, column)
        self.assertFalse(lead.shiffman_result_missing)

    def test_letter_does_not_advance(self):
        """A letter or e-mail is noted as last contact but moves nothing."""
        lead = self._create_lead("interest")
        interaction = self._log(lead, kind="letter")
        self.assertEqual(lead.shiffman_column, "interest")
        self.assertEqual(lead.shiffman_last_contact_date, interaction.date)

    def test_partner_interaction(self):
        """A call logged on the client (no lead) moves the client's open Shiffman leads."""
        lead = self._create_lead("interest")
        other_client_lead = self._create_lead(
            "interest", partner_id=self.env["res.partner"].create({"name": "Other"}).id
        )
        self._log(self.client, kind="call")
        self.assertEqual(lead.shiffman_column, "contact_1")
        self.assertEqual(other_client_lead.shiffman_column, "interest")

    def test_partner_interaction_with_several_open_leads(self):
        """A call on a client with two open leads moves neither; a call naming one moves only it."""
        first, second = self._create_lead("interest", name="Bricks"), self._create_lead("interest", name="Tiles")
        self._log(self.client, kind="call")
        self.assertEqual((first.shiffman_column, second.shiffman_column), ("interest", "interest"))
        self.assertTrue(first.shiffman_last_contact_date, "the contact is still noted")
        self._log(first, kind="call")
        self.assertEqual((first.shiffman_column, second.shiffman_column), ("contact_1", "interest"))

    def test_only_reached_contacts_count(self):
        """A call with no answer moves nothing; a letter or e-mail moves the lead once it was answered."""
        no_answer = self.env.ref("crm_card.crm_card_interaction_result_no_answer")
        self.assertFalse(no_answer.reached)
        self.assertTrue(self.result_reached.reached)
        lead = self._create_lead("interest")
        self._log(lead, kind="call", result=no_answer)
        self.assertEqual(lead.shiffman_column, "interest")
        self._log(lead, kind="email", result=self.result_reached)
        self.assertEqual(lead.shiffman_column, "contact_1")
        self._log(lead, kind="letter", result=no_answer)
        self.assertEqual(lead.shiffman_column, "contact_1")
        self._log(lead, kind="call", result=self.result_reached)
        self.assertEqual(lead.shiffman_column, "contact_2")

    def test_team_switch(self):
        """A team with auto-advance off keeps its leads where they are."""
        self.team.shiffman_auto_advance = False
        lead = self._create_lead("interest")
        self._log(lead)
        self.assertEqual(lead.shiffman_column, "interest")
        self.assertTrue(lead.shiffman_last_contact_date)

    def test_other_pipeline_untouched(self):
        """Leads of ordinary teams are not moved."""
        team = self.env["crm.team"].create({"name": "Classic"})
        lead = self.env["crm.lead"].create({"name": "Classic deal", "team_id": team.id, "type": "opportunity"})
        stage = lead.stage_id
        self._log(lead)
        self.assertEqual(lead.stage_id, stage)

    def test_auto_move_logged(self):
        """An automatic move is logged as automatic, by the user who logged the contact."""
        lead = self._create_lead("interest")
        self._log(lead.with_user(self.salesman))
        move = self.env["crm.shiffman.move"].search([("lead_id", "=", lead.id), ("to_column", "=", "contact_1")])
        self.assertTrue(move.automatic)

    def test_salesman_logs_contact(self):
        """A sales user logging a call on their lead moves it."""
        lead = self._create_lead("interest")
        self.env["crm.card.interaction"].with_user(self.salesman).create({"lead_id": lead.id, "kind": "call"})
        self.assertEqual(lead.shiffman_column, "contact_1")

    def _advance_counting_queries(self, count):
        """Log one call on each of ``count`` new interest leads; return (leads, queries used)."""
        leads = self.env["crm.lead"]
        for index in range(count):
            leads |= self._create_lead("interest", name=f"Lead {count}-{index}")
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["crm.card.interaction"].create([{"lead_id": lead.id, "kind": "call"} for lead in leads])
        self.env.flush_all()
        return leads, self.env.cr.sql_log_count - before

    def test_batch_query_budget(self):
        """50 calls on 50 leads advance them all with as many queries as 5 calls on 5 leads."""
        self._log(self._create_lead("interest", name="Warm-up"))  # fill the registry caches
        _small, small_queries = self._advance_counting_queries(5)
        leads, big_queries = self._advance_counting_queries(50)
        # The interaction insert and its computes, one search of the leads, one write of the last
        # contact date, one stage write for the whole batch with crm's bookkeeping, one insert of
        # the moves (16 with crm_shiffman alone; other addons' hooks add a fixed few).
        self.assertEqual(big_queries, small_queries)
        self.assertLessEqual(big_queries, 24)
        self.assertEqual(set(leads.mapped("shiffman_column")), {"contact_1"})
        self.assertEqual(
            self.env["crm.shiffman.move"].search_count([("lead_id", "in", leads.ids), ("to_column", "=", "contact_1")]),
            50,
        )

    def test_interest_comes_with_the_lead_lookup(self):
        """Whether a contact's result shows interest comes with the lead lookup: deciding a
        prospect's next column then reads nothing more (the telephony runs this on every call)."""
        interested, reached = self._create_lead("prospect", name="Keen"), self._create_lead("prospect", name="Cool")
        interactions = self.env["crm.card.interaction"].create([
            {"lead_id": interested.id, "kind": "call", "result_id": self.result_interest.id},
            {"lead_id": reached.id, "kind": "call", "result_id": self.result_reached.id},
        ])
        self.assertEqual((interested.shiffman_column, reached.shiffman_column), ("interest", "prospect"))
        rows, interest_ids, _unreached_ids = self.env["crm.lead"]._shiffman_interaction_leads(interactions)
        self.assertEqual({row[0] for row in rows}, {interested.id, reached.id})
        self.assertEqual(interest_ids, {self.result_interest.id})
        self.env["crm.card.interaction.result"].invalidate_model()
        with self.assertQueryCount(0):
            columns = [
                [column for column, _i in self.env["crm.lead"]._shiffman_next_steps("prospect", i, interest_ids)]
                for i in interactions
            ]
        self.assertEqual(columns, [["interest"], []])


@tagged("crm_shiffman", "crm_shiffman_side_effects", "post_install", "-at_install")
class TestCrmShiffmanSideEffects(CrmShiffmanCommon):
    """``salesman`` owns the lead; ``salesman_other`` (own leads only) may log on the client but not write the lead."""

    def test_colleague_contact_leaves_the_lead(self):
        """A colleague's call on the client neither moves nor dates a lead they may not write; the owner's does."""
        lead = self._create_lead("interest")
        Interaction = self.env["crm.card.interaction"]
        Interaction.with_user(self.salesman_other).create({"partner_id": self.client.id, "kind": "call"})
        self.assertEqual(lead.shiffman_column, "interest")
        self.assertFalse(lead.shiffman_last_contact_date)
        Interaction.with_user(self.salesman).create({"partner_id": self.client.id, "kind": "call"})
        self.assertEqual(lead.shiffman_column, "contact_1")

    def test_colleague_activity_done_leaves_the_lead(self):
        """A Call activity a colleague marks done on the client logs the call but does not move the lead."""
        lead = self._create_lead("interest")
        activity = self.client.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.salesman_other.id, summary="Call back"
        )
        activity.with_user(self.salesman_other).action_feedback(feedback="Reached")
        self.assertEqual(lead.shiffman_column, "interest")
        self.assertTrue(self.env["crm.card.interaction"].search([("partner_id", "=", self.client.id)]))

    def test_last_contact_not_in_the_future(self):
        """Not even the application dates a lead's last contact in 2099, which would silence its quiet reminder."""
        lead = self._create_lead("interest")
        with self.assertRaises(ValidationError):
            lead.write({"shiffman_last_contact_date": fields.Datetime.to_datetime("2099-01-01 10:00:00")})

    def test_last_contact_is_the_application_s(self):
        """The salesperson cannot date a lead's last contact by hand (create, write, a default), so
        that a neglected lead never looks contacted; the contact they log dates it."""
        lead = self._create_lead("interest")
        last_contact = fields.Datetime.now()
        with self.assertRaises(AccessError):
            lead.with_user(self.salesman).write({"shiffman_last_contact_date": last_contact})
        Lead = self.env["crm.lead"].with_user(self.salesman)
        vals = {"name": "Sand", "type": "opportunity", "team_id": self.team.id, "user_id": self.salesman.id}
        with self.assertRaises(AccessError):
            Lead.create(dict(vals, shiffman_last_contact_date=last_contact))
        with self.assertRaises(AccessError):
            Lead.with_context(default_shiffman_last_contact_date=last_contact).create(vals)
        self.assertFalse(lead.shiffman_last_contact_date)
        interaction = self.env["crm.card.interaction"].with_user(self.salesman).create(
            {"lead_id": lead.id, "partner_id": self.client.id, "kind": "call"}
        )
        self.assertEqual(lead.shiffman_last_contact_date, interaction.date)
        self.assertFalse(lead.copy().shiffman_last_contact_date)
