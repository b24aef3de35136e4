from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        """Fold the records the merge would duplicate before the wizard moves them.

        Some records exist once per partner and key (a client's line in a call
        plan, a client's dossier of a kind), guarded by a unique index. The
        wizard's fallback for unique constraints does not see indexes: its
        plain UPDATE of ``partner_id`` would fail as soon as two merged
        partners hold such a record with the same key. The addons that own
        such records list them in :meth:`_card_merge_folds`.
        """
        for model_name, key in self._card_merge_folds():
            self._card_fold_records(model_name, key, src_partners, dst_partner)
        self._card_merge_reminder_reasons(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    @api.model
    def _card_merge_reminder_reasons(self, src_partners, dst_partner):
        """Keep one reminder per reason of the merged partners (a unique index the wizard's
        fallback does not see: it would fail, or delete every activity of the merged partner)."""
        self.env["mail.activity"]._card_merge_reasons("res.partner", src_partners.ids, dst_partner.id)

    @api.model
    def _card_merge_folds(self):
        """``(model, key field)`` pairs of the records a partner holds once per key.

        Extended by the addons that own them; each model implements
        ``_merge_into(target)``, which moves what its records hold to
        ``target`` and deletes them.
        """
        return []

    @api.model
    def _card_fold_records(self, model_name, key, src_partners, dst_partner):
        """Keep one record per key of the merged partners: the destination's, else the oldest.

        Archived records count: the unique index holds them too. sudo: the
        wizard moves every row that references the partners in SQL, whatever
        the merging user may read (a data steward usually has no rights on
        call plans or personal dossiers); folding the records is part of that
        same move.
        """
        records = self.env[model_name].sudo().with_context(active_test=False)
        groups = records._read_group(
            [("partner_id", "in", (src_partners | dst_partner).ids)],
            [key],
            ["id:recordset"],
            having=[("__count", ">", 1)],
        )
        for _key, held in groups:
            held = held.sorted("id")
            kept = held.filtered(lambda record: record.partner_id == dst_partner)[:1] or held[0]
            (held - kept)._merge_into(kept)

    def action_merge(self):
        """Merge, then land on the surviving client rather than on the wizard's end screen.

        The steward often starts the merge from the card of a duplicate that no longer exists
        afterwards: the form behind the wizard would show "record not found". While the wizard
        still has groups of duplicates to review (Odoo's deduplication run), it goes on to the next.
        """
        survivor = self.dst_partner_id
        action = super().action_merge()
        if self.state != "finished" or not survivor.exists():
            return action
        return self._card_survivor_action(survivor)

    @api.model
    def _card_survivor_action(self, survivor):
        """The card of the partner the merge kept, opened in place of the wizard."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": survivor.id,
            "views": [(False, "form")],
            "target": "current",
            "name": survivor.display_name,
        }
