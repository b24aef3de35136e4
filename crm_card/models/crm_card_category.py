from odoo import fields, models


class CrmCardCategory(models.Model):
    """What kind of client this is (wholesale firm, single shop, ...).

    The category prepares the salesperson for the call and gives Shiffman's
    table its rows, so it is a configurable model rather than a selection.
    """

    _name = "crm.card.category"
    _description = "Client Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "A client category with this name already exists.")
