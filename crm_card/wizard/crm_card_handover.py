import logging

import psycopg2
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)


class CrmCardHandover(models.TransientModel):
    """Hand a leaving user's clients and work over to a colleague in one step.

    Moves clients (salesperson), open leads, planned activities, card
    stewardships, special events, contracts and open claims, and notes the
    handover on each client card. Submodules add what they own (call plan
    lines...) by extending :meth:`_get_handover_models`.

    In the same step it can take away the leaving user's Client base and Sales
    rights, or archive the user: that changes a user, so it runs with the
    caller's own rights (user administration) and is refused beforehand,
    with nothing moved, to a steward who lacks them.
    """

    _name = "crm.card.handover"
    _description = "Client Handover"

    from_user_id = fields.Many2one("res.users", string="Leaving User", required=True)
    to_user_id = fields.Many2one(
        "res.users", string="Taking Over", required=True, domain="[('share', '=', False), ('id', '!=', from_user_id)]"
    )
    note = fields.Text(help="Added to the note left on each client card.")
    revoke_rights = fields.Boolean(
        string="Remove Client Base and Sales Rights",
        help="The leaving user keeps the account but loses every Client base and Sales group. "
        "Needs the right to manage users.",
    )
    archive_user = fields.Boolean(
        string="Archive the Leaving User",
        help="The leaving user can no longer log in. Needs the right to manage users.",
    )
    summary = fields.Text(compute="_compute_summary")

    @api.depends("from_user_id")
    def _compute_summary(self):
        for wizard in self:
            if not wizard.from_user_id:
                wizard.summary = False
                continue
            lines = [
                f"{label}: {len(records)}"
                for label, records in wizard._get_handover_records().values()
                if records
            ]
            wizard.summary = "\n".join(lines) or self.env._("Nothing is assigned to this user.")

    def _get_handover_models(self):
        """Return {key: (label, model, user field, domain)} of what a leaving user hands over.

        Extend it (call super) to hand over the records of another addon.
        """
        specs = {
            "clients": (self.env._("Clients"), "res.partner", "user_id", []),
            "leads": (
                self.env._("Open leads and opportunities"),
                "crm.lead",
                "user_id",
                [("won_status", "=", "pending")],
            ),
            "activities": (self.env._("Planned activities"), "mail.activity", "user_id", []),
            "events": (self.env._("Special events"), "crm.card.event", "user_id", []),
            "contracts": (self.env._("Contracts"), "crm.card.contract", "user_id", []),
            "claims": (self.env._("Open claims"), "crm.card.claim", "user_id", [("state", "!=", "closed")]),
        }
        if "card_steward_id" in self.env["res.partner"]._fields:
            specs["stewardships"] = (self.env._("Card stewardships"), "res.partner", "card_steward_id", [])
        return specs

    def _get_handover_records(self):
        """Return {key: (label, records)} currently assigned to the leaving user in the
        companies the acting user works in (``self.env.companies``): a steward of one
        company does not move another company's clients and work. Records of no company
        (clients shared by all companies) move with the rest."""
        self.ensure_one()
        result = {}
        for key, (label, model, field_name, domain) in self._get_handover_models().items():
            Model = self.env[model].sudo()
            company_domain = self._get_handover_company_domain(Model)
            records = Model.search([(field_name, "=", self.from_user_id.id), *domain, *company_domain])
            if model == "mail.activity":
                records = self._filter_handover_activities(records)
            result[key] = (label, records)
        return result

    def _get_handover_company_domain(self, Model):
        """Records of the companies both the acting user and the one taking over belong to:
        a steward moves nothing of another company, and nothing goes to a user who could not
        work on it (records of a company the taking-over user is not in stay where they are)."""
        if "company_id" not in Model._fields:
            return []
        return [("company_id", "in", [*self._get_handover_company_ids(), False])]

    def _get_handover_company_ids(self):
        return (self.env.companies & self.to_user_id.sudo().company_ids).ids

    def _filter_handover_activities(self, activities):
        """Activities carry no company: keep those whose document is in the acting user's companies."""
        outside = set()
        for res_model, model_activities in activities.grouped("res_model").items():
            if res_model not in self.env:
                continue
            Document = self.env[res_model].sudo().with_context(active_test=False)
            company_domain = self._get_handover_company_domain(Document)
            if company_domain:
                res_ids = model_activities.mapped("res_id")
                inside = Document.search([("id", "in", res_ids), *company_domain]).ids
                outside.update((res_model, res_id) for res_id in set(res_ids) - set(inside))
        return activities.filtered(lambda activity: (activity.res_model, activity.res_id) not in outside)

    def _prepare_handover_vals(self, key, field_name):
        """Values written on the records of ``key``; override to move more than the user."""
        self.ensure_one()
        return {field_name: self.to_user_id.id}

    def action_handover(self):
        """Move everything in one batch write per kind, then note it on each client card.

        Runs as superuser on purpose: the wizard is reserved to Data stewards by
        its access rights, and they must move records (other users' leads and
        activities) that their own rules would hide.
        """
        self.ensure_one()
        self.check_access("write")
        if self.from_user_id == self.to_user_id:
            raise UserError(self.env._("Choose a different user to take over."))
        self._check_user_changes_allowed()
        specs = self._get_handover_models()
        moved = self._get_handover_records()
        cards = self.env["res.partner"]
        refused = {}
        for key, (label, records) in moved.items():
            if not records:
                continue
            if records._name == "res.partner":
                # the note below tells each card what the tracking would tell field by field
                records = records.with_context(tracking_disable=True)
            not_moved = self._write_handover(
                records.with_context(mail_activity_quick_update=True), self._prepare_handover_vals(key, specs[key][2])
            )
            if not_moved:
                refused.update(not_moved)
                records = records.browse([rid for rid in records.ids if (records._name, rid) not in not_moved])
                moved[key] = (label, records)
            if records._name == "res.partner":
                cards |= records
        self._change_leaving_user()
        self._log_handover(cards, moved, refused)
        return self._handover_notification(moved, refused)

    def _handover_notification(self, moved, refused):
        """What moved, in counts, then the clients of the colleague: never a blank screen.

        A warning that stays on screen when some records were refused (each listed with why).
        """
        lines = [
            self._get_handover_counts(moved)
            or self.env._("Nothing was assigned to %(user)s.", user=self.from_user_id.name)
        ]
        lines += refused.values()
        if refused:
            title = self.env._("Handed over, except %(count)s record(s)", count=len(refused))
        else:
            title = self.env._(
                "Handed over from %(from_user)s to %(to_user)s",
                from_user=self.from_user_id.name,
                to_user=self.to_user_id.name,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": "\n".join(lines),
                "type": "warning" if refused else "success",
                "sticky": bool(refused),
                "next": self._get_handover_next_action(),
            },
        }

    def _get_handover_next_action(self):
        """After the handover: the clients of the colleague who took over."""
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.res_partner_action_clients")
        action["domain"] = [("is_company", "=", True), ("user_id", "=", self.to_user_id.id)]
        action["display_name"] = self.env._("Clients of %(user)s", user=self.to_user_id.name)
        action["target"] = "main"
        return action

    def _write_handover(self, records, vals):
        """Write ``vals`` on ``records`` in one batch. When the batch is refused because of some
        records (another addon locks them: a client under review of OCA partner_tier_validation, a
        database constraint), write record by record and move all the others; return
        {(model, id): "<record>: <why>"} of the records not moved. Errors of the database
        connection itself (a serialization failure) are not caught: the whole handover is retried."""
        try:
            with self.env.cr.savepoint():
                records.write(vals)
        except (UserError, psycopg2.IntegrityError):
            _logger.info("handover: %s refused the batch write, moving record by record", records._name)
        else:
            return {}
        refused = {}
        for record in records:
            try:
                with self.env.cr.savepoint():
                    record.write(vals)
            except UserError as exc:
                refused[record._name, record.id] = self._handover_refusal(record, exc.args[0])
            except psycopg2.IntegrityError as exc:
                refused[record._name, record.id] = self._handover_refusal(
                    record, exc.diag.message_primary or str(exc)
                )
        return refused

    def _handover_refusal(self, record, reason):
        return self.env._(
            "%(kind)s %(record)s not moved: %(reason)s",
            kind=self.env["ir.model"]._get(record._name).name,
            record=record.sudo().display_name,
            reason=str(reason).strip(),
        )

    def _check_user_changes_allowed(self):
        if (self.revoke_rights or self.archive_user) and not self.env.user.has_group("base.group_erp_manager"):
            raise AccessError(
                self.env._(
                    "Only users who manage user accounts (Administration: Access Rights) can archive the "
                    "leaving user or remove their rights. Hand over without these options and ask an "
                    "administrator."
                )
            )

    def _get_handover_revoked_groups(self):
        """The groups taken from a leaving user by "Remove Client Base and Sales Rights"."""
        xmlids = (
            "crm_card.group_crm_card_reader",
            "crm_card.group_crm_card_editor",
            "crm_card.group_crm_card_steward",
            "crm_card.group_crm_card_manager",
            "crm_card.group_crm_card_own_clients",
            "sales_team.group_sale_salesman",
            "sales_team.group_sale_salesman_all_leads",
            "sales_team.group_sale_manager",
        )
        return self.env["res.groups"].union(*(self.env.ref(xmlid) for xmlid in xmlids))

    def _change_leaving_user(self):
        """Revoke the rights or archive the user, as the caller (never as superuser)."""
        leaver = self.from_user_id.with_env(self.env)
        if self.revoke_rights:
            revoked = [Command.unlink(group.id) for group in self._get_handover_revoked_groups()]
            if not leaver.share:
                # the Client base and Sales groups were what made the user internal: keep them an employee
                revoked.append(Command.link(self.env.ref("base.group_user").id))
            leaver.write({"group_ids": revoked})
        if self.archive_user:
            leaver.action_archive()

    @api.model
    def _get_handover_counts(self, moved):
        """"Clients: 3, Planned activities: 1" of ``moved`` ({key: (label, records)})."""
        return ", ".join(f"{label}: {len(records)}" for label, records in moved.values() if records)

    def _log_handover(self, cards, moved, refused=None):
        counts = self._get_handover_counts(moved)
        lines = [
            self.env._(
                "Card handed over from %(from_user)s to %(to_user)s (%(counts)s).",
                from_user=self.from_user_id.name,
                to_user=self.to_user_id.name,
                counts=counts,
            )
        ]
        if self.revoke_rights:
            lines.append(
                self.env._("%(user)s no longer has Client base and Sales rights.", user=self.from_user_id.name)
            )
        if self.archive_user:
            lines.append(self.env._("The account of %(user)s is archived.", user=self.from_user_id.name))
        if self.note:
            lines.append(self.note)
        if cards:
            body = Markup("").join(Markup("<p>%s</p>") % line for line in lines)
            cards.sudo()._message_log_batch(bodies=dict.fromkeys(cards.ids, body))
        lines += (refused or {}).values()
        self.env["crm.card.audit"]._log("bulk", cards, "\n".join(lines), count=len(cards))
