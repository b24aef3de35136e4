from datetime import datetime

from odoo.tests import Form, tagged

from .common import CrmDossierCommon


@tagged("crm_dossier_lost", "post_install", "-at_install")
class TestCrmDossierLost(CrmDossierCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rival = cls.env["res.partner"].create({"name": "Second Rival", "is_company": True})
        cls.other_firm = cls.env["crm.dossier"].create(
            {"dossier_type": "firm", "partner_id": cls.other_rival.id, "role": "competitor"}
        )
        cls.leads = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Deal {amount}",
                    "type": "opportunity",
                    "expected_revenue": amount,
                    "user_id": cls.salesman.id,
                }
                for amount in (100.0, 200.0, 400.0, 800.0)
            ]
        )

    def _lose(self, leads, competitor, closed):
        wizard = (
            self.env["crm.lead.lost"]
            .with_user(self.salesman)
            .create({"lead_ids": leads.ids, "lost_competitor_id": competitor.id})
        )
        wizard.action_lost_reason_apply()
        leads.write({"date_closed": closed})

    def test_lost_wizard_asks_competitor(self):
        """The lost wizard records the competitor who won, and leaves it empty when not given."""
        lead_a, lead_b = self.leads[:2]
        form = Form(self.env["crm.lead.lost"].with_user(self.salesman).with_context(default_lead_ids=lead_a.ids))
        form.lost_competitor_id = self.rival
        form.save().action_lost_reason_apply()
        self.assertEqual(lead_a.lost_competitor_id, self.rival)
        self.assertEqual(lead_a.won_status, "lost")
        self.env["crm.lead.lost"].with_user(self.salesman).create({"lead_ids": lead_b.ids}).action_lost_reason_apply()
        self.assertEqual(lead_b.won_status, "lost")
        self.assertFalse(lead_b.lost_competitor_id)

    def test_lead_smart_button_opens_competitor_dossier(self):
        """A lead lost to a competitor opens the competitor's dossier."""
        lead = self.leads[0]
        self._lose(lead, self.rival, datetime(2026, 2, 1))
        lead = lead.with_user(self.salesman)
        self.assertEqual(lead.competitor_dossier_id, self.firm)
        self.assertEqual(lead.action_open_competitor_dossier()["res_id"], self.firm.id)

    def test_lost_amounts_by_quarter(self):
        """The competitor's dossier sums the deals lost to it by quarter."""
        self._lose(self.leads[0], self.rival, datetime(2026, 1, 15))
        self._lose(self.leads[1], self.rival, datetime(2026, 3, 20))
        self._lose(self.leads[2], self.rival, datetime(2026, 5, 5))
        self._lose(self.leads[3], self.other_rival, datetime(2026, 5, 6))
        firm = self.firm.with_user(self.salesman)
        figures = firm._get_lost_by_quarter()[self.rival.id]
        self.assertEqual(
            [(row["quarter"].month, row["count"], row["amount"]) for row in figures],
            [(4, 1, 400.0), (1, 2, 300.0)],
        )
        self.assertEqual(firm.lost_lead_count, 3)
        self.assertEqual(firm.lost_amount, 700.0)
        self.assertIn("Q2 2026", firm.lost_by_quarter)
        self.assertIn("Q1 2026", firm.lost_by_quarter)
        self.assertEqual(self.other_firm.lost_amount, 800.0)
        action = firm.action_open_lost_leads()
        self.assertEqual(self.env["crm.lead"].with_context(active_test=False).search(action["domain"]), self.leads[:3])

    def test_lost_by_quarter_is_one_query(self):
        """The quarterly figures of any number of competitors cost one grouped query."""
        self._lose(self.leads[:2], self.rival, datetime(2026, 1, 15))
        self._lose(self.leads[2:], self.other_rival, datetime(2026, 8, 1))
        dossiers = (self.firm | self.other_firm).with_user(self.salesman)
        dossiers._get_lost_by_quarter()  # warm the access-right and record-rule caches
        for batch in (dossiers, dossiers[0]):
            self.env.invalidate_all()
            batch.mapped("partner_id")  # the dossiers themselves are already on screen
            # one query whatever the number of dossiers: the _read_group on crm_lead
            with self.assertQueryCount(1):
                figures = batch._get_lost_by_quarter()
            self.assertEqual(len(figures), len(batch))

    def test_no_figures_without_lead_access(self):
        """A dossier reader without CRM rights sees no lost-deal figures, and no error."""
        self._lose(self.leads[0], self.rival, datetime(2026, 1, 15))
        firm = self.firm.with_user(self.reader)
        self.assertEqual(firm.lost_lead_count, 0)
        self.assertFalse(firm.lost_by_quarter)
