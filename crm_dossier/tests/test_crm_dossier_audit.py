from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .. import uninstall_hook
from .common import CrmDossierCommon


@tagged("crm_dossier", "crm_dossier_audit", "post_install", "-at_install")
class TestCrmDossierAudit(CrmDossierCommon):
    """Deleted facts and dossiers leave a trace in the client base's audit log (crm_card's mixin).

    Besides the common users: ``card_steward`` reads the log but no dossier, ``reading_steward``
    is also a Dossiers Reader; ``manager`` (Restricted + Client Base Administrator) reads everything.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card_steward = new_test_user(cls.env, "dos_card_steward", groups="crm_card.group_crm_card_steward")
        cls.reading_steward = new_test_user(
            cls.env,
            "dos_reading_steward",
            groups="crm_card.group_crm_card_steward,crm_dossier.group_crm_dossier_reader",
        )

    def _trace(self, record, user):
        return self.env["crm.card.audit"].with_user(user).search(
            [("event", "=", "delete"), ("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_deleted_fact_traced_for_dossier_readers(self):
        """A deleted fact of a firm dossier leaves a trace that stewards reading dossiers see, with its client."""
        self.entry_other.with_user(self.editor2).unlink()
        trace = self._trace(self.entry_other, self.reading_steward)
        self.assertEqual(len(trace), 1)
        self.assertEqual(trace.user_id, self.editor2)
        self.assertEqual(trace.partner_id, self.rival)
        self.assertIn(self.topic_offer.name, trace.details)
        self.assertNotIn("warehouse", trace.details, "the content of a fact is not copied into the log")
        self.assertFalse(self._trace(self.entry_other, self.card_steward), "no dossier rights, no dossier entry")

    def test_deleted_restricted_fact_traced_for_restricted_only(self):
        """The trace of a restricted dossier's fact is read only by who reads restricted dossiers."""
        entry = self.env["crm.dossier.entry"].with_user(self.manager).create(
            {"dossier_id": self.secret.id, "topic_id": self.topic_news.id, "summary": "Talks to our rival"}
        )
        entry.unlink()
        self.assertEqual(len(self._trace(entry, self.manager)), 1)
        for user in (self.reading_steward, self.card_steward):
            self.assertFalse(self._trace(entry, user))
        for user in (self.restricted, self.editor):
            with self.assertRaises(AccessError):
                self._trace(entry, user)

    def test_archived_dossier_traced(self):
        """Archiving a dossier is logged too."""
        self.firm.with_user(self.editor).action_archive()
        archived = self.env["crm.card.audit"].search(
            [("event", "=", "archive"), ("res_model", "=", "crm.dossier"), ("res_id", "=", self.firm.id)]
        )
        self.assertEqual(archived.user_id, self.editor)
        self.assertEqual(archived.group_id, self.env.ref("crm_dossier.group_crm_dossier_reader"))

    def test_uninstall_hands_entries_to_administrators(self):
        """Uninstalling crm_dossier keeps its audit entries, for system administrators only."""
        self.entry_other.with_user(self.editor2).unlink()
        trace = self._trace(self.entry_other, self.manager)
        uninstall_hook(self.env)
        self.assertEqual(trace.group_id, self.env.ref("base.group_system"))
        self.assertFalse(self._trace(self.entry_other, self.reading_steward))
