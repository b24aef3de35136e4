from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    card_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Questionnaire",
        ondelete="set null",
        help="The questionnaire clients answer about this product once a year. "
        "When empty, the one of its category, else the default one of the CRM settings.",
    )
