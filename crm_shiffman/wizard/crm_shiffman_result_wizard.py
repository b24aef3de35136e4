from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_card.tools import split_by_lang

from ..models.crm_lead import SHIFFMAN_RESULTS


class CrmShiffmanResultWizard(models.TransientModel):
    """Say how a lead leaves the table, through Odoo's own won and lost flows."""

    _name = "crm.shiffman.result.wizard"
    _description = "Set Shiffman Result"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    result = fields.Selection(SHIFFMAN_RESULTS, required=True, default="contract")
    lost_reason_id = fields.Many2one("crm.lost.reason")
    lost_feedback = fields.Html("Closing Note", sanitize=True)
    followup_date = fields.Date(
        string="Follow-up On",
        default=lambda self: fields.Date.add(fields.Date.context_today(self), days=30),
        help="A still-prospective client goes back to the last contact column with a call planned on this date.",
    )
    followup_note = fields.Char(string="Follow-up Note")

    @api.constrains("result", "followup_date")
    def _check_followup_date(self):
        for wizard in self:
            if wizard.result == "prospective" and not wizard.followup_date:
                raise UserError(self.env._("Choose the date of the follow-up call."))

    def action_apply(self):
        self.ensure_one()
        lead = self.lead_id
        if lead.won_status != "pending" and lead.shiffman_result in ("contract", "purchase", "lost"):
            raise UserError(self.env._("%(lead)s is already closed.", lead=lead.display_name))
        return getattr(self, f"_apply_{self.result}")()

    def _apply_contract(self):
        action = self.lead_id.action_set_won_rainbowman()
        self.lead_id.with_context(crm_shiffman_closing=True).shiffman_result = self.result
        return action

    _apply_purchase = _apply_contract

    def _apply_lost(self):
        """Odoo's lost flow; a lead cannot be lost in a won stage, so it leaves Result first."""
        lead = self.lead_id
        lead._shiffman_check_lost_reason(self.lost_reason_id.id)
        vals = {"shiffman_result": "lost"}
        if lead.stage_id.is_won:
            vals["stage_id"] = lead._stage_find(domain=[("shiffman_column", "=", "contact_3")]).id
        lead.with_context(crm_shiffman_closing=True).write(vals)
        lost = self.env["crm.lead.lost"].create(
            {
                "lead_ids": [fields.Command.set(self.lead_id.ids)],
                "lost_reason_id": self.lost_reason_id.id,
                "lost_feedback": self.lost_feedback,
            }
        )
        return lost.action_lost_reason_apply()

    def _apply_prospective(self):
        """The client still thinks: back to the contacts, with a reminder on the chosen date.

        An open lead cannot sit in a won stage, so it returns to the last contact column
        that reminds the salesperson, as in Shiffman's table.
        """
        lead = self.lead_id
        stage = lead._stage_find(domain=[("shiffman_column", "=", "contact_3")])
        vals = {"shiffman_result": "prospective", "active": True}
        if stage and lead.stage_id.is_won:
            vals["stage_id"] = stage.id
        lead.write(vals)
        lead.action_set_automated_probability()
        call_type = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        user = lead.user_id or self.env.user
        [(_lang, in_user_lang)] = split_by_lang(self, lambda _wizard: user)
        lead.activity_schedule(
            activity_type_id=call_type.id if call_type else False,
            date_deadline=self.followup_date,
            summary=self.followup_note or in_user_lang.env._("Follow up the prospective client"),
            user_id=user.id,
        )
        return {"type": "ir.actions.act_window_close"}
