"""Situations the OCA addons people install next to ours create, reproduced without them
(`./run-tests --with-oca` runs the whole suite with the addons themselves, see README "Works with")."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import CrmCardCommon

# OCA sales_team_security's "own documents" on partners: a salesperson reads the partners they are
# the salesperson of or follow, their own and those without salesperson, and nothing else. The addon
# adds it to every rule domain of res.partner (ANDed); a global rule here does the same.
OWN_DOCUMENTS_PARTNER_RULE = (
    "['|', '|', ('user_id', 'in', [user.id, False]), ('id', '=', user.partner_id.id), "
    "('message_partner_ids', 'in', [user.partner_id.id])]"
)


@tagged("crm_card", "crm_card_oca", "post_install", "-at_install")
class TestCrmCardStricterPartnerRule(CrmCardCommon):
    """``own`` and ``mate`` (both own clients only) are one sales team; ``mate_client`` (with
    ``mate_person``) is mate's client; ``client`` is the client of ``salesman``, in no team of theirs.
    A partner rule as strict as OCA sales_team_security's hides every partner but one's own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mate = new_test_user(
            cls.env, "card_mate", groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients"
        )
        cls.env["crm.team"].create(
            {"name": "Kazan office", "member_ids": [Command.link(cls.own.id), Command.link(cls.mate.id)]}
        )
        Partner = cls.env["res.partner"]
        cls.mate_client = Partner.create({"name": "Kama Cement", "is_company": True, "user_id": cls.mate.id})
        cls.mate_person = Partner.create({"name": "Oleg Rybakov", "parent_id": cls.mate_client.id})
        cls.mate_call = cls.env["crm.card.interaction"].create(
            {"partner_id": cls.mate_client.id, "user_id": cls.mate.id, "note": "Asked for prices"}
        )
        cls.env["ir.rule"].create(
            {
                "name": "Own documents only (as OCA sales_team_security)",
                "model_id": cls.env.ref("base.model_res_partner").id,
                "domain_force": OWN_DOCUMENTS_PARTNER_RULE,
            }
        )

    def test_rule_in_force(self):
        """The stricter rule hides the team mate's client from the salesperson (the premise)."""
        with self.assertRaises(AccessError):
            self.mate_client.with_user(self.own).read(["name"])

    def test_contact_logged_on_team_mate_client(self):
        """A call is logged on a team mate's client, given as the client or as its person."""
        Interaction = self.env["crm.card.interaction"].with_user(self.own)
        on_client = Interaction.create({"partner_id": self.mate_client.id, "note": "Covered for Oleg's colleague"})
        on_person = Interaction.create({"partner_id": self.mate_person.id, "note": "Spoke to Oleg"})
        self.assertEqual(on_client.partner_id, self.mate_client)
        self.assertEqual((on_person.partner_id, on_person.contact_id), (self.mate_client, self.mate_person))
        with Form(Interaction) as form:
            form.contact_id = self.mate_person
        self.assertEqual(form.record.partner_id, self.mate_client)

    def test_team_mate_interaction_opened(self):
        """A team mate's interaction opens, with its client's name as Odoo shows a many2one's."""
        interaction = self.mate_call.with_user(self.own)
        [values] = interaction.web_read({"summary": {}, "partner_id": {"fields": {"display_name": {}}}})
        self.assertIn("Kama Cement", values["summary"])
        self.assertEqual(values["partner_id"]["display_name"], "Kama Cement")
        Form(interaction)  # the form loads every field it shows

    def test_own_clients_rule_stands(self):
        """A client outside the team stays out of reach: nothing is logged on it."""
        Interaction = self.env["crm.card.interaction"].with_user(self.own)
        for partner in (self.client, self.contact):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                Interaction.create({"partner_id": partner.id, "note": "Poaching"})

    def test_duplicate_of_hidden_client_named(self):
        """A duplicate the stricter rule hides is named with its salesperson, not silently dropped;
        its data stays hidden."""
        form = Form(self.env["res.partner"].with_user(self.salesman).with_context(default_is_company=True))
        form.name = "Ural Build"
        form.email = "buyers@uralbuild.example.com"
        self.other_client.email = "buyers@uralbuild.example.com"
        form.phone = "+7 343 000 00 00"
        twin = form.save()
        self.assertTrue(twin.card_has_duplicates)
        self.assertFalse(twin.card_duplicate_ids)
        self.assertEqual(twin.card_duplicate_others, f"Ural Build JSC ({self.editor.name})")
        with self.assertRaises(AccessError):
            self.other_client.with_user(self.salesman).read(["email"])
