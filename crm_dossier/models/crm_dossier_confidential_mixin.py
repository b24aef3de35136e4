from odoo import models


class CrmDossierConfidentialMixin(models.AbstractModel):
    """Dossiers, facts and analogue observations carry ``is_confidential``, which the record
    rules read: it follows the dossier's type and restriction, and nobody writes it by hand.
    An editor who could would hide a dossier or a fact from the other editors, or set it on a
    record that a rule then judges by a false flag."""

    _name = "crm.dossier.confidential.mixin"
    _description = "Dossier Confidentiality"

    def _has_field_access(self, field, operation):
        if operation == "write" and field.name == "is_confidential" and not self.env.su:
            return False
        return super()._has_field_access(field, operation)
