from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_card_survey_id = fields.Many2one(
        related="company_id.card_survey_id",
        readonly=False,
        help="The questionnaire of products whose product and category have none; "
        "when empty, the 'Product satisfaction' questionnaire shipped with the module.",
    )
    crm_card_survey_auto_invite = fields.Boolean(
        string="Send Questionnaires Automatically",
        config_parameter="crm_card_survey.auto_invite",
        help="The nightly satisfaction job e-mails the questionnaire of each product due to the client's "
        "contact person itself, once a year; the salesperson gets a reminder only when nobody answered "
        "in time or the client has nobody to write to.",
    )
