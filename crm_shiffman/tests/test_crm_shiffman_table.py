from datetime import date, timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanTable(CrmShiffmanCommon):
    """Shiffman's table as a record of what happened: dates and persons per column, every
    result (lost ones too) in the Result column, the monthly sheet per salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person_a = cls.env["res.partner"].create({"name": "Irina Buyer", "parent_id": cls.client.id})
        cls.person_b = cls.env["res.partner"].create({"name": "Oleg Director", "parent_id": cls.client.id})
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Went to a competitor"})

    def _today(self, lead, moment=None):
        return fields.Date.context_today(lead, moment or fields.Datetime.now())

    def _wizard(self, lead, **values):
        action = lead.with_user(self.salesman).action_shiffman_set_result()
        form = Form(self.env[action["res_model"]].with_user(self.salesman).with_context(**action["context"]))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    # ------------------------------------------------------------
    # dates and persons per column
    # ------------------------------------------------------------

    def test_dates_per_column(self):
        """Each column's date is set when the lead enters it (the contact's own date when a
        logged contact moves it) and kept when it moves on or comes back."""
        lead = self._create_lead("prospect")
        self.assertEqual(lead.shiffman_prospect_date, self._today(lead))
        self.assertFalse(lead.shiffman_interest_date)
        days_ago = fields.Datetime.now().replace(microsecond=0) - timedelta(days=5)
        self._log(lead, result=self.result_interest, date=days_ago)
        self.assertEqual(lead.shiffman_column, "interest")
        self.assertEqual(lead.shiffman_interest_date, self._today(lead, days_ago))
        self._log(lead, date=days_ago + timedelta(days=1))
        self._log(lead, kind="meeting", date=days_ago + timedelta(days=2))
        self.assertEqual(lead.shiffman_column, "contact_2")
        self.assertEqual(lead.shiffman_contact_1_date, self._today(lead, days_ago + timedelta(days=1)))
        self.assertEqual(lead.shiffman_contact_2_date, self._today(lead, days_ago + timedelta(days=2)))
        self.assertFalse(lead.shiffman_contact_3_date)
        lead.with_user(self.salesman).stage_id = self.stages["result"]
        self.assertEqual(lead.shiffman_result_date, self._today(lead))
        self.assertFalse(lead.shiffman_contact_3_date, "a column skipped by hand stays empty")
        # back and forth: the first entry is what the table keeps
        lead.shiffman_result_date = date(2024, 1, 15)
        lead.stage_id = self.stages["contact_3"]
        lead.stage_id = self.stages["result"]
        self.assertEqual(lead.shiffman_result_date, date(2024, 1, 15))
        self.assertEqual(lead.shiffman_interest_date, self._today(lead, days_ago))

    def test_two_contacts_in_one_batch_date_both_columns(self):
        """Two contacts logged together move the lead two columns and date both of them."""
        lead = self._create_lead("interest")
        first = fields.Datetime.now().replace(microsecond=0) - timedelta(days=3)
        self.env["crm.card.interaction"].create(
            [
                {"lead_id": lead.id, "kind": "call", "date": first, "contact_id": self.person_a.id},
                {
                    "lead_id": lead.id,
                    "kind": "visit",
                    "date": first + timedelta(days=1),
                    "contact_id": self.person_b.id,
                },
            ]
        )
        self.assertEqual(lead.shiffman_column, "contact_2")
        self.assertEqual(lead.shiffman_contact_1_date, self._today(lead, first))
        self.assertEqual(lead.shiffman_contact_2_date, self._today(lead, first + timedelta(days=1)))
        self.assertEqual(lead.shiffman_contact_1_partner_id, self.person_a)
        self.assertEqual(lead.shiffman_contact_2_partner_id, self.person_b)

    def test_contact_person_per_column(self):
        """Whom each contact was with: the person of the interaction that moved the lead, per
        column; the salesperson can correct it."""
        lead = self._create_lead("prospect", partner_id=self.person_a.id)
        self.assertEqual(lead.shiffman_prospect_partner_id, self.person_a, "the card's person")
        self._log(lead, result=self.result_interest, contact_id=self.person_b.id)
        self._log(lead, contact_id=self.person_a.id)
        self.assertEqual(lead.shiffman_interest_partner_id, self.person_b)
        self.assertEqual(lead.shiffman_contact_1_partner_id, self.person_a)
        self._log(lead)  # nobody named: the column has no person
        self.assertEqual(lead.shiffman_column, "contact_2")
        self.assertFalse(lead.shiffman_contact_2_partner_id)
        lead.with_user(self.salesman).shiffman_contact_2_partner_id = self.person_b
        self.assertEqual(lead.shiffman_contact_2_partner_id, self.person_b)
        # a later contact in the same column does not rewrite who was met
        self._log(lead, contact_id=self.person_a.id)
        self.assertEqual(lead.shiffman_contact_2_partner_id, self.person_b)

    # ------------------------------------------------------------
    # results stay in the Result column
    # ------------------------------------------------------------

    def _table_filter_domain(self, name):
        search_view = self.env.ref("crm.view_crm_case_opportunities_filter")
        arch = etree.fromstring(self.env["crm.lead"].get_view(search_view.id, "search")["arch"])
        [node] = arch.xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"), {"uid": self.env.uid})

    def test_lost_stays_in_result(self):
        """A lead lost in any column ends in the Result column, lost and archived, with its
        history; the table shows it by default and hides it on demand."""
        lead = self._create_lead("contact_2")
        self._wizard(lead, result="lost", lost_reason_id=self.reason).action_apply()
        self.assertRecordValues(
            lead,
            [
                {
                    "shiffman_column": "result",
                    "shiffman_result": "lost",
                    "won_status": "lost",
                    "active": False,
                    "lost_reason_id": self.reason.id,
                }
            ],
        )
        self.assertEqual(lead.shiffman_result_date, self._today(lead))
        self.assertEqual(lead.shiffman_contact_2_date, self._today(lead))
        self.assertFalse(lead.shiffman_contact_3_date)
        # lost from the Result column stays there too
        won = self._create_lead("result", name="Won then lost")
        self._wizard(won, result="lost", lost_reason_id=self.reason).action_apply()
        self.assertRecordValues(won, [{"shiffman_column": "result", "won_status": "lost", "active": False}])
        # and Odoo's own Lost button does the same
        other = self._create_lead("contact_1", name="Lost by Odoo's button")
        self.env["crm.lead.lost"].with_user(self.salesman).create(
            {"lead_ids": [fields.Command.set(other.ids)], "lost_reason_id": self.reason.id}
        ).action_lost_reason_apply()
        self.assertRecordValues(other, [{"shiffman_column": "result", "shiffman_result": "lost", "won_status": "lost"}])
        # the table's default filter shows them, "Hide Lost" hides them
        action = self.env["crm.lead"].with_user(self.salesman)._shiffman_pipeline_action(self.team)
        self.assertTrue(action["context"].get("search_default_shiffman_with_lost"))
        Lead = self.env["crm.lead"].with_user(self.salesman)
        shown = Lead.search(self._table_filter_domain("shiffman_with_lost") + [("team_id", "=", self.team.id)])
        self.assertIn(lead, shown)
        self.assertIn(other, shown)
        hidden = Lead.search(
            self._table_filter_domain("shiffman_with_lost")
            + self._table_filter_domain("shiffman_hide_lost")
            + [("team_id", "=", self.team.id)]
        )
        self.assertNotIn(lead, hidden)
        table = self.env.ref("crm_shiffman.crm_lead_action_shiffman_table")
        self.assertIn("search_default_shiffman_with_lost", table.context)

    def test_restored_lost_lead_needs_a_result(self):
        """A lost lead restored from the Result column waits for a new result."""
        lead = self._create_lead("contact_3")
        lead.write({"shiffman_result": "lost", "lost_reason_id": self.reason.id})
        lead.action_restore()
        self.assertTrue(lead.active)
        self.assertEqual(lead.shiffman_column, "result")
        self.assertFalse(lead.shiffman_result)
        self.assertTrue(lead.shiffman_result_missing)

    def test_prospective_followup(self):
        """Still prospective: the lead stays in the Result column, open, with its follow-up
        date and a call planned on that date."""
        lead = self._create_lead("contact_3")
        followup = fields.Date.context_today(lead) + timedelta(days=45)
        self._wizard(lead, result="prospective", followup_date=followup).action_apply()
        self.assertRecordValues(
            lead,
            [
                {
                    "shiffman_column": "result",
                    "shiffman_result": "prospective",
                    "shiffman_followup_date": followup,
                    "won_status": "pending",
                    "active": True,
                    "shiffman_result_missing": False,
                }
            ],
        )
        self.assertLess(lead.probability, 100)
        self.assertEqual(lead.activity_ids.date_deadline, followup)
        self.assertEqual(lead.activity_ids.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        # later a contract: won, in the same column
        self._wizard(lead, result="contract").action_apply()
        self.assertRecordValues(
            lead, [{"shiffman_column": "result", "won_status": "won", "shiffman_result": "contract"}]
        )

    def test_prospective_by_write(self):
        """Setting 'still prospective' in the list needs the follow-up date and reopens the lead."""
        lead = self._create_lead("result")
        self.assertEqual(lead.won_status, "won")
        with self.assertRaises(UserError):
            lead.with_user(self.salesman).write({"shiffman_result": "prospective"})
        followup = fields.Date.context_today(lead) + timedelta(days=10)
        lead.with_user(self.salesman).write({"shiffman_result": "prospective", "shiffman_followup_date": followup})
        self.assertRecordValues(lead, [{"won_status": "pending", "shiffman_column": "result", "active": True}])
        self.assertEqual(lead.activity_ids.date_deadline, followup)

    # ------------------------------------------------------------
    # monthly sheet per salesperson
    # ------------------------------------------------------------

    def _dated_lead(self, user, name, dates, **values):
        lead = self._create_lead("prospect", name=name, user_id=user.id, **values)
        lead.write({f"shiffman_{column}_date": day for column, day in dates.items()})
        return lead

    def _month_leads(self):
        march = {
            "prospect": date(2025, 3, 3),
            "interest": date(2025, 3, 10),
            "contact_1": date(2025, 3, 20),
        }
        leads = self._dated_lead(self.salesman, "March to contact 1", march)
        leads |= self._dated_lead(self.salesman, "March prospect only", {"prospect": date(2025, 3, 5)})
        leads |= self._dated_lead(
            self.salesman,
            "February prospect, March interest",
            {"prospect": date(2025, 2, 20), "interest": date(2025, 3, 2)},
        )
        won = self._dated_lead(
            self.salesman,
            "Won in March",
            {"prospect": date(2025, 1, 5), "contact_3": date(2025, 2, 1), "result": date(2025, 3, 28)},
        )
        won.write({"shiffman_result": "contract"})
        leads |= won
        leads |= self._dated_lead(self.salesman, "April", {"prospect": date(2025, 4, 1)})
        other = self._dated_lead(self.salesman_other, "Colleague March prospect", {"prospect": date(2025, 3, 7)})
        return leads, other

    def test_month_sheet_counts(self):
        """A salesperson's month: the prospects with an entry in the month, and per column how
        many reached it that month, with the conversion from the column before."""
        _leads, other = self._month_leads()
        printer = self.env["crm.shiffman.table.print"].create(
            {"month": date(2025, 3, 14), "user_ids": [fields.Command.set([self.salesman.id, self.salesman_other.id])]}
        )
        sheets = {sheet["user"]: sheet for sheet in printer._shiffman_sheets()}
        sheet = sheets[self.salesman]
        self.assertEqual(
            [row["lead"].name for row in sheet["rows"]],
            ["Won in March", "February prospect, March interest", "March to contact 1", "March prospect only"],
        )
        self.assertEqual(
            sheet["totals"],
            {"prospect": 2, "interest": 2, "contact_1": 1, "contact_2": 0, "contact_3": 0, "result": 1},
        )
        self.assertEqual(sheet["conversions"]["interest"], 100.0)
        self.assertEqual(sheet["conversions"]["contact_1"], 50.0)
        self.assertEqual(sheet["results"]["contract"], 1)
        self.assertEqual([row["lead"] for row in sheets[self.salesman_other]["rows"]], [other])

    def test_month_sheet_keeps_lost(self):
        """A prospect lost in the month is on the sheet with its result."""
        lead = self._create_lead("contact_1")
        lead.write({"shiffman_result": "lost", "lost_reason_id": self.reason.id})
        printer = self.env["crm.shiffman.table.print"].create({"user_ids": [fields.Command.set(self.salesman.ids)]})
        [sheet] = printer._shiffman_sheets()
        self.assertIn(lead, [row["lead"] for row in sheet["rows"]])
        self.assertEqual(sheet["results"]["lost"], 1)

    def test_month_report_renders_own_rows_only(self):
        """The printed sheet goes through the record rules: an own-leads salesperson asking for
        a colleague's month gets no rows of the colleague."""
        _leads, other = self._month_leads()
        printer = (
            self.env["crm.shiffman.table.print"]
            .with_user(self.salesman)
            .create(
                {
                    "month": date(2025, 3, 1),
                    "user_ids": [fields.Command.set([self.salesman.id, self.salesman_other.id])],
                }
            )
        )
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.salesman)
            ._render_qweb_html("crm_shiffman.report_shiffman_table", printer.ids)
        )
        html = html.decode()
        self.assertIn("March to contact 1", html)
        self.assertIn("Won in March", html)
        self.assertNotIn("April", html)
        self.assertNotIn(other.name, html)
        # the colleague prints their own
        printer_other = (
            self.env["crm.shiffman.table.print"].with_user(self.salesman_other).create({"month": date(2025, 3, 1)})
        )
        self.assertEqual(printer_other.user_ids, self.salesman_other, "defaults to the user")
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.salesman_other)
            ._render_qweb_html("crm_shiffman.report_shiffman_table", printer_other.ids)
        )
        self.assertIn(other.name, html.decode())
        self.assertNotIn("March to contact 1", html.decode())

    def test_print_action(self):
        """The wizard's button prints the month."""
        printer = self.env["crm.shiffman.table.print"].with_user(self.salesman).create({})
        self.assertEqual(printer.month, fields.Date.context_today(printer).replace(day=1))
        action = printer.action_print()
        self.assertEqual(action["report_name"], "crm_shiffman.report_shiffman_table")
