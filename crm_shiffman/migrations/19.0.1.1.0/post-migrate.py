"""19.0.1.1.0: the table keeps the date each column was entered, and every result in Result.

Dates come from the move log (the first entry into each column, as a UTC date). Leads closed
as lost or still prospective before were sent back to Contact 3: they return to their team's
Result column, dated by their closing (or last move). The persons per column cannot be
recovered and stay empty.
"""

from odoo.tools import SQL

COLUMNS = ["prospect", "interest", "contact_1", "contact_2", "contact_3", "result"]


def migrate(cr, version):
    for column in COLUMNS:
        cr.execute(
            SQL(
                """
                UPDATE crm_lead lead
                   SET %(field)s = entry.day
                  FROM (SELECT lead_id, MIN(date)::date AS day
                          FROM crm_shiffman_move WHERE to_column = %(column)s GROUP BY lead_id) entry
                 WHERE entry.lead_id = lead.id AND lead.%(field)s IS NULL
                """,
                field=SQL.identifier(f"shiffman_{column}_date"),
                column=column,
            )
        )
    # results that left the Result column go back to it (the stage of the team's Result column)
    cr.execute(
        """
        WITH result_stage AS (
            SELECT DISTINCT ON (rel.crm_team_id) rel.crm_team_id AS team_id, stage.id AS stage_id
              FROM crm_stage stage
              JOIN crm_stage_crm_team_rel rel ON rel.crm_stage_id = stage.id
             WHERE stage.shiffman_column = 'result'
          ORDER BY rel.crm_team_id, stage.sequence, stage.id
        )
        UPDATE crm_lead lead
           SET stage_id = result_stage.stage_id,
               shiffman_column = 'result',
               shiffman_result_date = COALESCE(lead.shiffman_result_date, lead.date_closed::date,
                                               lead.date_last_stage_update::date)
          FROM result_stage
         WHERE result_stage.team_id = lead.team_id
           AND lead.shiffman_result IN ('lost', 'prospective')
           AND lead.shiffman_column IS DISTINCT FROM 'result'
           AND lead.shiffman_column IS NOT NULL
        """
    )
