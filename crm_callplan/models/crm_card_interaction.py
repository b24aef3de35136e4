from odoo import fields, models


class CrmCardInteraction(models.Model):
    _inherit = "crm.card.interaction"

    call_id = fields.Char(
        string="Telephony Call ID",
        readonly=True,
        copy=False,
        help="Identifier of the call in the telephony system; a call is registered once.",
    )
    callplan_phone = fields.Char(string="Caller Number", readonly=True, help="The number reported by the telephony.")

    _company_call_uniq = models.UniqueIndex(
        "(company_id, call_id) WHERE call_id IS NOT NULL", "This telephony call is already registered."
    )

    def _on_interactions_logged(self):
        """Count logged calls as done in the active call plans of their clients."""
        res = super()._on_interactions_logged()
        skip = set(self.env.context.get("crm_callplan_registered_partner_ids") or ())
        calls = self.filtered(lambda i: i.kind == "call" and i.partner_id and i.partner_id.id not in skip)
        if not calls:
            return res
        lines = self.env["crm.callplan.line"].sudo().search(
            [("partner_id", "in", calls.partner_id.ids), ("plan_id.state", "=", "active")]
        )
        if not lines:
            return res
        latest = {}
        for interaction in calls.sorted("date"):
            latest[interaction.partner_id.id] = interaction
        call_dates, by_line = {}, {}
        for line in lines:
            interaction = latest[line.partner_id.id]
            call_dates[line.id] = fields.Date.context_today(self, interaction.date)
            by_line[line.id] = interaction.id
        to_remove = lines._register_calls(call_dates, by_line)
        to_remove.sudo().unlink()
        return res
