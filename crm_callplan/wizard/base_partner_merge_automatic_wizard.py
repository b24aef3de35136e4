from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        """Fold the call plan lines the merge would duplicate before the wizard moves them.

        A client appears once in a plan by a unique index, which the wizard's
        fallback for unique constraints does not see: its plain UPDATE of
        ``crm_callplan_line.partner_id`` would fail as soon as two of the
        merged partners are in the same plan.
        """
        self._merge_callplan_lines(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    @api.model
    def _merge_callplan_lines(self, src_partners, dst_partner):
        """Keep one line per plan of the merged partners: the destination's, else the oldest.

        sudo: the wizard moves every row that references the partners in SQL,
        whatever the merging user may read (a data steward usually has no rights
        on call plans, and plans of other companies follow too); folding the
        lines is part of that same move.
        """
        Line = self.env["crm.callplan.line"].sudo()
        groups = Line._read_group(
            [("partner_id", "in", (src_partners | dst_partner).ids)],
            ["plan_id"],
            ["id:recordset"],
            having=[("__count", ">", 1)],
        )
        for _plan, lines in groups:
            lines = lines.sorted("id")
            kept = lines.filtered(lambda line: line.partner_id == dst_partner)[:1] or lines[0]
            (lines - kept)._merge_into(kept)
