from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_card.tools import split_by_lang

GREETING_TYPES = {
    "call": "mail.mail_activity_data_call",
    "letter": "mail.mail_activity_data_todo",
    "email": "mail.mail_activity_data_email",
}


class CrmCallplanGreeting(models.TransientModel):
    """Plan greetings for an occasion, each client the way its segment deserves.

    Loyalty work is planned from the base, not only by sales volume: the top
    segment gets a call, the others a letter or an e-mail, as set on each
    segment; a minimum rating narrows the list when the client card has one.
    """

    _name = "crm.callplan.greeting"
    _description = "Plan Greetings"

    plan_id = fields.Many2one("crm.callplan", required=True, domain=[("state", "!=", "closed")])
    occasion = fields.Char(required=True, help="For example: New Year.")
    date = fields.Date(required=True, help="Greet the clients by this day.")
    segment_ids = fields.Many2many(
        "crm.callplan.segment", string="Segments", domain="[('plan_id', '=', plan_id)]",
        help="Leave empty to greet every segment.",
    )
    min_rating = fields.Integer(string="Minimum Rating", help="Only clients rated at least this (0 = all).")

    def _get_lines(self):
        self.ensure_one()
        domain = [("plan_id", "=", self.plan_id.id), ("user_id", "!=", False)]
        if self.segment_ids:
            domain.append(("segment_id", "in", self.segment_ids.ids))
        if self.min_rating and "card_rating" in self.env["res.partner"]._fields:
            domain.append(("partner_id.card_rating", ">=", str(self.min_rating)))
        return self.env["crm.callplan.line"].search(domain)

    def action_plan_greetings(self):
        self.ensure_one()
        if self.date < fields.Date.context_today(self):
            raise UserError(self.env._("The greeting date is in the past."))
        if not 0 <= self.min_rating <= 5:
            raise UserError(self.env._("The minimum rating must be between 0 and 5 stars."))
        lines = self._get_lines()
        if not lines:
            raise UserError(self.env._("No client of the plan matches: nobody to greet."))
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for _lang, same_lang in split_by_lang(lines, lambda line: line.user_id):
            env = same_lang.env  # the salesperson's language
            kinds = dict(env["crm.callplan.segment"]._fields["greeting_activity"]._description_selection(env))
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": line.partner_id.id,
                    "activity_type_id": self.env.ref(GREETING_TYPES[line.segment_id.greeting_activity]).id,
                    "user_id": line.user_id.id,
                    "date_deadline": self.date,
                    "summary": env._(
                        "%(kind)s: %(occasion)s greetings",
                        kind=kinds[line.segment_id.greeting_activity],
                        occasion=self.occasion,
                    ),
                }
                for line in same_lang
            ]
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s greetings planned.", count=len(vals_list)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
