from odoo import models
from odoo.tools import html2plaintext, is_html_empty


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Log a done Call or Meeting on a client or a lead in the client's interaction log.

        The values are collected before ``super()`` because done activities are
        archived (or unlinked) there; an archived activity is never done again,
        so each activity logs exactly one interaction.
        """
        interaction_vals = self.filtered("active")._prepare_card_interaction_vals_list(feedback)
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if interaction_vals:
            # The assignee may mark done an activity on a record they cannot
            # write on (Odoo allows it); the log line belongs to that record.
            self.env["crm.card.interaction"].sudo().create(interaction_vals)
        return result

    def _get_card_interaction_kind(self):
        """Return 'call' or 'meeting' for activities that belong in the interaction log."""
        self.ensure_one()
        activity_type = self.activity_type_id
        if activity_type == self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False):
            return "call"
        if activity_type == self.env.ref("mail.mail_activity_data_meeting", raise_if_not_found=False):
            return "meeting"
        return {"phonecall": "call", "meeting": "meeting"}.get(activity_type.category, False)

    def _prepare_card_interaction_vals_list(self, feedback=False):
        activities = self.filtered(
            lambda a: a.res_model in ("res.partner", "crm.lead") and a.res_id and a._get_card_interaction_kind()
        )
        records = {
            (record._name, record.id): record
            for model, acts in activities.grouped("res_model").items()
            for record in self.env[model].sudo().browse(acts.mapped("res_id")).exists()
        }
        vals_list = []
        for activity in activities:
            record = records.get((activity.res_model, activity.res_id))
            if not record:
                continue
            is_lead = activity.res_model == "crm.lead"
            partner = record.partner_id if is_lead else record
            note = feedback or activity.summary or activity.note
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "lead_id": record.id if is_lead else False,
                    "kind": activity._get_card_interaction_kind(),
                    "user_id": (activity.user_id or self.env.user).id,
                    "company_id": (record.company_id or self.env.company).id,
                    "note": html2plaintext(note) if note and not is_html_empty(note) else False,
                }
            )
        return vals_list
