from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

# how far ahead each quick choice of the next step plans the next contact
NEXT_STEP_DAYS = {"tomorrow": 1, "3days": 3, "week": 7, "month": 30}


class CrmCardLogContact(models.TransientModel):
    """One dialog to log a contact: the result, a note and the next step.

    Opened from the client card, from a lead, or instead of "Mark Done" on a
    planned Call or Meeting. It writes as the user: the interaction, the done
    activity and the next activity are subject to the user's rights.
    """

    _name = "crm.card.log.contact"
    _description = "Log a Contact"

    partner_id = fields.Many2one("res.partner", string="Client", domain="[('parent_id', '=', False)]")
    contact_id = fields.Many2one(
        "res.partner", string="Contact Person", domain="[('parent_id', '=', partner_id)]"
    )
    lead_id = fields.Many2one("crm.lead")
    activity_id = fields.Many2one("mail.activity", string="Planned Activity", readonly=True)
    result_id = fields.Many2one("crm.card.interaction.result", required=True)
    kind = fields.Selection(
        selection=lambda self: self.env["crm.card.interaction"]._fields["kind"]._description_selection(self.env),
        required=True,
        default="call",
    )
    direction = fields.Selection(
        [("outbound", "Outbound"), ("inbound", "Inbound")], required=True, default="outbound"
    )
    note = fields.Text()
    next_when = fields.Selection(
        [
            ("none", "No next step"),
            ("tomorrow", "Tomorrow"),
            ("3days", "In 3 days"),
            ("week", "In a week"),
            ("month", "In a month"),
            ("date", "On a date"),
        ],
        string="Next Step",
        required=True,
        default="none",
    )
    next_date = fields.Date(
        string="Next Contact On", compute="_compute_next_date", store=True, readonly=False
    )
    next_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Next Activity",
        default=lambda self: self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False),
        domain="['|', ('res_model', '=', False), ('res_model', 'in', ('res.partner', 'crm.lead'))]",
    )
    next_summary = fields.Char(string="Next Step Summary")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        activity = self.env["mail.activity"].browse(values.get("activity_id"))
        if activity:
            activity = activity.exists()
            if activity.res_model == "crm.lead":
                values.setdefault("lead_id", activity.res_id)
            elif activity.res_model == "res.partner":
                values.setdefault("partner_id", activity.res_id)
            kind = activity._get_card_interaction_kind() if activity else False
            if kind:
                values["kind"] = kind
        lead = self.env["crm.lead"].browse(values.get("lead_id")).exists()
        if lead and not values.get("partner_id") and lead.partner_id:
            values["partner_id"] = lead.partner_id.commercial_partner_id.id
            if lead.partner_id != lead.partner_id.commercial_partner_id:
                values.setdefault("contact_id", lead.partner_id.id)
        partner = self.env["res.partner"].browse(values.get("partner_id")).exists()
        if partner and partner != partner.commercial_partner_id:
            values["partner_id"] = partner.commercial_partner_id.id
            values.setdefault("contact_id", partner.id)
        return values

    @api.depends("next_when")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.next_when in NEXT_STEP_DAYS:
                wizard.next_date = today + timedelta(days=NEXT_STEP_DAYS[wizard.next_when])
            elif wizard.next_when == "none":
                wizard.next_date = False
            elif not wizard.next_date:
                wizard.next_date = today

    def _check_activity(self):
        """The planned activity this contact completes: active, on this client or lead, and writable."""
        activity = self.activity_id
        if not activity:
            return activity
        if not activity.active:
            raise UserError(self.env._("This activity is already done."))
        # raises AccessError if the user may not mark this activity done
        activity.check_access("write")
        if (activity.res_model, activity.res_id) not in (
            ("res.partner", self.partner_id.id),
            ("crm.lead", self.lead_id.id),
        ):
            raise UserError(self.env._("The activity belongs to another record than the contact."))
        return activity

    def _prepare_interaction_vals(self):
        self.ensure_one()
        note = self.note or (self.activity_id.summary if self.activity_id else False)
        return {
            "partner_id": self.partner_id.id,
            "contact_id": self.contact_id.id,
            "lead_id": self.lead_id.id,
            "kind": self.kind,
            "direction": self.direction,
            "result_id": self.result_id.id,
            "source_id": self.lead_id.source_id.id,
            "user_id": (self.activity_id.user_id or self.env.user).id,
            "company_id": (self.lead_id.company_id or self.partner_id.company_id or self.env.company).id,
            "note": note or False,
        }

    def action_log(self):
        """Log the contact, complete the planned activity and plan the next one."""
        self.ensure_one()
        if not self.partner_id and not self.lead_id:
            raise UserError(self.env._("Choose the client the contact was with."))
        if self.next_when != "none" and not self.next_date:
            raise UserError(self.env._("Choose the date of the next contact."))
        activity = self._check_activity()
        interaction = self.env["crm.card.interaction"].create(self._prepare_interaction_vals())
        # a satellite's bookkeeping may have closed the activity with the contact (a call plan
        # removes the planned call a reached call made pointless): nothing left to complete
        if activity and activity.exists() and activity.active:
            feedback = " – ".join(filter(None, [self.result_id.name, self.note]))
            # the interaction above is this activity's log line: marking it done logs no second one
            activity.with_context(crm_card_logged_activity_ids=activity.ids).action_feedback(feedback=feedback)
        if self.next_when != "none":
            target = self.lead_id or self.partner_id
            target.activity_schedule(
                activity_type_id=self.next_activity_type_id.id,
                date_deadline=self.next_date,
                summary=self.next_summary or False,
                user_id=self.env.user.id,
            )
        return {"type": "ir.actions.act_window_close", "infos": {"interaction_id": interaction.id}}
