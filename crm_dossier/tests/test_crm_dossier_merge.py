from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CrmDossierCommon


@tagged("crm_dossier", "crm_dossier_merge", "post_install", "-at_install")
class TestCrmDossierMerge(CrmDossierCommon):
    """A data steward merges ``twin`` (Rival Tools Ltd) into ``rival``: both have a firm dossier.

    steward -- Client base Data steward: may merge clients, has no Dossiers group
    ``twin_firm``: a fact by editor2, a tag, a note, a to-do and a review activity, editor2
    following; ``person``'s fact and ``firm``'s fact both mention it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.steward = new_test_user(cls.env, "dos_steward", groups="crm_card.group_crm_card_steward")
        cls.twin = cls.env["res.partner"].create({"name": "Rival Tools Ltd", "is_company": True})
        cls.tag = cls.env["crm.dossier.tag"].create({"name": "Price war"})
        cls.twin_firm = cls.env["crm.dossier"].create(
            {
                "dossier_type": "firm",
                "partner_id": cls.twin.id,
                "user_id": cls.editor2.id,
                "tag_ids": [Command.link(cls.tag.id)],
            }
        )
        cls.twin_entry = (
            cls.env["crm.dossier.entry"]
            .with_user(cls.editor2)
            .create({"dossier_id": cls.twin_firm.id, "topic_id": cls.topic_news.id, "summary": "Opens in Kazan"})
            .with_env(cls.env)
        )
        (cls.person_entry | cls.entry_other).related_dossier_ids = cls.twin_firm
        cls.twin_firm.message_subscribe(partner_ids=cls.editor2.partner_id.ids)
        cls.note = cls.twin_firm.message_post(body="Met their buyer at the fair", subtype_xmlid="mail.mt_note")
        cls.todo = cls.twin_firm.activity_schedule(
            "mail.mail_activity_data_todo", summary="Ask about prices", user_id=cls.editor2.id
        )
        cls.twin_firm._request_review()
        cls.review = cls.twin_firm.activity_ids - cls.todo

    def _merge(self, partners, dst_partner):
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(self.steward)
        wizard._merge(partners.ids, dst_partner.with_user(self.steward))

    def test_firm_dossiers_become_one(self):
        """The client's dossier keeps its own data and gains the twin's facts, mentions, tags and chatter."""
        self.assertTrue(self.review)
        self._merge(self.rival | self.twin, self.rival)
        self.assertFalse(self.twin.exists())
        self.assertFalse(self.twin_firm.exists())
        self.assertEqual(self.rival.dossier_ids, self.firm)
        self.assertEqual(self.firm.entry_ids, self.entry_other | self.twin_entry)
        self.assertEqual(self.twin_entry.company_id, self.firm.company_id)
        self.assertEqual(self.firm.last_entry_date, self.today)
        self.assertEqual(self.person_entry.related_dossier_ids, self.firm, "a mention follows the merged dossier")
        self.assertFalse(self.entry_other.related_dossier_ids, "a fact does not mention its own dossier")
        self.assertEqual((self.firm.role, self.firm.user_id), ("competitor", self.editor))
        self.assertEqual(self.firm.tag_ids, self.tag)
        self.assertIn(self.note, self.firm.message_ids)
        self.assertTrue(self.firm.message_ids.filtered(lambda message: "Rival Tools Ltd" in message.body))
        self.assertEqual(self.todo.res_id, self.firm.id)
        self.assertFalse(self.review.exists(), "the twin's review request is void: the facts are together now")
        self.assertIn(self.editor2.partner_id, self.firm.message_partner_ids)

    def test_reviews_of_one_period_merge(self):
        """Both dossiers reviewed for the same period: the merge keeps the kept one's review as the
        period's, the twin's done review comes along without it (one review per period and dossier)."""
        review_type = self.env.ref("crm_dossier.mail_activity_type_dossier_review")
        self.review.unlink()
        reason = f"crm_dossier_review:{self.today}"
        reviews = (
            self.env["mail.activity"]
            .sudo()
            ._card_plan_reminders(
                "crm.dossier",
                review_type,
                [
                    (dossier.id, self.editor.id, self.today, "Review", None, reason)
                    for dossier in self.firm | self.twin_firm
                ],
            )
        )
        reviews.action_feedback(feedback="Still current")
        kept = reviews.filtered(lambda activity: activity.res_id == self.firm.id)
        twins = reviews - kept
        self._merge(self.rival | self.twin, self.rival)
        self.assertEqual((kept.res_id, kept.card_reminder_key), (self.firm.id, reason))
        self.assertEqual((twins.res_id, twins.card_reminder_key), (self.firm.id, False))

    def test_restricted_dossier_stays_hidden(self):
        """Merging a restricted dossier restricts the kept one: its facts never reach more readers."""
        self.twin_firm.restricted = True
        self.assertIn(self.firm, self.env["crm.dossier"].with_user(self.reader).search([]))
        self._merge(self.rival | self.twin, self.rival)
        self.assertTrue(self.firm.restricted)
        self.assertTrue(self.twin_entry.is_confidential)
        self.assertNotIn(self.firm, self.env["crm.dossier"].with_user(self.reader).search([]))
        self.assertFalse(self.env["crm.dossier.entry"].with_user(self.reader).search([("id", "=", self.twin_entry.id)]))

    def test_person_dossiers_become_one(self):
        """Two records of one person, each with a person dossier: one dossier holds both facts."""
        twin_person = self.env["res.partner"].create({"name": "Oleg Smirnov", "parent_id": self.rival.id})
        twin_dossier = self.env["crm.dossier"].create({"dossier_type": "person", "partner_id": twin_person.id})
        entry = self.env["crm.dossier.entry"].create(
            {"dossier_id": twin_dossier.id, "topic_id": self.topic_career.id, "summary": "Joined Rival Tools"}
        )
        self._merge(self.person_partner | twin_person, self.person_partner)
        self.assertFalse(twin_dossier.exists())
        self.assertEqual(self.person.entry_ids, self.person_entry | entry)

    def test_three_records_none_with_the_dossier(self):
        """Two records with a dossier merged into a third without: one dossier remains, on the survivor."""
        newcomer = self.env["res.partner"].create({"name": "Rival Tools JSC", "is_company": True})
        self._merge(self.rival | self.twin | newcomer, newcomer)
        self.assertEqual(newcomer.dossier_ids, self.firm, "the oldest dossier is kept")
        self.assertFalse(self.twin_firm.exists())
        self.assertEqual(self.firm.entry_ids, self.entry_other | self.twin_entry)
