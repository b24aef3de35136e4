import copy

from odoo import api, models


class IrFieldsConverter(models.AbstractModel):
    _inherit = "ir.fields.converter"

    @api.model
    def db_id_for(self, model, field, subfield, value, savepoint):
        """In a prospect upload, answer a name from the lookup made once for its whole column;
        any other import is Odoo's own, untouched.

        Only the upload wizard sets the context key ``crm_shiffman_import_names``
        (``crm.shiffman.import._load_prospects``): ``{field: {name: answer}}`` for the lead
        fields it looked up. Without a lookup for the field, Odoo answers. A name the lookup
        did not settle is asked the way Odoo asks it, once: its answer, or its error, is kept
        for the other cells and the next pass.
        """
        lookups = self.env.context.get("crm_shiffman_import_names")
        answers = lookups.get(field) if lookups else None
        if answers is None or subfield is not None or not value or not isinstance(value, str):
            return super().db_id_for(model, field, subfield, value, savepoint)
        # what Odoo does before its name search: load the rows waiting to be created
        self.env.context.get("import_flush", lambda **kw: None)(model=field.comodel_name)
        if value not in answers:
            try:
                answers[value] = super().db_id_for(model, field, subfield, value, savepoint)
            except ValueError as error:
                # the caller adds to the error it is given: keep an untouched copy
                answers[value] = copy.deepcopy(error)
                raise
        answer = answers[value]
        if isinstance(answer, Exception):
            raise copy.deepcopy(answer)
        record_id, warnings = answer
        return record_id, list(warnings)
