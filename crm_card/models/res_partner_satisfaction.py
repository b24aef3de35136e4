# res.partner of crm_card, one feature a file (see res_partner.py): pylint-odoo's advice to merge
# the classes inheriting res.partner is declined on purpose (issue 21: find a feature by its file name)
# pylint: disable=consider-merging-classes-inherited
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import split_every

from ..tools import split_by_lang

# clients a batch of the nightly job: each batch reads the year's order lines once (a few seconds
# at 10,000,000 lines), so batches are large; some fifteen products a client at most
CARD_SATISFACTION_BATCH = 10000
# where the nightly job stopped today, when the cron worker's time ran out (<day>:<client id>)
SATISFACTION_CURSOR = "crm_card.satisfaction_job_cursor"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # SATISFACTION
    # ------------------------------------------------------------
    card_satisfaction_ids = fields.One2many("crm.card.satisfaction", "partner_id", string="Satisfaction Checks")

    @api.model
    def _cron_card_satisfaction_due(self):
        """Daily: remind about the yearly satisfaction check of each product, for the clients who
        bought in the last year, a batch of them at a time: what one batch holds in memory stays
        the same at a million clients (the first night there plans millions of reminders), and
        each batch commits (``ir.cron._commit_progress``).

        Each batch notes the last client it did (``crm_card.satisfaction_job_cursor``,
        ``<day>:<client id>``, or ``<day>:done``): when the cron worker's time is up the job
        stops, and the next run of the day goes on after that client instead of reading the first
        batches again; once every buyer is done, the day is done.
        """
        today = fields.Date.context_today(self)
        params = self.env["ir.config_parameter"].sudo()
        day, _sep, last = (params.get_param(SATISFACTION_CURSOR) or "").partition(":")
        if day == str(today) and last == "done":
            return
        after = int(last) if day == str(today) and last.isdigit() else 0
        buyer_ids = [client_id for client_id in self._get_card_satisfaction_buyer_ids(today) if client_id > after]
        if not buyer_ids:
            params.set_param(SATISFACTION_CURSOR, f"{today}:done")
            return
        self.env["ir.cron"]._commit_progress(remaining=len(buyer_ids))
        for batch_ids in split_every(CARD_SATISFACTION_BATCH, buyer_ids):
            self._plan_card_satisfaction_checks(today, clients=self.browse(batch_ids))
            # noted with the batch, in its commit
            last = "done" if batch_ids[-1] == buyer_ids[-1] else batch_ids[-1]
            params.set_param(SATISFACTION_CURSOR, f"{today}:{last}")
            if not self.env["ir.cron"]._commit_progress(len(batch_ids)):
                return

    @api.model
    def _get_card_satisfaction_since(self, today):
        """The satisfaction rule's year: purchases and checks since this date count."""
        return today - relativedelta(days=365)

    @api.model
    def _get_card_satisfaction_buyer_ids(self, today):
        """Ids of the clients (commercial partners) with a purchase that asks for a check
        (``_get_card_satisfaction_line_domain``) in the rule's year, in order."""
        domain = self._get_card_satisfaction_line_domain(self._get_card_satisfaction_since(today))
        groups = self.env["sale.order.line"].sudo()._read_group(domain, ["order_partner_id.commercial_partner_id"])
        return sorted(client.id for (client,) in groups)

    @api.model
    def _get_card_satisfaction_line_domain(self, since):
        """The sales order lines that ask for a satisfaction check: confirmed, of the
        user's companies, since ``since``, of a product (no section, note or down payment)."""
        return Domain(
            [
                ("state", "=", "sale"),
                ("order_id.date_order", ">=", since),
                ("company_id", "in", self.env.companies.ids),
                ("product_id", "!=", False),
                ("display_type", "=", False),
                ("is_downpayment", "=", False),
            ]
        )

    @api.model
    def _get_card_satisfaction_due(self, today, clients=None):
        """The set of ``(client, product)`` due for a satisfaction check
        (see ``_get_card_satisfaction_due_sales``)."""
        return set(self._get_card_satisfaction_due_sales(today, clients))

    @api.model
    def _get_card_satisfaction_due_sales(self, today, clients=None):
        """The yearly satisfaction rule, in one place: ``{(client, product): company}``
        where the client (a commercial partner, among ``clients`` when given) bought
        the product on a confirmed order of the user's companies in the last 365 days
        and has no satisfaction check of that product dated within the last 365 days;
        ``company`` made the sale (the latest one when several companies did): the
        client is asked, and the check filed, in its name.

        A check without a product covers every product of its client: the client was
        asked about us as a whole (every check before reminders were per product is
        one, so the upgrade plans no wave of reminders). Two grouped reads, whatever
        the number of clients (the nightly job and the card's invitation both call this).
        """
        year_ago = self._get_card_satisfaction_since(today)
        domain = self._get_card_satisfaction_line_domain(year_ago)
        if clients is not None:
            domain &= Domain("order_partner_id.commercial_partner_id", "in", clients.ids)
        bought = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(domain, ["order_partner_id.commercial_partner_id", "product_id", "company_id"], ["id:max"])
        )
        if not bought:
            return {}
        client_ids = {client.id for client, _product, _company, _line in bought}
        checked = (
            self.env["crm.card.satisfaction"]
            .sudo()
            ._read_group(
                [("partner_id", "in", list(client_ids)), ("date", ">", year_ago)],
                ["partner_id", "product_id"],
            )
        )
        # (client, False) for a check without a product: it covers all of the client's products
        rated = {(client.id, product.id) for client, product in checked}
        latest = {}
        for client, product, company, line_id in bought:
            if (client.id, product.id) in rated or (client.id, False) in rated:
                continue
            if line_id > latest.get((client.id, product.id), (0, None))[0]:
                latest[client.id, product.id] = (line_id, company.id)
        # records from one browse each, so that they prefetch together (a product's name for the
        # reminders' texts is then one query for all products, not one per product)
        clients = {client.id: client for client in self.browse(sorted({key[0] for key in latest}))}
        products = {
            product.id: product for product in self.env["product.product"].browse(sorted({key[1] for key in latest}))
        }
        companies = {company.id: company for company in self.env["res.company"].browse(
            sorted({company_id for _line_id, company_id in latest.values()})
        )}
        return {
            (clients[client_id], products[product_id]): companies[company_id]
            for (client_id, product_id), (_line_id, company_id) in latest.items()
        }

    def _get_card_satisfaction_reminded(self):
        """``{(client id, product id)}`` of the clients ``self`` that need no new
        reminder today besides those reminded already (an activity with the same
        reason, see ``_get_card_satisfaction_reminder_keys``): nothing here; a
        submodule adds what stands for a reminder (an invitation to a questionnaire
        still open)."""
        return set()

    @api.model
    def _get_card_satisfaction_reminder_keys(self, due):
        """``{(client id, product id): reason}`` of the reminders of the ``due`` pairs: the
        product and the date of the client's latest check covering it (of the product or
        without a product), so that a client is reminded once between two checks, and the
        check that answers a reminder makes the next year's one a new reason."""
        client_ids = list({client.id for client, _product in due})
        checks = (
            self.env["crm.card.satisfaction"]
            .sudo()
            ._read_group([("partner_id", "in", client_ids)], ["partner_id", "product_id"], ["date:max"])
        )
        last = {(client.id, product.id): date for client, product, date in checks}
        keys = {}
        for client, product in due:
            dates = [date for date in (last.get((client.id, product.id)), last.get((client.id, False))) if date]
            keys[client.id, product.id] = f"card_satisfaction:{product.id}:{max(dates) if dates else ''}"
        return keys

    @api.model
    def _plan_card_satisfaction_checks(self, today=None, clients=None):
        """Give each (client, product) due for its yearly satisfaction check
        (``_get_card_satisfaction_due``; among ``clients`` when given) one "Satisfaction
        check due: <product>" activity, written in the assignee's language, once between two
        checks (``_get_card_satisfaction_reminder_keys``). A nightly job: the reminders go in
        with one statement (``_card_plan_reminders(bulk=True)``).

        No reminder goes to a client without a product: every confirmed order line
        that is not a section, a note or a down payment has one, so a client who
        bought has a product to rate.
        """
        today = today or fields.Date.context_today(self)
        due = self._get_card_satisfaction_due(today, clients)
        if not due:
            return self.env["mail.activity"]
        activity_type = self.env.ref("crm_card.mail_activity_type_card_satisfaction")
        clients = self.browse().union(*(client for client, _product in due))
        reminded = clients._get_card_satisfaction_reminded()
        keys = self._get_card_satisfaction_reminder_keys(due)
        # leave out the reminders given before rendering their texts
        given = self.env["mail.activity"]._card_reminded(
            "res.partner", [(client_id, key) for (client_id, _product_id), key in keys.items()]
        )
        products = defaultdict(list)
        for client, product in due:
            if (client.id, product.id) not in reminded and (client.id, keys[client.id, product.id]) not in given:
                products[client.id].append(product)
        due_clients = self.browse(sorted(products))
        due_clients.fetch(["user_id", "card_steward_id"])
        reminders = []
        for _lang, same_lang in split_by_lang(due_clients, lambda partner: partner._get_card_activity_user()):
            for client in same_lang:
                user_id = client._get_card_activity_user().id
                for product in sorted(products[client.id], key=lambda product: product.id):
                    name = product.with_env(same_lang.env).display_name
                    summary = same_lang.env._("Satisfaction check due: %(product)s", product=name)
                    key = keys[client.id, product.id]
                    reminders.append((client.id, user_id, today, summary, None, key, product.id))
        return self.env["mail.activity"].sudo()._card_plan_reminders(
            "res.partner", activity_type, reminders, extra_columns=("card_satisfaction_product_id",), bulk=True
        )
