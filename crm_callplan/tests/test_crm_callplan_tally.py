from datetime import datetime

from odoo import fields
from odoo.tests import Form, new_test_user, tagged

from .common import CallplanCommon


@tagged("crm_callplan", "post_install", "-at_install")
class TestCallTally(CallplanCommon):
    """The call-source form: inbound calls by the source the client first learned of us through."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.news = cls.env["utm.source"].create({"name": "Tally Newspaper"})
        cls.fair = cls.env["utm.source"].create({"name": "Tally Fair"})
        cls.radio = cls.env["utm.source"].create({"name": "Tally Radio"})
        cls.keeper = new_test_user(
            cls.env, "cp_keeper", groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients"
        )
        cls.from_fair, cls.from_news = cls._make_clients(2, cls.anna, prefix="Tally")
        cls.kept = cls._make_clients(1, cls.keeper, prefix="Kept")
        # the fair client's first lead came from the fair: that is how it learned of us
        cls.env["crm.lead"].create({"name": "Fair enquiry", "partner_id": cls.from_fair.id, "source_id": cls.fair.id})

    def _call(self, client, day, direction="inbound", source=None, month=2):
        return self.env["crm.card.interaction"].create(
            {"partner_id": client.id, "kind": "call", "direction": direction,
             "source_id": source and source.id, "date": datetime(2026, month, day, 11, 0)}
        )

    def _rows(self, tally):
        return {line["source"]: line for line in tally["lines"]}

    def test_counts_under_first_source_by_day(self):
        """A hand-logged inbound call counts under its client's first source on its day; totals both ways;
        outbound calls are not counted."""
        self._call(self.from_fair, 5, source=self.radio)  # the client says radio today, but came from the fair
        self._call(self.from_fair, 5)
        self._call(self.from_news, 1, source=self.news)  # its first inbound contact tells its source
        self._call(self.from_news, 5, source=self.radio)
        self._call(self.from_news, 28, direction="outbound", source=self.news)
        self._call(self.from_news, 1, month=3, source=self.news)  # another month
        tally = self.env["crm.callplan.tally"].create({"month": "2026-02-14"})._get_tally()
        rows = self._rows(tally)
        self.assertEqual(sorted(rows), ["Tally Fair", "Tally Newspaper"])
        self.assertEqual(rows["Tally Fair"]["counts"][4], 2)
        self.assertEqual(rows["Tally Fair"]["total"], 2)
        self.assertEqual(rows["Tally Newspaper"]["counts"][0], 1)
        self.assertEqual(rows["Tally Newspaper"]["counts"][4], 1)
        self.assertEqual(rows["Tally Newspaper"]["counts"][27], 0)
        self.assertEqual(rows["Tally Newspaper"]["total"], 2)
        self.assertEqual(tally["totals"][4], 3)
        self.assertEqual(tally["totals"][0], 1)
        self.assertEqual(tally["total"], 4)

    def test_first_source_is_the_first_with_this_company(self):
        """A client shared by two companies: its first lead in the other company does not tell how it
        learned of this one; the tally and the form's offer use this company's first source."""
        other = self.env["res.company"].create({"name": "Tally Other Company"})
        self.env["crm.lead"].create(
            {"name": "Radio enquiry elsewhere", "partner_id": self.from_news.id, "source_id": self.radio.id,
             "company_id": other.id}
        )
        self._call(self.from_news, 2, source=self.news)
        here = self.env(context={**self.env.context, "allowed_company_ids": self.env.company.ids})
        tally = here["crm.callplan.tally"].create({"month": "2026-02-01"})._get_tally()
        self.assertEqual(list(self._rows(tally)), ["Tally Newspaper"])
        firsts = here["crm.card.interaction"]._callplan_first_sources([self.from_news.id])
        self.assertEqual(firsts, {self.from_news.id: self.news.id})
        elsewhere = self.env["crm.card.interaction"].with_company(other)._callplan_first_sources([self.from_news.id])
        self.assertEqual(elsewhere, {self.from_news.id: self.radio.id})

    def test_user_sees_only_readable_calls(self):
        """A salesperson restricted to own clients counts only the calls they may read."""
        self._call(self.from_fair, 3)
        self._call(self.kept, 3, source=self.news)
        tally = self.env["crm.callplan.tally"].with_user(self.keeper).create({"month": "2026-02-01"})._get_tally()
        self.assertEqual(list(self._rows(tally)), ["Tally Newspaper"])
        self.assertEqual(tally["total"], 1)
        everything = self.env["crm.callplan.tally"].with_user(self.sales_manager).create({"month": "2026-02-01"})
        self.assertEqual(everything._get_tally()["total"], 2)

    def test_current_month_by_default_and_prints(self):
        wizard = self.env["crm.callplan.tally"].create({})
        self.assertEqual(wizard.month, fields.Date.context_today(wizard).replace(day=1))
        report = self.env.ref("crm_callplan.action_report_crm_callplan_tally")
        self.assertEqual((report.report_type, report.paperformat_id.orientation), ("qweb-pdf", "Landscape"))

    def test_form_asks_source_of_inbound_call(self):
        """Logging an inbound call by hand: the source is asked, offered as the client's first source."""
        form = Form(self.env["crm.card.interaction"].with_user(self.anna))
        form.partner_id = self.from_fair
        form.kind = "call"
        self.assertEqual(form.direction, "outbound")
        self.assertTrue(form._get_modifier("source_id", "invisible"))
        form.direction = "inbound"
        self.assertFalse(form._get_modifier("source_id", "invisible"))
        self.assertTrue(form._get_modifier("source_id", "required"))
        self.assertEqual(form.source_id, self.fair)
        interaction = form.save()
        self.assertEqual(interaction.source_id, self.fair)
        # a client that never said: the salesperson must ask
        form = Form(self.env["crm.card.interaction"].with_user(self.anna))
        form.partner_id = self.from_news
        form.direction = "inbound"
        self.assertFalse(form.source_id)
        with self.assertRaises(AssertionError):
            form.save()

    def test_first_source_offered_only_for_readable_clients(self):
        """The offered source does not tell a restricted salesperson how another's client came to us."""
        Interaction = self.env["crm.card.interaction"].with_user(self.keeper)
        foreign = Interaction.new({"partner_id": self.from_fair.id, "direction": "inbound", "kind": "call"})
        foreign._onchange_callplan_first_source()
        self.assertFalse(foreign.source_id)
        self.env["crm.lead"].create({"name": "Kept enquiry", "partner_id": self.kept.id, "source_id": self.radio.id})
        own = Interaction.new({"partner_id": self.kept.id, "direction": "inbound", "kind": "call"})
        own._onchange_callplan_first_source()
        self.assertEqual(own.source_id, self.radio)

    def test_card_log_asks_source_of_inbound_call(self):
        """On the card's own log of contacts, an inbound call asks its source, offering the first one."""
        form = Form(self.from_fair.with_user(self.anna))
        with form.card_interaction_ids.new() as line:
            line.kind = "call"
            self.assertTrue(line._get_modifier("source_id", "invisible"))
            line.direction = "inbound"
            self.assertFalse(line._get_modifier("source_id", "invisible"))
            self.assertTrue(line._get_modifier("source_id", "required"))
            self.assertEqual(line.source_id, self.fair)
        form.save()
        self.assertEqual(self.from_fair.card_interaction_ids.source_id, self.fair)
