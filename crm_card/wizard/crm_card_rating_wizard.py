from odoo import fields, models

from ..models.crm_card_rating import CARD_RATING_SELECTION


class CrmCardRatingWizard(models.TransientModel):
    """Ask for the reason of a rating change before applying it."""

    _name = "crm.card.rating.wizard"
    _description = "Change Client Rating"

    partner_id = fields.Many2one("res.partner", string="Client", required=True, ondelete="cascade")
    current_rating = fields.Selection(related="partner_id.card_rating", string="Current Rating")
    value = fields.Selection(
        CARD_RATING_SELECTION,
        string="New Rating",
        required=True,
        default=lambda self: self.env["res.partner"]
        .browse(self.env.context.get("default_partner_id"))
        .card_rating
        or "0",
    )
    comment = fields.Text(
        string="Reason",
        required=True,
        help="Why the rating changes. Only data stewards will read it.",
    )

    def action_apply(self):
        self.ensure_one()
        self.partner_id.with_context(crm_card_rating_comment=self.comment).card_rating = self.value
        return {"type": "ir.actions.act_window_close"}
