from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_dossier_review_days = fields.Integer(
        string="Dossier Review Period",
        config_parameter="crm_dossier.review_days",
        default=90,
        help="Default number of days without a new fact after which a dossier's owner is asked to review it.",
    )
