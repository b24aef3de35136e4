from datetime import timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CrmDossierCommon


@tagged("crm_dossier", "post_install", "-at_install")
class TestCrmDossier(CrmDossierCommon):
    def test_one_dossier_per_partner(self):
        """A second dossier on the same company is refused by the database."""
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["crm.dossier"].create({"dossier_type": "firm", "partner_id": self.rival.id})

    def test_one_dossier_per_product(self):
        """A second dossier on the same product is refused by the database."""
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["crm.dossier"].create({"dossier_type": "product", "product_tmpl_id": self.product_tmpl.id})

    def test_subject_matches_type(self):
        """Firms need a company, people an individual, products one of our products."""
        Dossier = self.env["crm.dossier"]
        with self.assertRaises(ValidationError):
            Dossier.create({"dossier_type": "firm", "name": "No subject"})
        with self.assertRaises(ValidationError):
            Dossier.create({"dossier_type": "firm", "partner_id": self.person_partner.id, "name": "X"})
        with self.assertRaises(ValidationError):
            Dossier.create({"dossier_type": "person", "partner_id": self.other_company.id})
        with self.assertRaises(ValidationError):
            Dossier.create({"dossier_type": "product", "name": "No product"})

    def test_name_and_defaults_from_subject(self):
        """A new dossier is named after its subject and gets the configured review period."""
        self.env["ir.config_parameter"].set_param("crm_dossier.review_days", "45")
        form = Form(self.env["crm.dossier"].with_user(self.editor))
        form.dossier_type = "firm"
        form.partner_id = self.other_company
        dossier = form.save()
        self.assertEqual(dossier.name, "Old Employer Ltd")
        self.assertEqual(dossier.review_days, 45)
        self.assertEqual(dossier.user_id, self.editor)

    def test_settings_default_review_days(self):
        """The review period set in CRM Settings is the default of new dossiers."""
        settings = self.env["res.config.settings"].create({"crm_dossier_review_days": 30})
        settings.execute()
        self.assertEqual(self.env["ir.config_parameter"].get_param("crm_dossier.review_days"), "30")
        dossier = self.env["crm.dossier"].create({"dossier_type": "firm", "partner_id": self.other_company.id})
        self.assertEqual(dossier.review_days, 30)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            dossier.review_days = 0
            dossier.flush_recordset()

    def test_subject_cannot_vanish(self):
        """A partner or product with a dossier cannot be deleted: the dossier stays linked.

        The partner is refused with what it holds and the offer to archive it, as any client with a history.
        """
        with self.assertRaises(UserError) as caught:
            self.quiet.unlink()
        self.assertIn("dossiers", str(caught.exception))
        self.assertIn("archive", str(caught.exception))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.product_tmpl.unlink()

    def test_timeline_newest_first_and_search(self):
        """Facts come newest first and are found by words of their summary or body."""
        Entry = self.env["crm.dossier.entry"].with_user(self.editor)
        newest = Entry.create({"dossier_id": self.firm.id, "summary": "Opened an office", "date": self.today})
        oldest = Entry.create(
            {"dossier_id": self.firm.id, "summary": "Founded", "date": self.today - timedelta(days=900)}
        )
        self.assertEqual(self.firm.with_user(self.editor).entry_ids, newest | self.entry_other | oldest)
        self.assertEqual(list(self.firm.entry_ids), [newest, self.entry_other, oldest])
        found = (
            self.env["crm.dossier"]
            .with_user(self.editor)
            .search(["|", ("entry_ids.summary", "ilike", "warehouse"), ("entry_ids.body", "ilike", "warehouse")])
        )
        self.assertEqual(found, self.firm)
        self.assertEqual(self.firm.last_entry_date, self.today)

    def test_person_shows_company_and_career(self):
        """A person dossier shows the current company and position and a dated career line."""
        Entry = self.env["crm.dossier.entry"]
        move_1 = Entry.create(
            {
                "dossier_id": self.person.id,
                "topic_id": self.topic_career.id,
                "summary": "Joined Old Employer",
                "to_partner_id": self.other_company.id,
                "date": self.today - timedelta(days=2000),
            }
        )
        # recorded on the firm dossier, linked to the person
        move_2 = Entry.create(
            {
                "dossier_id": self.firm.id,
                "topic_id": self.topic_career.id,
                "summary": "Oleg Smirnov joins Rival Tools",
                "from_partner_id": self.other_company.id,
                "to_partner_id": self.rival.id,
                "new_function": "Sales Director",
                "related_dossier_ids": [(4, self.person.id)],
                "date": self.today - timedelta(days=300),
            }
        )
        person = self.person.with_user(self.restricted)
        self.assertEqual(person.name, "Oleg Smirnov")
        self.assertEqual(person.current_company_id, self.rival)
        self.assertEqual(person.function, "Sales Director")
        self.assertEqual(list(person.career_entry_ids), [move_1, move_2])
        self.assertEqual(person.career_entry_ids.mapped("to_partner_id"), self.other_company | self.rival)
        self.assertIn(move_2, person.mention_entry_ids)
        self.assertFalse(self.firm.career_entry_ids, "career lines are for person dossiers")

    def test_career_move_between_different_companies(self):
        """A personnel change from a company to the same company is refused."""
        with self.assertRaises(ValidationError):
            self.env["crm.dossier.entry"].create(
                {
                    "dossier_id": self.person.id,
                    "topic_id": self.topic_career.id,
                    "summary": "Moved nowhere",
                    "from_partner_id": self.rival.id,
                    "to_partner_id": self.rival.id,
                }
            )

    def test_add_fact_action(self):
        """The Add Fact button opens a new fact of this dossier in a dialog."""
        action = self.firm.action_add_entry()
        self.assertEqual(action["res_model"], "crm.dossier.entry")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"]["default_dossier_id"], self.firm.id)

    def test_partner_and_product_smart_buttons(self):
        """Partner and product forms open their dossier, or prepare a new one."""
        action = self.rival.with_user(self.editor).action_open_dossier()
        self.assertEqual(action["res_id"], self.firm.id)
        self.assertEqual(self.rival.with_user(self.editor).dossier_count, 1)
        action = self.other_company.action_open_dossier()
        self.assertFalse(action["res_id"])
        self.assertEqual(action["context"]["default_dossier_type"], "firm")
        action = self.product_tmpl.with_user(self.editor).action_open_dossier()
        self.assertEqual(action["res_id"], self.product.id)
        self.assertEqual(self.product_tmpl.with_user(self.editor).dossier_count, 1)

    def test_analogue_only_on_product_dossier(self):
        """Analogue lines belong to product dossiers only."""
        with self.assertRaises(ValidationError):
            self.env["crm.dossier.analogue"].create({"dossier_id": self.firm.id, "name": "Wrong"})
