from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        """Merge the dossiers the merge would duplicate before the wizard moves them.

        A company or a person has one dossier of each kind by a unique index,
        which the wizard's fallback for unique constraints does not see: its
        plain UPDATE of ``crm_dossier.partner_id`` would fail as soon as two of
        the merged partners have a dossier of the same kind.
        """
        self._merge_dossiers(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    @api.model
    def _merge_dossiers(self, src_partners, dst_partner):
        """Keep one dossier per kind of the merged partners: the destination's, else the oldest.

        Archived dossiers count: the unique index holds them too. sudo: the
        wizard moves every row that references the partners in SQL, whatever
        the merging user may read (a data steward sees no person or restricted
        dossiers, and may have no Dossiers group at all); merging the dossiers
        is part of that same move.
        """
        Dossier = self.env["crm.dossier"].sudo().with_context(active_test=False)
        groups = Dossier._read_group(
            [("partner_id", "in", (src_partners | dst_partner).ids)],
            ["dossier_type"],
            ["id:recordset"],
            having=[("__count", ">", 1)],
        )
        for _dossier_type, dossiers in groups:
            dossiers = dossiers.sorted("id")
            kept = dossiers.filtered(lambda dossier: dossier.partner_id == dst_partner)[:1] or dossiers[0]
            (dossiers - kept)._merge_into(kept)
