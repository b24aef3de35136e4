from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


class CrmDossierTourCommon(HttpCase):
    """A sales user adds a fact to a competitor's dossier and compares our product with its analogues."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, "dos_tour", groups="sales_team.group_sale_salesman", name="Tour Salesman")
        today = fields.Date.today()
        rival = cls.env["res.partner"].create({"name": "Tour Rival", "is_company": True})
        product = cls.env["product.template"].create({"name": "Tour Drill", "list_price": 1000.0})
        cls.firm = cls.env["crm.dossier"].create({"dossier_type": "firm", "partner_id": rival.id, "role": "competitor"})
        cls.product = cls.env["crm.dossier"].create({"dossier_type": "product", "product_tmpl_id": product.id})
        cls.env["crm.dossier.analogue"].create(
            [
                {
                    "dossier_id": cls.product.id,
                    "partner_id": rival.id,
                    "name": "Rival T100",
                    "price": 900.0,
                    "date": today - timedelta(days=100),
                },
                {
                    "dossier_id": cls.product.id,
                    "partner_id": rival.id,
                    "name": "Rival T100",
                    "price": 1150.0,
                    "date": today - timedelta(days=5),
                },
                {
                    "dossier_id": cls.product.id,
                    "partner_id": rival.id,
                    "name": "Rival Hand Kit",
                    "kind": "substitute",
                    "price": 300.0,
                    "date": today,
                },
            ]
        )

    def _url(self, dossier):
        return f"/odoo/action-crm_dossier.crm_dossier_action/{dossier.id}"

    def _check_add_fact(self):
        self.start_tour(self._url(self.firm), "crm_dossier_add_fact_tour", login="dos_tour")
        entry = self.firm.entry_ids
        self.assertEqual(entry.summary, "Opened a warehouse in Samara")
        self.assertEqual(entry.user_id, self.user)

    def _check_comparison(self):
        self.start_tour(self._url(self.product), "crm_dossier_comparison_tour", login="dos_tour")


@tagged("crm_dossier_tour", "post_install", "-at_install")
class TestCrmDossierTour(CrmDossierTourCommon):
    def test_add_fact_to_competitor(self):
        """Tour (desktop): add a fact to a competitor's dossier from its form."""
        self._check_add_fact()

    def test_compare_product_with_analogues(self):
        """Tour (desktop): the comparison still opens as a list, with the latest prices of the analogues."""
        self._check_comparison()


@tagged("crm_dossier_tour", "post_install", "-at_install")
class TestCrmDossierTourMobile(CrmDossierTourCommon):
    """The same journeys at phone size (390 px), with touch."""

    browser_size = "390x844"
    touch_enabled = True

    def test_add_fact_to_competitor_mobile(self):
        """Tour (phone): add a fact to a competitor's dossier from its form."""
        self._check_add_fact()

    def test_compare_product_with_analogues_mobile(self):
        """Tour (phone): one card per analogue, their price and the gap % on the 390 px screen."""
        self._check_comparison()
