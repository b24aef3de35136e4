from collections import Counter

from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext, is_html_empty

from ..tools import sql_array


class MailActivity(models.Model):
    _name = "mail.activity"
    _inherit = ["mail.activity", "crm.card.system.fields.mixin"]

    card_satisfaction_product_id = fields.Many2one(
        "product.product",
        string="Product to Rate",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        copy=False,
        help="The product whose yearly satisfaction check this reminder asks for.",
    )

    card_reminder_key = fields.Char(
        string="Reminder Reason",
        readonly=True,
        copy=False,
        help="Why a nightly job or a wizard planned this reminder: a record is reminded once per reason, "
        "even after the reminder is done.",
    )

    # "Already reminded", for every reminder of the project: an activity, open or done, of the
    # record with the same reason. Done activities are archived, not deleted, so a reminder
    # marked done keeps its reason; the database refuses a second one, however many jobs run.
    _card_reminder_key_uniq = models.UniqueIndex(
        "(res_model, res_id, card_reminder_key) WHERE card_reminder_key IS NOT NULL",
        "This record was already reminded for this reason.",
    )

    # ------------------------------------------------------------
    # ORM: WHAT ONLY THE PLANNERS SET
    # ------------------------------------------------------------
    def write(self, vals):
        if not self.env.su and vals.keys() & {"res_model", "res_model_id", "res_id"} and not self._card_merging(vals):
            # a reminder moved to another record is no longer its reminder: with its reason it
            # would spare that record the reminder the method gives it (the mixin's check, in
            # super, still refuses a value a user gives these fields)
            vals = {**vals, **dict.fromkeys(self._get_card_system_fields(), False)}
        return super().write(vals)

    def _card_merging(self, vals):
        """Whether this write moves activities of merged records to the record they merged into
        (:meth:`_card_merge_reasons` ran for it in this transaction): a merge keeps the reasons
        it sorted out, the survivor was reminded of them. Known only to the server (the cursor's
        cache), never to a caller."""
        targets = self.env.cr.cache.get("crm_card_merge_targets", ())
        return (
            not vals.keys() & {"res_model", "res_model_id"}
            and all((activity.res_model, vals["res_id"]) in targets for activity in self)
        )

    @api.model
    def _get_card_system_fields(self):
        """The fields of an activity that only :meth:`_card_plan_reminders` sets: its reason and
        what it ties the reminder to. Extend with a submodule's own (call super).

        A user who could set them would spare a record its reminders (the reason given already,
        the call plan's one open call) or fake one (``crm.card.system.fields.mixin``: create and
        write refuse them to anyone but the superuser); copy leaves them out, and a user moving
        an activity clears them (but for a merge: :meth:`_card_merging`).
        """
        return [*super()._get_card_system_fields(), "card_reminder_key", "card_satisfaction_product_id"]

    # ------------------------------------------------------------
    # BUSINESS: THE ONE WAY TO PLAN REMINDERS
    # ------------------------------------------------------------
    @api.model
    def _card_plan_reminders(self, res_model, activity_type, reminders, extra_columns=(), bulk=False):
        """Plan the reminder activities of the project; return the activities planned.

        The one way our jobs and wizards plan activities for someone else (need dates,
        purchase rhythm, risk digest, satisfaction checks, contracts, special events,
        greetings, call plans). A reminder with a reason key (``card_need:2026-06-15``) is
        planned once per record and reason: one whose record already has an activity, open
        or done, with that key is left out (the rule of "already reminded", held by the
        unique index on ``card_reminder_key``). A reminder without a key is always planned
        (the call plan keeps its own guard: one open call per plan line).

        ``bulk`` writes them in one ``INSERT ... SELECT`` (:meth:`_card_insert_activities`):
        the nightly jobs that plan thousands at once (the call generator, the purchase
        rhythm's first night) pass it, where ``create()`` costs a query per activity, minutes
        at 100,000 clients. Both ways give what users see alike: the assignee follows the
        record with the default subtypes, the assignee's activity counter moves (bus
        notification), no e-mail.

        Created with the rights of ``self`` (a wizard plans as its user; a job, which plans
        for everyone, passes ``sudo()``); the reason and the ``extra`` fields, which users may
        not set (:meth:`_get_card_system_fields`), are written after, as the planner's own.
        The bulk way writes in SQL, for trusted callers only.

        :param reminders: tuples ``(res_id, user_id, date_deadline, summary, note, key, *extra)``;
            a reminder without an assignee is left out
        :param extra_columns: names of the ``mail.activity`` fields filled by ``extra``
        """
        reminders = [row for row in reminders if row[1]]
        if not reminders:
            return self.browse()
        if bulk:
            inserted = self._card_insert_activities(res_model, activity_type, reminders, extra_columns)
            return self.browse([row[0] for row in inserted])
        keyed = [(row[0], row[5]) for row in reminders if row[5]]
        given = self._card_reminded(res_model, keyed) if keyed else set()
        model_id = self.env["ir.model"]._get_id(res_model)
        vals_list, planned = [], []
        for res_id, user_id, date_deadline, summary, note, key, *extra in reminders:
            if key and (res_id, key) in given:
                continue
            if key:
                given.add((res_id, key))
            vals_list.append({
                "res_model_id": model_id,
                "res_id": res_id,
                "activity_type_id": activity_type.id,
                "user_id": user_id,
                "date_deadline": date_deadline,
                "summary": summary or False,
                "note": note or False,
                "automated": True,
            })
            planned.append((key, *extra))
        # the assignee sees it in the activities, as the bulk way gives it: no e-mail
        activities = self.with_context(mail_activity_quick_update=True).create(vals_list).with_env(self.env)
        self._card_write_planned(activities, ["card_reminder_key", *extra_columns], planned)
        return activities

    @api.model
    def _card_write_planned(self, activities, columns, rows):
        """Write the planned fields ``columns`` of ``activities``, ``rows`` in their order, in one
        ``UPDATE``: as their planner, past the rule that users may not
        (:meth:`_get_card_system_fields`); the unique index of the reasons still holds."""
        if not activities:
            return
        values = list(zip(*rows, strict=True))
        arrays = [sql_array(activities.ids, "int4")] + [
            sql_array([value or None for value in column_values], self._fields[column].column_type[1])
            for column, column_values in zip(columns, values, strict=True)
        ]
        names = [SQL.identifier(column) for column in columns]
        self.env.cr.execute(
            SQL(
                "UPDATE mail_activity a SET %(assign)s FROM unnest(%(arrays)s) AS v(id, %(names)s) WHERE a.id = v.id",
                assign=SQL(", ").join(SQL("%s = v.%s", name, name) for name in names),
                arrays=SQL(", ").join(arrays),
                names=SQL(", ").join(names),
            )
        )
        activities.invalidate_recordset(columns)

    @api.model
    def _card_reminded(self, res_model, keys):
        """The ``(res_id, key)`` of ``keys`` whose record was reminded for that reason already."""
        self.flush_model(["res_model", "res_id", "card_reminder_key"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.res_id, a.card_reminder_key
                  FROM mail_activity a
                  JOIN unnest(%(res_ids)s, %(keys)s) AS v(res_id, key)
                    ON a.res_id = v.res_id AND a.card_reminder_key = v.key
                 WHERE a.res_model = %(res_model)s AND a.card_reminder_key IS NOT NULL
                """,
                res_model=res_model,
                res_ids=sql_array([res_id for res_id, _key in keys], "int4"),
                keys=sql_array([key for _res_id, key in keys], "varchar"),
            )
        )
        return set(rows)

    @api.model
    def _card_insert_activities(self, res_model, activity_type, rows, extra_columns=()):
        """The bulk way of :meth:`_card_plan_reminders` (call that): one ``INSERT ... SELECT``;
        return the inserted rows.

        ``create()`` costs about one query per activity even batched and without
        notifications (bench/RESULTS.md). This writes exactly the columns
        ``create()`` fills (model, record and its name, type, assignee and time zone,
        deadline, summary, note, automated flag, reason, audit columns) and then applies what
        ``create()`` does that users see: the assignee follows the record, and assignees with
        something due today get their activity counter bumped. A row whose reason was given
        before, or that another unique index refuses (one open call per plan line), is
        skipped. The rows are trusted: callers pass records they read themselves.

        :return: list of ``(id, res_id, user_id, date_deadline, *extra)``, the rows inserted
        """
        self.env.flush_all()
        names = self._card_activity_res_names(res_model, {row[0] for row in rows})
        # one array per column, unnested by the database: building a VALUES row per
        # activity costs more Python than the insert itself at 100,000 activities
        columns = list(zip(*rows, strict=True))
        arrays = [
            sql_array(columns[0], "int4"),
            sql_array(columns[1], "int4"),
            sql_array(columns[2], "date"),
            sql_array([summary or None for summary in columns[3]], "varchar"),
            sql_array([note or None for note in columns[4]], "text"),
            sql_array([key or None for key in columns[5]], "varchar"),
            sql_array([names.get(res_id) for res_id in columns[0]], "varchar"),
        ]
        for index, column in enumerate(extra_columns, start=6):
            arrays.append(sql_array(columns[index], self._fields[column].column_type[1]))
        extra_names = [SQL.identifier(column) for column in extra_columns]
        extra_insert = SQL("").join(SQL(", %s", name) for name in extra_names)
        extra_select = SQL("").join(SQL(", v.%s", name) for name in extra_names)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_activity (
                    res_model_id, res_model, res_id, res_name, activity_type_id, summary, note,
                    date_deadline, user_id, user_tz, automated, active, card_reminder_key,
                    create_uid, create_date, write_uid, write_date%(extra_insert)s)
                SELECT %(model_id)s, %(res_model)s, v.res_id, v.res_name, %(type_id)s, v.summary, v.note,
                       v.date_deadline, v.user_id, up.tz, TRUE, TRUE, v.reminder_key,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'%(extra_select)s
                  FROM unnest(%(arrays)s)
                       AS v(res_id, user_id, date_deadline, summary, note, reminder_key, res_name%(extra_insert)s)
                  JOIN res_users u ON u.id = v.user_id
                  JOIN res_partner up ON up.id = u.partner_id
                    ON CONFLICT DO NOTHING
             RETURNING id, res_id, user_id, date_deadline%(extra_insert)s
                """,
                extra_insert=extra_insert,
                extra_select=extra_select,
                arrays=SQL(", ").join(arrays),
                model_id=self.env["ir.model"]._get_id(res_model),
                res_model=res_model,
                type_id=activity_type.id,
                uid=self.env.uid,
            )
        )
        inserted = self.env.cr.fetchall()
        if inserted:
            self._card_subscribe_assignees(res_model, inserted)
            self.env.invalidate_all()
            self._card_notify_assignees(inserted)
        return inserted

    @api.model
    def _card_activity_res_names(self, res_model, res_ids):
        """{id: name} of the records, as the activity's ``res_name`` (their display name).

        A model that stores its full name (``complete_name``: partners,
        categories) gives it in one query; ``display_name`` costs a partner
        Python time (it translates the address types each time).
        """
        model = self.env[res_model].sudo()
        field = model._fields.get("complete_name")
        if field and field.store and not field.translate:
            model.flush_model(["complete_name"])
            query = SQL(
                "SELECT id, complete_name FROM %s WHERE id = ANY(%s)",
                SQL.identifier(model._table),
                sql_array(res_ids, "int4"),
            )
            return dict(self.env.execute_query(query))
        return {record.id: record.display_name for record in model.browse(res_ids)}

    @api.model
    def _card_subscribe_assignees(self, res_model, inserted):
        """Make each assignee follow the record, as ``mail.activity.create`` does: a new
        follower gets the model's default subtypes (the external ones for a portal user),
        an existing follower keeps its own."""
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(res_model)
        self.env.cr.execute(
            SQL(
                """
                WITH new_followers AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT DISTINCT %(res_model)s, v.res_id, u.partner_id
                      FROM unnest(%(res_ids)s, %(user_ids)s) AS v(res_id, user_id)
                      JOIN res_users u ON u.id = v.user_id
                        ON CONFLICT DO NOTHING
                 RETURNING id, partner_id
                )
                INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
                SELECT f.id, s.id
                  FROM new_followers f
                  JOIN res_partner p ON p.id = f.partner_id
                 CROSS JOIN LATERAL unnest(
                       CASE WHEN p.partner_share THEN %(external)s::int4[] ELSE %(default)s::int4[] END
                       ) AS s(id)
                """,
                res_model=res_model,
                res_ids=sql_array([row[1] for row in inserted], "int4"),
                user_ids=sql_array([row[2] for row in inserted], "int4"),
                default=default.ids,
                external=external.ids,
            )
        )

    @api.model
    def _card_notify_assignees(self, inserted):
        """Bump the activity counter of the assignees with something due today, as ``create`` does
        (today in UTC, as there)."""
        today = fields.Date.today()
        counts = Counter(row[2] for row in inserted if row[3] <= today)
        for user in self.env["res.users"].browse(list(counts)):
            user._bus_send("mail.activity/updated", {"activity_created": True, "count_diff": counts[user.id]})

    @api.model
    def _card_merge_reasons(self, res_model, src_ids, dst_id):
        """Before records of ``res_model`` are merged into ``dst_id`` (their activities moved to
        it): keep one reminder per reason, the destination's, else the oldest; the others stay,
        without their reason. The reason's unique index would refuse the move (two duplicates
        reminded of the same occasion), and the merged record was reminded of it already. For
        every merge that moves activities: partners, leads (``crm_shiffman``), dossiers
        (``crm_dossier``)."""
        self.flush_model(["res_model", "res_id", "card_reminder_key"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE mail_activity a
                   SET card_reminder_key = NULL
                 WHERE a.res_model = %(res_model)s
                   AND a.res_id = ANY(%(src_ids)s)
                   AND a.card_reminder_key IS NOT NULL
                   AND EXISTS (
                       SELECT 1
                         FROM mail_activity b
                        WHERE b.res_model = %(res_model)s
                          AND b.card_reminder_key = a.card_reminder_key
                          AND b.id != a.id
                          AND (b.res_id = %(dst_id)s OR (b.res_id = ANY(%(src_ids)s) AND b.id < a.id))
                   )
                """,
                res_model=res_model,
                src_ids=list(src_ids),
                dst_id=dst_id,
            )
        )
        self.invalidate_model(["card_reminder_key"])
        self.env.cr.cache.setdefault("crm_card_merge_targets", set()).add((res_model, dst_id))

    def _action_done(self, feedback=False, attachment_ids=None):
        """Log a done Call or Meeting on a client or a lead in the client's interaction log.

        The values are collected before ``super()`` because done activities are
        archived (or unlinked) there; an archived activity is never done again,
        so each activity logs exactly one interaction.
        """
        # the Log Contact dialog logs its activity's interaction itself (with the result)
        logged_ids = set(self.env.context.get("crm_card_logged_activity_ids") or ())
        interaction_vals = self.filtered(
            lambda a: a.active and a.id not in logged_ids
        )._prepare_card_interaction_vals_list(feedback)
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if interaction_vals:
            # The assignee may mark done an activity on a record they cannot
            # write on (Odoo allows it); the log line belongs to that record.
            self.env["crm.card.interaction"].sudo().create(interaction_vals)
        return result

    def _get_card_interaction_kind(self):
        """Return 'call' or 'meeting' for activities that belong in the interaction log."""
        self.ensure_one()
        return self._card_interaction_kind_of_type(self.activity_type_id)

    @api.model
    def _card_interaction_kind_of_type(self, activity_type):
        """'call' or 'meeting' for an activity type whose activities belong in the interaction log.

        The Call and Meeting types are found by their XML ids in the registry's cache:
        ``env.ref`` would query the database at every call (it checks that the record
        exists), twice for each of a batch of activities marked done.
        """
        if not activity_type:
            return False
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id
        if activity_type.id == xmlid_to_id("mail.mail_activity_data_call", raise_if_not_found=False):
            return "call"
        if activity_type.id == xmlid_to_id("mail.mail_activity_data_meeting", raise_if_not_found=False):
            return "meeting"
        return {"phonecall": "call", "meeting": "meeting"}.get(activity_type.category, False)

    def _prepare_card_interaction_vals_list(self, feedback=False):
        activities = self.filtered(
            lambda a: a.res_model in ("res.partner", "crm.lead") and a.res_id and a._get_card_interaction_kind()
        )
        records = {
            (record._name, record.id): record
            for model, acts in activities.grouped("res_model").items()
            for record in self.env[model].sudo().browse(acts.mapped("res_id")).exists()
        }
        vals_list = []
        for activity in activities:
            record = records.get((activity.res_model, activity.res_id))
            if not record:
                continue
            is_lead = activity.res_model == "crm.lead"
            partner = record.partner_id if is_lead else record
            note = feedback or activity.summary or activity.note
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "lead_id": record.id if is_lead else False,
                    "kind": activity._get_card_interaction_kind(),
                    "user_id": (activity.user_id or self.env.user).id,
                    "company_id": (record.company_id or self.env.company).id,
                    "note": html2plaintext(note) if note and not is_html_empty(note) else False,
                }
            )
        return vals_list
