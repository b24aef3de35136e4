from odoo.tests import tagged

from .common import CrmCardCommon


@tagged("crm_card", "crm_card_report", "post_install", "-at_install")
class TestCrmCardReport(CrmCardCommon):
    def test_client_card_sections(self):
        """The printable card shows the three sections, events, interactions and no contract amount."""
        self.env["crm.card.event"].create(
            {
                "name": "Irina's birthday",
                "partner_id": self.contact.id,
                "event_type_id": self.env.ref("crm_card.crm_card_event_type_birthday").id,
                "date": "1985-12-03",
            }
        )
        self.env["crm.card.contract"].create(
            {"name": "2026/17", "partner_id": self.client.id, "state": "active", "amount": 987654}
        )
        self.env["crm.card.interaction"].create({"partner_id": self.client.id, "note": "Sent the price list"})
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.reader)
            ._render_qweb_html("crm_card.crm_card_report_action", self.contact.ids)
        )
        html = html.decode()
        expected = ("Volga Trade LLC", "Formal", "Special events", "History of work", "Irina&#39;s birthday",
                    "Irina Petrova", "Sent the price list", "<span>1</span> active of <span>1</span>")
        for text in expected:
            self.assertIn(text, html)
        self.assertNotIn("987654", html)
        self.assertNotIn("987,654", html)
