from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _get_card_surveys(self, company):
        """``{product: questionnaire}``: the product's own, else the one of its category
        or of the nearest parent category that has one, else ``company``'s default, else
        the questionnaire shipped with the module. The one place that decides which
        questionnaire a product is asked about."""
        default = company.card_survey_id or self.env.ref(
            "crm_card_survey.survey_survey_product_satisfaction", raise_if_not_found=False
        )
        surveys = {}
        for product in self:
            survey = product.product_tmpl_id.card_survey_id
            category = product.categ_id
            while not survey and category:
                survey, category = category.card_survey_id, category.parent_id
            surveys[product] = survey or default or self.env["survey.survey"]
        return surveys
