from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CrmCardCommon


@tagged("crm_card", "post_install", "-at_install")
class TestCrmCardInteraction(CrmCardCommon):
    def test_interaction_filed_under_company(self):
        """An interaction given on a contact person is filed on its company."""
        interaction = self.env["crm.card.interaction"].create(
            {"partner_id": self.contact.id, "kind": "call"}
        )
        self.assertEqual(interaction.partner_id, self.client)
        self.assertEqual(interaction.contact_id, self.contact)
        self.assertEqual(self.client.card_interaction_count, 1)
        self.assertEqual(self.contact.card_interaction_count, 1)

    def test_reader_cannot_log(self):
        """A Reader sees the log but cannot add to it; an Editor can."""
        Interaction = self.env["crm.card.interaction"]
        with self.assertRaises(AccessError):
            Interaction.with_user(self.reader).create({"partner_id": self.client.id})
        logged = Interaction.with_user(self.editor).create({"partner_id": self.client.id})
        self.assertEqual(Interaction.with_user(self.reader).search([("id", "=", logged.id)]), logged)
        with self.assertRaises(AccessError):
            logged.with_user(self.editor).unlink()

    def test_own_clients_only(self):
        """'Own clients only' hides interactions of other salespeople's clients."""
        Interaction = self.env["crm.card.interaction"]
        mine = Interaction.create({"partner_id": self.client.id})
        other = Interaction.create({"partner_id": self.other_client.id})
        self.client.user_id = self.own
        visible = Interaction.with_user(self.own).search([("id", "in", (mine | other).ids)])
        self.assertEqual(visible, mine)

    def test_own_clients_only_without_client(self):
        """'Own clients only' shows an interaction without client only to its salesperson and its author."""
        Interaction = self.env["crm.card.interaction"]
        theirs = Interaction.create({"kind": "call", "user_id": self.own.id})
        unassigned = Interaction.create({"kind": "call", "user_id": False})
        others = Interaction.create({"kind": "call", "user_id": self.editor.id})
        logged = Interaction.with_user(self.own).create({"kind": "visit", "user_id": self.editor.id})
        self.assertFalse((theirs | unassigned | others | logged).partner_id)
        records = theirs | unassigned | others | logged
        self.assertEqual(Interaction.with_user(self.own).search([("id", "in", records.ids)]), theirs | logged)
        for record in (unassigned, others):
            with self.assertRaises(AccessError):
                record.with_user(self.own).read(["note"])
            with self.assertRaises(AccessError):
                record.with_user(self.own).write({"note": "Not mine"})
        theirs.with_user(self.own).write({"note": "Called back"})
        self.assertEqual(Interaction.with_user(self.salesman).search([("id", "in", records.ids)]), records)
        # like the client records, a team mate's interactions are own ones
        self.env["crm.team"].create({"name": "Kazan", "member_ids": [Command.set((self.own | self.editor).ids)]})
        self.env.registry.clear_cache()  # rule domains are cached per user, not per team
        self.assertEqual(Interaction.with_user(self.own).search([("id", "in", records.ids)]), theirs | others | logged)


@tagged("crm_card", "crm_card_side_effects", "post_install", "-at_install")
class TestCrmCardInteractionGuards(CrmCardCommon):
    """Dates and name search of the log: ``editor`` logs, ``reader`` looks up."""

    def test_future_date_refused(self):
        """A contact dated beyond the clock tolerance is refused; one a few minutes ahead is kept."""
        Interaction = self.env["crm.card.interaction"].with_user(self.editor)
        now = fields.Datetime.now()
        with self.assertRaises(ValidationError):
            Interaction.create({"partner_id": self.client.id, "date": now + timedelta(days=1)})
        logged = Interaction.create({"partner_id": self.client.id, "date": now + timedelta(minutes=2)})
        with self.assertRaises(ValidationError):
            logged.write({"date": fields.Datetime.to_datetime("2099-01-01 10:00:00")})

    def test_ancient_date_refused(self):
        """A contact dated before 1970 is refused (year 1 in a western time zone crashed the plan hooks)."""
        self.editor.tz = "America/New_York"
        Interaction = self.env["crm.card.interaction"].with_user(self.editor)
        for date in ("0001-01-01 00:00:00", "1969-12-31 23:00:00"):
            with self.subTest(date=date), self.assertRaises(ValidationError):
                Interaction.create({"partner_id": self.client.id, "date": date})
        Interaction.create({"partner_id": self.client.id, "date": "1970-01-02 00:00:00"})

    def test_name_search(self):
        """Many2one autocomplete finds an interaction by its client, for every user who reads the log."""
        logged = self.env["crm.card.interaction"].create({"partner_id": self.client.id, "kind": "call"})
        found = self.env["crm.card.interaction"].with_user(self.reader).name_search("Volga")
        self.assertIn(logged.id, [row[0] for row in found])
        self.assertEqual(dict(found)[logged.id], logged.display_name)
