import math

from odoo import fields, models
from odoo.tools import SQL


class CrmCallplanCapacity(models.Model):
    """Calls a salesperson must make under a plan, against their capacity.

    Calls a year are the sum of the clients' frequencies; a week divides by
    the working weeks, a day by working weeks times working days. The plan
    may use the daily capacity less the plan's prospecting share, the part
    of the day kept for new clients. The view is computed by the database
    so it stays instant at 100,000 clients.
    """

    _name = "crm.callplan.capacity"
    _description = "Call Plan Capacity"
    _auto = False
    _order = "plan_id, overload desc, user_id"

    plan_id = fields.Many2one("crm.callplan", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    client_count = fields.Integer(string="Clients", readonly=True)
    calls_per_year = fields.Float(readonly=True, digits=(16, 0))
    calls_per_week = fields.Float(readonly=True, digits=(16, 1))
    calls_per_day = fields.Float(readonly=True, digits=(16, 1))
    daily_capacity = fields.Integer(readonly=True)
    prospecting_share = fields.Integer(string="Prospecting (%)", readonly=True)
    plan_capacity = fields.Float(
        string="Capacity for the Plan", readonly=True, digits=(16, 1),
        help="Daily capacity less the share of the day kept for prospecting new clients.",
    )
    overload = fields.Float(string="Overload per Day", readonly=True, digits=(16, 1))
    overloaded = fields.Boolean(readonly=True)
    suggestion = fields.Text(string="How to Fix", compute="_compute_suggestion")
    # how well the salesperson keeps the plan, next to the load: the head of sales reads both on one card
    due_count = fields.Integer(string="Clients Due", compute="_compute_coverage")
    coverage_display = fields.Char(
        string="Coverage", compute="_compute_coverage",
        help="Share of the due clients called within their interval, over all segments; "
        "\"—\" where no client was due.",
    )
    neglected_count = fields.Integer(
        string="Neglected Clients", compute="_compute_coverage",
        help="Clients overdue by more than one interval.",
    )

    def _compute_coverage(self):
        """Sum the salesperson's coverage rows (one per segment) of the plan: one query for the page."""
        Coverage = self.env["crm.callplan.coverage"]
        groups = Coverage._read_group(
            [("plan_id", "in", self.plan_id.ids), ("user_id", "in", self.user_id.ids)],
            ["plan_id", "user_id"],
            ["due_count:sum", "called_count:sum", "neglected_count:sum"],
        )
        figures = {(plan.id, user.id): rest for plan, user, *rest in groups}
        for row in self:
            due, called, neglected = figures.get((row.plan_id.id, row.user_id.id), (0, 0, 0))
            row.due_count = due
            row.neglected_count = neglected
            row.coverage_display = Coverage._format_coverage(100.0 * called / due if due else 0.0, due)

    def _compute_suggestion(self):
        rooms = self._get_rooms()
        for row in self:
            row.suggestion = row._suggest_fix(rooms) if row.overloaded else False

    def _get_rooms(self):
        """Spare calls a year of every salesperson in the plans shown."""
        rooms = {}
        for row in self.search([("plan_id", "in", self.plan_id.ids)]):
            plan = row.plan_id
            spare = (row.plan_capacity - row.calls_per_day) * plan.working_weeks * plan.working_days_per_week
            rooms[plan.id, row.user_id.id] = spare
        return rooms

    def _suggest_fix(self, rooms):
        """Name the segment to lower and how far, or how many clients to move to whom."""
        self.ensure_one()
        plan = self.plan_id
        excess = self.overload * plan.working_weeks * plan.working_days_per_week
        groups = self.env["crm.callplan.line"]._read_group(
            [("plan_id", "=", plan.id), ("user_id", "=", self.user_id.id)], ["segment_id"], ["__count"]
        )
        if not groups:
            return False
        segment, count = max(groups, key=lambda group: group[1] * group[0].calls_per_year)
        lowered = max(segment.calls_per_year - math.ceil(excess / count), 0)
        parts = [
            self.env._(
                "Lower the segment %(segment)s from %(old)s to %(new)s calls a year.",
                segment=segment.name,
                old=segment.calls_per_year,
                new=lowered,
            )
        ]
        candidates = [
            (spare, user_id)
            for (plan_id, user_id), spare in rooms.items()
            if plan_id == plan.id and user_id != self.user_id.id and spare > 0
        ]
        if candidates:
            spare, user_id = max(candidates)
            to_move = math.ceil(excess / segment.calls_per_year)
            parts.append(
                self.env._(
                    "Or move %(count)s clients of %(segment)s to %(user)s (room for %(room)s calls a year).",
                    count=to_move,
                    segment=segment.name,
                    user=self.env["res.users"].browse(user_id).name,
                    room=int(spare),
                )
            )
        return "\n".join(parts)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT MIN(l.id) AS id, l.plan_id, p.company_id, l.user_id,
                   COUNT(*) AS client_count,
                   SUM(l.calls_per_year) AS calls_per_year,
                   SUM(l.calls_per_year)::float / p.working_weeks AS calls_per_week,
                   SUM(l.calls_per_year)::float / (p.working_weeks * p.working_days_per_week) AS calls_per_day,
                   u.callplan_daily_capacity AS daily_capacity,
                   COALESCE(p.prospecting_share, 0) AS prospecting_share,
                   %(room)s AS plan_capacity,
                   GREATEST(SUM(l.calls_per_year)::float / (p.working_weeks * p.working_days_per_week)
                            - %(room)s, 0) AS overload,
                   SUM(l.calls_per_year)::float / (p.working_weeks * p.working_days_per_week)
                            > %(room)s AS overloaded
              FROM crm_callplan_line l
              JOIN crm_callplan p ON p.id = l.plan_id
              JOIN res_users u ON u.id = l.user_id
          GROUP BY l.plan_id, p.company_id, l.user_id, p.working_weeks, p.working_days_per_week,
                   p.prospecting_share, u.callplan_daily_capacity
            """,
            room=SQL("(u.callplan_daily_capacity * (100 - COALESCE(p.prospecting_share, 0)) / 100.0)"),
        )

