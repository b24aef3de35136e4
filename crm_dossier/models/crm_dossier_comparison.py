from odoo import api, fields, models, tools
from odoo.tools import SQL


class CrmDossierComparison(models.Model):
    """Our product against the latest observed price of each analogue and substitute.

    A SQL view: DISTINCT ON picks the latest observation of every competing product in one
    query, which the ORM cannot express; the window counts the observations behind it.
    """

    _name = "crm.dossier.comparison"
    _description = "Product Comparison"
    _auto = False
    _order = "product_tmpl_id, kind, price"

    analogue_id = fields.Many2one("crm.dossier.analogue", string="Latest Observation", readonly=True)
    dossier_id = fields.Many2one("crm.dossier", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Our Product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    is_confidential = fields.Boolean(string="Confidential", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Competitor", readonly=True)
    name = fields.Char(string="Their Product", readonly=True)
    kind = fields.Selection([("analogue", "Analogue"), ("substitute", "Substitute")], readonly=True)
    # Prices of different competitors (and currencies) must not be added up in grouped rows.
    price = fields.Monetary(string="Latest Price", currency_field="currency_id", readonly=True, aggregator=None)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(string="Observed On", readonly=True)
    observation_count = fields.Integer(string="Observations", readonly=True, aggregator="sum")
    list_price = fields.Float(string="Our List Price", readonly=True, digits="Product Price", aggregator="max")
    our_currency_id = fields.Many2one(related="product_tmpl_id.currency_id", string="Our Currency")
    price_converted = fields.Monetary(
        compute="_compute_price_gap", currency_field="our_currency_id", string="Latest Price (Our Currency)"
    )
    price_gap_percent = fields.Float(
        compute="_compute_price_gap",
        string="Their Price vs Ours (%)",
        help="Positive: they are dearer than our list price; negative: cheaper.",
    )

    @api.depends("price", "currency_id", "date", "list_price")
    def _compute_price_gap(self):
        for line in self:
            our_currency = line.our_currency_id or self.env.company.currency_id
            converted = (
                line.currency_id._convert(
                    line.price, our_currency, line.company_id or self.env.company, line.date or fields.Date.today()
                )
                if line.currency_id
                else line.price
            )
            line.price_converted = converted
            line.price_gap_percent = (converted - line.list_price) / line.list_price * 100 if line.list_price else 0.0

    def _query(self):
        return SQL(
            """
            SELECT DISTINCT ON (a.dossier_id, a.partner_id, a.kind, lower(a.name))
                   a.id AS id,
                   a.id AS analogue_id,
                   a.dossier_id,
                   d.product_tmpl_id,
                   d.company_id,
                   d.is_confidential,
                   a.partner_id,
                   a.name,
                   a.kind,
                   a.price,
                   a.currency_id,
                   a.date,
                   pt.list_price,
                   COUNT(*) OVER (PARTITION BY a.dossier_id, a.partner_id, a.kind, lower(a.name))
                       AS observation_count
              FROM crm_dossier_analogue a
              JOIN crm_dossier d ON d.id = a.dossier_id AND d.active
              JOIN product_template pt ON pt.id = d.product_tmpl_id
          ORDER BY a.dossier_id, a.partner_id, a.kind, lower(a.name), a.date DESC, a.id DESC
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def action_open_history(self):
        self.ensure_one()
        return self.analogue_id.action_open_history()
