from odoo import fields, models


class CrmCardInteractionResult(models.Model):
    _inherit = "crm.card.interaction.result"

    shows_interest = fields.Boolean(
        help="A prospect's contact with this result shows interest (asked for information or a "
        "price list, agreed to meet): the lead moves to Shiffman's Interest column.",
    )
