import math
from datetime import date, datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, ormcache

from odoo.addons.crm_card.tools import split_by_lang, sql_array

from ..tools import WorkingDays

DEFAULT_WORKING_WEEKS = 42
DEFAULT_WORKING_DAYS = 5
DEFAULT_CAPACITY = 25
DEFAULT_PROSPECTING_SHARE = 20
HORIZON_DAYS = 5
GENERATOR_BATCH = 5000


class CrmCallplan(models.Model):
    """A call plan: which clients each salesperson calls and how often.

    Clients are put into segments (``action_compute_segments``), each segment
    fixing a number of calls per year; the generator
    (``action_generate_calls`` / the daily cron) then books Call activities
    for the next working days within each salesperson's daily capacity.
    """

    _name = "crm.callplan"
    _description = "Call Plan"
    _inherit = ["mail.thread", "crm.card.scope.mixin"]
    _order = "date_start desc, id desc"

    def _default_working_weeks(self):
        return int(
            self.env["ir.config_parameter"].sudo().get_param("crm_callplan.working_weeks", DEFAULT_WORKING_WEEKS)
        )

    def _default_prospecting_share(self):
        return int(
            self.env["ir.config_parameter"].sudo().get_param(
                "crm_callplan.prospecting_share", DEFAULT_PROSPECTING_SHARE
            )
        )

    def _default_working_days(self):
        return int(
            self.env["ir.config_parameter"].sudo().get_param("crm_callplan.working_days", DEFAULT_WORKING_DAYS)
        )

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
        help="Salespeople whose clients the plan covers; leave empty to use the sales team's members.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", help="Its members are the plan's salespeople.")
    date_start = fields.Date(string="Start", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(
        string="End",
        required=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(years=1, days=-1),
        tracking=True,
    )
    working_weeks = fields.Integer(
        default=lambda self: self._default_working_weeks(),
        help="Weeks a salesperson actually calls in a year, holidays, training and absences out.",
    )
    working_days_per_week = fields.Integer(
        string="Working Days per Week", default=lambda self: self._default_working_days()
    )
    prospecting_share = fields.Integer(
        string="Prospecting (%)",
        default=lambda self: self._default_prospecting_share(),
        help="Share of each salesperson's daily call capacity kept free for new clients: the plan "
        "books its calls in the rest of the day.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )
    segment_ids = fields.One2many("crm.callplan.segment", "plan_id", string="Segments", copy=True)
    no_figures_segment_id = fields.Many2one(
        "crm.callplan.segment",
        string="Segment for Clients without Figures",
        domain="[('plan_id', '=', id)]",
        ondelete="set null",
        copy=False,
        help="Clients with no sale in the last 12 months and no potential enter the plan in this segment; "
        "empty: the segment with the fewest calls a year. Every client of the salespeople is in the plan.",
    )
    line_ids = fields.One2many("crm.callplan.line", "plan_id", string="Plan Clients")
    line_count = fields.Integer(string="Clients", compute="_compute_line_count")
    capacity_ids = fields.One2many("crm.callplan.capacity", "plan_id", readonly=True)
    coverage_ids = fields.One2many("crm.callplan.coverage", "plan_id", readonly=True)
    overloaded_count = fields.Integer(compute="_compute_overloaded_count", string="Overloaded Salespeople")

    def _compute_line_count(self):
        counts = dict(
            self.env["crm.callplan.line"]._read_group([("plan_id", "in", self.ids)], ["plan_id"], ["__count"])
        )
        for plan in self:
            plan.line_count = counts.get(plan, 0)

    def _compute_overloaded_count(self):
        counts = dict(
            self.env["crm.callplan.capacity"]._read_group(
                [("plan_id", "in", self.ids), ("overloaded", "=", True)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.overloaded_count = counts.get(plan, 0)

    @api.constrains("date_start", "date_end", "working_weeks", "working_days_per_week", "prospecting_share")
    def _check_plan_figures(self):
        for plan in self:
            if not 0 <= plan.prospecting_share < 100:
                raise ValidationError(
                    self.env._(
                        "The plan %(name)s keeps between 0 and 99 %% of the day for prospecting.", name=plan.name
                    )
                )
            if plan.date_end and plan.date_start and plan.date_end < plan.date_start:
                raise ValidationError(self.env._("The plan %(name)s cannot end before it starts.", name=plan.name))
            if not 0 < plan.working_weeks <= 53:
                raise ValidationError(
                    self.env._("The plan %(name)s needs between 1 and 53 working weeks a year.", name=plan.name)
                )
            if not 0 < plan.working_days_per_week <= 7:
                raise ValidationError(
                    self.env._("The plan %(name)s needs between 1 and 7 working days a week.", name=plan.name)
                )

    @api.constrains("no_figures_segment_id")
    def _check_no_figures_segment(self):
        for plan in self:
            if plan.no_figures_segment_id and plan.no_figures_segment_id.plan_id != plan:
                raise ValidationError(
                    self.env._(
                        "Clients without figures of the plan %(name)s go into a segment of this plan.",
                        name=plan.name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_activate(self):
        self.check_access("write")
        for plan in self:
            if not plan.segment_ids:
                raise UserError(self.env._("Add at least one segment to the plan %(name)s first.", name=plan.name))
            if not plan.line_ids:
                plan.action_compute_segments()
        self.write({"state": "active"})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_reset_draft(self):
        self.write({"state": "draft"})
        return True

    def action_compute_segments(self):
        """Recompute the plan's clients and segments; the lines are written in SQL, so the
        caller's right to write the plans is checked first."""
        self.check_access("write")
        for plan in self:
            plan._compute_segment_lines()
        return True

    def action_generate_calls(self):
        """Book the next calls; the activities are inserted in SQL, so the caller's right to
        write the plans is checked first."""
        self.check_access("write")
        created = 0
        for plan in self:
            if plan.state != "active":
                raise UserError(self.env._("Activate the plan %(name)s before generating calls.", name=plan.name))
            created += plan._generate_calls()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s calls planned for the next working days.", count=created),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_callplan.crm_callplan_line_action")
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_open_capacity(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_callplan.crm_callplan_capacity_action")
        action["domain"] = [("plan_id", "=", self.id)]
        return action

    def action_open_coverage(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_callplan.crm_callplan_coverage_action")
        action["domain"] = [("plan_id", "=", self.id)]
        return action

    @api.model
    def _cron_generate_calls(self):
        """Daily job: book the next working days of every active plan, committing per batch."""
        plans = self.search([("state", "=", "active")])
        for plan in plans:
            plan._generate_calls(commit=True)

    # ------------------------------------------------------------
    # BUSINESS: segments
    # ------------------------------------------------------------

    def _get_salespeople(self):
        self.ensure_one()
        return self.user_ids or self.team_id.member_ids

    def _get_client_domain(self):
        """Companies of the plan's salespeople: the clients a plan covers."""
        self.ensure_one()
        return [
            ("is_company", "=", True),
            ("user_id", "in", self._get_salespeople().ids),
            ("company_id", "in", [self.company_id.id, False]),
        ]

    def _get_client_figures(self):
        """Revenue and order count of the last 12 months per client, plus potential.

        The orders come from ``res.partner._get_card_order_figures``, the one count of a
        client's confirmed orders, over the plan's company: revenue is untaxed and converted at
        each order's rate into the company's currency, as on the card. Returns ``{partner_id:
        (revenue, orders, potential, salesperson_id)}`` for every client of the plan's
        salespeople, those without sale or potential included (all zero): nobody stays outside
        the plan unnoticed.
        """
        self.ensure_one()
        clients = self.env["res.partner"].with_context(active_test=True).search_fetch(
            self._get_client_domain(), ["user_id", "card_potential_amount"]
        )
        if not clients:
            return {}
        orders = self.env["res.partner"]._get_card_order_figures(
            clients.ids, self.company_id, fields.Date.context_today(self), recent=True
        )
        empty = {"amount_12m": 0.0, "count_12m": 0}
        return {
            client.id: (
                orders.get(client.id, empty)["amount_12m"],
                orders.get(client.id, empty)["count_12m"],
                client.card_potential_amount,
                client.user_id.id,
            )
            for client in clients
        }

    def _assign_segments(self, figures):
        """Map each client to exactly one segment: ``{partner_id: segment}``.

        Segments are tried in sequence; ABC segments take their share of the
        cumulative revenue (clients sorted by revenue, largest first). A client
        no segment accepts falls into the last segment. A client without any
        figure (no sale, no potential) falls into the plan's segment for them
        (:meth:`_get_no_figures_segment`).
        """
        self.ensure_one()
        segments = self.segment_ids.sorted(lambda s: (s.sequence, s.id))
        if not segments:
            raise UserError(self.env._("Add at least one segment to the plan %(name)s first.", name=self.name))
        no_figures_segment = self._get_no_figures_segment()
        assignment = {
            partner_id: no_figures_segment for partner_id, values in figures.items() if not any(values[:3])
        }
        figures = {partner_id: values for partner_id, values in figures.items() if partner_id not in assignment}
        abc_class = {}
        abc_segments = segments.filtered(lambda s: s.basis == "abc")
        if abc_segments:
            total = sum(values[0] for values in figures.values()) or 1.0
            bounds, cumulative_share = [], 0.0
            for segment in abc_segments:
                cumulative_share += segment.abc_share
                bounds.append((cumulative_share, segment))
            running = 0.0
            for partner_id, values in sorted(figures.items(), key=lambda item: (-item[1][0], item[0])):
                share_before = running / total * 100.0
                running += values[0]
                abc_class[partner_id] = next((seg for limit, seg in bounds if share_before < limit), None)
        # the segments' fields read once, not once a client
        rules = [(segment, segment.basis, segment.lower_bound, segment.upper_bound) for segment in segments]
        accept = self.env["crm.callplan.segment"]._bounds_accept
        for partner_id, (revenue, orders, potential, _user) in figures.items():
            values = {"revenue": revenue, "frequency": orders, "potential": potential}
            chosen = None
            for segment, basis, lower_bound, upper_bound in rules:
                if basis == "abc":
                    if abc_class.get(partner_id) == segment:
                        chosen = segment
                        break
                elif accept(lower_bound, upper_bound, values[basis]):
                    chosen = segment
                    break
            assignment[partner_id] = chosen or segments[-1]
        return assignment

    def _get_no_figures_segment(self):
        """The segment of clients without figures: the one the manager named, else the lowest (fewest
        calls a year; of equals, the last in sequence)."""
        self.ensure_one()
        if self.no_figures_segment_id:
            return self.no_figures_segment_id
        return min(self.segment_ids, key=lambda s: (s.calls_per_year, -s.sequence, -s.id))

    def _compute_segment_lines(self):
        """Create, update and remove plan lines in batch; overrides survive.

        The assignment is made in Python (:meth:`_assign_segments`), the rows
        are written in SQL: at 100,000 clients ``crm.callplan.line.create()``
        (an INSERT, then an UPDATE pass for the stored computes, plus ORM
        bookkeeping per record) was 62 % of call generation. New lines come
        from one ``INSERT … SELECT`` and moved lines get one ``UPDATE … FROM``
        (see :meth:`_write_segment_lines`); lines of clients who left the plan
        are unlinked through the ORM (few, and their planned calls go too).
        """
        self.ensure_one()
        self.env.flush_all()  # the SQL below reads segments and plan figures
        figures = self._get_client_figures()
        assignment = self._assign_segments(figures) if figures else {}
        Line = self.env["crm.callplan.line"]
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, id, segment_id, user_id, next_due_date,
                       CASE WHEN calls_override THEN calls_override_value END
                  FROM crm_callplan_line WHERE plan_id = %s
                """,
                self.id,
            )
        )
        existing = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        stale = Line.browse([row[0] for pid, row in existing.items() if pid not in assignment])
        if stale:
            stale.activity_id.unlink()
            stale.unlink()
            self.env.flush_all()
        working_days = self._get_working_days()
        start = max(self.date_start, fields.Date.context_today(self))  # of the new clients' first calls
        intervals = {}  # {calls a year: interval}: a few segments, a hundred thousand clients
        moved, new = [], []
        for partner_id, segment in assignment.items():
            user_id = figures[partner_id][3]
            if partner_id in existing:
                line_id, segment_id, old_user_id, due, own_calls = existing[partner_id]
                if segment_id != segment.id or old_user_id != user_id:
                    calls = Line._get_calls_per_year_of(segment.calls_per_year, own_calls)
                    interval = intervals.setdefault(calls, self._get_interval_days(calls))
                    neglected = Line._get_neglected_date_of(working_days, due, interval)
                    moved.append((line_id, segment.id, user_id, calls, interval, neglected))
            else:
                calls = segment.calls_per_year
                interval = intervals.setdefault(calls, self._get_interval_days(calls))
                due = Line._get_initial_due_date_of(working_days, start, interval, partner_id)
                neglected = Line._get_neglected_date_of(working_days, due, interval)
                new.append((partner_id, user_id, segment.id, calls, interval, due, neglected))
        self._write_segment_lines(moved, new)
        return True

    def _write_segment_lines(self, moved, new):
        """Write the plan lines of a segment computation in two statements.

        ``moved``: ``[(line_id, segment_id, user_id, calls_per_year, interval_days,
        neglected_date)]`` of existing lines whose segment or salesperson changed; ``new``:
        ``[(partner_id, user_id, segment_id, calls_per_year, interval_days, first_due_date,
        neglected_date)]``. The caller computes the stored computes' values with the helpers the
        computes use (``crm.callplan.line._get_calls_per_year_of``, :meth:`_get_interval_days`,
        ``crm.callplan.line._get_neglected_date_of``), so that no rule is written again in SQL;
        the statements add what the ORM would: the audit columns and the stored related
        ``company_id``. The ORM cache of plan lines is invalidated afterwards.
        """
        self.ensure_one()
        now = SQL("NOW() AT TIME ZONE 'UTC'")
        if moved:
            line_ids, segment_ids, user_ids, calls, intervals, neglected = zip(*moved, strict=True)
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE crm_callplan_line l
                       SET segment_id = v.segment_id, user_id = v.user_id,
                           calls_per_year = v.calls, interval_days = v.interval_days,
                           neglected_date = v.neglected,
                           write_uid = %(uid)s, write_date = %(now)s
                      FROM unnest(%(line_ids)s, %(segment_ids)s, %(user_ids)s,
                                  %(calls)s, %(intervals)s, %(neglected)s)
                           AS v(id, segment_id, user_id, calls, interval_days, neglected)
                     WHERE l.id = v.id
                    """,
                    line_ids=sql_array(line_ids, "int4"),
                    segment_ids=sql_array(segment_ids, "int4"),
                    user_ids=sql_array(user_ids, "int4"),
                    calls=sql_array(calls, "int4"),
                    intervals=sql_array(intervals, "float8"),
                    neglected=sql_array(neglected, "date"),
                    uid=self.env.uid,
                    now=now,
                )
            )
        if new:
            partner_ids, user_ids, segment_ids, calls, intervals, dues, neglected = zip(*new, strict=True)
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO crm_callplan_line (
                        plan_id, company_id, partner_id, user_id, segment_id,
                        calls_per_year, interval_days, first_due_date, next_due_date, neglected_date,
                        create_uid, create_date, write_uid, write_date)
                    SELECT %(plan)s, %(company)s, v.partner_id, v.user_id, v.segment_id,
                           v.calls, v.interval_days, v.due, v.due, v.neglected,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(partner_ids)s, %(user_ids)s, %(segment_ids)s,
                                  %(calls)s, %(intervals)s, %(dues)s, %(neglected)s)
                           AS v(partner_id, user_id, segment_id, calls, interval_days, due, neglected)
                    """,
                    partner_ids=sql_array(partner_ids, "int4"),
                    user_ids=sql_array(user_ids, "int4"),
                    segment_ids=sql_array(segment_ids, "int4"),
                    calls=sql_array(calls, "int4"),
                    intervals=sql_array(intervals, "float8"),
                    dues=sql_array(dues, "date"),
                    neglected=sql_array(neglected, "date"),
                    plan=self.id,
                    company=self.company_id.id,
                    uid=self.env.uid,
                    now=now,
                )
            )
        if moved or new:
            self.env["crm.callplan.line"].invalidate_model()
            self.invalidate_recordset(["line_ids", "line_count"])
            self.env["res.partner"].invalidate_model(["callplan_line_ids"])

    # ------------------------------------------------------------
    # BUSINESS: generator
    # ------------------------------------------------------------

    def _get_interval_days(self, calls_per_year):
        """Working days between two calls of a client called ``calls_per_year`` times a year."""
        self.ensure_one()
        return self.working_weeks * self.working_days_per_week / calls_per_year if calls_per_year else 0.0

    def _get_working_days(self):
        """The working days of the plan's company (:class:`~..tools.WorkingDays`).

        They follow the company's working calendar (``resource.calendar``): the weekdays it has
        attendances on, less its public holidays (leaves without a resource). A company without
        calendar works the plan's first ``working_days_per_week`` weekdays.
        """
        self.ensure_one()
        company = self.company_id
        return self._get_calendar_working_days(
            company.resource_calendar_id.id, company.id, self.working_days_per_week or 5
        )

    @api.model
    def _get_calendar_working_days(self, calendar_id, company_id, days_per_week):
        # the server's year is enough for a key: the span reaches a year back and two ahead
        return self._calendar_working_days(calendar_id or False, company_id, days_per_week, fields.Date.today().year)

    @api.model
    @ormcache("calendar_id", "company_id", "days_per_week", "year")
    def _calendar_working_days(self, calendar_id, company_id, days_per_week, year):
        """Working dates of a calendar from the year before ``year`` to two years after it.

        Kept in the registry's cache: every call registered needs them (the next due date), and
        the calendar's work intervals cost far more than the call. The cache is cleared when a
        calendar, its attendances or a public holiday change (see ``resource_calendar*.py``).
        Beyond the span, the calendar's weekdays work.
        """
        if not calendar_id:
            return WorkingDays(weekdays=range(days_per_week))
        calendar = self.env["resource.calendar"].sudo().browse(calendar_id)
        weekdays = {int(a.dayofweek) for a in calendar.attendance_ids if not a.display_type}
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(date(year - 1, 1, 1), time.min))
        end = tz.localize(datetime.combine(date(year + 2, 12, 31), time.max))
        company_leaves = [("time_type", "=", "leave"), ("company_id", "in", [company_id, False])]
        intervals = calendar._work_intervals_batch(start, end, domain=company_leaves, tz=tz)[False]
        dates = {begin.astimezone(tz).date() for begin, _end, _record in intervals}
        return WorkingDays(dates, weekdays or range(days_per_week))

    @api.model
    def _clear_working_days_cache(self):
        """Forget the cached working days (:meth:`_calendar_working_days`) when a calendar, its
        attendances or a public holiday change: the next due dates are then counted on the
        calendar as it is now, on every worker (the registry signals the cleared cache)."""
        self.env.registry.clear_cache()

    def _get_horizon(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        return self._get_working_days().next(max(today, self.date_start), HORIZON_DAYS)

    def _lock_for_generation(self):
        """Take the plan's generation lock for this transaction, or return False.

        Two generator runs (cron workers, a button, another server) never work
        on the same plan at once: the second one skips it.
        """
        self.env.cr.execute(
            SQL("SELECT id FROM crm_callplan WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED", self.id)
        )
        return bool(self.env.cr.fetchone())

    def _generate_calls(self, batch_size=GENERATOR_BATCH, commit=False):
        """Book Call activities for the next working days; return how many.

        Lines are read in batches ordered by due date (most overdue first)
        with a keyset cursor, so each batch costs the same few queries
        whatever its size. With ``commit`` every batch is committed through
        ``ir.cron._commit_progress``: a run that fails in the middle of a
        batch loses only that batch, and the next run picks its lines up
        again (they still have no activity), so nothing is doubled or skipped.
        """
        self.ensure_one()
        if self.state != "active":
            return 0
        horizon = self._get_horizon()
        if not horizon or horizon[0] > self.date_end:
            return 0
        horizon = [day for day in horizon if day <= self.date_end]
        created, cursor = 0, None
        while True:
            self.env.flush_all()
            if not self._lock_for_generation():
                break
            rows, cursor, scanned = self._fetch_due_lines(horizon[-1], cursor, batch_size)
            if rows:
                loads = self._get_planned_call_load({row[2] for row in rows}, horizon)
                planned = self._plan_days(rows, horizon, loads)
                created += self._create_call_activities(planned)
            if commit:
                remaining_time = self.env["ir.cron"]._commit_progress(len(rows))
                if remaining_time <= 0:
                    break
            if scanned < batch_size:
                break
        return created

    def _fetch_due_lines(self, until, cursor, limit):
        """The next ``limit`` lines due by ``until``, most overdue first, after ``cursor`` (a
        ``(due date, id)`` keyset, ``None`` at the start); return ``(rows, cursor, scanned)``:
        of them, those with a salesperson and without an open plan call, locked for this
        transaction (a line another run holds is skipped), the keyset of the last line read
        and how many were read.

        Two statements: the walk in due order stops after ``limit`` lines of the plan's
        ``(plan, due date, id)`` index; the open-call check and the lock come after. In one
        statement the planner joined every due line of the plan to its activity and sorted them
        all before the limit, at every batch.
        """
        keyset = SQL("AND (l.next_due_date, l.id) > (%s, %s)", *cursor) if cursor else SQL()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.id, l.next_due_date
                  FROM crm_callplan_line l
                 WHERE l.plan_id = %(plan)s
                   AND l.next_due_date <= %(until)s
                   %(keyset)s
              ORDER BY l.next_due_date, l.id
                 LIMIT %(limit)s
                """,
                plan=self.id,
                until=until,
                keyset=keyset,
                limit=limit,
            )
        )
        scanned = self.env.cr.fetchall()
        if not scanned:
            return [], cursor, 0
        self.env.cr.execute(
            SQL(
                """
                SELECT l.id, l.partner_id, l.user_id, l.next_due_date
                  FROM crm_callplan_line l
                  LEFT JOIN mail_activity a ON a.id = l.activity_id AND a.active
                 WHERE l.id = ANY(%(ids)s)
                   AND l.user_id IS NOT NULL
                   AND a.id IS NULL
              ORDER BY l.next_due_date, l.id
                   FOR NO KEY UPDATE OF l SKIP LOCKED
                """,
                ids=sql_array([line_id for line_id, _due in scanned], "int4"),
            )
        )
        last_id, last_due = scanned[-1]
        return self.env.cr.fetchall(), (last_due, last_id), len(scanned)

    def _get_planned_call_load(self, user_ids, days):
        """Open Call activities per (salesperson, day), whatever created them."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        groups = self.env["mail.activity"].sudo()._read_group(
            [
                ("activity_type_id", "=", call_type.id),
                ("user_id", "in", list(user_ids)),
                ("date_deadline", ">=", days[0]),
                ("date_deadline", "<=", days[-1]),
            ],
            ["user_id", "date_deadline:day"],
            ["__count"],
        )
        return {(user.id, day): count for user, day, count in groups}

    def _plan_days(self, rows, days, loads):
        """Give each due line the first day with room, in due order.

        ``loads`` is updated in place; returns ``[(line_id, partner_id,
        user_id, day)]``. A line that finds no room stays for the next run.
        """
        capacity = {
            user.id: self._get_plan_capacity(user.callplan_daily_capacity)
            for user in self.env["res.users"].sudo().browse({row[2] for row in rows})
        }
        planned = []
        for line_id, partner_id, user_id, due in rows:
            for day in days:
                if day < due:
                    continue
                if loads.get((user_id, day), 0) < capacity[user_id]:
                    loads[user_id, day] = loads.get((user_id, day), 0) + 1
                    planned.append((line_id, partner_id, user_id, day))
                    break
        return planned

    def _create_call_activities(self, planned):
        """Plan the Call activities of one batch in a single statement.

        Through ``mail.activity._card_plan_reminders`` in bulk (the ORM route costs
        about one query per activity: bench/run.py, measure 1, and bench/RESULTS.md), with the plan line on
        each activity: the partial unique index on ``callplan_line_id`` makes a
        concurrent duplicate impossible (the insert skips it).
        """
        if not planned:
            return 0
        lines = self.env["crm.callplan.line"].browse([item[0] for item in planned])
        lines.fetch(["segment_id"])
        # the texts in each salesperson's language, rendered once per language and segment
        texts = {}  # {user_id: (summary, {segment_id: note})}
        salespeople = self.env["res.users"].browse({item[2] for item in planned})
        for _lang, same_lang in split_by_lang(salespeople, lambda user: user):
            plan = self.with_env(same_lang.env)
            summary = plan.env._("Plan call: %(plan)s", plan=plan.name)
            notes = {
                segment.id: plan.env._(
                    "<p>Call plan: %(plan)s<br/>Segment: %(segment)s</p>", plan=plan.name, segment=segment.name
                )
                for segment in lines.segment_id.with_env(plan.env)
            }
            texts.update(dict.fromkeys(same_lang.ids, (summary, notes)))
        activities = self.env["mail.activity"]._card_plan_reminders(
            "res.partner",
            self.env.ref("mail.mail_activity_data_call"),
            [
                (partner_id, user_id, day, texts[user_id][0], texts[user_id][1].get(line.segment_id.id, ""), None,
                 line.id)
                for (_line_id, partner_id, user_id, day), line in zip(planned, lines, strict=True)
            ],
            extra_columns=("callplan_line_id",),
            bulk=True,
        )
        if not activities:
            return 0
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_callplan_line l
                   SET activity_id = a.id, write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                  FROM mail_activity a
                 WHERE a.id = ANY(%(activity_ids)s) AND l.id = a.callplan_line_id
                """,
                uid=self.env.uid,
                activity_ids=sql_array(activities.ids, "int4"),
            )
        )
        self.env["crm.callplan.line"].invalidate_model(["activity_id"])
        return len(activities)

    # ------------------------------------------------------------
    # BUSINESS: capacity helpers
    # ------------------------------------------------------------

    def _get_plan_capacity(self, daily_capacity):
        """Whole plan calls a salesperson with ``daily_capacity`` makes a day: the prospecting share
        of the day stays free (the capacity report shows the same figure, unrounded)."""
        self.ensure_one()
        return math.floor(daily_capacity * (100 - self.prospecting_share) / 100 + 1e-9)
