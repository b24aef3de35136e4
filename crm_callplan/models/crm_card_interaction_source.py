from odoo import api, models


class CrmCardInteraction(models.Model):
    _inherit = "crm.card.interaction"

    @api.model
    def _callplan_first_sources(self, partner_ids):
        """The source through which each client first learned of us: ``{client id: utm.source id}``.

        The source of the client's earliest lead that has one (lost and archived leads too: they
        still tell how the client came), else the source of its earliest inbound contact that has
        one. Read in one query, whatever the reader may see of the leads: only the source comes
        back, to classify contacts the reader may read. Clients with no source are left out.
        """
        ids = [partner_id for partner_id in set(partner_ids) if partner_id]
        if not ids:
            return {}
        self.env["crm.lead"].flush_model(["partner_id", "source_id", "create_date"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.flush_model(["partner_id", "source_id", "direction", "date"])
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (client) client, source_id
              FROM (
                    SELECT p.commercial_partner_id AS client, l.source_id, 0 AS rank, l.create_date AS at, l.id
                      FROM crm_lead l
                      JOIN res_partner p ON p.id = l.partner_id
                     WHERE l.source_id IS NOT NULL AND p.commercial_partner_id = ANY(%(ids)s)
                     UNION ALL
                    SELECT i.partner_id, i.source_id, 1, i.date, i.id
                      FROM crm_card_interaction i
                     WHERE i.source_id IS NOT NULL AND i.direction = 'inbound' AND i.partner_id = ANY(%(ids)s)
                   ) firsts
             ORDER BY client, rank, at, id
            """,
            {"ids": ids},
        )
        return dict(self.env.cr.fetchall())

    @api.onchange("direction", "partner_id")
    def _onchange_callplan_first_source(self):
        """Asking the source of an inbound contact: offer the one the client first came through."""
        for interaction in self:
            if interaction.direction == "inbound" and not interaction.source_id and interaction.partner_id:
                partner_id = interaction.partner_id._origin.id or interaction.partner_id.id
                source_id = self._callplan_first_sources([partner_id]).get(partner_id)
                if source_id:
                    interaction.source_id = source_id
