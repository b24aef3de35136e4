from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MAIL_ON_CONTEXT, CrmCardCommon


@tagged("crm_card", "crm_card_rating", "post_install", "-at_install")
class TestCrmCardRating(CrmCardCommon):
    def _rate(self, user, value, comment):
        wizard = Form(
            self.env["crm.card.rating.wizard"].with_user(user).with_context(default_partner_id=self.client.id)
        )
        wizard.value = value
        wizard.comment = comment
        return wizard.save().action_apply()

    def test_wizard_changes_rating(self):
        """An Editor changes the rating through the wizard; the history keeps who, when and why."""
        self.assertEqual(self.client.card_rating, "0")
        self._rate(self.editor, "4", "Big spring order, paid early")
        self.assertEqual(self.client.card_rating, "4")
        entry = self.client.card_rating_ids
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.user_id, self.editor)
        self.assertEqual(entry.value, "4")
        self.assertEqual(entry.sudo().comment, "Big spring order, paid early")

    def test_change_without_comment_refused(self):
        """Changing the rating without a reason is refused, on the partner and in the history."""
        with self.assertRaises(UserError):
            self.client.card_rating = "3"
        with self.assertRaises(ValidationError):
            self.env["crm.card.rating"].create({"partner_id": self.client.id, "value": "2"})
        with self.assertRaises(ValidationError):
            self.env["crm.card.rating"].create({"partner_id": self.client.id, "value": "2", "comment": "  "})

    def test_same_value_needs_no_comment(self):
        """Confirming the current rating again needs no reason."""
        self.client.with_context(crm_card_rating_comment="First impression").card_rating = "3"
        self.env["crm.card.rating"].create({"partner_id": self.client.id, "value": "3"})
        self.client.card_rating = "3"
        self.assertEqual(len(self.client.card_rating_ids), 2)

    def test_current_is_latest_entry(self):
        """The current rating is the value of the latest history entry, by date."""
        now = fields.Datetime.now()
        Rating = self.env["crm.card.rating"]
        Rating.create({"partner_id": self.client.id, "value": "5", "comment": "Top", "date": now})
        Rating.create({"partner_id": self.client.id, "value": "2", "comment": "Old", "date": now - timedelta(days=30)})
        self.assertEqual(self.client.card_rating, "5")
        Rating.create(
            {"partner_id": self.client.id, "value": "1", "comment": "Refused to pay", "date": now + timedelta(hours=1)}
        )
        self.assertEqual(self.client.card_rating, "1")

    def test_comment_confidential(self):
        """Readers and Editors see the rating but never its reasons; Data stewards do."""
        self._rate(self.editor, "2", "Late payments, rude buyer")
        entry = self.client.card_rating_ids
        for user in (self.reader, self.editor, self.salesman):
            self.assertEqual(entry.with_user(user).value, "2")
            with self.assertRaises(AccessError):
                entry.with_user(user).read(["comment"])
            with self.assertRaises(AccessError):
                self.env["crm.card.rating"].with_user(user).search([("comment", "ilike", "rude")])
            with self.assertRaises(AccessError):
                self.client.with_user(user).web_read({"card_rating_ids": {"fields": {"comment": {}}}})
        self.assertEqual(entry.with_user(self.steward).comment, "Late payments, rude buyer")

    def test_reader_cannot_rate(self):
        """A Reader cannot change the rating, neither on the card nor in the history."""
        with self.assertRaises(AccessError):
            self._rate(self.reader, "5", "Nice people")
        with self.assertRaises(AccessError):
            self.env["crm.card.rating"].with_user(self.reader).create(
                {"partner_id": self.client.id, "value": "5", "comment": "Nice people"}
            )
        with self.assertRaises(AccessError):
            self.env["crm.card.rating"].with_user(self.editor).create(
                {"partner_id": self.client.id, "value": "5", "comment": "Nice people"}
            )
        self.assertEqual(self.client.card_rating, "0")

    def test_rating_tracked(self):
        """A rating change appears in the chatter."""
        client = self.client.with_context(**MAIL_ON_CONTEXT, crm_card_rating_comment="Reliable")
        self.env.cr.precommit.clear()  # the client was created in this transaction: tracking discarded
        client.card_rating = "4"
        self.env.cr.precommit.run()
        tracked = self.client.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("card_rating", tracked)
