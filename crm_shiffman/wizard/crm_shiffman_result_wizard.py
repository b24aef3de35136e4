from odoo import api, fields, models
from odoo.exceptions import UserError

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
        help="A still-prospective client stays in the Result column with a call planned on this date.",
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
        """Odoo's lost flow; the lead stays in (or goes to) the Result column, marked lost."""
        lead = self.lead_id
        lead._shiffman_check_lost_reason(self.lost_reason_id.id)
        lead.with_context(crm_shiffman_closing=True).write({"shiffman_result": "lost"})
        lost = self.env["crm.lead.lost"].create(
            {
                "lead_ids": [fields.Command.set(self.lead_id.ids)],
                "lost_reason_id": self.lost_reason_id.id,
                "lost_feedback": self.lost_feedback,
            }
        )
        return lost.action_lost_reason_apply()

    def _apply_prospective(self):
        """The client still thinks: kept in the Result column, with a call on the chosen date."""
        self.lead_id._shiffman_keep_prospective(
            {"shiffman_result": "prospective", "shiffman_followup_date": self.followup_date},
            note=self.followup_note,
        )
        return {"type": "ir.actions.act_window_close"}
