from odoo import api, fields, models

# how a client is greeted (see crm.callplan.greeting)
GREETING_CHANNELS = [("call", "Call"), ("letter", "Letter"), ("email", "E-mail")]


class MailActivity(models.Model):
    _inherit = "mail.activity"

    callplan_line_id = fields.Many2one(
        "crm.callplan.line",
        string="Call Plan Client",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )
    callplan_greeting = fields.Char(
        string="Greeting Occasion",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The occasion this greeting was planned for (see Plan Greetings).",
    )
    callplan_greeting_channel = fields.Selection(
        GREETING_CHANNELS, string="Greeting Channel", readonly=True, copy=False
    )

    # The database guarantee behind "a client never has two open planned
    # calls from the plan": whatever runs the generator, and however many at once.
    _callplan_line_open_uniq = models.UniqueIndex(
        "(callplan_line_id) WHERE active AND callplan_line_id IS NOT NULL",
        "This client already has an open planned call from the plan.",
    )

    callplan_phone = fields.Char(
        string="Phone",
        compute="_compute_callplan_phone",
        help="The client's phone, for a call on a client: click to call.",
    )

    @api.depends("res_model", "res_id")
    @api.depends_context("uid")  # read with each user's rights: not shared through the cache
    def _compute_callplan_phone(self):
        on_partners = self.filtered(lambda a: a.res_model == "res.partner" and a.res_id)
        partners = self.env["res.partner"].browse(set(on_partners.mapped("res_id"))).exists()
        phones = {partner.id: partner.phone for partner in partners._filtered_access("read")}
        for activity in self:
            activity.callplan_phone = phones.get(activity.res_id) if activity in on_partners else False

    @api.model
    def _get_card_system_fields(self):
        # the plan line: a user's activity tied to it would keep the generator from booking the
        # client's call (one open call per line) and count as a plan call when done
        return [
            *super()._get_card_system_fields(),
            "callplan_line_id",
            "callplan_greeting",
            "callplan_greeting_channel",
        ]

    def _prepare_card_interaction_vals_list(self, feedback=False):
        # the telephony logged the call already, and closes the activity it was made from
        if self.env.context.get("crm_callplan_interaction_id"):
            return []
        return super()._prepare_card_interaction_vals_list(feedback)

    def _action_done(self, feedback=False, attachment_ids=None):
        """A planned call marked done counts as a call made in its plan.

        The partners are passed in the context so that the interaction the
        client card logs for the same call is not counted a second time. Only
        lines the user marking the call done may read count, as for a logged
        call (``crm.card.interaction._card_side_effect_domain``).
        """
        # a planned call completed from the Log Contact dialog was counted (or not, by its result)
        # with the contact the dialog logged: it does not count a second time here
        logged = set(self.env.context.get("crm_card_logged_activity_ids") or ())
        planned = self.filtered(lambda a: a.callplan_line_id and a.active and a.id not in logged)
        lines = planned.callplan_line_id.sudo().filtered_domain(
            self.env["crm.card.interaction"]._card_side_effect_domain("crm.callplan.line", "read")
        )
        if not lines:
            return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        partner_ids = lines.partner_id.ids
        result = super(
            MailActivity, self.with_context(crm_callplan_registered_partner_ids=partner_ids)
        )._action_done(feedback=feedback, attachment_ids=attachment_ids)
        today = fields.Date.context_today(self)
        lines._register_calls(dict.fromkeys(lines.ids, today))
        return result
