from odoo import fields, models


class CrmCardBuyingRole(models.Model):
    """A contact person's role in the client's buying center."""

    _name = "crm.card.buying.role"
    _description = "Buying Center Role"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "A buying center role with this name already exists.")
