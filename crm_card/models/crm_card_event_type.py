from odoo import fields, models


class CrmCardEventType(models.Model):
    """Kind of special event (reorganisation, birthday, professional holiday...)."""

    _name = "crm.card.event.type"
    _description = "Special Event Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    yearly = fields.Boolean(
        string="Yearly by Default", help="Events of this type come back every year (birthdays, anniversaries)."
    )

    _name_uniq = models.Constraint("UNIQUE(name)", "A special event type with this name already exists.")
