from datetime import timedelta

from odoo.tests import tagged

from .common import CrmDossierCommon


@tagged("crm_dossier_comparison", "post_install", "-at_install")
class TestCrmDossierComparison(CrmDossierCommon):
    def test_latest_price_per_analogue(self):
        """The comparison shows each analogue and substitute once, with its latest price."""
        self.env.flush_all()
        rows = (
            self.env["crm.dossier.comparison"]
            .with_user(self.reader)
            .search([("product_tmpl_id", "=", self.product_tmpl.id)])
        )
        self.assertEqual(len(rows), 2)
        by_name = {row.name: row for row in rows}
        x200 = by_name["Rival X200"]
        self.assertEqual(x200.price, 1150.0)
        self.assertEqual(x200.analogue_id, self.analogue_new)
        self.assertEqual(x200.observation_count, 2)
        self.assertEqual(x200.list_price, 1000.0)
        self.assertAlmostEqual(x200.price_gap_percent, 15.0)
        kit = by_name["Hand Drill Kit"]
        self.assertEqual(kit.kind, "substitute")
        self.assertAlmostEqual(kit.price_gap_percent, -70.0)

    def test_new_observation_becomes_latest(self):
        """A newer observation replaces the shown price; the older ones stay in the history."""
        newer = (
            self.env["crm.dossier.analogue"]
            .with_user(self.editor)
            .create(
                {
                    "dossier_id": self.product.id,
                    "partner_id": self.rival.id,
                    "name": "rival x200",
                    "price": 990.0,
                    "date": self.today,
                }
            )
        )
        self.env.flush_all()
        row = self.env["crm.dossier.comparison"].search(
            [("product_tmpl_id", "=", self.product_tmpl.id), ("kind", "=", "analogue")]
        )
        self.assertEqual(row.analogue_id, newer)
        self.assertEqual(row.observation_count, 3)
        action = row.with_user(self.reader).action_open_history()
        history = self.env["crm.dossier.analogue"].with_user(self.reader).search(action["domain"])
        self.assertEqual(history, newer | self.analogue_new | self.analogue_old)

    def test_comparison_cost_does_not_grow_with_history(self):
        """Reading the comparison costs the same queries with 3 observations as with 60."""
        Comparison = self.env["crm.dossier.comparison"].with_user(self.reader)
        fields_to_read = ["product_tmpl_id", "partner_id", "name", "kind", "price", "date", "observation_count"]
        Comparison.search_read([], fields_to_read)  # warm the access-right and record-rule caches
        self.env.invalidate_all()
        # 1 query: the view picks the latest observation of each competing product (DISTINCT ON)
        # 2 more: display names of products and of competitors
        with self.assertQueryCount(3):
            rows = Comparison.search_read([], fields_to_read)
        self.assertEqual(len(rows), 2)
        self.env["crm.dossier.analogue"].create(
            [
                {
                    "dossier_id": self.product.id,
                    "partner_id": self.rival.id,
                    "name": "Rival X200",
                    "price": 1000.0 + day,
                    "date": self.today - timedelta(days=300 + day),
                }
                for day in range(57)
            ]
        )
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            rows = Comparison.search_read([], fields_to_read)
        self.assertEqual(len(rows), 2)
        self.assertEqual({row["price"] for row in rows}, {1150.0, 300.0})

    def test_archived_dossier_leaves_comparison(self):
        """Archiving a product dossier removes its lines from the comparison."""
        self.product.action_archive()
        self.env.flush_all()
        self.assertFalse(self.env["crm.dossier.comparison"].search([("product_tmpl_id", "=", self.product_tmpl.id)]))

    def test_comparison_action_of_dossier(self):
        """The product dossier's Comparison button lists only its own analogues."""
        action = self.product.action_open_comparison()
        self.assertEqual(action["domain"], [("dossier_id", "=", self.product.id)])
        self.assertEqual(self.product.analogue_count, 3)

    def test_foreign_currency_price_is_converted(self):
        """A price observed in another currency is compared in our currency."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        company_currency = self.env.company.currency_id
        if eur == company_currency:
            eur = self.env.ref("base.USD")
            eur.active = True
        self.env["res.currency.rate"].search([("currency_id", "in", (eur | company_currency).ids)]).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 0.5, "name": self.today - timedelta(days=400)}
        )
        line = self.env["crm.dossier.analogue"].create(
            {
                "dossier_id": self.product.id,
                "partner_id": self.quiet.id,
                "name": "Import Drill",
                "price": 600.0,
                "currency_id": eur.id,
            }
        )
        self.env.flush_all()
        row = self.env["crm.dossier.comparison"].search([("analogue_id", "=", line.id)])
        self.assertAlmostEqual(row.price_converted, 1200.0)
        self.assertAlmostEqual(row.price_gap_percent, 20.0)
