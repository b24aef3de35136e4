import zlib
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_callplan import add_working_days


class CrmCallplanLine(models.Model):
    """One client in a call plan: its segment, frequency and call rhythm."""

    _name = "crm.callplan.line"
    _description = "Call Plan Client"
    _order = "next_due_date, id"
    _rec_name = "partner_id"

    plan_id = fields.Many2one("crm.callplan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status")
    partner_id = fields.Many2one("res.partner", string="Client", required=True, ondelete="cascade", index=True)
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
    activity_id = fields.Many2one("mail.activity", string="Planned Call", ondelete="set null", readonly=True)
    activity_date = fields.Date(related="activity_id.date_deadline", string="Planned For")

    _plan_partner_uniq = models.UniqueIndex("(plan_id, partner_id)", "A client appears only once in a plan.")

    @api.depends("segment_id.calls_per_year", "calls_override", "calls_override_value",
                 "plan_id.working_weeks", "plan_id.working_days_per_week")
    def _compute_calls_per_year(self):
        for line in self:
            calls = line.calls_override_value if line.calls_override else line.segment_id.calls_per_year
            line.calls_per_year = calls
            working_days = line.plan_id.working_weeks * line.plan_id.working_days_per_week
            line.interval_days = working_days / calls if calls else 0.0

    @api.depends("next_due_date", "interval_days")
    def _compute_neglected_date(self):
        for line in self:
            if line.next_due_date and line.interval_days:
                days_per_week = line.plan_id.working_days_per_week or 5
                line.neglected_date = add_working_days(line.next_due_date, line.interval_days, days_per_week)
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
    def _initial_due_date(self, plan, partner_id, calls_per_year):
        """Spread the first calls of new clients over their first interval.

        A stable per-client offset keeps everyone from falling due on the
        plan's first day and the calls of a segment from bunching up.
        """
        start = max(plan.date_start, fields.Date.context_today(self))
        interval = plan.working_weeks * plan.working_days_per_week / calls_per_year
        offset = (zlib.crc32(str(partner_id).encode()) % 1000) / 1000.0
        return add_working_days(start, offset * interval, plan.working_days_per_week)

    def _move_due_dates(self):
        for line in self:
            line.next_due_date = add_working_days(
                line.last_call_date, line.interval_days, line.plan_id.working_days_per_week
            )

    def _register_calls(self, call_dates, interactions=None):
        """Count calls made to these lines' clients.

        ``call_dates`` maps line id to the date of the call. Each call moves
        the next due date by one interval, logs a ``crm.callplan.call`` row for
        coverage and removes the line's open plan activity (done already or
        made pointless by the call).
        """
        interactions = interactions or {}
        Call = self.env["crm.callplan.call"].sudo()
        overdue_users = self._get_overdue_users(min(call_dates.values()) if call_dates else None)
        call_vals, to_remove = [], self.env["mail.activity"]
        for line in self.sudo():
            day = call_dates[line.id]
            was_due = bool(line.next_due_date) and day >= line.next_due_date - timedelta(
                days=int(line.interval_days / 4)
            )
            call_vals.append(
                {
                    "plan_id": line.plan_id.id,
                    "line_id": line.id,
                    "partner_id": line.partner_id.id,
                    "user_id": line.user_id.id,
                    "segment_id": line.segment_id.id,
                    "date": day,
                    "was_due": was_due,
                    "others_overdue": (line.plan_id.id, line.user_id.id) in overdue_users,
                    "interaction_id": interactions.get(line.id),
                }
            )
            if line.activity_id.active:
                to_remove |= line.activity_id
            line.write(
                {
                    "calls_done": line.calls_done + 1,
                    "last_call_date": max(day, line.last_call_date or day),
                    "activity_id": False,
                }
            )
            line._move_due_dates()
        Call.create(call_vals)
        return to_remove

    def _get_overdue_users(self, day):
        """(plan, salesperson) pairs having clients overdue on ``day``."""
        if not day:
            return set()
        groups = self.env["crm.callplan.line"].sudo()._read_group(
            [
                ("plan_id", "in", self.plan_id.ids),
                ("user_id", "in", self.user_id.ids),
                ("next_due_date", "<", day),
                ("id", "not in", self.ids),
            ],
            ["plan_id", "user_id"],
        )
        return {(plan.id, user.id) for plan, user in groups}

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }
