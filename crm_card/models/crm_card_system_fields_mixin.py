from odoo import api, models
from odoo.exceptions import AccessError


class CrmCardSystemFieldsMixin(models.AbstractModel):
    """Refuse to users the fields that only the application's own code sets.

    ``readonly=True`` binds only the web client: anyone who may write a record sets a readonly
    field through JSON-RPC ``create`` or ``write`` (or a ``default_`` key of the context). The
    fields of :meth:`_get_card_system_fields` are bookkeeping that users are judged by (a
    lead's last contact, a claim's closing date, a review's request date) or that ties a record
    to another (a reminder's reason, a questionnaire answer's client): create and write refuse
    them to anyone but the superuser. The code that sets them writes them with ``sudo()``, on
    exactly that write, after the user's own action was checked. Clearing one is allowed: it
    fakes nothing that deleting the record would not. Declare them ``copy=False`` too.
    """

    _name = "crm.card.system.fields.mixin"
    _description = "Fields Only the Application Sets"

    @api.model_create_multi
    def create(self, vals_list):
        defaults = {
            name: value
            for name in self._get_card_system_fields()
            if (value := self.env.context.get(f"default_{name}"))
        }
        self._check_card_system_fields([*vals_list, defaults])
        return super().create(vals_list)

    def write(self, vals):
        self._check_card_system_fields([vals])
        return super().write(vals)

    @api.model
    def _get_card_system_fields(self):
        """The fields of the model that only the application sets. Extend with your own (call super)."""
        return []

    @api.model
    def _check_card_system_fields(self, vals_list):
        """Raise AccessError when a user, not the superuser, gives one of the system fields a value."""
        if self.env.su:
            return
        given = [name for name in self._get_card_system_fields() if any(vals.get(name) for vals in vals_list)]
        if given:
            raise AccessError(
                self.env._(
                    "These fields of %(model)s are set by the application, never by hand: %(fields)s",
                    model=self.env["ir.model"].sudo()._get(self._name).display_name,
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in given),
                )
            )
