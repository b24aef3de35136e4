from odoo import fields, models


class CrmDossierSubjectMixin(models.AbstractModel):
    """What a dossier can be kept on (a partner, a product): its count and its smart button.

    A subject model names its field on ``crm.dossier`` in ``_dossier_subject_field`` and says how
    a new dossier on it starts in ``_prepare_dossier_context``.
    """

    _name = "crm.dossier.subject.mixin"
    _description = "Dossier Subject"
    _dossier_subject_field = None

    dossier_count = fields.Integer(compute="_compute_dossier_count")

    def _compute_dossier_count(self):
        Dossier = self.env["crm.dossier"]
        if not Dossier.has_access("read"):
            self.dossier_count = 0
            return
        field = self._dossier_subject_field
        counts = dict(Dossier._read_group([(field, "in", self.ids)], [field], ["__count"]))
        for subject in self:
            subject.dossier_count = counts.get(subject, 0)

    def _prepare_dossier_context(self):
        """Defaults of a new dossier on this subject."""
        self.ensure_one()
        return {f"default_{self._dossier_subject_field}": self.id}

    def action_open_dossier(self):
        """Open the subject's dossier, or a new one for it."""
        self.ensure_one()
        dossier = self.env["crm.dossier"].search([(self._dossier_subject_field, "=", self.id)], limit=1)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dossier"),
            "res_model": "crm.dossier",
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": dossier.id,
            "context": self._prepare_dossier_context(),
        }
