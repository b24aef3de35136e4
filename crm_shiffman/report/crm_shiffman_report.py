from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_stage import COLUMN_ORDER, SHIFFMAN_COLUMNS


class CrmShiffmanReport(models.Model):
    """One row per lead and column it entered, built from the move log.

    Summed, the rows count entries per column (and how many of them are still there);
    averaged, ``conversion`` is the share of the column's leads that went on to a later
    column — or, for the Result column, that were won: Shiffman's ratios.
    """

    _name = "crm.shiffman.report"
    _description = "Shiffman Table Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one("crm.lead", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    card_category_id = fields.Many2one("crm.card.category", string="Client Category", readonly=True)
    # group_expand: where the web client asks for it (the action's read_group_expand), the columns
    # come in the order of the table, Prospect to Result, not in the alphabetical order of their keys
    shiffman_column = fields.Selection(SHIFFMAN_COLUMNS, string="Column", readonly=True, group_expand=True)
    date = fields.Datetime(string="Entered On", readonly=True)
    entered_count = fields.Integer(string="Leads Entered", readonly=True, aggregator="sum")
    move_count = fields.Integer(string="Moves In", readonly=True, aggregator="sum")
    current_count = fields.Integer(string="Leads There Now", readonly=True, aggregator="sum")
    advanced_count = fields.Integer(string="Leads Advanced", readonly=True, aggregator="sum")
    conversion = fields.Float(
        string="Conversion (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Share of the leads that entered the column and went on to a later one (for Result: won).",
    )

    @property
    def _table_query(self):
        order = SQL("ARRAY[%s]::varchar[]", SQL(", ").join(SQL("%s", column) for column in COLUMN_ORDER))
        return SQL(
            """
            WITH entry AS (
                SELECT move.lead_id, move.to_column AS shiffman_column,
                       MIN(move.id) AS id, MIN(move.date) AS date, COUNT(*) AS move_count,
                       array_position(%(order)s, move.to_column::varchar) AS rank,
                       bool_and(COALESCE(move.lost, FALSE)) AS lost_only
                  FROM crm_shiffman_move move
              GROUP BY move.lead_id, move.to_column
            ), reached AS (
                -- a lead lost on the way is put in Result: that is no step forward
                SELECT lead_id, COALESCE(MAX(rank) FILTER (WHERE NOT lost_only), 0) AS max_rank
                  FROM entry GROUP BY lead_id
            )
            SELECT entry.id, entry.lead_id, lead.user_id, lead.team_id, lead.company_id,
                   lead.card_category_id, entry.shiffman_column, entry.date, entry.move_count,
                   1 AS entered_count,
                   (lead.active AND lead.shiffman_column = entry.shiffman_column)::int AS current_count,
                   advanced.flag AS advanced_count,
                   100.0 * advanced.flag AS conversion
              FROM entry
              JOIN crm_lead lead ON lead.id = entry.lead_id
              JOIN reached ON reached.lead_id = entry.lead_id
              CROSS JOIN LATERAL (
                  SELECT (CASE WHEN entry.shiffman_column = 'result' THEN lead.won_status = 'won'
                               ELSE reached.max_rank > entry.rank END)::int AS flag
              ) advanced
            """,
            order=order,
        )
