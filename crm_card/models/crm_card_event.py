import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import format_date

from ..tools import split_by_lang

DEFAULT_REMIND_DAYS = 7


class CrmCardEvent(models.Model):
    """A notable event at the client or in the life of one of its people.

    Reorganisations and personnel changes are dated once; birthdays and
    anniversaries come back every year (``yearly``). A daily cron reminds the
    responsible user ``remind_days`` before each occurrence, exactly once per
    occurrence (the reminder's reason). The reminder is an activity on the event
    itself, not on the client: its name and note are for those who may read
    events, and everyone reads the client's activities.
    """

    _name = "crm.card.event"
    _inherit = ["crm.card.scope.mixin", "mail.thread", "mail.activity.mixin", "crm.card.audit.mixin"]
    _description = "Special Event"
    _order = "next_occurrence, id"
    _card_audit_key_fields = ("name", "partner_id", "event_type_id", "date")
    _card_audit_tracked_fields = (
        "name",
        "partner_id",
        "event_type_id",
        "date",
        "yearly",
        "remind_days",
        "user_id",
        "note",
    )

    name = fields.Char(required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client or Person", required=True, index=True, ondelete="restrict"
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Client", store=True, index=True
    )
    event_type_id = fields.Many2one("crm.card.event.type", string="Type", required=True, ondelete="restrict")
    date = fields.Date(required=True, default=fields.Date.context_today)
    yearly = fields.Boolean(
        compute="_compute_yearly", store=True, readonly=False, help="The event comes back every year on this date."
    )
    remind_days = fields.Integer(
        string="Remind Days Before",
        default=lambda self: self._default_remind_days(),
        help="How many days before each occurrence the responsible user gets a To-Do.",
    )
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user, index=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    note = fields.Text()
    next_occurrence = fields.Date(
        compute="_compute_next_occurrence",
        store=True,
        index=True,
        help="The coming date of the event; for yearly events it rolls to the next year once past.",
    )

    _remind_days_range = models.Constraint(
        "CHECK(remind_days >= 0 AND remind_days <= 365)", "Remind days must be between 0 and 365."
    )

    def _default_remind_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param("crm_card.event_remind_days")
        try:
            return int(value) if value else DEFAULT_REMIND_DAYS
        except ValueError:
            return DEFAULT_REMIND_DAYS

    @api.depends("event_type_id")
    def _compute_yearly(self):
        for event in self:
            event.yearly = event.event_type_id.yearly

    @api.depends("date", "yearly")
    def _compute_next_occurrence(self):
        today = fields.Date.context_today(self)
        for event in self:
            event.next_occurrence = event._get_next_occurrence(today)

    def _get_next_occurrence(self, today):
        """First occurrence on or after ``today`` (Feb 29 falls on Feb 28 in common years)."""
        self.ensure_one()
        if not self.date or not self.yearly or self.date >= today:
            return self.date
        occurrence = self._occurrence_in_year(today.year)
        if occurrence < today:
            occurrence = self._occurrence_in_year(today.year + 1)
        return occurrence

    def _occurrence_in_year(self, year):
        try:
            return self.date.replace(year=year)
        except ValueError:  # Feb 29 in a common year
            return datetime.date(year, 2, 28)

    @api.model
    def _cron_remind_events(self):
        self._roll_yearly_events()
        self._remind_upcoming_events()

    @api.model
    def _roll_yearly_events(self):
        """Move yearly events whose occurrence is past to their next one."""
        today = fields.Date.context_today(self)
        past = self.search([("yearly", "=", True), ("next_occurrence", "<", today)])
        past._compute_next_occurrence()

    @api.model
    def _get_events_to_remind_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("next_occurrence", ">=", today),
            ("next_occurrence", "<=", today + relativedelta(days=365)),
            ("partner_id.active", "=", True),
        ]

    @api.model
    def _remind_upcoming_events(self):
        """Give each responsible user one To-Do per occurrence coming within its remind days."""
        today = fields.Date.context_today(self)
        events = self.search(self._get_events_to_remind_domain()).filtered(
            lambda e: e.next_occurrence - relativedelta(days=e.remind_days) <= today
            and (e.user_id or e.partner_id.user_id)
        )
        reminders = [
            event._get_occurrence_reminder()
            for _lang, same_lang in split_by_lang(events, lambda e: e.user_id or e.partner_id.user_id)
            for event in same_lang
        ]
        todo = self.env.ref("mail.mail_activity_data_todo")
        return self.env["mail.activity"].sudo()._card_plan_reminders(self._name, todo, reminders)

    def _get_occurrence_reminder(self):
        """The reminder of the coming occurrence, as ``mail.activity._card_plan_reminders`` takes it."""
        self.ensure_one()
        summary = self.env._(
            "%(type)s: %(name)s on %(date)s",
            type=self.event_type_id.name,
            name=self.name,
            date=format_date(self.env, self.next_occurrence),
        )
        user = self.user_id or self.partner_id.user_id
        return (self.id, user.id, self.next_occurrence, summary, self.note, f"card_event:{self.next_occurrence}")
