import re
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import html2plaintext

from odoo.addons.crm_card.tests.common_lang import CYRILLIC, CardJobLanguageMixin

from .common import CrmCardSurveyCommon


@tagged("crm_card_survey", "post_install", "-at_install")
@freeze_time("2026-08-15")
class TestCrmCardSurveyLanguage(CardJobLanguageMixin, CrmCardSurveyCommon):
    """Each reads in their own language: the Russian-speaking contact person the invitation,
    the Russian-speaking salesperson the reminder, whatever the language of who sends them
    (here the English-speaking administrator)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_russian(cls.salesman, ["survey", "crm_card", "crm_card_survey"])
        cls.contact.lang = "ru_RU"
        cls.env.user.lang = "en_US"

    def _english_in(self, text):
        """The English pieces of our templates and messages found in ``text``, once the names of
        the test's records (English, like the template's sample values) are taken out of it."""
        for name in (self.contact.name, self.product.name, self.product_b.name, self.env.company.name):
            text = text.replace(name, "")
        return [
            piece
            for piece in self._english_fragments(["crm_card", "crm_card_survey"])
            if re.search(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", text)
        ]

    def test_invitation_in_contact_language(self):
        """The English-speaking sender's invitation to a Russian-speaking contact is Russian, subject and body."""
        self.client.action_card_survey_invite()
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.contact.ids)])
        self.assertEqual(len(mails), 2)
        for mail in mails:
            self.assertRegex(mail.subject, r"^Насколько вы довольны")
            body = html2plaintext(mail.body_html)
            self.assertRegex(body, CYRILLIC)
            self.assertIn("Оценить товар", body)
            self.assertFalse(self._english_in(mail.subject), mail.subject)
            self.assertFalse(self._english_in(body), body)

    def test_reminder_in_salesperson_language(self):
        """An unanswered invitation's reminder is written in the salesperson's language, not the job's."""
        self.client.action_card_survey_invite()
        with freeze_time("2026-09-20"):
            self.env["res.partner"]._plan_card_satisfaction_checks(date(2026, 9, 20))
        reminders = self._reminders()
        self.assertEqual(reminders.user_id, self.salesman)
        self.assertEqual(len(reminders), 2)
        for reminder in reminders:
            self.assertRegex(reminder.summary, r"^Пора проверить удовлетворённость: ")
            self.assertFalse(self._english_in(reminder.summary), reminder.summary)
