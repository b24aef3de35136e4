from odoo import fields, models


class CrmCardInteraction(models.Model):
    _inherit = "crm.card.interaction"

    call_id = fields.Char(
        string="Telephony Call ID",
        readonly=True,
        copy=False,
        help="Identifier of the call in the telephony system; a call is registered once.",
    )
    callplan_phone = fields.Char(string="Caller Number", readonly=True, help="The number reported by the telephony.")

    _company_call_uniq = models.UniqueIndex(
        "(company_id, call_id) WHERE call_id IS NOT NULL", "This telephony call is already registered."
    )

    def _callplan_is_effective(self):
        """Whether this call counts for the call plans: it reached the client.

        With a result, the result says so ("No answer" and "Busy" do not
        reach). Without one, a call logged by hand counts (the salesperson
        logged it as made), and a call reported by the telephony (it has a
        ``call_id``) counts when it lasted: a call of no duration was not
        answered. The results must be fetched beforehand for a batch.
        """
        self.ensure_one()
        if self.result_id:
            return self.result_id.reached
        return not self.call_id or self.duration > 0

    def _on_interactions_logged(self):
        """Count logged calls as done in the active call plans of their clients.

        Runs on every call the telephony endpoint reports: the lines are found,
        counted and their planned calls removed by
        ``crm.callplan.line._register_calls_sql`` in two statements, with no
        search beforehand. Only lines the logging user may read count (a
        salesperson's own clients, in the interactions' companies): plan lines
        are read-only below Sales manager, and counting a call is the plan's
        bookkeeping for the calls its salespeople make. Only effective calls
        count (:meth:`_callplan_is_effective`): a call that did not reach the
        client is logged, and the client stays due.
        """
        res = super()._on_interactions_logged()
        skip = set(self.env.context.get("crm_callplan_registered_partner_ids") or ())
        calls = self.filtered(
            lambda interaction: interaction.kind == "call"
            and interaction.partner_id
            and interaction.partner_id.id not in skip
        )
        calls.result_id.fetch(["reached"])  # one read for the batch, none without results
        latest = {}
        for interaction in calls.sorted("date"):
            if interaction._callplan_is_effective():
                latest[interaction.partner_id.id] = interaction
        if latest:
            self.env["crm.callplan.line"].sudo()._register_calls_sql(
                "partner_id",
                {
                    partner_id: (fields.Date.context_today(self, interaction.date), interaction.id)
                    for partner_id, interaction in latest.items()
                },
                domain=self._card_side_effect_domain("crm.callplan.line", "read"),
            )
        return res
