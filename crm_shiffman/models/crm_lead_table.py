from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_card.tools import split_by_lang

from .crm_stage import COLUMN_ORDER

# the odds of a client still thinking, when the lead had none of its own (it sat in Result, won)
PROSPECTIVE_PROBABILITY = 50


def date_field(column):
    return f"shiffman_{column}_date"


def partner_field(column):
    return f"shiffman_{column}_partner_id"


class CrmLead(models.Model):
    """Shiffman's table as the paper form keeps it: per column, the date the prospect entered
    it and the person the contact was with; every result, lost ones too, in the Result column."""

    _inherit = "crm.lead"

    shiffman_prospect_date = fields.Date("Prospect On", copy=False, help="When the lead entered the Prospect column.")
    shiffman_interest_date = fields.Date("Interest On", copy=False, help="When the lead entered the Interest column.")
    shiffman_contact_1_date = fields.Date("Contact 1 On", copy=False, help="When the lead entered the Contact 1 column.")
    shiffman_contact_2_date = fields.Date("Contact 2 On", copy=False, help="When the lead entered the Contact 2 column.")
    shiffman_contact_3_date = fields.Date("Contact 3 On", copy=False, help="When the lead entered the Contact 3 column.")
    shiffman_result_date = fields.Date("Result On", copy=False, help="When the lead entered the Result column.")
    shiffman_prospect_partner_id = fields.Many2one(
        "res.partner", "Prospect: Person", copy=False, help="Whom the prospect was on the card."
    )
    shiffman_interest_partner_id = fields.Many2one(
        "res.partner", "Interest: Person", copy=False, help="Whom the contact that showed interest was with."
    )
    shiffman_contact_1_partner_id = fields.Many2one(
        "res.partner", "Contact 1: Person", copy=False, help="Whom the first follow-up contact was with."
    )
    shiffman_contact_2_partner_id = fields.Many2one(
        "res.partner", "Contact 2: Person", copy=False, help="Whom the second follow-up contact was with."
    )
    shiffman_contact_3_partner_id = fields.Many2one(
        "res.partner", "Contact 3: Person", copy=False, help="Whom the third follow-up contact was with."
    )
    shiffman_result_partner_id = fields.Many2one(
        "res.partner", "Result: Person", copy=False, help="Whom the result was agreed with."
    )
    shiffman_followup_date = fields.Date(
        "Follow-up Date",
        copy=False,
        tracking=True,
        help="For a client still prospective: when to call them again.",
    )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.constrains("probability", "stage_id")
    def _check_won_validity(self):
        """Odoo refuses an open or lost lead in a won stage; Shiffman's Result column (a won
        stage) keeps every result, so a lost or still prospective lead may stay there."""
        kept = self.filtered(
            lambda lead: lead.shiffman_column == "result" and lead.shiffman_result in ("lost", "prospective")
        )
        return super(CrmLead, self - kept)._check_won_validity()

    def _shiffman_log_moves(self, old_columns):
        super()._shiffman_log_moves(old_columns)
        self._shiffman_note_entries(old_columns)

    def _shiffman_note_entries(self, old_columns):
        """Date the column each lead entered, and the ones a logged contact moved it through
        (``crm_shiffman_entries`` in the context, with the contact's date and person); a
        column's date and person once set are kept."""
        entries = self.env.context.get("crm_shiffman_entries") or {}
        now = fields.Datetime.now()
        entering = self.filtered(
            lambda lead: lead.shiffman_column and lead.shiffman_column != old_columns.get(lead.id)
        )
        result_people = entering.filtered(lambda lead: lead.shiffman_column == "result")._shiffman_last_persons()
        for lead in entering:
            steps = entries.get(lead.id) or [(lead.shiffman_column, now, False)]
            vals = {}
            for column, moment, person_id in steps:
                if column not in COLUMN_ORDER or lead[date_field(column)]:
                    continue
                vals[date_field(column)] = fields.Date.context_today(lead, moment)
                if not person_id and column == "prospect" and lead.partner_id and not lead.partner_id.is_company:
                    person_id = lead.partner_id.id
                if not person_id and column == "result":
                    person_id = result_people.get(lead.id, False)
                if person_id and not lead[partner_field(column)]:
                    vals[partner_field(column)] = person_id
            if vals:
                lead.sudo().write(vals)  # bookkeeping of a move the caller was allowed to make

    def _shiffman_last_persons(self):
        """``{lead id: person id}``: the person of each lead's latest interaction naming one."""
        if not self:
            return {}
        groups = (
            self.env["crm.card.interaction"]
            .sudo()
            ._read_group(
                [("lead_id", "in", self.ids), ("contact_id", "!=", False)],
                ["lead_id"],
                ["date:max"],
            )
        )
        latest = {lead.id: last for lead, last in groups}
        if not latest:
            return {}
        interactions = (
            self.env["crm.card.interaction"]
            .sudo()
            .search([("lead_id", "in", list(latest)), ("contact_id", "!=", False), ("date", "in", list(latest.values()))])
        )
        return {i.lead_id.id: i.contact_id.id for i in interactions if latest.get(i.lead_id.id) == i.date}

    # ------------------------------------------------------------
    # RESULTS
    # ------------------------------------------------------------

    def _shiffman_result_stage(self):
        self.ensure_one()
        return self._stage_find(domain=[("shiffman_column", "=", "result")])

    def action_set_lost(self, **additional_values):
        """A lost prospect is a result of the table: it goes to the Result column, marked lost,
        whatever column it was lost in (Odoo's Lost button included)."""
        table = self.filtered("shiffman_column")
        for lead in table.filtered(lambda lead: lead.shiffman_column != "result"):
            stage = lead._shiffman_result_stage()
            if stage:
                lead.with_context(crm_shiffman_closing=True, crm_shiffman_lost_move=True).write(
                    {"stage_id": stage.id, "shiffman_result": "lost"}
                )
        table.filtered(lambda lead: lead.shiffman_result != "lost").with_context(crm_shiffman_closing=True).write(
            {"shiffman_result": "lost"}
        )
        return super().action_set_lost(**additional_values)

    def action_unarchive(self):
        """A lost lead brought back from the Result column waits for a new result."""
        lost = self.filtered(lambda lead: not lead.active and lead.shiffman_result == "lost")
        result = super().action_unarchive()
        lost.filtered("active").with_context(crm_shiffman_closing=True).write({"shiffman_result": False})
        return result

    def action_set_won(self):
        """Won by Odoo's button, a still prospective lead needs its result (contract or purchase)."""
        result = super().action_set_won()
        self.filtered(lambda lead: lead.shiffman_result == "prospective" and lead.won_status == "won").with_context(
            crm_shiffman_closing=True
        ).write({"shiffman_result": False})
        return result

    def _shiffman_keep_prospective(self, vals, note=False):
        """The client still thinks: the lead stays in the Result column, open, with a call
        planned on the follow-up date."""
        if not vals.get("shiffman_followup_date"):
            raise UserError(
                self.env._(
                    "Choose the date of the follow-up call for %(leads)s.", leads=", ".join(self.mapped("name"))
                )
            )
        closing = self.with_context(crm_shiffman_closing=True)
        call_type = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        result = True
        for lead in closing:
            odds = lead.probability if lead.active and 0 < lead.probability < 100 else PROSPECTIVE_PROBABILITY
            lead_vals = dict(vals, active=True, lost_reason_id=False)
            if lead.shiffman_column and lead.shiffman_column != "result":
                stage = lead._shiffman_result_stage()
                if stage:
                    lead_vals["stage_id"] = stage.id
            result = lead.write(lead_vals)
            lead.write({"probability": odds})
            user = lead.user_id or self.env.user
            [(_lang, in_user_lang)] = split_by_lang(lead, lambda _lead, user=user: user)
            lead.activity_schedule(
                activity_type_id=call_type.id if call_type else False,
                date_deadline=vals["shiffman_followup_date"],
                summary=note or in_user_lang.env._("Follow up the prospective client"),
                user_id=user.id,
            )
        return result
