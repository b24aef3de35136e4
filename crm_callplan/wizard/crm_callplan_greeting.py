from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_card.tools import split_by_lang

from ..models.mail_activity import GREETING_CHANNELS

GREETING_TYPES = {
    "call": "mail.mail_activity_data_call",
    "letter": "mail.mail_activity_data_todo",
    "email": "mail.mail_activity_data_email",
}
# the clients' own events greeted by default: dates in the lives of the client and its people
DEFAULT_EVENT_TYPES = (
    "crm_card.crm_card_event_type_birthday",
    "crm_card.crm_card_event_type_company_anniversary",
    "crm_card.crm_card_event_type_professional_holiday",
)


class CrmCallplanGreeting(models.TransientModel):
    """Plan greetings for an occasion: whom to greet and how, decided from the base.

    Loyalty work is planned from the base, not only by sales volume. Whom: the
    clients of the call plans (or of one plan, some segments), optionally the
    clients outside any plan, narrowed by a minimum rating; and the clients'
    own special events (birthdays, company anniversaries, professional
    holidays) falling before the date, greeted on their day. How: the channel
    the client's segment sets (outside the plans: the one chosen here), a call
    for clients rated high enough whatever their segment.

    Each greeting is an activity of its channel's type (a Call, a To-Do for a
    letter, an E-mail) for the client's salesperson, marked with the occasion
    (``callplan_greeting``): done greetings stay as done activities, and the
    head of sales follows the round in the Greetings list. A greeting already
    planned for the same occasion and client (or event) is not planned twice.
    """

    _name = "crm.callplan.greeting"
    _description = "Plan Greetings"

    plan_id = fields.Many2one(
        "crm.callplan", domain=[("state", "!=", "closed")],
        help="Leave empty to greet the clients of every call plan in use.",
    )
    occasion = fields.Char(required=True, help="For example: New Year.")
    date = fields.Date(required=True, help="Greet the clients by this day.")
    segment_ids = fields.Many2many(
        "crm.callplan.segment", string="Segments", domain="[('plan_id', '=', plan_id)]",
        help="Leave empty to greet every segment.",
    )
    min_rating = fields.Integer(string="Minimum Rating", help="Only clients rated at least this (0 = all).")
    call_rating = fields.Integer(
        string="Call From Rating",
        help="Clients rated at least this are greeted by a call whatever their segment (0 = as the segment says).",
    )
    include_unplanned = fields.Boolean(
        string="Clients Outside Call Plans",
        help="Also greet the clients with a salesperson that no call plan in use covers.",
    )
    unplanned_channel = fields.Selection(
        GREETING_CHANNELS, string="Their Greeting", default="letter", required=True,
        help="How clients outside the call plans are greeted.",
    )
    event_type_ids = fields.Many2many(
        "crm.card.event.type",
        string="Clients' Own Events",
        default=lambda self: self._default_event_types(),
        help="Also greet on the clients' special events of these types falling between today and the date, "
        "on their day.",
    )

    def _default_event_types(self):
        types = self.env["crm.card.event.type"]
        for xmlid in DEFAULT_EVENT_TYPES:
            types |= self.env.ref(xmlid, raise_if_not_found=False) or types
        return types

    def _rating_ok(self, partner):
        return not self.min_rating or int(partner.card_rating or 0) >= self.min_rating

    def _channel(self, partner, segment):
        if self.call_rating and int(partner.card_rating or 0) >= self.call_rating:
            return "call"
        return segment.greeting_activity if segment else self.unplanned_channel

    def _get_lines(self):
        self.ensure_one()
        domain = [("user_id", "!=", False)]
        if self.plan_id:
            domain.append(("plan_id", "=", self.plan_id.id))
        else:
            domain.append(("plan_id.state", "=", "active"))
        if self.segment_ids:
            domain.append(("segment_id", "in", self.segment_ids.ids))
        if self.min_rating:
            domain.append(("partner_id.card_rating", ">=", str(self.min_rating)))
        return self.env["crm.callplan.line"].search(domain)

    def _get_greetings(self):
        """Whom to greet and how: ``[(record, salesperson, channel, due date, what)]``.

        ``what`` is the event greeted (its name), or False for the occasion itself. Clients without a
        salesperson are left out and counted: ``(greetings, count without salesperson)``.
        """
        self.ensure_one()
        greetings, by_client, seen = [], {}, set()
        for line in self._get_lines():
            partner = line.partner_id
            by_client.setdefault(partner.id, line)
            if partner.id not in seen:
                seen.add(partner.id)
                greetings.append((partner, line.user_id, self._channel(partner, line.segment_id), self.date, False))
        orphans = 0
        if self.include_unplanned:
            domain = [
                ("parent_id", "=", False),
                ("callplan_line_ids", "not any", [("plan_id.state", "=", "active")]),
                ("id", "not in", list(seen)),
            ]
            if self.min_rating:
                domain.append(("card_rating", ">=", str(self.min_rating)))
            domain.append(("user_id", "!=", False))
            for partner in self.env["res.partner"].search(domain):
                seen.add(partner.id)
                greetings.append((partner, partner.user_id, self._channel(partner, False), self.date, False))
        if self.event_type_ids:
            today = fields.Date.context_today(self)
            events = self.env["crm.card.event"].search(
                [
                    ("event_type_id", "in", self.event_type_ids.ids),
                    ("next_occurrence", ">=", today),
                    ("next_occurrence", "<=", self.date),
                ]
            )
            for event in events:
                client = event.commercial_partner_id
                if not self._rating_ok(client):
                    continue
                line = by_client.get(client.id)
                user = line.user_id if line else client.user_id or event.user_id
                if not user:
                    orphans += 1
                    continue
                greetings.append(
                    (event, user, self._channel(client, line.segment_id if line else False),
                     event.next_occurrence, event.name)
                )
        return greetings, orphans

    def action_plan_greetings(self):
        self.ensure_one()
        if self.date < fields.Date.context_today(self):
            raise UserError(self.env._("The greeting date is in the past."))
        if not (0 <= self.min_rating <= 5 and 0 <= self.call_rating <= 5):
            raise UserError(self.env._("The minimum rating must be between 0 and 5 stars."))
        greetings, orphans = self._get_greetings()
        if not greetings:
            raise UserError(self.env._("No client of the plan matches: nobody to greet."))
        users = self.env["res.users"].browse({user.id for _record, user, *_rest in greetings})
        texts = {}  # {user id: (channel labels, summary of an occasion, summary of an event)}
        for _lang, same_lang in split_by_lang(users, lambda user: user):
            env = same_lang.env  # the salesperson's language
            kinds = dict(env["crm.callplan.segment"]._fields["greeting_activity"]._description_selection(env))
            for user in same_lang:
                texts[user.id] = (kinds, env._("%(kind)s: %(occasion)s greetings"),
                                  env._("%(kind)s: greetings on %(event)s"))
        # the occasion is the reason: a record greeted for it already (open or done) is not greeted again
        reason = f"callplan_greeting:{self.occasion}"
        reminders = defaultdict(list)  # {(model, channel): reminders}
        for record, user, channel, due, what in greetings:
            kinds, occasion_text, event_text = texts[user.id]
            summary = (event_text % {"kind": kinds[channel], "event": what} if what
                       else occasion_text % {"kind": kinds[channel], "occasion": self.occasion})
            reminders[record._name, channel].append(
                (record.id, user.id, due, summary, None, reason, self.occasion, channel)
            )
        planned = self.env["mail.activity"]
        for (model, channel), rows in reminders.items():
            planned |= planned._card_plan_reminders(
                model,
                self.env.ref(GREETING_TYPES[channel]),
                rows,
                extra_columns=("callplan_greeting", "callplan_greeting_channel"),
            )
        message = self.env._(
            "%(count)s greetings planned; %(again)s were planned already; %(none)s events' clients have no "
            "salesperson.",
            count=len(planned),
            again=len(greetings) - len(planned),
            none=orphans,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": message, "next": {"type": "ir.actions.act_window_close"}},
        }
