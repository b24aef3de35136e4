from odoo import fields, models


class CrmCardInteractionResult(models.Model):
    """The outcome of a contact with a client (reached, no answer, order...)."""

    _name = "crm.card.interaction.result"
    _description = "Interaction Result"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "An interaction result with this name already exists.")
