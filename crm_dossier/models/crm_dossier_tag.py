from random import randint

from odoo import fields, models


class CrmDossierTag(models.Model):
    _name = "crm.dossier.tag"
    _description = "Dossier Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))

    _name_uniq = models.Constraint("UNIQUE(name)", "A dossier tag with this name already exists.")
