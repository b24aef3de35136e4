from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    card_survey_id = fields.Many2one(
        "survey.survey",
        string="Default Satisfaction Questionnaire",
        ondelete="set null",
        help="The questionnaire of products whose product and category have none.",
    )
