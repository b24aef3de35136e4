from odoo import api, fields, models


class CrmPhonecall(models.Model):
    """A held phone call (OCA crm_phonecall) is a contact of the client card.

    When both addons are installed, the call marked *Held* writes one
    interaction on the client's contact log, as the user who holds it and
    under that user's rules, so that the information level, the purchase
    rhythm, the Shiffman table and the call plans count it as any logged call.
    """

    _inherit = "crm.phonecall"

    card_interaction_id = fields.Many2one(
        "crm.card.interaction",
        string="Contact Log Entry",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The contact written on the client card when the call was held.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        calls = super().create(vals_list)
        calls._card_log_held_calls()
        return calls

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "done" or "partner_id" in vals:
            self._card_log_held_calls()
        return result

    def _card_log_held_calls(self):
        """One interaction per held call with a client, written once."""
        held = self.filtered(lambda call: call.state == "done" and call.partner_id and not call.card_interaction_id)
        if not held:
            return
        interactions = self.env["crm.card.interaction"].create([call._prepare_card_interaction_vals() for call in held])
        for call, interaction in zip(held, interactions, strict=True):
            call.card_interaction_id = interaction

    def _prepare_card_interaction_vals(self):
        self.ensure_one()
        partner = self.partner_id
        person = partner if partner.parent_id and not partner.is_company else False
        note = "\n".join(text for text in (self.name, self.description) if text)
        return {
            "partner_id": partner.commercial_partner_id.id,
            "contact_id": person.id if person else False,
            "user_id": (self.user_id or self.env.user).id,
            "kind": "call",
            "direction": "inbound" if self.direction == "in" else "outbound",
            "date": self.date or fields.Datetime.now(),
            "duration": self.duration,
            "lead_id": self.opportunity_id.id,
            "note": note,
        }
