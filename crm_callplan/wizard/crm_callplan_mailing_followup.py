from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_card.tools import split_by_lang

from ..models.crm_callplan import DEFAULT_WORKING_DAYS


class CrmCallplanMailingFollowup(models.TransientModel):
    """Book a follow-up call for every recipient of a direct mailing.

    Interest fades within days of a mailing, so each recipient's salesperson
    gets a Call activity within the first week after the send date, on the
    first working day that still has room in their daily capacity.
    """

    _name = "crm.callplan.mailing.followup"
    _description = "Follow Up a Mailing"

    campaign_id = fields.Many2one("utm.campaign", required=True)
    send_date = fields.Date(required=True, default=fields.Date.context_today)
    tag_ids = fields.Many2many("res.partner.category", string="Recipients Tagged")
    partner_domain = fields.Char(string="Recipients Filter", default="[]")
    recipient_count = fields.Integer(compute="_compute_recipient_count")

    @api.depends("tag_ids", "partner_domain")
    def _compute_recipient_count(self):
        for wizard in self:
            try:
                wizard.recipient_count = len(wizard._get_recipients())
            except UserError:
                wizard.recipient_count = 0

    def _get_recipients(self):
        self.ensure_one()
        try:
            domain = safe_eval(self.partner_domain or "[]")
        except (ValueError, SyntaxError, NameError, TypeError) as error:
            raise UserError(self.env._("The recipients filter is not a valid domain.")) from error
        if not isinstance(domain, (list, tuple)):
            raise UserError(self.env._("The recipients filter is not a valid domain."))
        if self.tag_ids:
            domain = list(domain) + [("category_id", "in", self.tag_ids.ids)]
        if not domain:
            raise UserError(self.env._("Choose the recipients: a filter or a tag."))
        try:
            partners = self.env["res.partner"].search(domain)
        except (ValueError, KeyError, TypeError) as error:
            raise UserError(self.env._("The recipients filter is not a valid domain.")) from error
        return partners.commercial_partner_id

    def _get_week_days(self):
        days_per_week = int(
            self.env["ir.config_parameter"].sudo().get_param("crm_callplan.working_days", DEFAULT_WORKING_DAYS)
        )
        # the working days of the company's calendar (public holidays out)
        company = self.env.company
        working_days = self.env["crm.callplan"]._get_calendar_working_days(
            company.resource_calendar_id.id, company.id, days_per_week
        )
        days = [self.send_date + timedelta(days=offset) for offset in range(1, 8)]
        return [day for day in days if working_days.is_working(day)]

    def action_plan_calls(self):
        self.ensure_one()
        recipients = self._get_recipients()
        if not recipients:
            raise UserError(self.env._("No recipient matches the filter."))
        with_salesperson = recipients.filtered("user_id")
        days = self._get_week_days()
        loads = self.env["crm.callplan"]._get_planned_call_load(set(with_salesperson.user_id.ids), days)
        call_type = self.env.ref("mail.mail_activity_data_call")
        model_id = self.env["ir.model"]._get_id("res.partner")
        texts = {}  # {user_id: (summary, note)}, in each salesperson's language
        for _lang, users in split_by_lang(with_salesperson.user_id, lambda user: user):
            wizard = self.with_env(users.env)
            campaign = wizard.campaign_id.name
            texts.update(
                dict.fromkeys(
                    users.ids,
                    (
                        wizard.env._("Follow up mailing: %(campaign)s", campaign=campaign),
                        wizard.env._(
                            "The client received the mailing %(campaign)s on %(date)s.",
                            campaign=campaign,
                            date=format_date(wizard.env, self.send_date),
                        ),
                    ),
                )
            )
        vals_list, full = [], defaultdict(int)
        for partner in with_salesperson:
            user = partner.user_id
            day = next((d for d in days if loads.get((user.id, d), 0) < user.callplan_daily_capacity), None)
            if not day:
                full[user] += 1
                continue
            loads[user.id, day] = loads.get((user.id, day), 0) + 1
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": call_type.id,
                    "user_id": user.id,
                    "date_deadline": day,
                    "summary": texts[user.id][0],
                    "note": texts[user.id][1],
                }
            )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        message = self.env._(
            "%(count)s follow-up calls planned; %(none)s recipients have no salesperson; %(full)s did not fit "
            "in their salesperson's capacity that week.",
            count=len(vals_list),
            none=len(recipients - with_salesperson),
            full=sum(full.values()),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": message, "next": {"type": "ir.actions.act_window_close"}},
        }
