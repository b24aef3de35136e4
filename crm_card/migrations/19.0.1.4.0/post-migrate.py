"""19.0.1.4.0: one rule of "already reminded" for every reminder of the project.

Each job remembered what it had reminded its own way: the need date on the client
(``card_need_reminded_date``), the end date on the contract (``ending_reminded_date``), the
occurrence on the special event (``last_reminded_occurrence``), an open activity per product for
the satisfaction checks (a partial unique index). Now a reminder carries its reason
(``mail.activity.card_reminder_key``) and a record is reminded once per reason (see
``mail.activity._card_plan_reminders``). So that the upgrade plans no second reminder:

- the open satisfaction reminders get the reason the job gives them now (the product and the date
  of the client's latest check covering it);
- each need date, contract end and occurrence still ahead and already reminded gets a done
  (archived) reminder with its reason, whatever became of the first one (done, cancelled or
  still open): done reminders are archived activities too, so nobody sees it.

The three columns go with their fields (Odoo drops them at the end of the upgrade); the
satisfaction index goes here.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

# (table, model, column of the occasion reminded, column of the occasion now, assignee, reason prefix)
REMEMBERED = (
    ("res_partner", "res.partner", "card_need_reminded_date", "card_need_date", SQL("t.user_id"), "card_need:"),
    ("crm_card_contract", "crm.card.contract", "ending_reminded_date", "date_end", SQL("t.user_id"),
     "card_contract_end:"),
    ("crm_card_event", "crm.card.event", "last_reminded_occurrence", "next_occurrence",
     SQL("COALESCE(t.user_id, (SELECT p.user_id FROM res_partner p WHERE p.id = t.partner_id))"), "card_event:"),
)


def migrate(cr, version):
    _key_satisfaction_reminders(cr)
    for table, model, reminded, occasion, assignee, prefix in REMEMBERED:
        if column_exists(cr, table, reminded):
            _remember_occasions(cr, table, model, reminded, occasion, assignee, prefix)
    cr.execute("DROP INDEX IF EXISTS mail_activity_card_satisfaction_product_open_uniq")


def _xmlid_res_id(cr, module, name):
    cr.execute("SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", (module, name))
    row = cr.fetchone()
    return row and row[0]


def _key_satisfaction_reminders(cr):
    """The open reminder of a product gets the reason the job gives it (``res.partner.
    _get_card_satisfaction_reminder_keys``); the index kept one open reminder per client and product."""
    satisfaction_type = _xmlid_res_id(cr, "crm_card", "mail_activity_type_card_satisfaction")
    if not satisfaction_type:
        return
    cr.execute(
        SQL(
            """
            UPDATE mail_activity a
               SET card_reminder_key = 'card_satisfaction:' || a.card_satisfaction_product_id || ':' || COALESCE((
                       SELECT to_char(MAX(s.date), 'YYYY-MM-DD')
                         FROM crm_card_satisfaction s
                        WHERE s.partner_id = a.res_id
                          AND (s.product_id = a.card_satisfaction_product_id OR s.product_id IS NULL)
                   ), '')
             WHERE a.res_model = 'res.partner'
               AND a.active
               AND a.activity_type_id = %s
               AND a.card_satisfaction_product_id IS NOT NULL
               AND a.card_reminder_key IS NULL
            """,
            satisfaction_type,
        )
    )


def _remember_occasions(cr, table, model, reminded, occasion, assignee, prefix):
    """A done reminder with its reason for each occasion still ahead that was reminded."""
    todo = _xmlid_res_id(cr, "mail", "mail_activity_data_todo")
    cr.execute("SELECT id FROM ir_model WHERE model = %s", (model,))
    model_id = cr.fetchone()[0]
    cr.execute(
        SQL(
            """
            INSERT INTO mail_activity (
                res_model_id, res_model, res_id, activity_type_id, date_deadline, user_id, automated,
                active, date_done, card_reminder_key, create_uid, create_date, write_uid, write_date)
            SELECT %(model_id)s, %(model)s, t.id, %(todo)s, t.%(occasion)s, %(assignee)s, TRUE,
                   FALSE, CURRENT_DATE, %(prefix)s || to_char(t.%(occasion)s, 'YYYY-MM-DD'),
                   1, NOW() AT TIME ZONE 'UTC', 1, NOW() AT TIME ZONE 'UTC'
              FROM %(table)s t
             WHERE t.%(reminded)s = t.%(occasion)s
               AND t.%(occasion)s >= CURRENT_DATE
                ON CONFLICT DO NOTHING
            """,
            model_id=model_id,
            model=model,
            todo=todo,
            occasion=SQL.identifier(occasion),
            reminded=SQL.identifier(reminded),
            assignee=assignee,
            prefix=prefix,
            table=SQL.identifier(table),
        )
    )
