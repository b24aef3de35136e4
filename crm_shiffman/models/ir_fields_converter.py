import copy
from collections import defaultdict

from odoo import api, models
from odoo.fields import Domain

# Models whose name search is Odoo's own except for the overrides of these modules, and the
# fields that override tries in turn: a user is first looked for by login, then by name.
NAME_SEARCH_TIERS = {"res.users": ({"base", "web"}, [["login"]])}


class IrFieldsConverter(models.AbstractModel):
    _inherit = "ir.fields.converter"

    @api.model
    def db_id_for(self, model, field, subfield, value, savepoint):
        """Answer a name from the lookup made once for its whole column, when there is one.

        The context key ``crm_shiffman_import_names`` maps a field to ``{name: answer}`` (see
        ``crm.lead._shiffman_import_names``). A name the lookup did not settle is asked the way
        Odoo asks it, once: its answer, or its error, is kept for the other cells and the next pass.
        """
        answers = self.env.context.get("crm_shiffman_import_names", {}).get(field)
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

    @api.model
    def _shiffman_name_lookup(self, Model, names):
        """``{name: (record id, [])}`` for each of ``names`` that ``Model``'s name search (operator
        ``=``, as an import uses it) matches with exactly one record, found with one query.

        Only where that search can be told in advance: names matched by several records or by
        none, and models whose name search is their own, are left out for Odoo to answer.
        """
        tiers = self._shiffman_name_search_tiers(Model)
        if not tiers or not names:
            return {}
        fnames = list(dict.fromkeys(fname for tier in tiers for fname in tier))
        records = Model.search_fetch(Domain.OR(Domain(fname, "in", list(names)) for fname in fnames), fnames)
        matches = defaultdict(set)  # (tier, name): ids
        for record in records:
            for index, tier in enumerate(tiers):
                for fname in tier:
                    matches[index, record[fname]].add(record.id)
        lookup = {}
        for name in names:
            found = next((ids for index in range(len(tiers)) if (ids := matches.get((index, name)))), None)
            if found and len(found) == 1:
                lookup[name] = (next(iter(found)), [])
        return lookup

    @api.model
    def _shiffman_name_search_tiers(self, Model):
        """The lists of fields ``Model``'s name search tries in turn, the first list that matches
        deciding; ``[]`` when that search cannot be told from its fields (an override of its own,
        a field that is not plain text)."""
        overriding, tiers = NAME_SEARCH_TIERS.get(Model._name, (set(), []))
        modules = {
            cls._module
            for cls in type(Model).mro()
            if getattr(cls, "_module", None) and {"name_search", "_search_display_name"} & vars(cls).keys()
        }
        fnames = Model._rec_names_search or ([Model._rec_name] if Model._rec_name else [])
        tiers = [*tiers, fnames]
        fields = [Model._fields.get(fname) for tier in tiers for fname in tier]
        if modules - overriding or not fnames or not all(self._shiffman_plain_text(field) for field in fields):
            return []
        return tiers

    @api.model
    def _shiffman_plain_text(self, field):
        """A text field the database compares as Python does: stored, or stored on a parent."""
        return bool(field) and field.type == "char" and (field.store or field.inherited)
