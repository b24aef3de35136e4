from odoo.tests import tagged

from .common import CrmCardSurveyCommon


@tagged("crm_card_survey", "post_install", "-at_install")
class TestCrmCardSurveyConfig(CrmCardSurveyCommon):
    def test_questionnaire_product_over_category_over_default(self):
        """A product's questionnaire wins over its category's (or a parent's), which wins over the default."""
        Survey = self.env["survey.survey"]
        own, of_parent, default = Survey.create(
            [{"title": "Cement"}, {"title": "Building materials"}, {"title": "Ours"}]
        )
        parent = self.env["product.category"].create({"name": "Building", "card_survey_id": of_parent.id})
        child = self.env["product.category"].create({"name": "Dry mixes", "parent_id": parent.id})
        self.product.categ_id = child
        self.product_b.categ_id = child
        self.product.product_tmpl_id.card_survey_id = own
        company = self.env.company
        surveys = (self.product | self.product_b | self.product_c)._get_card_surveys(company)
        self.assertEqual(surveys[self.product], own)
        self.assertEqual(surveys[self.product_b], of_parent)
        self.assertEqual(surveys[self.product_c], self.survey, "no setting: the shipped questionnaire")
        company.card_survey_id = default
        self.assertEqual(self.product_c._get_card_surveys(company)[self.product_c], default)
        child.card_survey_id = default
        self.assertEqual(self.product_b._get_card_surveys(company)[self.product_b], default)
