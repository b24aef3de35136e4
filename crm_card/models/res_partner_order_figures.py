# res.partner of crm_card, one feature a file (see res_partner.py): pylint-odoo's advice to merge
# the classes inheriting res.partner is declined on purpose (issue 21: find a feature by its file name)
# pylint: disable=consider-merging-classes-inherited
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, date_utils

from ..tools import sql_array


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # ORDER FIGURES: THE ONE COUNT OF A CLIENT'S CONFIRMED ORDERS
    # ------------------------------------------------------------
    @api.model
    def _get_card_order_figures(self, client_ids, companies, today=None, recent=False):
        """The confirmed orders of each client, in figures: the one place they are counted.

        ``client_ids`` are commercial partners; the orders of each and of its contact persons
        count. ``companies`` are the companies whose orders count, chosen by the caller
        (``None``: every company): the card and the nightly rhythm job the user's allowed
        companies (``self.env.companies``), a call plan its company, the information level the
        client's own company (:meth:`_card_order_stats`). Amounts are untaxed, converted at each
        order's own rate into its company's currency (Odoo's sales analysis converts so too);
        dates are taken in UTC. ``recent``: only the figures of the last 12 months are wanted
        (``count_12m``, ``months_12m``, ``amount_12m``), and only those orders are read (a call
        plan over 100,000 clients reads a year of orders instead of all of them).

        Returns ``{client id: {figure: value}}`` for the clients with an order, in one query
        whatever the number of clients and orders (the figures of :meth:`_card_order_figures_query`,
        plus ``months_12m``, the distinct months ordered in the last 12, and ``quarters``).
        """
        ids = [client_id for client_id in client_ids if client_id]
        if not ids:
            return {}
        today = today or fields.Date.context_today(self)
        clients = SQL("= ANY(%s)", sql_array(ids, "int4"))
        query = self._card_order_figures_query(clients, companies, today, recent=recent)
        quarters = self._card_closed_quarters(today)
        rows = self.env.execute_query_dict(query)
        figures = {row["partner_id"]: self._card_order_figures_row(row, quarters) for row in rows}
        if recent:
            return {
                client_id: {key: row[key] for key in ("count_12m", "months_12m", "amount_12m")}
                for client_id, row in figures.items()
            }
        return figures

    @api.model
    def _card_order_figures_query(self, clients, companies, today, recent=False, figures="all"):
        """SQL of the order figures and the rhythm state per commercial partner whose id is
        ``clients`` (an SQL condition such as ``= ANY(...)``), over the confirmed orders of
        ``companies`` (``None``: every company); see :meth:`_get_card_order_figures`.
        ``figures="rhythm"``: only the figures the rhythm rule reads (``count``, the first and
        last dates, the quarters, ``gap`` and ``state``), for the nightly job over every client
        (``crm.card.rhythm._judge_rhythms``), which need not aggregate what the card shows.

        Raw SQL because the amounts are converted at each order's own rate (a per-row division
        ``_read_group`` cannot aggregate) and because the nightly job judges every client with it
        in one statement (``crm.card.rhythm._judge_rhythms``). No ``COUNT(DISTINCT ...)``: it would
        sort the orders of every client where a hash aggregate reads them once; the months ordered in the
        last 12 are a bit mask (``months_mask``, bit 0 this month, bit 12 the same month a year
        ago). The mean gap between consecutive orders is their span divided by their number minus
        one (the gaps add up to last - first). ``recent``: only the orders of the last 12 months
        are read, and only the 12-month figures are meaningful.
        """
        year_start = today.replace(month=1, day=1)
        year_ago = today - relativedelta(years=1)
        q3, q2, q1 = self._card_closed_quarters(today)
        self.env["sale.order"].flush_model(
            ["state", "partner_id", "date_order", "amount_untaxed", "currency_rate", "company_id"]
        )
        self._card_flush_buyers()
        amount = SQL("so.amount_untaxed / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 ELSE so.currency_rate END")
        month_bit = SQL(
            "1 << GREATEST(%s - (EXTRACT(YEAR FROM so.date_order) * 12 + EXTRACT(MONTH FROM so.date_order))::int, 0)",
            today.year * 12 + today.month,
        )
        where = SQL()
        if companies is not None:
            where = SQL("AND so.company_id = ANY(%s)", companies.ids)
        if recent:
            where = SQL("%s AND so.date_order >= %s", where, year_ago)
        card_figures = card_gaps = SQL()  # what the card shows besides the rhythm's figures
        if figures != "rhythm":
            card_figures = SQL(
                """
                   COUNT(*) FILTER (WHERE so.date_order >= %(year_ago)s) AS count_12m,
                   (MIN(so.date_order) FILTER (WHERE so.date_order >= %(year_ago)s))::date AS first_12m,
                   BIT_OR(%(month_bit)s) FILTER (WHERE so.date_order >= %(year_ago)s) AS months_mask,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(year_ago)s), 0) AS amount_12m,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(year_start)s), 0) AS this_year,
                   COALESCE(SUM(%(amount)s) FILTER (
                       WHERE so.date_order >= %(last_year_start)s AND so.date_order < %(year_start)s
                   ), 0) AS last_year,
                """,
                amount=amount,
                month_bit=month_bit,
                year_ago=year_ago,
                year_start=year_start,
                last_year_start=year_start - relativedelta(years=1),
            )
            card_gaps = SQL(
                ", COALESCE((figures.last_date - figures.first_12m)::float / NULLIF(figures.count_12m - 1, 0), 0)"
                " AS gap_12m"
            )
        aggregates = SQL(
            """
            SELECT buyer.commercial_partner_id AS partner_id,
                   COUNT(*) AS count,
                   MIN(so.date_order)::date AS first_date,
                   MAX(so.date_order)::date AS last_date,
                   %(card_figures)s
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(q3)s AND so.date_order < %(q2)s), 0) AS q3,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(q2)s AND so.date_order < %(q1)s), 0) AS q2,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(q1)s AND so.date_order < %(q0)s), 0) AS q1
              FROM sale_order so
              JOIN res_partner buyer ON buyer.id = so.partner_id
             WHERE so.state = 'sale'
               AND buyer.commercial_partner_id %(clients)s
               %(where)s
             GROUP BY buyer.commercial_partner_id
            """,
            amount=amount,
            card_figures=card_figures,
            q0=date_utils.start_of(today, "quarter"),
            q1=q1,
            q2=q2,
            q3=q3,
            clients=clients,
            where=where,
        )
        return SQL(
            """
            SELECT figures.*, gaps.*, %(state)s AS state
              FROM (%(aggregates)s) figures,
           LATERAL (SELECT COALESCE((figures.last_date - figures.first_date)::float
                                    / NULLIF(figures.count - 1, 0), 0) AS gap%(card_gaps)s) gaps
            """,
            aggregates=aggregates,
            card_gaps=card_gaps,
            state=self.env["crm.card.rhythm"]._state_sql(today),
        )

    @api.model
    def _card_flush_buyers(self):
        """Flush what the figures' query reads of res.partner: the commercial partner of the
        partners that have orders (``buyer``). Partners without an order keep theirs pending, so
        that an import's new partners get it in the one UPDATE of all their computed fields
        instead of in an UPDATE of their own, a second write of every row and of its indexes."""
        field = self._fields["commercial_partner_id"]
        self._recompute_model(["commercial_partner_id"])
        dirty_ids = self.env._field_dirty.get(field)
        if dirty_ids and self.env["sale.order"].sudo().search_count([("partner_id", "in", list(dirty_ids))], limit=1):
            self.flush_model(["commercial_partner_id"])

    @api.model
    def _card_order_figures_row(self, row, quarters):
        """Python values of one row of ``_card_order_figures_query``; ``quarters``
        are the starts of the last three closed quarters (``_card_closed_quarters``)."""
        stats = dict(row)
        for key in ("amount_12m", "this_year", "last_year", "q3", "q2", "q1", "gap", "gap_12m"):
            if key in stats:  # the rhythm's figures leave the card's out
                stats[key] = float(stats[key] or 0.0)
        if "months_mask" in stats:
            stats["months_12m"] = (stats.pop("months_mask") or 0).bit_count()
        stats["quarters"] = quarters
        return stats

    @api.model
    def _card_closed_quarters(self, today):
        """Starts of the last three closed quarters, oldest first."""
        quarter_start = date_utils.start_of(today, "quarter")
        return [quarter_start - relativedelta(months=3 * n) for n in (3, 2, 1)]

    @api.model
    def _card_quarter_labels(self, quarters):
        """"Q3 2026" in the language of the context ("3 кв. 2026")."""
        return [
            self.env._("Q%(quarter)s %(year)s", quarter=(start.month - 1) // 3 + 1, year=start.year)
            for start in quarters
        ]
