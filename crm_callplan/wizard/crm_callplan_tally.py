import calendar
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import fields, models
from odoo.exceptions import UserError


class CrmCallplanTally(models.TransientModel):
    """The fixed forms: inbound calls by source and day, and the monthly work report."""

    _name = "crm.callplan.tally"
    _description = "Call Tally and Work Report"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month to report on.",
    )
    plan_id = fields.Many2one("crm.callplan", string="Call Plan", help="For the monthly work report.")

    def _month_bounds(self):
        self.ensure_one()
        first = self.month.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first, last

    def _get_tally(self):
        """The paper form of inbound calls: sources (rows) by day of the month (columns).

        Every inbound call the user may read counts, from the telephony or logged by hand, under
        the source through which its client first learned of us (see
        ``crm.card.interaction._callplan_first_sources``); a call with no such client counts under
        its own source. One grouped query for the calls, one for the clients' first sources.
        """
        first, last = self._month_bounds()
        Interaction = self.env["crm.card.interaction"]
        groups = Interaction._read_group(
            [
                ("kind", "=", "call"),
                ("direction", "=", "inbound"),
                ("date", ">=", datetime.combine(first, time.min)),
                ("date", "<", datetime.combine(last + timedelta(days=1), time.min)),
            ],
            ["partner_id", "source_id", "date:day"],
            ["__count"],
        )
        firsts = Interaction._callplan_first_sources([partner.id for partner, _source, _day, _count in groups])
        sources = self.env["utm.source"].sudo().browse(set(firsts.values()))  # names of what classifies the calls
        days = list(range(1, last.day + 1))
        rows = defaultdict(lambda: [0] * len(days))
        for partner, source, day, count in groups:
            if partner.id in firsts:
                source = sources.browse(firsts[partner.id])
            rows[source.sudo().name or self.env._("Unknown source")][day.day - 1] += count
        lines = [{"source": name, "counts": counts, "total": sum(counts)} for name, counts in sorted(rows.items())]
        totals = [sum(line["counts"][i] for line in lines) for i in range(len(days))]
        return {"days": days, "lines": lines, "totals": totals, "total": sum(totals), "first": first}

    def _get_work_report(self):
        """Per salesperson and week of the month: planned and made calls, plus coverage and overload.

        Planned calls are the plan's Call activities due in the month (open or done), and those a
        registered call closed before they were marked done (kept on the call rows).
        """
        self.ensure_one()
        first, last = self._month_bounds()
        plan = self.plan_id
        planned = self.env["mail.activity"].with_context(active_test=False)._read_group(
            [
                ("callplan_line_id.plan_id", "=", plan.id),
                ("date_deadline", ">=", first),
                ("date_deadline", "<=", last),
            ],
            ["user_id", "date_deadline:week"],
            ["__count"],
        )
        # planned calls that a logged or telephony call closed are deleted; their call rows keep the date
        planned += self.env["crm.callplan.call"]._read_group(
            [("plan_id", "=", plan.id), ("planned_date", ">=", first), ("planned_date", "<=", last)],
            ["user_id", "planned_date:week"],
            ["__count"],
        )
        made = self.env["crm.callplan.call"]._read_group(
            [("plan_id", "=", plan.id), ("date", ">=", first), ("date", "<=", last)],
            ["user_id", "date:week"],
            ["__count"],
        )
        weeks = sorted({week for _user, week, _count in planned + made})
        figures = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for user, week, count in planned:
            figures[user][week][0] += count
        for user, week, count in made:
            figures[user][week][1] += count
        coverage = {
            user: (due, called)
            for user, due, called in self.env["crm.callplan.coverage"]._read_group(
                [("plan_id", "=", plan.id)], ["user_id"], ["due_count:sum", "called_count:sum"]
            )
        }
        capacity = {row.user_id: row for row in self.env["crm.callplan.capacity"].search([("plan_id", "=", plan.id)])}
        people = []
        for user in sorted(set(figures) | set(capacity), key=lambda u: u.name or ""):
            due, called = coverage.get(user, (0, 0))
            people.append(
                {
                    "user": user,
                    "weeks": [(week, *figures[user][week]) for week in weeks],
                    "planned": sum(v[0] for v in figures[user].values()),
                    "made": sum(v[1] for v in figures[user].values()),
                    "coverage": 100.0 * called / due if due else None,  # nothing due: no figure, not 0 %
                    "calls_per_day": capacity[user].calls_per_day if user in capacity else 0.0,
                    # the part of the day the plan may use: the prospecting share stays free
                    "capacity": capacity[user].plan_capacity if user in capacity else user.callplan_daily_capacity,
                    "overload": capacity[user].overload if user in capacity else 0.0,
                }
            )
        return {"first": first, "last": last, "people": people}

    def action_print_tally(self):
        self.ensure_one()
        return self.env.ref("crm_callplan.action_report_crm_callplan_tally").report_action(self)

    def action_print_work_report(self):
        self.ensure_one()
        if not self.plan_id:
            raise UserError(self.env._("Choose the call plan of the work report."))
        return self.env.ref("crm_callplan.action_report_crm_callplan_work").report_action(self)
