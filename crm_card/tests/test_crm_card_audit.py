from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import MAIL_ON_CONTEXT, CrmCardHistoryCommon


@tagged("crm_card", "crm_card_audit", "post_install", "-at_install")
class TestCrmCardAudit(CrmCardHistoryCommon):
    """The audit trail: chatter tracking of the card, a log of deletions, archives, exports and jobs.

    Who is who (see CrmCardCommon): steward reads the log, editor and reader do not;
    ``exporter`` is an editor allowed to export by an administrator.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the common data is made without tracking; these tests are about it
        cls.env = cls.env(context=dict(cls.env.context, **MAIL_ON_CONTEXT))
        cls.client, cls.contact, cls.other_client = (
            record.with_env(cls.env) for record in (cls.client, cls.contact, cls.other_client)
        )
        cls.exporter = new_test_user(
            cls.env, "card_exporter", groups="crm_card.group_crm_card_editor,base.group_allow_export"
        )
        cls.interaction = cls.env["crm.card.interaction"].create(
            {"partner_id": cls.client.id, "kind": "visit", "note": "Showed the new price list"}
        )
        # commit the set-up, as a real database would have: the tests start with no tracking pending
        # (the untracked marks of the common data, the creation of ``exporter``)
        cls.env.cr.precommit.run()

    def setUp(self):
        super().setUp()
        self.last_entry = self.env["crm.card.audit"].search([], limit=1, order="id desc").id or 0

    def _entries(self, event, model):
        """The entries written by this test."""
        return self.env["crm.card.audit"].search(
            [("id", ">", self.last_entry), ("event", "=", event), ("res_model", "=", model)]
        )

    def _audit(self, event, records):
        return self.env["crm.card.audit"].search(
            [("event", "=", event), ("res_model", "=", records._name), ("res_id", "in", records.ids)]
        )

    def _flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _tracked(self, record, field_name):
        """The tracking values of ``field_name`` logged on ``record``."""
        self._flush_tracking()
        return (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", record._name),
                    ("mail_message_id.res_id", "=", record.id),
                    ("field_id.name", "=", field_name),
                ]
            )
        )

    # ------------------------------------------------------------
    # Deletions and archives
    # ------------------------------------------------------------

    def test_deleted_interaction_leaves_trace(self):
        """A deleted interaction leaves a trace (what, client, who, when) for stewards, not for editors."""
        interaction = self.interaction.with_user(self.steward)
        name = interaction.display_name
        interaction.unlink()
        self.assertFalse(self.interaction.exists())
        trace = self.env["crm.card.audit"].with_user(self.steward).search(
            [("event", "=", "delete"), ("res_model", "=", "crm.card.interaction"), ("res_id", "=", self.interaction.id)]
        )
        self.assertEqual(len(trace), 1)
        self.assertEqual(trace.name, name)
        self.assertEqual(trace.partner_id, self.client)
        self.assertEqual(trace.user_id, self.steward)
        self.assertIn("Visit", trace.details)
        self.assertTrue(trace.date)
        exported = trace.with_user(self.steward).export_data(["name", "partner_id/name", "details"])["datas"]
        self.assertEqual(exported[0][:2], [name, self.client.name])
        for user in (self.editor, self.reader, self.salesman):
            with self.assertRaises(AccessError):
                self.env["crm.card.audit"].with_user(user).search([])
            with self.assertRaises(AccessError):
                trace.with_user(user).read(["name"])

    def test_audit_log_is_read_only(self):
        """Nobody writes, creates or deletes an audit entry, stewards and administrators included."""
        self.interaction.unlink()
        trace = self._audit("delete", self.interaction)
        for user in (self.steward, self.manager):
            with self.assertRaises(AccessError):
                trace.with_user(user).write({"name": "nothing happened"})
            with self.assertRaises(AccessError):
                trace.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["crm.card.audit"].with_user(user).create({"event": "delete", "res_model": "x"})

    def test_archived_client_traced(self):
        """A client archived instead of deleted (it holds history) leaves an entry, and so does its restore."""
        client = self.client.with_user(self.steward)
        client.action_archive()
        client.action_unarchive()
        self.assertEqual(len(self._audit("archive", self.client)), 1)
        self.assertEqual(len(self._audit("restore", self.client)), 1)
        self.assertEqual(self._audit("archive", self.client).partner_id, self.client)

    def test_deleted_contract_keeps_no_amount(self):
        """The trace of a deleted contract names it, never its confidential amount."""
        contract = self.env["crm.card.contract"].create(
            {"name": "C-77", "partner_id": self.client.id, "amount": 987654.0}
        )
        contract.with_user(self.steward).unlink()
        trace = self._audit("delete", contract)
        self.assertEqual(trace.name, "C-77")
        self.assertNotIn("987", trace.details or "")

    # ------------------------------------------------------------
    # Changes
    # ------------------------------------------------------------

    def test_card_fields_tracked(self):
        """The card's fields and a contact person's position and role are tracked in the chatter."""
        self.client.with_user(self.editor).write(
            {
                "card_need": "Cement for the new plant",
                "card_need_volume": "200 t a month",
                "card_verified_date": "2026-05-04",
            }
        )
        self.contact.with_user(self.editor).write(
            {"function": "Chief buyer", "buying_role_id": self.env.ref("crm_card.crm_card_buying_role_user").id}
        )
        for field_name in ("card_need", "card_need_volume", "card_verified_date", "card_info_level"):
            self.assertTrue(self._tracked(self.client, field_name), field_name)
        for field_name in ("function", "buying_role_id"):
            self.assertTrue(self._tracked(self.contact, field_name), field_name)
        [volume] = self._tracked(self.client, "card_need_volume")
        self.assertEqual(volume.new_value_char, "200 t a month")
        self.assertEqual(volume.create_uid, self.editor)

    def test_changes_listed_for_steward(self):
        """The Audit > Changes list shows a steward the changes of a client and of its contact persons, old → new."""
        self.client.with_user(self.editor).card_need_volume = "20 t a month"
        self.contact.with_user(self.editor).function = "Chief buyer"
        self._flush_tracking()
        action = self.client.with_user(self.steward).action_open_card_changes()
        messages = self.env["mail.message"].with_user(self.steward).search(action["domain"])
        changes = "\n".join(messages.mapped("crm_card_changes"))
        self.assertIn("→ 20 t a month", changes)
        self.assertIn("Purchasing manager → Chief buyer", changes)
        self.assertEqual(messages.crm_card_client_id, self.client)
        other = self.env["mail.message"].with_user(self.steward).search(
            [("crm_card_audited", "=", True), ("crm_card_client_id", "in", self.other_client.ids)]
        )
        self.assertFalse(other & messages)
        with self.assertRaises(AccessError):
            self.client.with_user(self.editor).action_open_card_changes()

    def test_interaction_change_logged(self):
        """An interaction has no chatter: a change of its fields is an entry with old → new values."""
        self.interaction.with_user(self.editor).write({"note": "Sent the price list", "kind": "call"})
        change = self._audit("change", self.interaction)
        self.assertEqual(len(change), 1)
        self.assertIn("Showed the new price list → Sent the price list", change.details)
        self.assertIn("Visit → Call", change.details)
        self.assertEqual(change.user_id, self.editor)
        self.interaction.with_user(self.editor).write({"note": "Sent the price list"})
        self.assertEqual(len(self._audit("change", self.interaction)), 1, "no change, no entry")

    def test_rating_comment_not_tracked(self):
        """The rating is tracked, its confidential comment appears nowhere in the chatter."""
        wizard = Form(self.env["crm.card.rating.wizard"].with_user(self.editor).with_context(
            default_partner_id=self.client.id
        ))
        wizard.value = "4"
        wizard.comment = "They pay late but buy a lot"
        wizard.save().action_apply()
        self.assertTrue(self._tracked(self.client, "card_rating"))
        self.assertFalse(
            self.env["mail.tracking.value"].sudo().search(
                [("mail_message_id.res_id", "=", self.client.id), ("new_value_char", "ilike", "pay late")]
            )
        )

    # ------------------------------------------------------------
    # Exports
    # ------------------------------------------------------------

    def test_export_logged(self):
        """An export of client data is logged: who, which model, how many rows, which fields."""
        partners = (self.client | self.other_client).with_user(self.exporter)
        partners.export_data(["name", "card_category_id/name", "phone"])
        [entry] = self._entries("export", "res.partner")
        self.assertEqual(entry.user_id, self.exporter)
        self.assertEqual(entry.record_count, 2)
        self.assertEqual(entry.details, "name, card_category_id/name, phone")
        self.interaction.with_user(self.exporter).export_data(["date", "note"])
        exports = self._entries("export", "crm.card.interaction")
        self.assertEqual((len(exports), exports.record_count, exports.details), (1, 1, "date, note"))

    def test_export_rights(self):
        """Editors do not export; data stewards do (Export: Allowed comes with the role)."""
        with self.assertRaises(UserError):
            self.client.with_user(self.editor).export_data(["name"])
        self.assertTrue(self.steward.has_group("base.group_allow_export"))
        self.client.with_user(self.steward).export_data(["name"])

    # ------------------------------------------------------------
    # Bulk jobs: one summary, not one entry per record
    # ------------------------------------------------------------

    def test_import_writes_one_summary(self):
        """An import writes one summary entry: no per-row tracking message or change entry."""
        Message = self.env["mail.message"].sudo()
        messages_before = Message.search_count([("model", "=", "res.partner")])
        result = self.env["res.partner"].with_user(self.manager).load(
            ["name", "is_company", "card_need_volume"],
            [[f"Imported {i}", "1", "10 t"] for i in range(5)],
        )
        self.assertEqual(len(result["ids"]), 5, result["messages"])
        self._flush_tracking()
        self.assertEqual(Message.search_count([("model", "=", "res.partner")]), messages_before)
        [summary] = self._entries("bulk", "res.partner")
        self.assertEqual(summary.record_count, 5)
        self.assertIn("card_need_volume", summary.details)

    def test_info_level_job_writes_one_summary(self):
        """The nightly information level job writes one summary entry, no tracking message per client."""
        clients = self.env["res.partner"].create([{"name": f"Regular {i}", "is_company": True} for i in range(3)])
        self._create_orders(
            clients,
            [(date.today() - timedelta(days=days), 100.0) for days in (30, 60, 90)],
        )
        clients._card_recompute_info_level()
        self.assertEqual(set(clients.mapped("card_info_level")), {"regular"})
        self._flush_tracking()
        self.env.cr.execute(
            "UPDATE sale_order SET date_order = date_order - interval '1 year' WHERE partner_id = ANY(%s)",
            [clients.ids],
        )
        self.env.invalidate_all()
        Value = self.env["mail.tracking.value"].sudo()
        values_before = Value.search_count([])
        Partner = self.env["res.partner"]
        Partner.browse(Partner._get_card_info_level_candidate_ids())._card_age_info_level()
        self._flush_tracking()
        self.assertEqual(set(clients.mapped("card_info_level")), {"buyer"})
        self.assertEqual(Value.search_count([]), values_before)
        [summary] = self._entries("bulk", "res.partner")
        self.assertEqual(summary.record_count, 3)

    def test_rhythm_job_writes_no_audit(self):
        """The nightly rhythm job writes no tracking value and no audit entry, whatever the number of clients."""
        clients = self.env["res.partner"].create([{"name": f"Silent {i}", "is_company": True} for i in range(4)])
        self._create_orders(clients, [(f"2025-0{month}-10", 100.0) for month in (1, 2, 3)])
        self._flush_tracking()
        Value, Audit = self.env["mail.tracking.value"].sudo(), self.env["crm.card.audit"]
        before = (Value.search_count([]), Audit.search_count([]))
        clients._update_card_rhythm(today=fields.Date.to_date("2026-06-01"))
        self._flush_tracking()
        self.assertTrue(all(state == "silent" for state in clients.mapped("card_rhythm_state")))
        self.assertEqual((Value.search_count([]), Audit.search_count([])), before)

    # ------------------------------------------------------------
    # Handover
    # ------------------------------------------------------------

    def _handover_wizard(self, user, **options):
        leaver = new_test_user(
            self.env, "audit_leaver", groups="sales_team.group_sale_salesman,crm_card.group_crm_card_steward"
        )
        clients = self.env["res.partner"].create(
            [{"name": f"Leaver's client {i}", "is_company": True, "user_id": leaver.id} for i in range(3)]
        )
        wizard = self.env["crm.card.handover"].with_user(user).create(
            {"from_user_id": leaver.id, "to_user_id": self.salesman.id, **options}
        )
        self._flush_tracking()  # a record created in this transaction tracks nothing until then
        return wizard, leaver, clients

    def test_handover_archives_leaver(self):
        """A user manager's handover can archive the leaving user and take their rights, and says so on each card."""
        admin = new_test_user(
            self.env, "audit_user_admin", groups="crm_card.group_crm_card_steward,base.group_erp_manager"
        )
        wizard, leaver, clients = self._handover_wizard(admin, revoke_rights=True, archive_user=True)
        wizard.action_handover()
        self.assertFalse(leaver.active)
        self.assertFalse(leaver.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(leaver.has_group("crm_card.group_crm_card_reader"))
        self.assertTrue(leaver.has_group("base.group_user"))
        self.assertEqual(clients.user_id, self.salesman)
        for client in clients:
            note = client.message_ids[:1].body
            self.assertIn("no longer has Client base and Sales rights", note)
            self.assertIn("is archived", note)
        self._flush_tracking()
        self.assertFalse(
            self.env["mail.tracking.value"].sudo().search([("mail_message_id.res_id", "in", clients.ids),
                                                            ("mail_message_id.model", "=", "res.partner")]),
            "the note says it: no tracking message per card on top of it",
        )
        [summary] = self._entries("bulk", "res.partner")
        self.assertEqual(summary.record_count, 3)

    def test_handover_user_changes_need_user_rights(self):
        """A steward who does not manage users is refused the user options, and nothing moves."""
        wizard, leaver, clients = self._handover_wizard(self.steward, archive_user=True)
        with self.assertRaises(AccessError):
            wizard.action_handover()
        self.assertTrue(leaver.active)
        self.assertEqual(clients.user_id, leaver)
        wizard.write({"archive_user": False, "revoke_rights": True})
        with self.assertRaises(AccessError):
            wizard.action_handover()
        wizard.write({"revoke_rights": False})
        wizard.action_handover()
        self.assertEqual(clients.user_id, self.salesman)
        self.assertTrue(leaver.active)
        self.assertTrue(leaver.has_group("crm_card.group_crm_card_steward"))

    def test_handover_group_list_exists(self):
        """Every group the handover may revoke exists (a renamed xmlid would raise during a handover)."""
        wizard = self.env["crm.card.handover"].new({})
        groups = wizard._get_handover_revoked_groups()
        self.assertIn(self.env.ref("crm_card.group_crm_card_steward"), groups)
        self.assertNotIn(self.env.ref("base.group_user"), groups)

    def test_refused_deletion_logs_nothing(self):
        """A deletion refused by a rule leaves no entry; a deleted contact person's entry names its client."""
        with self.assertRaises(UserError):
            self.client.with_user(self.steward).unlink()  # holds an interaction: archive it instead
        self.assertFalse(self._audit("delete", self.client))
        person = self.env["res.partner"].create({"name": "Short-lived", "parent_id": self.client.id})
        person.with_user(self.steward).unlink()
        self.assertEqual(self._audit("delete", person).partner_id, self.client)
        loner = self.env["res.partner"].create({"name": "Loner Ltd", "is_company": True})
        loner.with_user(self.steward).unlink()
        self.assertEqual(self._audit("delete", loner).name, "Loner Ltd")
