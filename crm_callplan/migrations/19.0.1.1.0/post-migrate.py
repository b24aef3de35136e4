"""19.0.1.1.0: a greeting's occasion becomes its reason (``mail.activity.card_reminder_key``).

The greetings wizard planned a record once per occasion by looking for a greeting of that occasion,
open or done; it now plans through ``mail.activity._card_plan_reminders``, which reads the reason.
The greetings planned before get theirs (one per record and occasion), so that planning an occasion
again after the upgrade greets nobody twice.
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE mail_activity a
           SET card_reminder_key = 'callplan_greeting:' || a.callplan_greeting
          FROM (
                SELECT MIN(id) AS id
                  FROM mail_activity
                 WHERE callplan_greeting IS NOT NULL
                 GROUP BY res_model, res_id, callplan_greeting
               ) first_greeting
         WHERE a.id = first_greeting.id
           AND a.card_reminder_key IS NULL
        """
    )
