from odoo import api, fields, models
from odoo.exceptions import AccessError


class CrmDossierAuthoredMixin(models.AbstractModel):
    """An observation in a dossier (a fact, an analogue's price) that its author deletes.

    The record rules say who deletes one (its author; a Client Base administrator
    when it is not confidential). The dossier's lists offer the delete button only
    where the user may use it (``can_delete``), and a refusal says so in a plain
    sentence rather than in Odoo's generic record rule error.
    """

    _name = "crm.dossier.authored.mixin"
    _description = "Dossier Observation Deleted by Its Author"

    can_delete = fields.Boolean(
        compute="_compute_can_delete",
        help="The current user may delete this record: the dossier shows its delete button.",
    )

    @api.depends_context("uid")
    def _compute_can_delete(self):
        deletable = self._filtered_access("unlink")
        for record in self:
            record.can_delete = record in deletable

    def unlink(self):
        refused = self - self._filtered_access("unlink")
        if refused:
            raise AccessError(
                self.env._(
                    "You may not delete “%(record)s”: only its author may, or a Client Base administrator "
                    "if it is not confidential.",
                    record=refused[0].display_name,
                )
            )
        return super().unlink()
