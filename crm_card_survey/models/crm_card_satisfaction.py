from odoo import api, fields, models


class CrmCardSatisfaction(models.Model):
    _name = "crm.card.satisfaction"
    _inherit = ["crm.card.satisfaction", "crm.card.system.fields.mixin"]

    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Questionnaire Answer",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        groups="survey.group_survey_user",
    )
    card_survey_answer_url = fields.Char(
        string="Answers",
        compute="_compute_card_survey_answer_url",
        help="The client's full answers to the questionnaire.",
    )

    _survey_user_input_uniq = models.UniqueIndex(
        "(survey_user_input_id) WHERE survey_user_input_id IS NOT NULL",
        "This questionnaire answer is already a satisfaction check.",
    )

    @api.model
    def _get_card_system_fields(self):
        # only a completed invitation files its answer (survey.user_input._create_card_satisfactions): a
        # check pointed at another answer would keep that answer from becoming its client's check, and
        # show its answers to whoever reads the check
        return [*super()._get_card_system_fields(), "survey_user_input_id"]

    @api.depends_context("uid")
    def _compute_card_survey_answer_url(self):
        """The print page of the answer, for whoever reads the check: the card's readers
        have no survey rights, the check is how they read its answer (the link carries
        the answer's token, as the invitation did)."""
        for check, check_sudo in zip(self, self.sudo(), strict=True):
            answer = check_sudo.survey_user_input_id
            check.card_survey_answer_url = answer.get_print_url() if answer else False
