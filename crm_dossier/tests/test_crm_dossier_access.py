from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmDossierCommon


@tagged("crm_dossier_access", "post_install", "-at_install")
class TestCrmDossierAccess(CrmDossierCommon):
    def test_reader_reads_but_cannot_write(self):
        """A reader reads firm and product dossiers but cannot create or change them."""
        firm = self.firm.with_user(self.reader)
        self.assertEqual(firm.name, "Rival Tools")
        self.assertEqual(firm.entry_ids.mapped("summary"), ["Wholesale discount of 8%"])
        with self.assertRaises(AccessError):
            firm.write({"role": "client"})
        with self.assertRaises(AccessError):
            self.env["crm.dossier.entry"].with_user(self.reader).create({"dossier_id": self.firm.id, "summary": "Nope"})

    def test_confidential_dossiers_hidden_without_restricted(self):
        """Person and restricted dossiers, their facts and analogues are invisible to readers and editors."""
        for user in (self.reader, self.editor, self.salesman):
            Dossier = self.env["crm.dossier"].with_user(user)
            visible = Dossier.search([])
            self.assertIn(self.firm, visible)
            self.assertNotIn(self.person, visible)
            self.assertNotIn(self.secret, visible)
            with self.assertRaises(AccessError):
                self.person.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.secret.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.person_entry.with_user(user).read(["summary"])
            with self.assertRaises(AccessError):
                self.secret_entry.with_user(user).read(["summary"])

    def test_restricted_product_dossier_hides_analogues(self):
        """Marking a product dossier restricted hides its analogues and its comparison rows."""
        self.product.restricted = True
        self.env.flush_all()
        with self.assertRaises(AccessError):
            self.analogue_new.with_user(self.editor).read(["price"])
        self.assertFalse(self.env["crm.dossier.comparison"].with_user(self.editor).search([]))
        self.assertEqual(len(self.env["crm.dossier.comparison"].with_user(self.restricted).search([])), 2)

    def test_restricted_sees_everything(self):
        """Members of Restricted see and edit person and restricted dossiers."""
        Dossier = self.env["crm.dossier"].with_user(self.restricted)
        self.assertLessEqual(self.firm | self.person | self.secret | self.product, Dossier.search([]))
        self.person.with_user(self.restricted).write({"review_days": 30})
        self.env["crm.dossier.entry"].with_user(self.restricted).create(
            {"dossier_id": self.person.id, "summary": "Promoted"}
        )
        self.assertEqual(self.person.entry_count, 2)

    def test_editor_cannot_delete_others_entries(self):
        """Editors delete the facts they wrote, never those written by others."""
        with self.assertRaises(AccessError):
            self.entry_other.with_user(self.editor).unlink()
        with self.assertRaises(AccessError):
            self.entry_other.with_user(self.restricted).unlink()
        own = (
            self.env["crm.dossier.entry"]
            .with_user(self.editor)
            .create({"dossier_id": self.firm.id, "summary": "My own fact"})
        )
        own.unlink()
        self.assertFalse(own.exists())
        # a Client Base administrator with the Editor group may clean up others' facts
        self.entry_other.with_user(self.manager).unlink()
        self.assertFalse(self.entry_other.exists())

    def test_editor_cannot_delete_others_analogues(self):
        """Editors delete the analogues they recorded, never those recorded by others; managers any."""
        Analogue = self.env["crm.dossier.analogue"]
        own = Analogue.with_user(self.editor).create(
            {"dossier_id": self.product.id, "partner_id": self.rival.id, "name": "Rival X300", "price": 1300.0}
        )
        others = Analogue.with_user(self.editor2).create(
            {"dossier_id": self.product.id, "partner_id": self.rival.id, "name": "Rival X300", "price": 1250.0}
        )
        for user in (self.editor, self.salesman, self.restricted):
            for analogue in (others, self.analogue_old):
                with self.assertRaises(AccessError, msg=user.login):
                    analogue.with_user(user).unlink()
        others.with_user(self.editor).write({"advantages": "Lighter"})  # editing stays open to editors
        own.with_user(self.editor).unlink()
        self.assertFalse(own.exists())
        # deleting the product dossier would delete the others' analogues with it
        with self.assertRaises(AccessError):
            self.product.with_user(self.editor2).unlink()
        (others | self.analogue_old).with_user(self.manager).unlink()
        self.assertFalse((others | self.analogue_old).exists())

    def test_confidential_analogue_delete(self):
        """In a restricted product dossier Restricted members delete only their own analogues."""
        self.product.restricted = True
        Analogue = self.env["crm.dossier.analogue"].with_user(self.restricted)
        own = Analogue.create({"dossier_id": self.product.id, "name": "Rival Secret", "price": 10.0})
        for user in (self.restricted, self.manager):
            with self.assertRaises(AccessError, msg=user.login):
                self.substitute.with_user(user).unlink()
        own.with_user(self.restricted).unlink()
        self.assertFalse(own.exists())

    def test_confidential_dossier_delete_needs_manager(self):
        """Deleting a restricted dossier needs Restricted and Client Base Administrator."""
        with self.assertRaises(AccessError):
            self.secret.with_user(self.restricted).unlink()
        with self.assertRaises(AccessError):
            self.person.with_user(self.restricted).unlink()
        self.secret.with_user(self.manager).unlink()
        self.assertFalse(self.secret.exists())
        self.assertFalse(self.secret_entry.exists())

    def test_editor_cannot_create_or_hide_confidential(self):
        """Editors can neither create person dossiers nor mark or unmark a dossier as restricted."""
        Dossier = self.env["crm.dossier"].with_user(self.editor)
        individual = self.env["res.partner"].create({"name": "Ivan Petrov"})
        with self.assertRaises(AccessError):
            Dossier.create({"dossier_type": "person", "partner_id": individual.id})
        with self.assertRaises(AccessError):
            self.firm.with_user(self.editor).write({"restricted": True})
        with self.assertRaises(AccessError):
            Dossier.create({"dossier_type": "firm", "partner_id": self.other_company.id, "restricted": True})
        self.firm.with_user(self.restricted).write({"restricted": True})
        self.assertTrue(self.firm.is_confidential)

    def test_editor_deletes_plain_dossier(self):
        """An editor may delete a dossier that holds no personal or restricted data."""
        dossier = (
            self.env["crm.dossier"]
            .with_user(self.editor)
            .create({"dossier_type": "firm", "partner_id": self.other_company.id})
        )
        dossier.unlink()
        self.assertFalse(dossier.exists())

    def test_no_access_without_group(self):
        """Internal users without a Dossiers group, portal users and public see nothing."""
        public = self.env.ref("base.public_user")
        for user in (self.internal, self.portal, public):
            for model in ("crm.dossier", "crm.dossier.entry", "crm.dossier.analogue", "crm.dossier.comparison"):
                with self.assertRaises(AccessError, msg=f"{user.login} on {model}"):
                    self.env[model].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.firm.with_user(user).read(["name"])

    def test_groups_of_sales_users(self):
        """Sales users are dossier editors by default; sales managers see restricted dossiers."""
        self.assertTrue(self.salesman.has_group("crm_dossier.group_crm_dossier_editor"))
        self.assertFalse(self.salesman.has_group("crm_dossier.group_crm_dossier_restricted"))
        sale_manager = self.env["res.users"].create(
            {
                "name": "Sales Manager",
                "login": "dos_sale_manager",
                "group_ids": [(6, 0, [self.env.ref("sales_team.group_sale_manager").id])],
            }
        )
        self.assertTrue(sale_manager.has_group("crm_dossier.group_crm_dossier_restricted"))

    def test_partner_smart_button_respects_rules(self):
        """The partner's dossier count only counts dossiers the user may see."""
        for user, expected in ((self.restricted, 1), (self.editor, 0), (self.internal, 0)):
            self.env.invalidate_all()
            self.assertEqual(self.person_partner.with_user(user).dossier_count, expected, user.login)

    def test_write_does_not_move_into_restricted(self):
        """A write is held to the rules of a create: an editor cannot move a fact or an analogue
        observation into a restricted or person dossier, nor a dossier into another company."""
        entry = self.env["crm.dossier.entry"].with_user(self.editor).create(
            {"dossier_id": self.firm.id, "topic_id": self.topic_news.id, "summary": "New warehouse in Tver"}
        )
        for target in (self.secret, self.person):
            with self.subTest(dossier=target.name), self.assertRaises(AccessError):
                entry.write({"dossier_id": target.id})
        self.assertEqual(entry.sudo().dossier_id, self.firm)
        secret_tmpl = self.env["product.template"].create({"name": "Drill Next"})
        secret_product = self.env["crm.dossier"].create(
            {"dossier_type": "product", "product_tmpl_id": secret_tmpl.id, "restricted": True}
        )
        with self.assertRaises(AccessError):
            self.analogue_new.with_user(self.editor).write({"dossier_id": secret_product.id})
        company_b = self.env["res.company"].create({"name": "Branch B"})
        self.editor.company_ids = [Command.link(company_b.id)]
        editor_a = self.firm.with_user(self.editor).with_context(allowed_company_ids=self.env.company.ids)
        with self.assertRaises(AccessError):
            editor_a.write({"company_id": company_b.id})
