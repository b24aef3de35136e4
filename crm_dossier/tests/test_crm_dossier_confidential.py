from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_card.tests.common import MAIL_ON_CONTEXT

from .common import CrmDossierCommon


@tagged("crm_dossier", "post_install", "-at_install")
class TestCrmDossierConfidentialFlag(CrmDossierCommon):
    def test_confidential_flag_not_writable(self):
        """The confidential flag follows the type and the restriction: nobody sets or clears it by hand."""
        with self.assertRaises(AccessError):
            self.firm.with_user(self.editor).write({"is_confidential": True})
        with self.assertRaises(AccessError):
            self.env["crm.dossier"].with_user(self.editor).create(
                {"dossier_type": "firm", "partner_id": self.other_company.id, "is_confidential": True}
            )
        with self.assertRaises(AccessError):
            self.secret.with_user(self.restricted).write({"is_confidential": False})
        entry = self.firm.entry_ids[:1] or self.env["crm.dossier.entry"].create(
            {"dossier_id": self.firm.id, "topic_id": self.topic_news.id, "summary": "New plant"}
        )
        with self.assertRaises(AccessError):
            entry.with_user(self.editor).write({"is_confidential": True})
        self.assertFalse(self.firm.is_confidential)
        self.assertFalse(entry.is_confidential)
        self.assertTrue(self.secret.is_confidential)

    def test_restricted_content_not_in_messages_or_activities(self):
        """A restricted dossier's notes, tracked changes and activities reach nobody below Restricted."""
        secret = self.secret.with_user(self.restricted).with_context(**MAIL_ON_CONTEXT)
        self.env.cr.precommit.clear()  # the dossier was made in this transaction: tracking discarded
        secret.message_post(body="Board meets on Friday about the merger", message_type="comment")
        secret.write({"role": "competitor"})
        secret.activity_schedule(
            "mail.mail_activity_data_todo", summary="Check the merger rumour", user_id=self.restricted.id
        )
        self.env.cr.precommit.run()  # tracking values are written at commit
        self.assertTrue(self.secret.message_ids.tracking_value_ids, "the role change is tracked")
        for user in (self.editor, self.reader, self.salesman, self.internal):
            Message = self.env["mail.message"].with_user(user)
            self.assertFalse(Message.search([("body", "ilike", "merger")]), user.login)
            self.assertFalse(Message.search([("model", "=", "crm.dossier"), ("res_id", "=", self.secret.id)]))
            Activity = self.env["mail.activity"].with_user(user)
            self.assertFalse(Activity.search([("summary", "ilike", "merger")]), user.login)
