from odoo.exceptions import AccessError
from odoo.tests import tagged

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
