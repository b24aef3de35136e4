from odoo import api, fields, models


class CrmCardAudit(models.Model):
    """The audit log of client data: what left the base and how.

    One row per deleted or archived record (what it was: its name, client and
    key fields; who and when), per export of client data (who, which model,
    how many rows, which fields) and per bulk job (one summary row, not one
    per record). Changes of models with a chatter are Odoo's tracking
    messages; changes of the models without one are rows here.

    Written only through :meth:`_log` (as superuser, by the audit mixin);
    nobody writes or deletes a row. Readable by data stewards; a row about
    a dossier carries the group that may read that dossier (``group_id``),
    so an entry never tells more than its record did.
    """

    _name = "crm.card.audit"
    _description = "Client Data Audit Entry"
    _order = "date desc, id desc"
    _rec_name = "name"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one("res.users", readonly=True, index=True, ondelete="set null")
    event = fields.Selection(
        [
            ("change", "Changed"),
            ("archive", "Archived"),
            ("restore", "Restored"),
            ("delete", "Deleted"),
            ("export", "Exported"),
            ("bulk", "Bulk job"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_model_name = fields.Char(string="Kind of Record", readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True)
    name = fields.Char(string="Record", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", readonly=True, index="btree_not_null", ondelete="set null"
    )
    record_count = fields.Integer(string="Records", readonly=True, default=1)
    details = fields.Text(readonly=True, help="Key fields, changes (old → new) or exported fields.")
    group_id = fields.Many2one(
        "res.groups",
        string="Readable By",
        readonly=True,
        # an entry is not lost with its group: an addon removing its groups hands the entries on first
        # (crm_dossier's uninstall hook gives them to the system administrators)
        ondelete="restrict",
        help="Only members of this group read the entry (it concerns a record they alone may read).",
    )
    company_id = fields.Many2one("res.company", readonly=True, index="btree_not_null", ondelete="restrict")

    @api.model
    def _log(self, event, records, details=None, count=None):
        """Write one entry per record of ``records`` (a summary entry when ``count`` is given).

        ``details`` is {record id: text} or one text for all (the summary's text). Values go through
        the records' own ``_card_audit_*`` hooks (see ``crm.card.audit.mixin``).
        """
        return self.sudo().create(self._prepare_entries(event, records, details, count))

    @api.model
    def _prepare_entries(self, event, records, details=None, count=None):
        """Values of the entries :meth:`_log` writes (read before a deletion, written after it)."""
        if not records and count is None:
            return []
        model_name = self.env["ir.model"].sudo()._get(records._name).name
        common = {"event": event, "res_model": records._name, "res_model_name": model_name, "user_id": self.env.uid}
        if count is not None:
            vals_list = [
                dict(
                    common,
                    name=model_name,
                    record_count=count,
                    details=details or False,
                    group_id=records.sudo()._card_audit_group().id,
                )
            ]
        else:
            details = details if isinstance(details, dict) else dict.fromkeys(records.ids, details)
            records = records.sudo()
            clients = records._card_audit_clients()
            vals_list = [
                dict(
                    common,
                    res_id=record.id,
                    name=record.display_name,
                    partner_id=clients.get(record.id, False),
                    details=details.get(record.id) or False,
                    group_id=record._card_audit_group().id,
                    company_id=record._card_audit_company_id(),
                )
                for record in records
            ]
        return vals_list
