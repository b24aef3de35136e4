from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

CARD_RATING_SELECTION = [
    ("0", "No rating"),
    ("1", "Poor"),
    ("2", "Fair"),
    ("3", "Good"),
    ("4", "Very good"),
    ("5", "Excellent"),
]


class CrmCardRating(models.Model):
    """One entry of a client's rating history; the latest is the current rating.

    The comment says why the rating changed. It is confidential (only Data
    stewards read it): it often says frankly what the company thinks of the
    client. It belongs to the company of its client, as the client's current
    rating on the partner does.
    """

    _name = "crm.card.rating"
    _inherit = ["crm.card.scope.mixin"]
    _description = "Client Rating"
    _order = "date desc, id desc"
    _rec_name = "value"

    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index="btree_not_null")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Rated By", required=True, default=lambda self: self.env.user
    )
    value = fields.Selection(CARD_RATING_SELECTION, string="Rating", required=True, default="0")
    comment = fields.Text(
        groups="crm_card.group_crm_card_steward",
        help="Why the rating changed; read by data stewards only.",
    )

    @api.constrains("value", "comment", "partner_id", "date")
    def _check_comment(self):
        """A change of rating needs its reason; repeating the same value does not."""
        uncommented = self.sudo().filtered(lambda r: not (r.comment or "").strip())
        if not uncommented:
            return
        history = defaultdict(list)
        for rating in self.sudo().search([("partner_id", "in", uncommented.partner_id.ids)]):
            history[rating.partner_id].append(rating)
        for rating in uncommented:
            ratings = history[rating.partner_id]
            position = ratings.index(rating)
            previous = ratings[position + 1].value if position + 1 < len(ratings) else "0"
            if rating.value != previous:
                raise ValidationError(
                    self.env._(
                        "Give a reason for the new rating of %(client)s.",
                        client=rating.partner_id.display_name,
                    )
                )
