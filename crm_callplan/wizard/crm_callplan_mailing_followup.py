from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import email_normalize, format_date
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_card.tools import split_by_lang

from ..models.crm_callplan import DEFAULT_WORKING_DAYS


class CrmCallplanMailingFollowup(models.TransientModel):
    """Book a follow-up call for every recipient of a direct mailing.

    Interest fades within days of a mailing, so each recipient's salesperson
    gets a Call activity within the first week after the send date, on the
    first working day that still has room in their daily capacity.

    The recipients are chosen by a filter or tags, or, when Odoo's Email
    Marketing (``mass_mailing``) is installed, are the real recipients of a
    sent mailing (its delivery traces). There is no dependency on it: the
    mailing is a reference field whose only choice appears once it is there.
    """

    _name = "crm.callplan.mailing.followup"
    _description = "Follow Up a Mailing"

    campaign_id = fields.Many2one("utm.campaign", help="Named in the follow-up calls; the mailing's subject otherwise.")
    mailing_ref = fields.Reference(
        selection="_selection_mailing",
        string="Mailing",
        help="A sent mailing of Email Marketing: its recipients are followed up (filter and tags are not used).",
    )
    mailing_available = fields.Boolean(compute="_compute_mailing_available")
    send_date = fields.Date(required=True, default=fields.Date.context_today)
    tag_ids = fields.Many2many("res.partner.category", string="Recipients Tagged")
    partner_domain = fields.Char(string="Recipients Filter", default="[]")
    recipient_count = fields.Integer(compute="_compute_recipient_count")

    @api.model
    def _selection_mailing(self):
        return [("mailing.mailing", self.env._("Mailing"))] if "mailing.mailing" in self.env else []

    def _compute_mailing_available(self):
        self.mailing_available = "mailing.trace" in self.env

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        from_mailing = context.get("active_model") == "mailing.mailing" and context.get("active_id")
        if from_mailing and "mailing.mailing" in self.env:
            mailing = self.env["mailing.mailing"].browse(context["active_id"]).exists()
            if mailing:
                values["mailing_ref"] = f"mailing.mailing,{mailing.id}"
                values["campaign_id"] = mailing.campaign_id.id
                if mailing.sent_date:
                    values["send_date"] = fields.Date.context_today(self, mailing.sent_date)
        return values

    @api.private
    @api.model
    def action_open_from_mailing(self, mailing_id):
        """The follow-up of a sent mailing (Email Marketing), its recipients taken from its traces.

        For a server action or a button of an integration on ``mailing.mailing`` (``record.id``);
        ``api.private`` keeps it off RPC, where the wizard's own *Mailing* field serves.
        """
        if "mailing.mailing" not in self.env:
            raise UserError(self.env._("Email Marketing is not installed: choose the recipients by a filter or tags."))
        mailing = self.env["mailing.mailing"].browse(int(mailing_id)).exists()
        if not mailing:
            raise UserError(self.env._("This mailing does not exist."))
        mailing.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_callplan.crm_callplan_mailing_followup_action")
        action["context"] = {"active_model": "mailing.mailing", "active_id": mailing.id}
        return action

    @api.depends("tag_ids", "partner_domain", "mailing_ref")
    def _compute_recipient_count(self):
        for wizard in self:
            try:
                wizard.recipient_count = len(wizard._get_recipients())
            except UserError:
                wizard.recipient_count = 0

    def _get_recipients(self):
        self.ensure_one()
        if self.mailing_ref:
            return self._get_mailing_recipients()
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

    def _get_mailing_recipients(self):
        """The clients the mailing reached: its traces, test sends, bounces and failures left out."""
        self.ensure_one()
        if "mailing.trace" not in self.env:
            raise UserError(self.env._("Email Marketing is not installed: choose the recipients by a filter or tags."))
        mailing = self.mailing_ref
        mailing.check_access("read")
        groups = self.env["mailing.trace"]._read_group(
            [
                ("mass_mailing_id", "=", mailing.id),
                ("is_test_trace", "=", False),
                ("trace_status", "not in", ("bounce", "error", "cancel")),
            ],
            ["model"],
            ["res_id:array_agg", "email:array_agg"],
        )
        return self._recipients_from_documents(
            {model: ids for model, ids, _emails in groups}, {model: emails for model, _ids, emails in groups}
        )

    @api.model
    def _recipients_from_documents(self, res_ids_by_model, emails_by_model=None):
        """The clients behind mailed documents: ``{model: ids}`` and ``{model: addresses mailed}``.

        Partners are themselves, documents with a client (leads, orders…) give their
        ``partner_id``, and documents without one (mailing list contacts) are matched by
        e-mail. Only what the user may read comes back, as client companies.
        """
        Partner = self.env["res.partner"]
        partner_ids, emails = set(), set()
        for model, ids in res_ids_by_model.items():
            ids = [res_id for res_id in ids if res_id]
            partner_field = self.env[model]._fields.get("partner_id") if model in self.env else None
            if model == "res.partner":
                partner_ids.update(ids)
            elif getattr(partner_field, "comodel_name", None) == "res.partner":
                partner_ids.update(self.env[model].search([("id", "in", ids)]).partner_id.ids)
            else:
                emails.update(email_normalize(email) for email in (emails_by_model or {}).get(model, ()) if email)
        domain = [("id", "in", list(partner_ids))]
        if emails - {False}:
            domain = Domain.OR([domain, [("email_normalized", "in", list(emails - {False}))]])
        return Partner.search(domain).commercial_partner_id

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

    def _get_followup_reason(self):
        """The reason of the follow-up calls of this mailing (``mail.activity.card_reminder_key``):
        the mailing (or campaign) and its send date."""
        self.ensure_one()
        mailing = f"{self.mailing_ref._name},{self.mailing_ref.id}" if self.mailing_ref else "none"
        return f"callplan_followup:{mailing}:{self.campaign_id.id or 'none'}:{self.send_date}"

    def action_plan_calls(self):
        self.ensure_one()
        if not self.campaign_id and not self.mailing_ref:
            raise UserError(self.env._("Choose the campaign of the mailing."))
        recipients = self._get_recipients()
        if not recipients:
            raise UserError(self.env._("No recipient matches the filter."))
        # a recipient followed up for this mailing already (open or done) is not called again
        reason = self._get_followup_reason()
        Activity = self.env["mail.activity"]
        followed = Activity._card_reminded("res.partner", [(partner.id, reason) for partner in recipients])
        given = {res_id for res_id, _reason in followed}
        with_salesperson = recipients.filtered(lambda partner: partner.user_id and partner.id not in given)
        days = self._get_week_days()
        loads = self.env["crm.callplan"]._get_planned_call_load(set(with_salesperson.user_id.ids), days)
        call_type = self.env.ref("mail.mail_activity_data_call")
        texts = {}  # {user_id: (summary, note)}, in each salesperson's language
        for _lang, users in split_by_lang(with_salesperson.user_id, lambda user: user):
            wizard = self.with_env(users.env)
            campaign = wizard.campaign_id.name or wizard.mailing_ref.sudo().subject
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
        reminders, full = [], defaultdict(int)
        for partner in with_salesperson:
            user = partner.user_id
            day = next((d for d in days if loads.get((user.id, d), 0) < user.callplan_daily_capacity), None)
            if not day:
                full[user] += 1
                continue
            loads[user.id, day] = loads.get((user.id, day), 0) + 1
            reminders.append((partner.id, user.id, day, *texts[user.id], reason))
        planned = Activity._card_plan_reminders("res.partner", call_type, reminders)
        message = self.env._(
            "%(count)s follow-up calls planned; %(none)s recipients have no salesperson; %(full)s did not fit "
            "in their salesperson's capacity that week.",
            count=len(planned),
            none=len(recipients.filtered(lambda partner: not partner.user_id)),
            full=sum(full.values()),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": message, "next": {"type": "ir.actions.act_window_close"}},
        }
