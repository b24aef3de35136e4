import zlib
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CrmCallplanLine(models.Model):
    """One client in a call plan: its segment, frequency and call rhythm."""

    _name = "crm.callplan.line"
    _inherit = ["crm.card.scope.mixin"]
    _description = "Call Plan Client"
    _order = "next_due_date, id"
    _rec_name = "partner_id"

    # no index of its own: the unique (plan, client) index and the ones below lead with the plan
    plan_id = fields.Many2one("crm.callplan", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status")
    partner_id = fields.Many2one("res.partner", string="Client", required=True, ondelete="cascade", index=True)
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    user_id = fields.Many2one("res.users", string="Salesperson", index=True)
    segment_id = fields.Many2one("crm.callplan.segment", required=True, ondelete="cascade", index=True)
    calls_override = fields.Boolean(
        string="Own Frequency", help="Keep this client's own number of calls a year when segments are recomputed."
    )
    calls_override_value = fields.Integer(string="Own Calls per Year")
    calls_per_year = fields.Integer(compute="_compute_calls_per_year", store=True)
    interval_days = fields.Float(
        string="Interval (working days)",
        compute="_compute_calls_per_year",
        store=True,
        help="Working days between two calls: working days a year divided by calls a year.",
    )
    calls_done = fields.Integer(readonly=True)
    first_due_date = fields.Date(readonly=True, help="When the client's first call was due.")
    last_call_date = fields.Date(readonly=True)
    next_due_date = fields.Date(index=True)
    neglected_date = fields.Date(
        compute="_compute_neglected_date",
        store=True,
        help="From this day on the client is overdue by more than one interval: neglected.",
    )
    # indexed for the foreign key: deleting a planned call (done, or closed by a registered call)
    # would otherwise scan every plan line to clear it
    activity_id = fields.Many2one(
        "mail.activity", string="Planned Call", ondelete="set null", readonly=True, index="btree_not_null"
    )
    activity_date = fields.Date(related="activity_id.date_deadline", string="Planned For")

    _plan_partner_uniq = models.UniqueIndex("(plan_id, partner_id)", "A client appears only once in a plan.")
    # whether a salesperson has other clients overdue, asked on every call registered
    # (_register_calls_sql): a short range of this index instead of all the salesperson's lines
    _plan_user_due_idx = models.Index("(plan_id, user_id, next_due_date)")
    # the call generator walks a plan's lines in due order, a batch at a time (keyset): this order
    # lets each batch read its own lines only, where the other indexes made every batch read and
    # sort all the plan's due lines (a run grew with the square of the plan at 1,000,000 clients)
    _plan_due_idx = models.Index("(plan_id, next_due_date, id)")

    @api.depends("segment_id.calls_per_year", "calls_override", "calls_override_value",
                 "plan_id.working_weeks", "plan_id.working_days_per_week")
    def _compute_calls_per_year(self):
        for line in self:
            calls = self._get_calls_per_year_of(
                line.segment_id.calls_per_year, line.calls_override and line.calls_override_value
            )
            line.calls_per_year = calls
            line.interval_days = line.plan_id._get_interval_days(calls) if line.plan_id else 0.0

    @api.depends("next_due_date", "interval_days")
    def _compute_neglected_date(self):
        for line in self:
            if line.next_due_date and line.interval_days:
                working_days = line.plan_id._get_working_days()
                line.neglected_date = self._get_neglected_date_of(working_days, line.next_due_date, line.interval_days)
            else:
                line.neglected_date = False

    @api.constrains("calls_override", "calls_override_value")
    def _check_override(self):
        for line in self:
            if line.calls_override and line.calls_override_value <= 0:
                raise ValidationError(
                    self.env._("The own frequency of %(client)s needs at least one call a year.",
                               client=line.partner_id.display_name)
                )

    def write(self, vals):
        res = super().write(vals)
        if {"calls_override", "calls_override_value"} & set(vals):
            self.filtered("last_call_date")._move_due_dates()
        return res

    @api.model
    def _get_initial_due_date_of(self, working_days, start, interval, partner_id):
        """A new client's first due date: ``start`` plus a stable per-client share of its first
        ``interval``, so that nobody bunches on the plan's first day nor a segment's calls on one
        day. The segment writer calls it once per new client with what it read once per plan."""
        offset = (zlib.crc32(str(partner_id).encode()) % 1000) / 1000.0
        return working_days.add(start, offset * interval)

    def _move_due_dates(self):
        for line in self:
            working_days = line.plan_id._get_working_days()
            line.next_due_date = self._get_next_due_date_of(working_days, line.last_call_date, line.interval_days)

    # A client's call rhythm, one definition each: the stored computes, the segment writer
    # (crm.callplan._write_segment_lines) and the calls registered in SQL (_register_calls_sql)
    # all call these; the interval itself is crm.callplan._get_interval_days.

    @api.model
    def _get_calls_per_year_of(self, segment_calls, own_calls=None):
        """A client's calls a year: its own frequency (``calls_override``) when set, else its segment's."""
        return own_calls or segment_calls

    @api.model
    def _get_next_due_date_of(self, working_days, last_call, interval):
        """A client called on ``last_call`` is due again ``interval`` working days later
        (``working_days``: the company calendar's, :meth:`crm.callplan._get_working_days`)."""
        return working_days.add(last_call, interval)

    @api.model
    def _get_neglected_date_of(self, working_days, next_due, interval):
        """From this day on a client due on ``next_due`` is overdue by more than one interval:
        neglected. None without a due date or an interval."""
        return working_days.add(next_due, interval) if next_due and interval else None

    def _register_calls(self, call_dates, interactions=None):
        """Count calls made to these lines' clients (see :meth:`_register_calls_sql`).

        ``call_dates`` maps line id to the date of the call, ``interactions``
        line id to the interaction that logged it.
        """
        interactions = interactions or {}
        return self._register_calls_sql(
            "id", {line_id: (day, interactions.get(line_id)) for line_id, day in call_dates.items()}
        )

    @api.model
    def _register_calls_sql(self, key, calls, domain=None):
        """Count calls in the plans, in two statements whatever the batch size.

        ``key`` is ``"id"`` (``calls`` maps line ids) or ``"partner_id"``
        (``calls`` maps client ids; then only lines of active plans count, for
        calls made since the plan's start);
        ``calls`` values are ``(date of the call, interaction id or None)``;
        ``domain``, when given, limits the lines counted (the lines the acting
        user may count, see ``crm.card.interaction._card_side_effect_domain``).
        Each counted call adds one to the line's calls, sets its last call
        date, moves its next due date one interval on, logs a
        ``crm.callplan.call`` row for coverage and deletes the line's open
        planned call (done already, or made pointless by the call); the call
        row keeps the date the deleted call was planned for, so that the work
        report still counts it as planned.

        This runs on every call the telephony reports, so it avoids the ORM's
        per-record round trips: one query reads and locks the lines (with
        whether the salesperson has other clients overdue, and the open
        activity), the new dates are computed in Python exactly as the stored
        computes do, and one statement updates the lines, inserts the call
        rows and deletes the activities (writing the columns ``write`` /
        ``create`` would: audit columns and the stored ``neglected_date`` and
        ``company_id``). An activity with attachments goes through the ORM so
        that its files are released too. The ORM cache of the touched models
        is invalidated afterwards. Returns the number of lines counted.
        """
        if not calls:
            return 0
        assert key in ("id", "partner_id")
        # flush only what the statements read: a flush of everything here would split the
        # writes other hooks of the same batch make (Shiffman's lead updates) into two
        self.flush_model()
        self.env["crm.callplan"].flush_model(["state", "company_id", "working_days_per_week", "date_start"])
        self.env["res.company"].flush_model(["resource_calendar_id"])
        self.env["mail.activity"].flush_model(["active", "date_deadline", "user_id"])
        self.env["ir.attachment"].flush_model(["res_model", "res_id"])
        first_day = min(day for day, _interaction in calls.values())
        keys = list(calls)
        values = SQL(", ").join(
            SQL("(%s::int, %s::date, %s::int)", k, day, interaction) for k, (day, interaction) in calls.items()
        )
        # a logged call counts in active plans only, and only from the plan's start: a call
        # back-dated before it is history and must not close the plan's open planned call
        active_only = SQL("AND p.state = 'active' AND v.day >= p.date_start") if key == "partner_id" else SQL()
        if domain is not None:
            # a subquery of the same statement, not a search beforehand
            allowed = self.with_context(active_test=False)._search(domain)
            active_only = SQL("%s AND l.id IN %s", active_only, allowed.subselect())
        self.env.cr.execute(
            SQL(
                """
                SELECT l.id, l.plan_id, p.company_id, l.partner_id, l.user_id, l.segment_id,
                       l.next_due_date, l.interval_days, l.last_call_date, p.working_days_per_week,
                       company.resource_calendar_id,
                       v.day, v.interaction_id, a.id, a.date_deadline, assignee.partner_id,
                       EXISTS(SELECT 1 FROM ir_attachment att
                               WHERE att.res_model = 'mail.activity' AND att.res_id = a.id),
                       EXISTS(SELECT 1 FROM crm_callplan_line o
                               WHERE o.plan_id = l.plan_id AND o.user_id = l.user_id
                                 AND o.next_due_date < %(first_day)s
                                 AND o.%(key)s <> ALL(%(keys)s::int[]))
                  FROM (VALUES %(values)s) AS v(key, day, interaction_id)
                  JOIN crm_callplan_line l ON l.%(key)s = v.key
                  JOIN crm_callplan p ON p.id = l.plan_id %(active_only)s
                  JOIN res_company company ON company.id = p.company_id
             LEFT JOIN mail_activity a ON a.id = l.activity_id AND a.active
             LEFT JOIN res_users assignee ON assignee.id = a.user_id
              ORDER BY l.id
                   FOR NO KEY UPDATE OF l
                """,
                key=SQL.identifier(key),
                keys=keys,
                first_day=first_day,
                values=values,
                active_only=active_only,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return 0
        line_values, call_values, deleted, orm_unlink = [], [], [], []
        Plan = self.env["crm.callplan"]
        for (line_id, plan_id, company_id, partner_id, user_id, segment_id, next_due, interval, last_call,
             days_per_week, calendar_id, day, interaction_id, activity_id, deadline, assignee_partner_id,
             has_files, others_overdue) in rows:
            interval = interval or 0.0
            # the company calendar's working days, from the registry's cache (as plan._get_working_days)
            working_days = Plan._get_calendar_working_days(calendar_id, company_id, days_per_week or 5)
            was_due = bool(next_due) and day >= next_due - timedelta(days=int(interval / 4))
            last_call = max(day, last_call or day)
            next_due = self._get_next_due_date_of(working_days, last_call, interval)
            neglected = self._get_neglected_date_of(working_days, next_due, interval)
            line_values.append(SQL("(%s::int, %s::date, %s::date, %s::date)", line_id, last_call, next_due, neglected))
            call_values.append(
                SQL(
                    "(%s::int, %s::int, %s::int, %s::int, %s::int, %s::int, %s::date, %s::bool, %s::bool, %s::int,"
                    " %s::date)",
                    plan_id, company_id, line_id, partner_id, user_id, segment_id, day, was_due,
                    others_overdue, interaction_id, deadline if activity_id else None,
                )
            )
            if activity_id and has_files:
                orm_unlink.append(activity_id)
            elif activity_id:
                deleted.append((activity_id, deadline, assignee_partner_id))
        uid = self.env.uid
        self.env.cr.execute(
            SQL(
                """
                WITH line_update AS (
                    UPDATE crm_callplan_line l
                       SET calls_done = COALESCE(l.calls_done, 0) + 1,
                           last_call_date = v.last_call_date,
                           next_due_date = v.next_due_date,
                           neglected_date = v.neglected_date,
                           activity_id = NULL,
                           write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                      FROM (VALUES %(lines)s) AS v(id, last_call_date, next_due_date, neglected_date)
                     WHERE l.id = v.id
                ), activity_delete AS (
                    DELETE FROM mail_activity WHERE id = ANY(%(deleted)s::int[])
                )
                INSERT INTO crm_callplan_call (
                    plan_id, company_id, line_id, partner_id, user_id, segment_id, date, was_due,
                    others_overdue, interaction_id, planned_date, create_uid, create_date, write_uid, write_date)
                SELECT v.*, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM (VALUES %(calls)s) AS v
                """,
                uid=uid,
                lines=SQL(", ").join(line_values),
                deleted=[row[0] for row in deleted],
                calls=SQL(", ").join(call_values),
            )
        )
        # what mail.activity.unlink() tells the assignees' activity counters
        today = fields.Date.today()
        due_by_partner = defaultdict(int)
        for _activity_id, deadline, assignee_partner_id in deleted:
            if assignee_partner_id and deadline <= today:
                due_by_partner[assignee_partner_id] += 1
        for partner in self.env["res.partner"].browse(list(due_by_partner)):  # the assignees' partners
            partner._bus_send(
                "mail.activity/updated", {"activity_deleted": True, "count_diff": -due_by_partner[partner.id]}
            )
        # Only what the statement changed leaves the cache, without a flush: everything it read
        # was flushed above, and a whole-model flush + invalidation cost more than the statements.
        # No x2many points at crm.callplan.call, so its new rows stale nothing. The deleted
        # activities are dropped from their clients' activity fields; their own records are not
        # invalidated, which would flush and clear the inverse ``activity_ids`` of every model
        # with activities (``exists()`` asks the database anyway).
        self.browse(row[0] for row in rows).invalidate_recordset(flush=False)
        if deleted:
            Partner = self.env["res.partner"]
            Partner.browse(row[3] for row in rows).invalidate_recordset(
                [name for name in Partner._fields if name.startswith("activity_")], flush=False
            )
        if orm_unlink:
            self.env["mail.activity"].sudo().browse(orm_unlink).unlink()
        return len(rows)

    def _prepare_merge_vals(self, target):
        """Values of ``target`` once the lines in ``self`` are folded into it (see :meth:`_merge_into`).

        The calls add up: each was really made to the client. The last call is
        the latest of them. The next call falls due on the earlier date: the
        client is owed that call whichever record it was booked on, and calling
        a few days early costs nothing, while the later date would silently
        postpone a call already due (and hide the client from the neglect
        figures). The first due date is the earlier too: the client's history
        in the plan starts there.
        """
        lines = self | target

        def dates(fname):
            return [day for day in lines.mapped(fname) if day]

        return {
            "calls_done": sum(lines.mapped("calls_done")),
            "last_call_date": max(dates("last_call_date"), default=False),
            "next_due_date": min(dates("next_due_date"), default=False),
            "first_due_date": min(dates("first_due_date"), default=False),
        }

    def _merge_into(self, target):
        """Fold these lines into ``target``, a line of the same plan, and delete them.

        For the partner merge: a client appears once in a plan, so when two
        merged partners are both in a plan their lines must become one before
        the wizard moves the rows of the one to the other. The call log rows
        (the coverage history) move to ``target``; the open planned calls of
        these lines are deleted through the ORM, which tells the assignees'
        activity counters. ``target`` keeps its own planned call, segment,
        salesperson and frequency.
        """
        target.ensure_one()
        vals = self._prepare_merge_vals(target)
        self.env["crm.callplan.call"].search([("line_id", "in", self.ids)]).write({"line_id": target.id})
        self.env["mail.activity"].search([("callplan_line_id", "in", self.ids)]).unlink()
        self.unlink()
        target.write(vals)

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }
