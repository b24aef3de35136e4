from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    card_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Questionnaire",
        ondelete="set null",
        help="The questionnaire clients answer once a year about the products of this category "
        "(and of its sub-categories without one), unless a product has its own.",
    )
