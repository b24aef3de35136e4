from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import str2bool

from .survey_user_input import CARD_SURVEY_ANSWER_DAYS


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_card_survey_invite(self):
        """Send the contact person of each client the questionnaire of every product
        due for its yearly satisfaction check and not already asked about.

        Who files a satisfaction check on the client may invite (Client base
        editors and up; "own clients only" users for their own clients): the
        answers are created as superuser, so the rights are checked here first.
        """
        clients = self.commercial_partner_id
        self.env["crm.card.satisfaction"].check_access("create")
        clients.check_access("write")
        today = fields.Date.context_today(self)
        answers, unreachable = clients._card_survey_invite(today)
        if not answers:
            if unreachable:
                raise UserError(
                    self.env._(
                        "Nobody to send the questionnaire to at %(clients)s: give a contact person a buying "
                        "role and an e-mail, or the client an e-mail.",
                        clients=", ".join(unreachable.mapped("display_name")),
                    )
                )
            raise UserError(
                self.env._(
                    "No questionnaire to send: every product these clients bought in the last 12 months "
                    "was rated this year or has an invitation waiting for an answer."
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s questionnaire(s) sent.", count=len(answers)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_card_survey_recipient(self):
        """Who answers the questionnaires of this client: the contact person with a
        buying role and an e-mail (the first role of the buying center), else the
        client itself when it has an e-mail."""
        self.ensure_one()
        people = self._card_people().filtered(lambda person: person.buying_role_id and person.email)
        if people:
            return people.sorted(lambda person: (person.buying_role_id.sequence, person.id))[:1]
        return self if self.email else self.browse()

    def _card_survey_invite(self, today, once_a_year=False):
        """Create and e-mail the invitations of the clients ``self``: one per product
        due (``_get_card_satisfaction_due_sales``), in the name of the company that sold
        it (its questionnaire, its sender, the company of the check), and not already invited
        (``survey.user_input._get_card_invited``: an invitation still open, or with
        ``once_a_year`` any invitation of the year, so the nightly job writes once and
        an unanswered invitation becomes the salesperson's reminder).

        Trusted: callers check the rights. Returns ``(answers, clients without anyone to write to)``.
        """
        due = self._get_card_satisfaction_due_sales(today, clients=self)
        invited = self.env["survey.user_input"]._get_card_invited(self, today, pending_only=not once_a_year)
        products = defaultdict(list)
        by_company = defaultdict(lambda: self.env["product.product"])
        for (client, product), company in due.items():
            if (client.id, product.id) not in invited:
                products[client].append((product, company))
                by_company[company] |= product
        if not products:
            return self.env["survey.user_input"], self.browse()
        # the questionnaire of a product in the name of the company that sold it
        surveys = {
            (product, company): survey
            for company, company_products in by_company.items()
            for product, survey in company_products._get_card_surveys(company).items()
        }
        deadline = fields.Datetime.now() + relativedelta(days=CARD_SURVEY_ANSWER_DAYS)
        answers = self.env["survey.user_input"].sudo()
        unreachable = self.browse()
        for client, client_products in products.items():
            recipient = client._get_card_survey_recipient()
            if not recipient:
                unreachable |= client
                continue
            for product, company in sorted(client_products, key=lambda item: item[0].id):
                survey = surveys[product, company]
                if not survey:
                    continue
                answers |= survey.sudo()._create_answer(
                    partner=recipient,
                    check_attempts=False,
                    deadline=deadline,
                    card_partner_id=client.id,
                    card_product_id=product.id,
                    card_company_id=company.id,
                )
        answers._send_card_invitations()
        return answers, unreachable

    @api.model
    def _plan_card_satisfaction_checks(self, today=None, clients=None):
        """With automatic questionnaires on, the nightly job e-mails them before it
        plans the reminders (which then skip the products just invited)."""
        today = today or fields.Date.context_today(self)
        if str2bool(self.env["ir.config_parameter"].sudo().get_param("crm_card_survey.auto_invite") or "0"):
            due = self._get_card_satisfaction_due(today, clients)
            invited = self.browse().union(*(client for client, _product in due))
            invited._card_survey_invite(today, once_a_year=True)
        return super()._plan_card_satisfaction_checks(today, clients)

    def _get_card_satisfaction_reminded(self):
        """An invitation still waiting for its answer stands for the reminder."""
        return super()._get_card_satisfaction_reminded() | self.env["survey.user_input"]._get_card_invited(
            self, fields.Date.context_today(self)
        )
