from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import CallplanCommon


@tagged("crm_callplan", "post_install", "-at_install")
class TestMailingRecipients(CallplanCommon):
    """The follow-up of a mailing's real recipients, without depending on Email Marketing.

    Email Marketing is not a dependency, so these tests run without it: the traces of a mailing
    are turned into clients by ``_recipients_from_documents``, tested directly with the documents
    a mailing reaches (partners, leads, and addressees matched by e-mail).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keeper = new_test_user(
            cls.env, "cp_mkeeper", groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients"
        )
        cls.firm, cls.lead_firm, cls.mailed_firm = cls._make_clients(3, cls.anna, prefix="Mailed")
        cls.mailed_firm.email = "Buyer@Mailed.example"
        cls.person = cls.env["res.partner"].create({"name": "Ivan Petrov", "parent_id": cls.firm.id})
        cls.kept = cls._make_clients(1, cls.keeper, prefix="Kept")
        cls.lead = cls.env["crm.lead"].create({"name": "Enquiry", "partner_id": cls.lead_firm.id})
        cls.campaign = cls.env["utm.campaign"].create({"name": "Autumn mailing"})
        cls.Followup = cls.env["crm.callplan.mailing.followup"]

    def test_clients_behind_mailed_documents(self):
        """Partners give their company, leads their client, other addressees are found by e-mail."""
        clients = self.Followup._recipients_from_documents(
            {"res.partner": [self.person.id, self.kept.id, False], "crm.lead": [self.lead.id],
             "mailing.contact": [1, 2]},
            {"res.partner": ["ivan@nowhere.example"], "mailing.contact": ["buyer@mailed.example", False]},
        )
        self.assertEqual(clients, self.firm | self.kept | self.lead_firm | self.mailed_firm)
        # a salesperson restricted to own clients gets only what they may read
        mine = self.Followup.with_user(self.keeper)._recipients_from_documents(
            {"res.partner": [self.person.id, self.kept.id], "crm.lead": [self.lead.id]}
        )
        self.assertEqual(mine, self.kept)

    def test_without_email_marketing(self):
        """Without Email Marketing the wizard offers no mailing and works with filters and tags as before."""
        if "mailing.trace" in self.env:  # the bridge crm_callplan_mass_mailing tests the other case
            self.skipTest("Email Marketing is installed in this database")
        with self.assertRaisesRegex(UserError, "Email Marketing is not installed"):
            self.Followup.action_open_from_mailing(1)
        form = Form(self.Followup.with_user(self.sales_manager))
        self.assertFalse(form.mailing_available)
        self.assertTrue(form._get_modifier("mailing_ref", "invisible"))
        self.assertTrue(form._get_modifier("campaign_id", "required"))
        form.campaign_id = self.campaign
        form.partner_domain = f"[('id', 'in', {(self.firm | self.lead_firm).ids})]"
        self.assertEqual(form.recipient_count, 2)
        form.save().action_plan_calls()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", (self.firm | self.lead_firm).ids)]
        )
        self.assertEqual(len(activities), 2)
        self.assertIn("Autumn mailing", activities[0].summary)
        with self.assertRaisesRegex(UserError, "Choose the campaign"):
            self.Followup.create({"partner_domain": "[('id', '=', %d)]" % self.firm.id}).action_plan_calls()
