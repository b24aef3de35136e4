from odoo import api, fields, models


class CrmCardInteraction(models.Model):
    _name = "crm.card.interaction"
    _inherit = ["crm.card.interaction", "crm.card.system.fields.mixin"]

    call_id = fields.Char(
        string="Telephony Call ID",
        readonly=True,
        copy=False,
        help="Identifier of the call in the telephony system; a call is registered once.",
    )
    callplan_phone = fields.Char(
        string="Caller Number", readonly=True, copy=False, help="The number reported by the telephony."
    )

    _company_call_uniq = models.UniqueIndex(
        "(company_id, call_id) WHERE call_id IS NOT NULL", "This telephony call is already registered."
    )

    @api.model
    def _get_card_system_fields(self):
        # what the telephony reported: a call logged by hand with them would pass for a call the
        # telephony saw, and a call id taken first would keep the real call from being registered
        return [*super()._get_card_system_fields(), "call_id", "callplan_phone"]

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

    @api.model
    def _callplan_first_sources(self, partner_ids):
        """The source through which each client first learned of us: ``{client id: utm.source id}``.

        The source of the client's earliest lead that has one (lost and archived leads too: they
        still tell how the client came), else the source of its earliest inbound contact that has
        one. "Us" is the companies the reader works in (``self.env.companies``): a client shared
        with another company may have come to it another way. Read in one query, whatever the
        reader may see of those leads: only the source comes back, to classify contacts the reader
        may read. Clients with no source are left out.
        """
        ids = [partner_id for partner_id in set(partner_ids) if partner_id]
        if not ids:
            return {}
        self.env["crm.lead"].flush_model(["partner_id", "source_id", "create_date", "company_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.flush_model(["partner_id", "source_id", "direction", "date", "company_id"])
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (client) client, source_id
              FROM (
                    SELECT p.commercial_partner_id AS client, l.source_id, 0 AS rank, l.create_date AS at, l.id
                      FROM crm_lead l
                      JOIN res_partner p ON p.id = l.partner_id
                     WHERE l.source_id IS NOT NULL AND p.commercial_partner_id = ANY(%(ids)s)
                       AND (l.company_id IS NULL OR l.company_id = ANY(%(companies)s))
                     UNION ALL
                    SELECT i.partner_id, i.source_id, 1, i.date, i.id
                      FROM crm_card_interaction i
                     WHERE i.source_id IS NOT NULL AND i.direction = 'inbound' AND i.partner_id = ANY(%(ids)s)
                       AND i.company_id = ANY(%(companies)s)
                   ) firsts
             ORDER BY client, rank, at, id
            """,
            {"ids": ids, "companies": self.env.companies.ids},
        )
        return dict(self.env.cr.fetchall())

    @api.onchange("direction", "partner_id")
    def _onchange_callplan_first_source(self):
        """Asking the source of an inbound contact: offer the one the client first came through."""
        for interaction in self:
            if interaction.direction == "inbound" and not interaction.source_id and interaction.partner_id:
                partner_id = interaction.partner_id._origin.id or interaction.partner_id.id
                if not self.env["res.partner"].search_count([("id", "=", partner_id)], limit=1):
                    continue  # only the first source of a client the user may read
                source_id = self._callplan_first_sources([partner_id]).get(partner_id)
                if source_id:
                    interaction.source_id = source_id
