from odoo import fields, models


class CrmDossierTopic(models.Model):
    _name = "crm.dossier.topic"
    _description = "Dossier Topic"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_career = fields.Boolean(
        string="Personnel Change",
        help="Entries of this topic move a person from one company to another: "
        "they build the career line of person dossiers.",
    )
    description = fields.Text(translate=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "A dossier topic with this name already exists.")
