from odoo import fields, models


class CrmCardInteractionResult(models.Model):
    """The outcome of a contact with a client (reached, no answer, order...)."""

    _name = "crm.card.interaction.result"
    _description = "Interaction Result"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    reached = fields.Boolean(
        string="Client Reached",
        default=True,
        help="A contact with this result reached the client (somebody answered); \"No answer\" or "
        "\"Busy\" did not. Only a contact that reached the client counts as one (Shiffman's table, "
        "effective calls).",
    )

    _name_uniq = models.Constraint("UNIQUE(name)", "An interaction result with this name already exists.")
