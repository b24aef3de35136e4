from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import CrmDossierCommon


@tagged("crm_dossier", "post_install", "-at_install")
class TestCrmDossierEntryDelete(CrmDossierCommon):
    """A fact the user may not delete shows no delete button, and a refusal is a plain sentence."""

    def test_delete_offered_only_where_allowed(self):
        """The dossier's facts say per fact whether the user may delete it, and the list hides the trash icon by it."""
        own = self.env["crm.dossier.entry"].with_user(self.editor).create(
            {"dossier_id": self.firm.id, "topic_id": self.topic_news.id, "summary": "Opens a shop in Kazan"}
        )
        allowed = {self.editor: own, self.editor2: self.entry_other, self.manager: own | self.entry_other}
        for user, deletable in allowed.items():
            with self.subTest(user=user.login):
                entries = self.firm.with_user(user).entry_ids
                self.assertEqual(entries.filtered("can_delete"), deletable)
        arch = etree.fromstring(self.env["crm.dossier"].with_user(self.editor).get_view(view_type="form")["arch"])
        for field in ("entry_ids", "analogue_ids"):
            [delete] = arch.xpath(f"//field[@name='{field}']/list/control/delete")
            self.assertEqual(delete.get("invisible"), "not can_delete")

    def test_refusal_is_plain(self):
        """Deleting a colleague's fact, directly or from the dossier, is refused in a plain sentence."""
        refusal = r"^You may not delete “Wholesale discount of 8%”: only its author"
        with self.assertRaisesRegex(AccessError, refusal) as caught:
            self.entry_other.with_user(self.editor).unlink()
        self.assertNotIn("Uh-oh", str(caught.exception))
        form = Form(self.firm.with_user(self.editor))
        form.entry_ids.remove(0)
        with self.assertRaisesRegex(AccessError, refusal):
            form.save()
        self.assertTrue(self.entry_other.exists())
        # an analogue's price is an observation too
        self.assertFalse(self.analogue_old.with_user(self.editor2).can_delete)
        with self.assertRaisesRegex(AccessError, r"^You may not delete “Rival X200”: only its author"):
            self.analogue_old.with_user(self.editor2).unlink()
