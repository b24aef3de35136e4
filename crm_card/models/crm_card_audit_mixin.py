from odoo import api, models


class CrmCardAuditMixin(models.AbstractModel):
    """Leave a trace in ``crm.card.audit`` of what happens to client data.

    Inherited by every model of client data (the card, interactions,
    contracts, claims, events, satisfaction checks, dossiers and their facts):

    - a deletion writes one entry per record before it goes (name, client,
      key fields, who, when), so the trace survives the record;
    - archiving and restoring write one entry per record;
    - on models without a chatter, a change of ``_card_audit_tracked_fields``
      writes an entry with the old and new values (models with a chatter use
      Odoo's field tracking instead, which users already read);
    - an export writes one entry (who, model, rows, fields), an import one
      summary entry instead of an entry or a tracking message per record.

    Bulk jobs that stand for many records write one summary entry and run with
    ``tracking_disable`` and ``crm_card_audit_bulk`` in context. Confidential
    values never go into an entry: list only fields everyone who may read the
    record may read, and restrict entries of confidential records with
    :meth:`_card_audit_group`.
    """

    _name = "crm.card.audit.mixin"
    _description = "Client Data Audit Mixin"

    # path from a record to its client (a res.partner)
    _card_audit_client_field = "partner_id"
    # fields described in the entry of a deleted or archived record
    _card_audit_key_fields = ()
    # fields whose changes are logged (old -> new) on models without a chatter
    _card_audit_tracked_fields = ()

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def write(self, vals):
        log_changes = self._card_audit_logs_changes() and [f for f in self._card_audit_tracked_fields if f in vals]
        before = self._card_audit_values(log_changes) if log_changes else {}
        toggled = self.browse()
        if "active" in vals and "active" in self._fields and not self.env.context.get("crm_card_audit_bulk"):
            toggled = self.filtered(lambda record: record.active != bool(vals["active"]))
        result = super().write(vals)
        if before:
            self._card_audit_log_changes(before, log_changes)
        if toggled:
            event = "restore" if vals["active"] else "archive"
            self.env["crm.card.audit"]._log(event, toggled, toggled._card_audit_key_details())
        return result

    def unlink(self):
        """Read what the records were, delete them, then log it: a refused deletion logs nothing."""
        Audit = self.env["crm.card.audit"]
        entries = Audit._prepare_entries("delete", self, self._card_audit_key_details()) if self else []
        result = super().unlink()
        if self._name == "res.partner":
            for vals in entries:  # a deleted partner is no longer anyone's client
                if vals["partner_id"] in self.ids:
                    vals["partner_id"] = False
        Audit.sudo().create(entries)
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        fields_text = ", ".join(name for name in fields_to_export if name not in (".id", "id"))
        self.env["crm.card.audit"]._log("export", self, fields_text, count=len(self))
        return result

    @api.model
    def load(self, fields, data):
        """An import writes one summary entry, not a tracking message or an entry per row."""
        bulk = self.with_context(tracking_disable=True, crm_card_audit_bulk=True)
        result = super(CrmCardAuditMixin, bulk).load(fields, data)
        ids = [record_id for record_id in result.get("ids") or [] if record_id]
        if ids:
            details = self.env._(
                "Imported %(count)s rows: %(fields)s", count=len(ids), fields=", ".join(fields)
            )
            self.env["crm.card.audit"]._log("bulk", self.browse(ids), details, count=len(ids))
        return result

    # ------------------------------------------------------------
    # HOOKS
    # ------------------------------------------------------------

    def _card_audit_logs_changes(self):
        context = self.env.context
        return not (context.get("tracking_disable") or context.get("crm_card_audit_bulk"))

    def _card_audit_clients(self):
        """{record id: id of its client} (read as superuser: the entry outlives the reader's rights)."""
        return {
            record.id: record.sudo().mapped(self._card_audit_client_field)[:1].commercial_partner_id.id
            for record in self
        }

    def _card_audit_group(self):
        """The group whose members may read entries about ``self`` (none: every reader of the log)."""
        return self.env["res.groups"]

    def _card_audit_company_id(self):
        self.ensure_one()
        return self["company_id"].id if "company_id" in self._fields else False

    def _card_audit_values(self, fnames):
        """{record id: {field name: value as shown}} of ``fnames``."""
        values = {}
        for record in self.sudo():
            values[record.id] = {
                fname: record._fields[fname].convert_to_export(record[fname], record) for fname in fnames
            }
        return values

    def _card_audit_key_details(self):
        """{record id: "Label: value" lines of the key fields}."""
        labels = {fname: self._fields[fname]._description_string(self.env) for fname in self._card_audit_key_fields}
        return {
            record_id: "\n".join(
                f"{labels[fname]}: {value}" for fname, value in values.items() if value not in ("", False)
            )
            for record_id, values in self._card_audit_values(self._card_audit_key_fields).items()
        }

    def _card_audit_log_changes(self, before, fnames):
        """Log, per record, the fields of ``fnames`` whose value changed since ``before``."""
        after = self._card_audit_values(fnames)
        labels = {fname: self._fields[fname]._description_string(self.env) for fname in fnames}
        details = {}
        for record_id, old_values in before.items():
            lines = [
                f"{labels[fname]}: {old or '—'} → {after[record_id][fname] or '—'}"
                for fname, old in old_values.items()
                if old != after[record_id][fname]
            ]
            if lines:
                details[record_id] = "\n".join(lines)
        if details:
            self.env["crm.card.audit"]._log("change", self.browse(list(details)), details)
