from odoo import models


class CrmCardScopeMixin(models.AbstractModel):
    """Hold a write to the record rules a create is held to.

    Odoo checks record rules before a write, on the records as they were, and
    after a create, on the records as they are. A write can move a record out of
    the user's scope (its client, dossier, contract or company): an interaction
    logged on one's own client and then written onto a colleague's client, a
    fact written into a restricted dossier. Checking the written records again
    refuses what the user could not have created. Superuser writes (``sudo``,
    jobs) are not checked, as Odoo does not check them either.
    """

    _name = "crm.card.scope.mixin"
    _description = "Write Held to the Rules of a Create"

    def write(self, vals):
        result = super().write(vals)
        self.check_access("write")
        return result
