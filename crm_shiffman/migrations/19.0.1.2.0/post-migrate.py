"""19.0.1.2.0: the quiet reminders follow the project's one rule of "already reminded".

The job remembered the quiet episode it had reminded in ``crm.lead.shiffman_reminded_date`` (the
episode's reference date: the last contact, or the lead's creation). Now the reminder carries the
episode as its reason (``crm.lead._shiffman_quiet_key``) and a lead is reminded once per reason
(see ``mail.activity._card_plan_reminders``). So that the upgrade reminds nobody twice:

- the latest quiet reminder (open or done) given for the episode of each lead gets its reason;
  the reminders are found by their type (Call), their summary (in any active language) and their
  creation after the episode began;
- a lead still in the episode it was reminded of whose reminder cannot be found (it was
  cancelled, or its summary edited) gets a done (archived) reminder with the reason, as
  crm_card's 19.0.1.4.0 did: done reminders are archived activities, nobody sees it.

The column goes with its field (Odoo drops it at the end of the upgrade).
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not column_exists(cr, "crm_lead", "shiffman_reminded_date"):
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    call_type = env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
    cr.execute(
        """
        SELECT id, shiffman_reminded_date,
               shiffman_reminded_date = COALESCE(shiffman_last_contact_date, create_date)
          FROM crm_lead
         WHERE shiffman_reminded_date IS NOT NULL
        """
    )
    rows = cr.fetchall()
    if not rows or not call_type:
        return
    Lead = env["crm.lead"]
    episodes = [(lead_id, reminded, Lead._shiffman_quiet_key(reminded), current) for lead_id, reminded, current in rows]
    _key_given_reminders(env, call_type, episodes)
    _remember_current_episodes(env, call_type, [episode for episode in episodes if episode[3]])


def _quiet_summaries(env):
    """The summary of a quiet reminder in every active language."""
    Lead = env["crm.lead"]
    return sorted(
        {Lead.with_context(lang=code)._shiffman_quiet_summary() for code, _name in env["res.lang"].get_installed()}
    )


def _key_given_reminders(env, call_type, episodes):
    """The latest quiet reminder of each episode, open or done, gets the episode's reason."""
    env.cr.execute(
        SQL(
            """
            UPDATE mail_activity a
               SET card_reminder_key = found.key
              FROM (
                    SELECT DISTINCT ON (v.res_id) r.id, v.key
                      FROM unnest(%(res_ids)s::int4[], %(reminded)s::timestamp[], %(keys)s::varchar[])
                           AS v(res_id, reminded, key)
                      JOIN mail_activity r
                        ON r.res_model = 'crm.lead' AND r.res_id = v.res_id
                       AND r.activity_type_id = %(call_type)s
                       AND r.summary = ANY(%(summaries)s)
                       AND r.create_date >= v.reminded
                       AND r.card_reminder_key IS NULL
                     WHERE NOT EXISTS (
                           SELECT 1 FROM mail_activity k
                            WHERE k.res_model = 'crm.lead' AND k.res_id = v.res_id AND k.card_reminder_key = v.key)
                  ORDER BY v.res_id, r.create_date DESC, r.id DESC
                   ) found
             WHERE a.id = found.id
            """,
            res_ids=[episode[0] for episode in episodes],
            reminded=[episode[1] for episode in episodes],
            keys=[episode[2] for episode in episodes],
            call_type=call_type.id,
            summaries=_quiet_summaries(env),
        )
    )


def _remember_current_episodes(env, call_type, episodes):
    """A done reminder with its reason for each lead still in the episode it was reminded of and
    whose reminder was not found."""
    if not episodes:
        return
    env.cr.execute(
        SQL(
            """
            INSERT INTO mail_activity (
                res_model_id, res_model, res_id, activity_type_id, date_deadline, user_id, automated,
                active, date_done, card_reminder_key, create_uid, create_date, write_uid, write_date)
            SELECT %(model_id)s, 'crm.lead', l.id, %(call_type)s, v.reminded::date, l.user_id, TRUE,
                   FALSE, CURRENT_DATE, v.key, 1, NOW() AT TIME ZONE 'UTC', 1, NOW() AT TIME ZONE 'UTC'
              FROM unnest(%(res_ids)s::int4[], %(reminded)s::timestamp[], %(keys)s::varchar[])
                   AS v(res_id, reminded, key)
              JOIN crm_lead l ON l.id = v.res_id
                ON CONFLICT DO NOTHING
            """,
            model_id=env["ir.model"]._get_id("crm.lead"),
            call_type=call_type.id,
            res_ids=[episode[0] for episode in episodes],
            reminded=[episode[1] for episode in episodes],
            keys=[episode[2] for episode in episodes],
        )
    )
