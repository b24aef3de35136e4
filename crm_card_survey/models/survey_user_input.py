from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.fields import Domain

# what the questionnaire's scale questions are brought onto: the score of a satisfaction check
CARD_SCORE_MIN, CARD_SCORE_MAX = 1, 5
# the days a client has to answer an invitation before the salesperson is reminded instead
CARD_SURVEY_ANSWER_DAYS = 30
CARD_FIELDS = ("card_partner_id", "card_product_id", "card_company_id")


class SurveyUserInput(models.Model):
    _name = "survey.user_input"
    _inherit = ["survey.user_input", "crm.card.system.fields.mixin"]

    card_partner_id = fields.Many2one(
        "res.partner",
        string="Rated by Client",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        copy=False,
    )
    card_product_id = fields.Many2one(
        "product.product", string="Rated Product", ondelete="set null", readonly=True, copy=False
    )
    card_company_id = fields.Many2one(
        "res.company", string="Rated for Company", ondelete="set null", readonly=True, copy=False
    )

    @api.model
    def _get_card_system_fields(self):
        """A completed answer that names a client becomes that client's satisfaction check (as
        superuser: the client answers as the public user). Only the invitation of the client card
        (``res.partner._card_survey_invite``, which checks the inviter's rights first, then
        creates as superuser) names the client: a survey officer could otherwise file checks on
        any client."""
        return [*super()._get_card_system_fields(), *CARD_FIELDS]

    def _mark_done(self):
        """A completed invitation of the client card becomes the client's satisfaction check."""
        result = super()._mark_done()
        self._create_card_satisfactions()
        return result

    def _create_card_satisfactions(self):
        """One satisfaction check per completed answer of a client (and none twice)."""
        answers = self.filtered(
            lambda answer: answer.card_partner_id and answer.state == "done" and not answer.test_entry
        )
        # as OdooBot: the client answers as the public user, who is no author for the client's chatter
        Satisfaction = self.env["crm.card.satisfaction"].with_user(SUPERUSER_ID)
        answers -= Satisfaction.search([("survey_user_input_id", "in", answers.ids)]).survey_user_input_id
        vals_list = [vals for vals in (answer._prepare_card_satisfaction_vals() for answer in answers) if vals]
        return Satisfaction.create(vals_list)

    def _prepare_card_satisfaction_vals(self):
        """The satisfaction check of one completed answer, or ``False`` when it gives no score."""
        self.ensure_one()
        score = self._get_card_satisfaction_score()
        if not score:
            return False
        return {
            "partner_id": self.card_partner_id.id,
            "product_id": self.card_product_id.id,
            "date": fields.Date.context_today(self, self.end_datetime or fields.Datetime.now()),
            "score": score,
            "comment": self._get_card_satisfaction_comment(),
            # who invited; the salesperson when the nightly job did
            "user_id": (self.card_partner_id.user_id if self.create_uid._is_superuser() else self.create_uid).id,
            "company_id": (self.card_company_id or self.card_partner_id.company_id or self.env.company).id,
            "survey_user_input_id": self.id,
        }

    def _get_card_satisfaction_score(self):
        """The score of a satisfaction check: the mean of the answered scale questions,
        each brought from its own range onto 1-5, rounded half up; ``False`` without any.
        The one rule that turns a questionnaire into a score."""
        self.ensure_one()
        values = []
        for line in self.user_input_line_ids:
            question = line.question_id
            if line.skipped or line.answer_type != "scale" or question.scale_max <= question.scale_min:
                continue
            share = (line.value_scale - question.scale_min) / (question.scale_max - question.scale_min)
            values.append(CARD_SCORE_MIN + share * (CARD_SCORE_MAX - CARD_SCORE_MIN))
        if not values:
            return False
        return min(max(int(sum(values) / len(values) + 0.5), CARD_SCORE_MIN), CARD_SCORE_MAX)

    def _get_card_satisfaction_comment(self):
        """The written answers, one "question: answer" a line, for the card."""
        self.ensure_one()
        lines = self.user_input_line_ids.filtered(
            lambda line: not line.skipped and line.answer_type in ("char_box", "text_box")
        )
        return "\n".join(f"{line.question_id.title}: {line.display_name}" for line in lines) or False

    def _send_card_invitations(self):
        """E-mail each invitation to its contact person, in the contact's language."""
        template = self.env.ref("crm_card_survey.mail_template_card_survey_invite")
        for answer in self:
            template.sudo().send_mail(answer.id, email_layout_xmlid="mail.mail_notification_light")

    @api.model
    def _get_card_invited(self, clients, today, pending_only=True):
        """``{(client id, product id)}`` invited to rate a product: by an invitation still
        open (``pending_only``: not answered, not past its deadline), else by any
        invitation of the last 365 days. The one rule of "already invited"."""
        domain = Domain("card_partner_id", "in", clients.ids) & Domain("card_product_id", "!=", False)
        if pending_only:
            domain &= Domain("state", "!=", "done") & (
                Domain("deadline", "=", False) | Domain("deadline", ">=", fields.Datetime.now())
            )
        else:
            domain &= Domain("create_date", ">=", today - relativedelta(days=365))
        invited = self.sudo()._read_group(domain, ["card_partner_id", "card_product_id"])
        return {(client.id, product.id) for client, product in invited}
