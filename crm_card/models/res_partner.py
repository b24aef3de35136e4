import re
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, date_utils, format_amount, format_date, split_every

from ..tools import split_by_lang
from .crm_card_rating import CARD_RATING_SELECTION
from .crm_card_rhythm import CARD_RHYTHM_STATES
from .res_config_settings import CARD_SETTING_DEFAULTS

CARD_RHYTHM_BATCH = 1000
# Who reads a client's sales figures and payment delays: Sales and Accounting users.
CARD_FIGURES_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice,account.group_account_readonly"

# "the same phone" and "the same e-mail" are Odoo's own keys (mail.thread.phone, mail.thread.blacklist):
# the partner and lead duplicate guards and the telephony lookup compare the same values
CARD_DUPLICATE_KEYS = ("phone_sanitized", "email_normalized", "card_vat_key")
CARD_DUPLICATES_OUT_OF_REACH_SHOWN = 10
CARD_INFO_LEVEL_DEPENDS = (
    "is_company",
    "parent_id",
    "name",
    "street",
    "city",
    "phone",
    "card_category_id",
    "card_need",
    "card_need_volume",
    "card_need_date",
    "function",
    "buying_role_id",
    "child_ids.type",
    "child_ids.phone",
    "child_ids.function",
    "child_ids.buying_role_id",
)
# what the wishes of a regular buyer's card follow: the terms of its active contract, or of one of
# its contact persons' (``_card_info_wishes``)
CARD_CONTRACT_DEPENDS = (
    "card_contract_ids.state",
    "card_contract_ids.terms",
    "child_ids.card_contract_ids.state",
    "child_ids.card_contract_ids.terms",
)
# what the order part of the level (``card_order_level``) follows: the confirmed orders of the
# client and of its contact persons
CARD_ORDER_LEVEL_DEPENDS = (
    "sale_order_ids.state",
    "sale_order_ids.date_order",
    "child_ids.sale_order_ids.state",
    "child_ids.sale_order_ids.date_order",
)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.card.audit.mixin", "crm.card.scope.mixin"]
    _card_audit_client_field = "commercial_partner_id"
    _card_audit_key_fields = ("parent_id", "card_category_id", "user_id", "card_info_level")

    # the card's changes are tracked in its chatter (the contact persons' own cards for theirs)
    function = fields.Char(tracking=True)

    # ------------------------------------------------------------
    # FORMAL SECTION
    # ------------------------------------------------------------

    card_category_id = fields.Many2one(
        "crm.card.category",
        string="Client Category",
        index="btree_not_null",
        tracking=True,
        help="What kind of client this is; prepares the salesperson for the call.",
    )
    buying_role_id = fields.Many2one(
        "crm.card.buying.role",
        string="Buying Center Role",
        tracking=True,
        help="The contact person's role in the client's buying center.",
    )
    card_steward_id = fields.Many2one(
        "res.users",
        string="Data Steward",
        index="btree_not_null",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The user answerable for the quality of this card's data.",
    )
    card_verified_date = fields.Date(
        string="Verified On",
        copy=False,
        tracking=True,
        help="When the card's data was last checked against the client.",
    )
    card_rating = fields.Selection(
        CARD_RATING_SELECTION,
        string="Rating",
        compute="_compute_card_rating",
        inverse="_inverse_card_rating",
        store=True,
        tracking=True,
        help="The client's rating: the value of the latest entry of its rating history.",
    )
    card_rating_ids = fields.One2many("crm.card.rating", "partner_id", string="Rating History")
    card_need = fields.Text(
        string="Need for Our Offer",
        tracking=True,
        help="What the client needs that we can offer.",
    )
    card_need_volume = fields.Char(
        string="Need Volume", tracking=True, help="How much the client needs, e.g. '20 t a month'."
    )
    card_need_date = fields.Date(string="Need Date", tracking=True, help="When the client needs it.")
    card_info_level = fields.Selection(
        [
            ("none", "Incomplete"),
            ("address", "Address"),
            ("potential", "Potential"),
            ("need", "Need"),
            ("buyer", "Buyer"),
            ("regular", "Regular"),
        ],
        string="Information Level",
        compute="_compute_card_info_level",
        store=True,
        index="btree_not_null",
        tracking=True,
        help="How much we know about the client, following the method: address, potential, need, buyer, regular.",
    )
    card_order_level = fields.Selection(
        [("buyer", "Buyer"), ("regular", "Regular")],
        string="Information Level by Orders",
        compute="_compute_card_order_level",
        store=True,
        help="The part of the information level the client's confirmed orders make: buyer, regular or none.",
    )
    card_missing_info = fields.Text(
        string="Missing for Next Level",
        compute="_compute_card_missing_info",
        help="What the card still lacks to reach the next information level.",
    )
    # Odoo does not index its keys on res.partner (it does on crm.lead): the duplicate guards and
    # the telephony lookup search them
    _card_phone_sanitized_idx = models.Index("(phone_sanitized) WHERE phone_sanitized IS NOT NULL")
    _card_email_normalized_idx = models.Index("(email_normalized) WHERE email_normalized IS NOT NULL")
    card_vat_key = fields.Char(
        compute="_compute_card_vat_key",
        store=True,
        index="btree_not_null",
        help="The tax ID without spaces, punctuation and country prefix, to find duplicates.",
    )
    card_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_card_duplicate_ids",
        help="Other clients with the same phone, e-mail or tax ID.",
    )
    card_duplicate_others = fields.Char(
        string="Duplicates of Other Salespeople",
        compute="_compute_card_duplicate_ids",
        help="Possible duplicates that are clients of other salespeople, out of your reach: "
        "their name and salesperson.",
    )
    card_has_duplicates = fields.Boolean(
        string="Has Duplicates",
        compute="_compute_card_duplicate_ids",
        search="_search_card_has_duplicates",
    )
    card_contact_person_ids = fields.Many2many(
        "res.partner",
        string="Contact Persons",
        compute="_compute_card_contact_person_ids",
        help="The client's contact persons with their position and buying center role.",
    )

    @api.depends("card_rating_ids.value", "card_rating_ids.date")
    def _compute_card_rating(self):
        for partner in self:
            partner.card_rating = partner._card_latest_rating().value or "0"

    def _inverse_card_rating(self):
        """Log a rating set on the partner in its history, with its reason.

        The reason comes from the ``crm_card_rating_comment`` context key (the
        "Change Rating" wizard sets it); it is confidential, hence ``sudo``:
        an Editor may rate a client but not read the reasons given by others.
        """
        comment = self.env.context.get("crm_card_rating_comment")
        vals_list = []
        for partner in self:
            previous = partner.sudo()._card_latest_rating().value or "0"
            if (partner.card_rating or "0") == previous:
                continue
            if not comment:
                raise UserError(
                    self.env._(
                        "Give a reason when you change the rating of %(client)s.",
                        client=partner.display_name,
                    )
                )
            vals_list.append({"partner_id": partner.id, "value": partner.card_rating or "0", "comment": comment})
        self.env["crm.card.rating"].sudo().create(vals_list)

    def _card_latest_rating(self):
        """The current entry of the rating history (the cached list is not kept sorted)."""
        self.ensure_one()
        return max(self.card_rating_ids, key=lambda r: (r.date, r.id), default=self.card_rating_ids)

    @api.depends(*CARD_INFO_LEVEL_DEPENDS, "card_order_level")
    def _compute_card_info_level(self):
        levels = self._card_info_levels()
        for partner in self:
            partner.card_info_level = levels[partner][0]

    @api.depends("is_company", "parent_id", "company_id", *CARD_ORDER_LEVEL_DEPENDS)
    def _compute_card_order_level(self):
        """Stored apart from the level, so that saving a client's phone or address recomputes
        the level without querying its orders (a query a save, which Odoo's own save has not).
        The orders of the client's company count (:meth:`_card_order_stats`)."""
        clients = self.filtered(lambda p: p.is_company or not p.parent_id)
        stats = clients._card_order_stats()
        regular_months = self._get_card_setting("regular_months")
        for partner in self:
            order_count, months = stats.get(partner._origin.id, (0, 0)) if partner in clients else (0, 0)
            partner.card_order_level = self._card_order_level_of(order_count, months, regular_months)

    @api.depends(*CARD_INFO_LEVEL_DEPENDS, *CARD_ORDER_LEVEL_DEPENDS, *CARD_CONTRACT_DEPENDS, "card_verified_date")
    def _compute_card_missing_info(self):
        gaps = self._card_info_gaps()
        for partner in self:
            partner.card_missing_info = "\n".join(gaps[partner][1]) or False

    @api.depends("vat", "country_id")
    def _compute_card_vat_key(self):
        for partner in self:
            key = re.sub(r"[^0-9A-Z]", "", (partner.vat or "").upper())
            prefix = partner.country_id.code
            if prefix and key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix) :]
            partner.card_vat_key = key or False

    @api.depends(*CARD_DUPLICATE_KEYS, "commercial_partner_id")
    def _compute_card_duplicate_ids(self):
        """Duplicates the user may not read (colleagues' clients, for "own clients only") are
        named in ``card_duplicate_others`` instead, so that a duplicate is never silent."""
        found = self._card_duplicates(
            {partner: (partner.commercial_partner_id._origin.id, partner) for partner in self}
        )
        for partner in self:
            readable, others = found[partner]
            partner.card_duplicate_ids = readable
            partner.card_duplicate_others = ", ".join(other._card_name_with_salesperson() for other in others)
            partner.card_has_duplicates = bool(readable or others)

    @api.model
    def _card_duplicates(self, keyed, out_of_reach=True):
        """The duplicate guard of clients and leads: the partners sharing a phone, e-mail or tax ID
        with each entry of ``keyed``, in one search (two with those out of reach).

        ``keyed`` maps anything to ``(client id, keys)``: ``keys`` reads the fields of
        ``CARD_DUPLICATE_KEYS`` (a partner, a lead or a dict; a missing key is no key), the client
        id is the commercial partner it is part of. Contact persons of the same client share its
        phone and tax ID on purpose, so partners of that client are not duplicates. Returns
        ``{entry: (duplicates the user reads, duplicates out of reach)}``; the latter (colleagues'
        clients for "own clients only", read as superuser for their name and salesperson only)
        are searched only with ``out_of_reach``.
        """
        def key_values(keys):
            return [(fname, value) for fname in CARD_DUPLICATE_KEYS if fname in keys and (value := keys[fname])]

        wanted = defaultdict(set)
        for _client_id, keys in keyed.values():
            for fname, value in key_values(keys):
                wanted[fname].add(value)
        readable = others = self.browse()
        if wanted:
            domain = Domain.OR(Domain(fname, "in", list(values)) for fname, values in wanted.items())
            fnames = [*CARD_DUPLICATE_KEYS, "commercial_partner_id"]
            readable = self.search_fetch(domain, fnames)
            if out_of_reach:
                others = self._card_duplicates_out_of_reach(domain, fnames, readable)
        by_key = defaultdict(set)
        client_of = {}
        for candidate in (*readable, *others):
            client_of[candidate.id] = candidate.commercial_partner_id.id
            for fname in CARD_DUPLICATE_KEYS:
                if candidate[fname]:
                    by_key[fname, candidate[fname]].add(candidate.id)
        readable_ids = set(readable.ids)
        result = {}
        for entry, (client_id, keys) in keyed.items():
            matches = sorted({pid for key in key_values(keys) for pid in by_key[key] if client_of[pid] != client_id})
            result[entry] = (
                self.browse([pid for pid in matches if pid in readable_ids]),
                others.browse([pid for pid in matches if pid not in readable_ids]),
            )
        return result

    def _card_duplicates_out_of_reach(self, domain, fnames, readable):
        """Partners of ``domain`` in the user's companies that the user may not read (not among
        ``readable``, what the user's search found): colleagues' clients for "own clients only", or
        under any stricter partner rule (OCA sales_team_security's "own documents"). Read as
        superuser for their keys, name and salesperson only, so that a duplicate is never silent."""
        if self.env.su:
            return self.browse()
        return self.sudo().search_fetch(
            Domain(domain)
            & Domain("id", "not in", readable.ids)
            & Domain("company_id", "in", [*self.env.companies.ids, False]),
            fnames,
            limit=CARD_DUPLICATES_OUT_OF_REACH_SHOWN,
        )

    def _card_name_with_salesperson(self):
        self.ensure_one()
        salesperson = self.commercial_partner_id.user_id
        return f"{self.display_name} ({salesperson.name})" if salesperson else self.display_name

    @api.depends("child_ids.type")
    def _compute_card_contact_person_ids(self):
        for partner in self:
            partner.card_contact_person_ids = partner.child_ids.filtered(lambda c: c.type == "contact")

    def _search_card_has_duplicates(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domains = []
        for fname in CARD_DUPLICATE_KEYS:
            shared = self._read_group(
                [(fname, "!=", False)],
                [fname],
                having=[("commercial_partner_id:count_distinct", ">", 1)],
            )
            domains.append(Domain(fname, "in", [key for (key,) in shared]))
        domain = Domain.OR(domains)
        return domain if (True in value) == (operator == "in") else ~domain

    def _card_order_stats(self):
        """Return {commercial partner id: (confirmed orders, distinct months ordered in the last 12)}
        for the information level, from :meth:`_get_card_order_figures`.

        The level is stored on the card and read by everyone who reads the card, so it cannot
        follow the reader's companies; it counts the orders of the client's own company, and of
        every company for a client shared by all companies (a shared client shares its level, as
        its rating and purchase rhythm, and as Odoo's ``customer_rank``). An order another company
        made with one of the client's contact persons (persons are often shared) does not make a
        company's client a buyer. One query per company among the clients of ``self`` (one or
        two in practice), whatever their number of orders.
        """
        clients = self.commercial_partner_id._origin.filtered("id")
        today = fields.Date.context_today(self)
        stats = {}
        for company, same_company in clients.grouped("company_id").items():
            figures = self._get_card_order_figures(same_company.ids, company or None, today)
            stats.update((client_id, (row["count"], row["months_12m"])) for client_id, row in figures.items())
        return stats

    def _card_info_gaps(self):
        """Return {partner: (information level, [what is missing for the next level])}.

        Levels follow the method: address, potential (+ a contact person with
        a position, and the need), need (+ volume and date); buyer and regular
        follow from the client's confirmed orders: a regular buyer ordered in
        at least the months set in Settings (3) of the last 12. A contract does
        not make a buyer: a regular buyer's card lacks its terms until it has an
        active contract with them. Only commercial partners have a level: a
        contact person is part of one.
        """
        real_clients = self.filtered(lambda p: p.is_company or not p.parent_id)._origin
        # the card reads the orders now: "(now 2 months)" of a buyer ages with time
        levels = self._card_info_levels(real_clients._card_order_stats())
        with_terms = (
            set(real_clients._card_has_active_contract([("terms", "!=", False)]).ids) if real_clients else set()
        )
        return {
            partner: (level, missing + partner._card_info_wishes(level, partner._origin.id in with_terms))
            if level
            else (level, missing)
            for partner, (level, missing) in levels.items()
        }

    def _card_info_levels(self, stats=None):
        """Return {partner: (information level, [what the next level needs])}, without the wishes.

        ``stats`` are the clients' order figures read now ({client id: (confirmed orders,
        months ordered in the last 12)}, :meth:`_card_order_stats`), for the card's missing
        information; without them, the stored order part of the level (``card_order_level``):
        every save of a client's phone or address recomputes the level without querying its
        orders. The contracts are read only for the wishes (:meth:`_card_info_gaps`).
        """
        clients = self.filtered(lambda p: p.is_company or not p.parent_id)
        regular_months = self._get_card_setting("regular_months")
        levels = {}
        for partner in self:
            if partner not in clients:
                levels[partner] = (False, [])
                continue
            if stats is None:
                # the months only feed the text of a buyer's next step, which the level drops
                order_level, months = partner.card_order_level, 0
            else:
                order_count, months = stats.get(partner._origin.id, (0, 0))
                order_level = self._card_order_level_of(order_count, months, regular_months)
            levels[partner] = partner._card_info_gap(order_level, months, regular_months)
        return levels

    @api.model
    def _card_order_level_of(self, order_count, months, regular_months):
        """The level a client's confirmed orders make: "regular" with orders in at least
        ``regular_months`` months of the last 12, "buyer" with any, else False."""
        if months >= regular_months:
            return "regular"
        return "buyer" if order_count else False

    def _card_info_gap(self, order_level, months, regular_months):
        """(level, [what the next level needs]) of one client whose orders make ``order_level``."""
        self.ensure_one()
        people = self._card_people()
        address_items = {
            self.env._("the name or a contact person"): bool(self.name or people),
            self.env._("an address"): bool(self.street or self.city),
            self.env._("a phone"): bool(self.phone or any(people.mapped("phone"))),
            self.env._("a category"): bool(self.card_category_id),
        }
        potential_items = {
            self.env._("a contact person with a position"): any(people.mapped("function")),
            self.env._("the need for our offer"): bool(self.card_need and self.card_need.strip()),
        }
        need_items = {
            self.env._("the volume of the need"): bool(self.card_need_volume),
            self.env._("the date of the need"): bool(self.card_need_date),
        }
        if order_level == "regular":
            return "regular", []
        if order_level == "buyer":
            return "buyer", [
                self.env._(
                    "orders in at least %(required)s different months of the last 12 (now %(months)s)",
                    required=regular_months,
                    months=months,
                )
            ]
        if sum(address_items.values()) < 2:
            missing = ", ".join(label for label, ok in address_items.items() if not ok)
            if sum(address_items.values()) == 1:
                return "none", [self.env._("one of: %(items)s", items=missing)]
            return "none", [self.env._("two of: %(items)s", items=missing)]
        for level, items in (("address", potential_items), ("potential", need_items)):
            missing = [label for label, ok in items.items() if not ok]
            if missing:
                return level, missing
        return "need", [self.env._("a confirmed sale order")]

    def _card_people(self):
        """The client's contact persons (the client itself when it is a person)."""
        self.ensure_one()
        people = self.child_ids.filtered(lambda c: c.type == "contact")
        return people if self.is_company else people | self

    def _card_info_wishes(self, level, has_contract_terms):
        """What the card of one client at ``level`` should also hold, without it
        blocking the level: the buying center role (desirable from "potential" on),
        and for a buyer a contact person with a position and a check of the data
        in the last 12 months, for a regular buyer the terms of its contract."""
        self.ensure_one()
        if level in (False, "none"):
            return []
        people = self._card_people()
        wishes = []
        if not any(people.mapped("buying_role_id")):
            wishes.append(self.env._("a contact person's buying center role (desirable)"))
        if level not in ("buyer", "regular"):
            return wishes
        if not any(people.mapped("function")):
            wishes.append(self.env._("a contact person with a position"))
        if level == "regular" and not has_contract_terms:
            wishes.append(self.env._("an active contract with its terms"))
        year_ago = fields.Date.context_today(self) - relativedelta(months=12)
        if not self.card_verified_date or self.card_verified_date < year_ago:
            wishes.append(self.env._("a check of the card's data in the last 12 months"))
        return wishes

    @api.model
    def _get_card_setting(self, key):
        """A number set in the client card's Settings (``crm_card.<key>``), or its default."""
        default = CARD_SETTING_DEFAULTS[key]
        value = self.env["ir.config_parameter"].sudo().get_param(f"crm_card.{key}")
        try:
            return type(default)(value) if value else default
        except ValueError:
            return default

    def _card_recompute_info_level(self):
        """Recompute the information level of ``self`` now.

        The fields' dependencies follow every change of the card, its contact persons
        and their orders; only time ("orders in the last 12 months") is followed by
        nobody: the nightly cron calls this.
        """
        fnames = ["card_order_level", "card_info_level"]  # the orders' part first: the level reads it
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        self._recompute_recordset(fnames)

    @api.model
    def _cron_card_info_level(self):
        """Nightly: regular clients whose orders aged out of the last 12 months become buyers;
        after a change of the months for a regular buyer, buyers are judged again too."""
        params = self.env["ir.config_parameter"].sudo()
        rejudge = bool(params.get_param("crm_card.info_level_rejudge"))
        candidate_ids = self._get_card_info_level_candidate_ids(rejudge)
        self.env["ir.cron"]._commit_progress(remaining=len(candidate_ids))
        for batch_ids in split_every(CARD_RHYTHM_BATCH, candidate_ids):
            self.browse(batch_ids)._card_age_info_level()
            if not self.env["ir.cron"]._commit_progress(len(batch_ids)):
                return
        if rejudge:
            params.set_param("crm_card.info_level_rejudge", False)

    def _card_age_info_level(self):
        """Recompute the level of ``self`` as the nightly job does.

        One audit entry for the batch says what the tracking would say client
        by client (a first night after a long stop moves thousands).
        """
        bulk = self.with_context(tracking_disable=True, crm_card_audit_bulk=True)
        before = {partner.id: partner.card_info_level for partner in bulk}
        bulk._card_recompute_info_level()
        moved = bulk.filtered(lambda partner: partner.card_info_level != before[partner.id])
        if not moved:
            return
        details = self.env._(
            "Nightly job: %(count)s clients changed their information level with time (orders in the "
            "last 12 months): %(clients)s",
            count=len(moved),
            clients=", ".join(moved[:20].mapped("display_name")) + (" …" if len(moved) > 20 else ""),
        )
        self.env["crm.card.audit"]._log("bulk", moved, details, count=len(moved))

    @api.model
    def _get_card_info_level_candidate_ids(self, rejudge=False):
        """Clients whose level may change with time alone: the regular ones; with
        ``rejudge`` (a new threshold for regular buyers), the buyers as well."""
        levels = ["regular", "buyer"] if rejudge else ["regular"]
        return self.with_context(active_test=False)._search([("card_info_level", "in", levels)]).get_result_ids()

    @api.model
    def _cron_card_need_dates(self):
        """Daily: remind salespeople of their clients' coming need dates."""
        self._remind_card_need_dates()

    @api.model
    def _remind_card_need_dates(self, today=None):
        """Give the salesperson of each client whose need date comes within the
        days set in Settings one To-Do to plan the contacts, once per need date
        (the reminder's reason is the date: see ``mail.activity._card_plan_reminders``)."""
        today = today or fields.Date.context_today(self)
        horizon = today + relativedelta(days=self._get_card_setting("need_remind_days"))
        clients = self.search(
            [
                ("card_need_date", ">=", today),
                ("card_need_date", "<=", horizon),
                ("user_id", "!=", False),
                ("company_id", "in", [*self.env.companies.ids, False]),
            ]
        )
        reminders = []
        for client in clients:
            user = client._get_card_activity_user()
            env = client.with_context(lang=user.lang).env  # the salesperson's language
            summary = env._(
                "The client needs our offer by %(date)s: plan the contacts",
                date=format_date(env, client.card_need_date),
            )
            reminders.append((client.id, user.id, today, summary, None, f"card_need:{client.card_need_date}"))
        return self.env["mail.activity"].sudo()._card_plan_reminders(
            "res.partner", self.env.ref("mail.mail_activity_data_todo"), reminders
        )

    def action_card_mark_verified(self):
        """Record that the card's data was checked today."""
        self.write({"card_verified_date": fields.Date.context_today(self)})

    def action_card_change_rating(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Rating"),
            "res_model": "crm.card.rating.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_card_merge_duplicates(self):
        """Open Odoo's merge wizard on this client and its possible duplicates."""
        self.ensure_one()
        if not self.env.user.has_group("crm_card.group_crm_card_steward"):
            raise AccessError(self.env._("Only a data steward can merge clients."))
        action = self.env["ir.actions.act_window"]._for_xml_id("base.action_partner_merge")
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": (self | self.card_duplicate_ids).ids,
        }
        return action

    # ------------------------------------------------------------
    # HISTORY OF WORK (purchases, payments, rhythm)
    # ------------------------------------------------------------
    # Figures are in the current company's currency: each confirmed order's
    # untaxed amount divided by the order's own ``currency_rate`` (the rate
    # Odoo's sales analysis uses too), over the orders of the allowed companies.
    # They are sales data: only users with a Sales or Accounting right read them
    # (CARD_FIGURES_GROUPS), and an "Own clients only" user those of own clients.

    card_history_currency_id = fields.Many2one(
        "res.currency", compute="_compute_card_history", string="History Currency"
    )
    card_sales_this_year = fields.Monetary(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        currency_field="card_history_currency_id",
        string="Sales This Year",
        help="Untaxed amount of the client's confirmed orders since 1 January.",
    )
    card_sales_last_year = fields.Monetary(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        currency_field="card_history_currency_id",
        string="Sales Last Year",
        help="Untaxed amount of the client's confirmed orders in the previous calendar year.",
    )
    card_order_count = fields.Integer(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        string="Confirmed Orders",
        help="All confirmed orders of the client.",
    )
    card_last_order_date = fields.Date(compute="_compute_card_history", groups=CARD_FIGURES_GROUPS, string="Last Order")
    card_avg_order_gap_days = fields.Float(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        string="Average Order Gap (days)",
        digits=(16, 1),
        help="Mean number of days between consecutive orders over the last 12 months.",
    )
    card_avg_payment_delay_days = fields.Float(
        compute="_compute_card_history",
        groups=CARD_FIGURES_GROUPS,
        string="Average Payment Delay (days)",
        digits=(16, 1),
        help="Mean of payment date minus due date over the invoices paid in the last 12 months; "
        "negative when the client pays early.",
    )
    card_rhythm_state = fields.Selection(
        [("none", "Not Enough Orders"), *CARD_RHYTHM_STATES],
        string="Purchase Rhythm",
        compute="_compute_card_rhythm",
        search="_search_card_rhythm_state",
        help="Updated every night. Silent: no order for longer than the usual gap times the factor set in "
        "Settings (1.5). "
        "Declining: each of the last three closed quarters sold less than the one before, "
        "the last one at most 80% of the first.",
    )
    card_rhythm_since = fields.Date(
        string="Rhythm Since", compute="_compute_card_rhythm", help="Start of the current rhythm episode."
    )
    card_no_offer = fields.Boolean(
        string="No Offer Sent",
        compute="_compute_card_rhythm",
        search="_search_card_no_offer",
        help="Updated every night: a regular buyer that has had no quotation, order, letter or e-mail "
        "for longer than its usual gap between orders.",
    )
    card_no_offer_since = fields.Date(string="No Offer Since", compute="_compute_card_rhythm")
    card_rhythm_note = fields.Char(compute="_compute_card_history", groups=CARD_FIGURES_GROUPS, string="Rhythm Figures")
    card_satisfaction_ids = fields.One2many("crm.card.satisfaction", "partner_id", string="Satisfaction Checks")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_card_history(self):
        commercial = self._card_figures_scope().commercial_partner_id
        today = fields.Date.context_today(self)
        order_stats = self._get_card_order_figures(commercial.ids, self.env.companies, today)
        delays = self.env["account.move"]._get_card_payment_delays(commercial.ids, self.env.companies, today)
        currency = self.env.company.currency_id
        for partner in self:
            stats = order_stats.get(partner.commercial_partner_id.id, {})
            partner.card_history_currency_id = currency
            partner.card_sales_this_year = stats.get("this_year", 0.0)
            partner.card_sales_last_year = stats.get("last_year", 0.0)
            partner.card_order_count = stats.get("count", 0)
            partner.card_last_order_date = stats.get("last_date")
            partner.card_avg_order_gap_days = stats.get("gap_12m", 0.0)
            partner.card_avg_payment_delay_days = delays.get(partner.commercial_partner_id.id, 0.0)
            partner.card_rhythm_note = self._get_card_rhythm_note(stats.get("state", "none"), stats, today, currency)

    def _card_figures_scope(self):
        """The partners of ``self`` whose figures the user reads: none without a Sales or
        Accounting right, all of them with one, but only those of own clients (the user or a
        team mate is the salesperson) for an "Own clients only" user, as the card's record
        rules say; the others show none."""
        user = self.env.user
        if self.env.su:
            return self
        if not user.has_groups(CARD_FIGURES_GROUPS):
            return self.browse()
        if not user.has_group("crm_card.group_crm_card_own_clients"):
            return self
        own = user | user.sudo().crm_team_ids.member_ids
        return self.filtered(lambda partner: partner.commercial_partner_id.user_id in own)

    def _compute_card_rhythm(self):
        # sudo: the state is part of the partner, readable wherever the partner is
        rhythms = (
            self.env["crm.card.rhythm"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", self._origin.ids)], ["partner_id", "state", "since", "no_offer_since"]
            )
        )
        by_partner = {rhythm.partner_id.id: rhythm for rhythm in rhythms}
        for partner in self:
            rhythm = by_partner.get(partner._origin.id)
            partner.card_rhythm_state = rhythm.state if rhythm else "none"
            partner.card_rhythm_since = rhythm.since if rhythm else False
            partner.card_no_offer_since = rhythm.no_offer_since if rhythm else False
            partner.card_no_offer = bool(partner.card_no_offer_since)

    def _search_card_rhythm_state(self, operator, value):
        """A state is a row of ``crm.card.rhythm``; "none" is the lack of one (the ORM
        negates ``in`` for ``not in`` and ``!=``)."""
        if operator != "in":
            return NotImplemented
        rhythms = self.env["crm.card.rhythm"].sudo()
        states = [state for state in value if state and state != "none"]
        domain = Domain.FALSE
        if states:
            domain = Domain("id", "any!", rhythms._search([("state", "in", states)]).select("partner_id"))
        if "none" in value:
            domain |= Domain("id", "not any!", rhythms._search([]).select("partner_id"))
        return domain

    def _search_card_no_offer(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        late = self.env["crm.card.rhythm"].sudo()._search([("no_offer_since", "!=", False)])
        domain = Domain("id", "any!", late.select("partner_id"))
        return domain if (True in value) == (operator == "in") else ~domain

    def action_open_card_purchases(self):
        """Purchases of the client by product, over the period given in context."""
        self.ensure_one()
        interval = self.env.context.get("crm_card_interval", "month")
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.sale_report_action_card_purchases")
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("state", "in", self.env["sale.report"]._get_done_states()),
        ]
        action["context"] = {
            "pivot_row_groupby": ["product_id"],
            "pivot_column_groupby": [f"date:{interval}"],
            "pivot_measures": ["price_subtotal", "product_uom_qty"],
            "graph_groupbys": [f"date:{interval}", "product_id"],
            "graph_measure": "price_subtotal",
        }
        action["display_name"] = self.env._("Purchases of %(client)s", client=self.commercial_partner_id.display_name)
        return action

    def action_open_card_invoices(self):
        """Posted customer invoices of the client with their payment delays."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.account_move_action_card_payments")
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
        ]
        return action

    @api.model
    def _cron_update_card_rhythm(self):
        """Nightly: update the purchase rhythm of every client."""
        self._update_card_rhythm()

    def _update_card_rhythm(self, today=None):
        """Judge the purchase rhythm of the clients of ``self`` (or of every client)
        and give each client entering a ``silent`` or ``declining`` episode one To-Do.

        An episode starts on the day of the change (``card_rhythm_since``);
        while the state stays no further To-Do is created, so running the job
        twice a day changes nothing.

        One statement for all clients: the state is judged in SQL
        (``_card_rhythm_state_sql``) by the statement that aggregates the
        orders, only the clients whose state changed are written, and only
        those entering an alarming state come back, with the figures their
        To-Do needs. Reading the figures into Python cost 30x the aggregate
        itself (and the regular ones a tenth of the first night); batches would each scan the
        orders again (the planner hashes them all for 1,000 clients as for
        100,000). The states live in ``crm.card.rhythm``, one row per client
        with a rhythm: a client losing it loses its row, the others are
        upserted, which is cheap where rewriting a partner row touched its
        30+ indexes (the first night changes a third of the clients). States
        and To-Dos land in one transaction, so no alert is lost between them.
        """
        today = today or fields.Date.context_today(self)
        Rhythm = self.env["crm.card.rhythm"]
        Rhythm.flush_model()
        self.flush_model(["active", "commercial_partner_id"])
        # every client: aggregate all orders in one hashed pass; a filter on the
        # clients makes the planner probe the orders client by client (4x slower)
        clients, buyers = SQL("c.active AND c.id = c.commercial_partner_id"), SQL("IS NOT NULL")
        if self:
            clients = SQL("c.id = ANY(%s) AND c.id = c.commercial_partner_id", self.commercial_partner_id.ids)
            buyers = SQL("IN (SELECT id FROM clients)")
        alarming = self.env.execute_query_dict(
            SQL(
                """
                WITH clients AS (
                    SELECT c.id, COALESCE(r.state, 'none') AS old_state, r.since AS old_since,
                           r.no_offer_since AS old_no_offer_since, c.card_info_level = 'regular' AS is_regular
                      FROM res_partner c
                 LEFT JOIN %(rhythm)s r ON r.partner_id = c.id
                     WHERE %(clients)s
                ), offers AS (%(offers)s
                ), judged AS (
                    SELECT * FROM (
                        SELECT clients.id, clients.old_state, clients.old_since, clients.old_no_offer_since,
                               COALESCE(stats.state, 'none') AS new_state,
                               COALESCE(%(no_offer)s, FALSE) AS new_no_offer, offers.last_offer, stats.*
                          FROM clients
                     LEFT JOIN (%(stats)s) stats ON stats.partner_id = clients.id
                     LEFT JOIN offers ON offers.partner_id = clients.id
                    ) rows
                     WHERE rows.new_state != rows.old_state
                        OR rows.new_no_offer != (rows.old_no_offer_since IS NOT NULL)
                ), dropped AS (
                    DELETE FROM %(rhythm)s r
                     USING judged
                     WHERE r.partner_id = judged.id AND judged.new_state = 'none'
                ), written AS (
                    INSERT INTO %(rhythm)s (partner_id, state, since, no_offer_since)
                    SELECT judged.id, judged.new_state,
                           CASE WHEN judged.new_state = judged.old_state THEN judged.old_since ELSE %(today)s END,
                           CASE WHEN judged.new_no_offer
                                THEN COALESCE(judged.old_no_offer_since, %(today)s) END
                      FROM judged
                     WHERE judged.new_state != 'none'
                        ON CONFLICT (partner_id) DO UPDATE
                       SET state = EXCLUDED.state, since = EXCLUDED.since, no_offer_since = EXCLUDED.no_offer_since
                )
                SELECT * FROM judged
                 WHERE (judged.new_state != judged.old_state AND judged.new_state IN ('silent', 'declining'))
                    OR (judged.new_no_offer AND judged.old_no_offer_since IS NULL)
                 ORDER BY judged.id
                """,
                rhythm=SQL.identifier(Rhythm._table),
                clients=clients,
                offers=self._card_last_offer_query(),
                no_offer=self._card_no_offer_sql(today),
                stats=self._card_order_figures_query(buyers, self.env.companies, today),
                today=today,
            )
        )
        Rhythm.invalidate_model()
        self.invalidate_model(["card_rhythm_state", "card_rhythm_since", "card_no_offer", "card_no_offer_since"])
        rows = {row["id"]: row for row in alarming}
        # one prefetch for the To-Dos' assignees; each note in its assignee's language
        partners = self.browse(list(rows))
        partners.fetch(["user_id", "card_steward_id"])
        quarters = self._card_closed_quarters(today)
        reminders = []  # an episode's reason is its state and first day: one To-Do per episode
        for _lang, same_lang in split_by_lang(partners, lambda partner: partner._get_card_activity_user()):
            for partner in same_lang:
                row = rows[partner.id]
                user_id = partner._get_card_activity_user().id
                if row["new_state"] != row["old_state"] and row["new_state"] in ("silent", "declining"):
                    stats = self._card_order_figures_row(row, quarters)
                    alert = partner._get_card_rhythm_alert(row["new_state"], stats)
                    reason = f"card_rhythm_{row['new_state']}:{today}"
                    reminders.append((partner.id, user_id, today, alert, None, reason))
                elif row["new_no_offer"] and not row["old_no_offer_since"]:
                    alert = partner._get_card_no_offer_alert()
                    reminders.append((partner.id, user_id, today, alert, None, f"card_no_offer:{today}"))
        if not reminders:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        for batch in split_every(CARD_RHYTHM_BATCH, reminders):
            # the first night plans thousands: in one statement (bench/run.py, measure 3)
            self.env["mail.activity"]._card_plan_reminders("res.partner", todo, batch, bulk=True)

    @api.model
    def _cron_card_risk_digest(self):
        """Weekly: tell each head of sales which clients at risk nobody acted on."""
        self._send_card_risk_digest()

    @api.model
    def _send_card_risk_digest(self, today=None):
        """Give each head of sales (the leader of the salesperson's sales team)
        one To-Do listing, per salesperson, the silent, declining
        and "no offer" clients with no interaction and no quotation since their
        alarm began. Written in the head's language, with names only: no figures."""
        today = today or fields.Date.context_today(self)
        clients = self.search(self._get_card_risk_domain())
        idle = clients - clients._card_acted_on_since()
        by_head = defaultdict(lambda: defaultdict(lambda: self.browse()))
        for client in idle:
            head = client.user_id.sale_team_id.user_id
            if head:
                by_head[head][client.user_id] |= client
        reminders = [
            (
                head.partner_id.id,
                head.id,
                today,
                *self.with_context(lang=head.lang)._card_risk_digest_text(salespeople),
                f"card_risk_digest:{today}",
            )
            for head, salespeople in by_head.items()
        ]
        todo = self.env.ref("mail.mail_activity_data_todo")
        return self.env["mail.activity"].sudo()._card_plan_reminders("res.partner", todo, reminders)

    @api.model
    def _get_card_risk_domain(self):
        """Clients whose rhythm calls for attention: silent, declining or without an offer."""
        return [
            ("user_id", "!=", False),
            ("company_id", "in", [*self.env.companies.ids, False]),
            "|",
            ("card_rhythm_state", "in", ["silent", "declining"]),
            ("card_no_offer", "=", True),
        ]

    def _card_acted_on_since(self):
        """The clients of ``self`` with an interaction, a quotation or an order since their alarm began."""
        starts = {}
        for client in self:
            alarms = [client.card_no_offer_since]
            if client.card_rhythm_state in ("silent", "declining"):
                alarms.append(client.card_rhythm_since)
            starts[client.id] = min(filter(None, alarms))
        if not starts:
            return self.browse()
        first = fields.Datetime.to_datetime(min(starts.values()))
        interactions = (
            self.env["crm.card.interaction"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids), ("date", ">=", first)], ["partner_id"], ["date:max"])
        )
        quotations = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", self.ids),
                    ("state", "!=", "cancel"),
                    ("date_order", ">=", first),
                ],
                ["partner_id"],
                ["date_order:max"],
            )
        )
        acted = {}
        for partner, last in interactions + quotations:
            client_id = partner.commercial_partner_id.id
            acted[client_id] = max(acted.get(client_id, last), last)
        return self.filtered(lambda client: client.id in acted and acted[client.id].date() >= starts[client.id])

    @api.model
    def _card_risk_digest_text(self, salespeople):
        """(summary, HTML note) of one head's digest, ``salespeople`` being
        {salesperson: clients}, in the language of ``self``'s context."""
        states = dict(self._fields["card_rhythm_state"]._description_selection(self.env))
        no_offer = self._fields["card_no_offer"]._description_string(self.env)
        sections = []
        for salesperson, clients in sorted(salespeople.items(), key=lambda item: item[0].name):
            lines = [
                Markup("<li>%s: %s</li>")
                % (
                    client.display_name,
                    states[client.card_rhythm_state] if client.card_rhythm_state != "regular" else no_offer,
                )
                for client in clients.sorted("name")
            ]
            sections.append(Markup("<p>%s</p><ul>%s</ul>") % (salesperson.name, Markup("").join(lines)))
        count = sum(len(clients) for clients in salespeople.values())
        summary = self.env._("Weekly digest of clients at risk nobody acted on: %(count)s", count=count)
        return summary, Markup("").join(sections)

    @api.model
    def _card_last_offer_query(self):
        """SQL of the date of the last offer per regular client of the ``clients`` CTE
        of ``_update_card_rhythm``: its last quotation (draft or sent) or outgoing
        letter or e-mail; its confirmed orders are in the order figures."""
        self.env["sale.order"].flush_model(["state", "partner_id", "date_order", "company_id"])
        self.env["crm.card.interaction"].flush_model(["partner_id", "kind", "direction", "date", "company_id"])
        self.flush_model(["card_info_level"])
        return SQL(
            """
            SELECT sent.partner_id, MAX(sent.offer_date) AS last_offer
              FROM (
                    SELECT buyer.commercial_partner_id AS partner_id, so.date_order::date AS offer_date
                      FROM sale_order so
                      JOIN res_partner buyer ON buyer.id = so.partner_id
                     WHERE so.state IN ('draft', 'sent') AND so.company_id IN %(company_ids)s
                 UNION ALL
                    SELECT interaction.partner_id, interaction.date::date
                      FROM crm_card_interaction interaction
                     WHERE interaction.kind IN ('letter', 'email')
                       AND interaction.direction = 'outbound'
                       AND interaction.company_id IN %(company_ids)s
                   ) sent
             WHERE sent.partner_id IN (SELECT id FROM clients WHERE is_regular)
             GROUP BY sent.partner_id
            """,
            company_ids=tuple(self.env.companies.ids),
        )

    @api.model
    def _card_no_offer_sql(self, today):
        """The "no offer sent" rule, as an SQL expression over ``clients``, ``stats``
        and ``offers`` of ``_update_card_rhythm``: a regular buyer with a rhythm whose
        last order, quotation, letter or e-mail is older than its usual gap."""
        return SQL(
            """
            clients.is_regular AND stats.state != 'none'
            AND %(today)s::date - GREATEST(stats.last_date, offers.last_offer) > GREATEST(stats.gap, 1.0)
            """,
            today=today,
        )

    @api.model
    def _get_card_no_offer_alert(self):
        """The To-Do of a regular buyer without an offer: words without figures, like
        ``_get_card_rhythm_alert``; the gap and the dates are on the card."""
        return self.env._("No offer sent for longer than the usual gap between orders: send a commercial offer")

    @api.model
    def _get_card_order_figures(self, client_ids, companies, today=None, recent=False):
        """The confirmed orders of each client, in figures: the one place they are counted.

        ``client_ids`` are commercial partners; the orders of each and of its contact persons
        count. ``companies`` are the companies whose orders count, chosen by the caller
        (``None``: every company): the card and the nightly rhythm job the user's allowed
        companies (``self.env.companies``), a call plan its company, the information level the
        client's own company (:meth:`_card_order_stats`). Amounts are untaxed, converted at each
        order's own rate into its company's currency (Odoo's sales analysis converts so too);
        dates are taken in UTC. ``recent``: only the figures of the last 12 months are wanted
        (``count_12m``, ``months_12m``, ``amount_12m``), and only those orders are read (a call
        plan over 100,000 clients reads a year of orders instead of all of them).

        Returns ``{client id: {figure: value}}`` for the clients with an order, in one query
        whatever the number of clients and orders (the figures of :meth:`_card_order_figures_query`,
        plus ``months_12m``, the distinct months ordered in the last 12, and ``quarters``).
        """
        ids = [client_id for client_id in client_ids if client_id]
        if not ids:
            return {}
        today = today or fields.Date.context_today(self)
        query = self._card_order_figures_query(SQL("= ANY(%s)", ids), companies, today, recent=recent)
        quarters = self._card_closed_quarters(today)
        rows = self.env.execute_query_dict(query)
        figures = {row["partner_id"]: self._card_order_figures_row(row, quarters) for row in rows}
        if recent:
            return {
                client_id: {key: row[key] for key in ("count_12m", "months_12m", "amount_12m")}
                for client_id, row in figures.items()
            }
        return figures

    @api.model
    def _card_order_figures_query(self, clients, companies, today, recent=False):
        """SQL of the order figures and the rhythm state per commercial partner whose id is
        ``clients`` (an SQL condition such as ``= ANY(...)``), over the confirmed orders of
        ``companies`` (``None``: every company); see :meth:`_get_card_order_figures`.

        Raw SQL because the amounts are converted at each order's own rate (a per-row division
        ``_read_group`` cannot aggregate) and because the nightly job judges every client with it
        in one statement (``_update_card_rhythm``). No ``COUNT(DISTINCT ...)``: it would sort the
        orders of every client where a hash aggregate reads them once; the months ordered in the
        last 12 are a bit mask (``months_mask``, bit 0 this month, bit 12 the same month a year
        ago). The mean gap between consecutive orders is their span divided by their number minus
        one (the gaps add up to last - first). ``recent``: only the orders of the last 12 months
        are read, and only the 12-month figures are meaningful.
        """
        year_start = today.replace(month=1, day=1)
        year_ago = today - relativedelta(years=1)
        q3, q2, q1 = self._card_closed_quarters(today)
        self.env["sale.order"].flush_model(
            ["state", "partner_id", "date_order", "amount_untaxed", "currency_rate", "company_id"]
        )
        self.flush_model(["commercial_partner_id"])
        amount = SQL("so.amount_untaxed / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 ELSE so.currency_rate END")
        month_bit = SQL(
            "1 << GREATEST(%s - (EXTRACT(YEAR FROM so.date_order) * 12 + EXTRACT(MONTH FROM so.date_order))::int, 0)",
            today.year * 12 + today.month,
        )
        where = SQL()
        if companies is not None:
            where = SQL("AND so.company_id = ANY(%s)", companies.ids)
        if recent:
            where = SQL("%s AND so.date_order >= %s", where, year_ago)
        figures = SQL(
            """
            SELECT buyer.commercial_partner_id AS partner_id,
                   COUNT(*) AS count,
                   MIN(so.date_order)::date AS first_date,
                   MAX(so.date_order)::date AS last_date,
                   COUNT(*) FILTER (WHERE so.date_order >= %(year_ago)s) AS count_12m,
                   (MIN(so.date_order) FILTER (WHERE so.date_order >= %(year_ago)s))::date AS first_12m,
                   BIT_OR(%(month_bit)s) FILTER (WHERE so.date_order >= %(year_ago)s) AS months_mask,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(year_ago)s), 0) AS amount_12m,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(year_start)s), 0) AS this_year,
                   COALESCE(SUM(%(amount)s) FILTER (
                       WHERE so.date_order >= %(last_year_start)s AND so.date_order < %(year_start)s
                   ), 0) AS last_year,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(q3)s AND so.date_order < %(q2)s), 0) AS q3,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(q2)s AND so.date_order < %(q1)s), 0) AS q2,
                   COALESCE(SUM(%(amount)s) FILTER (WHERE so.date_order >= %(q1)s AND so.date_order < %(q0)s), 0) AS q1
              FROM sale_order so
              JOIN res_partner buyer ON buyer.id = so.partner_id
             WHERE so.state = 'sale'
               AND buyer.commercial_partner_id %(clients)s
               %(where)s
             GROUP BY buyer.commercial_partner_id
            """,
            amount=amount,
            month_bit=month_bit,
            year_ago=year_ago,
            year_start=year_start,
            last_year_start=year_start - relativedelta(years=1),
            q0=date_utils.start_of(today, "quarter"),
            q1=q1,
            q2=q2,
            q3=q3,
            clients=clients,
            where=where,
        )
        return SQL(
            """
            SELECT figures.*, gaps.gap, gaps.gap_12m, %(state)s AS state
              FROM (%(figures)s) figures,
           LATERAL (SELECT COALESCE((figures.last_date - figures.first_date)::float
                                    / NULLIF(figures.count - 1, 0), 0) AS gap,
                           COALESCE((figures.last_date - figures.first_12m)::float
                                    / NULLIF(figures.count_12m - 1, 0), 0) AS gap_12m) gaps
            """,
            figures=figures,
            state=self._card_rhythm_state_sql(today),
        )

    @api.model
    def _card_rhythm_state_sql(self, today):
        """The rhythm rule, as an SQL expression over the columns of
        ``_card_order_figures_query`` (``figures`` and ``gaps``): a submodule
        changes the rule here, for the card and the nightly job alike.
        Silent wins over declining (it is the stronger alarm)."""
        return SQL(
            """
            CASE WHEN figures.count < 3 THEN 'none'
                 WHEN %(today)s::date - figures.last_date > %(factor)s * GREATEST(gaps.gap, 1.0) THEN 'silent'
                 WHEN figures.q3 > figures.q2 AND figures.q2 > figures.q1
                      AND figures.q1 <= 0.8 * figures.q3 THEN 'declining'
                 ELSE 'regular'
            END
            """,
            today=today,
            factor=float(self._get_card_setting("silent_factor")),
        )

    @api.model
    def _card_order_figures_row(self, row, quarters):
        """Python values of one row of ``_card_order_figures_query``; ``quarters``
        are the starts of the last three closed quarters (``_card_closed_quarters``)."""
        stats = dict(row)
        for key in ("amount_12m", "this_year", "last_year", "q3", "q2", "q1", "gap", "gap_12m"):
            stats[key] = float(stats[key] or 0.0)
        stats["months_12m"] = (stats.pop("months_mask", None) or 0).bit_count()
        stats["quarters"] = quarters
        return stats

    @api.model
    def _card_closed_quarters(self, today):
        """Starts of the last three closed quarters, oldest first."""
        quarter_start = date_utils.start_of(today, "quarter")
        return [quarter_start - relativedelta(months=3 * n) for n in (3, 2, 1)]

    @api.model
    def _get_card_rhythm_note(self, state, stats, today, currency):
        """The figures behind a silent or declining rhythm, in words."""
        if state == "silent":
            return self.env._(
                "No order for %(days)s days; usual gap %(gap)s days",
                days=(today - stats["last_date"]).days,
                gap=round(stats["gap"]),
            )
        if state == "declining":
            labels = self._card_quarter_labels(stats["quarters"])
            amounts = [format_amount(self.env, stats[key], currency) for key in ("q3", "q2", "q1")]
            return self.env._(
                "Sales fell: %(q3)s %(a3)s → %(q2)s %(a2)s → %(q1)s %(a1)s",
                q3=labels[0],
                a3=amounts[0],
                q2=labels[1],
                a2=amounts[1],
                q1=labels[2],
                a1=amounts[2],
            )
        return False

    @api.model
    def _get_card_rhythm_alert(self, state, stats):
        """The To-Do of a silent or declining rhythm: words without figures, because every
        user who reads the client reads its activities; the figures are on the card for
        those who may read them (``card_rhythm_note``)."""
        if state == "silent":
            return self.env._("Silent client: no order for longer than usual")
        if state == "declining":
            q3, q2, q1 = self._card_quarter_labels(stats["quarters"])
            return self.env._("Sales fell three quarters in a row: %(q3)s → %(q2)s → %(q1)s", q3=q3, q2=q2, q1=q1)
        return False

    @api.model
    def _card_quarter_labels(self, quarters):
        """"Q3 2026" in the language of the context ("3 кв. 2026")."""
        return [
            self.env._("Q%(quarter)s %(year)s", quarter=(start.month - 1) // 3 + 1, year=start.year)
            for start in quarters
        ]

    def _get_card_activity_user(self):
        """Who hears about the client: the salesperson, else the data steward, else the running user."""
        self.ensure_one()
        steward = self["card_steward_id"] if "card_steward_id" in self._fields else self.env["res.users"]
        return self.user_id or steward or self.env.user

    @api.model
    def _cron_card_satisfaction_due(self):
        """Daily: remind about the yearly satisfaction check of each product."""
        self._plan_card_satisfaction_checks()

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
        year_ago = today - relativedelta(days=365)
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
        Company, Product = self.env["res.company"], self.env["product.product"]
        return {
            (self.browse(client_id), Product.browse(product_id)): Company.browse(company_id)
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
    def _plan_card_satisfaction_checks(self, today=None):
        """Give each (client, product) due for its yearly satisfaction check
        (``_get_card_satisfaction_due``) one "Satisfaction check due: <product>"
        activity, written in the assignee's language, once between two checks
        (``_get_card_satisfaction_reminder_keys``).

        No reminder goes to a client without a product: every confirmed order line
        that is not a section, a note or a down payment has one, so a client who
        bought has a product to rate.
        """
        today = today or fields.Date.context_today(self)
        due = self._get_card_satisfaction_due(today)
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
            "res.partner", activity_type, reminders, extra_columns=("card_satisfaction_product_id",)
        )

    # ------------------------------------------------------------
    # SPECIAL EVENTS, INTERACTIONS, CONTRACTS, CLAIMS, SATISFACTION
    # ------------------------------------------------------------
    card_interaction_ids = fields.One2many("crm.card.interaction", "partner_id", string="Contact Log")
    card_interaction_count = fields.Integer(compute="_compute_card_interaction_count")
    card_event_ids = fields.One2many("crm.card.event", "partner_id", string="Special Events")
    card_event_count = fields.Integer(compute="_compute_card_event_count")
    card_contract_ids = fields.One2many("crm.card.contract", "partner_id", string="Contracts")
    card_contract_count = fields.Integer(compute="_compute_card_contract_count")
    card_active_contract_count = fields.Integer(compute="_compute_card_contract_count")
    card_claim_ids = fields.One2many("crm.card.claim", "partner_id", string="Claims")
    card_open_claim_count = fields.Integer(compute="_compute_card_open_claim_count")

    def _compute_card_interaction_count(self):
        counts = dict(
            self.env["crm.card.interaction"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.card_interaction_count = counts.get(partner.commercial_partner_id, 0)

    def action_open_card_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.crm_card_interaction_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _card_count_by_client(self, model, domain=()):
        """Count ``model`` records per commercial partner of ``self`` in one query."""
        counts = dict(
            self.env[model]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids), *domain],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        return {partner: counts.get(partner.commercial_partner_id, 0) for partner in self}

    def _compute_card_event_count(self):
        counts = self._card_count_by_client("crm.card.event")
        for partner in self:
            partner.card_event_count = counts[partner]

    def _compute_card_contract_count(self):
        counts = self._card_count_by_client("crm.card.contract")
        active = self._card_count_by_client("crm.card.contract", [("state", "=", "active")])
        for partner in self:
            partner.card_contract_count = counts[partner]
            partner.card_active_contract_count = active[partner]

    def _compute_card_open_claim_count(self):
        counts = self._card_count_by_client("crm.card.claim", [("state", "!=", "closed")])
        for partner in self:
            partner.card_open_claim_count = counts[partner]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_card_history(self):
        """A client's history is the company's, not the salesperson's: keep it.

        Below Data steward nobody deletes a partner holding card data (archive
        it instead); a steward must first remove or move that data on purpose.
        """
        held = self._get_card_history_summary()
        if not held:
            return
        names = ", ".join(self.browse(held).mapped("display_name"))
        what = ", ".join(sorted({label for labels in held.values() for label in labels}))
        if not self.env.user.has_group("crm_card.group_crm_card_steward"):
            raise UserError(
                self.env._(
                    "%(partners)s cannot be deleted: the card holds %(data)s. Archive it instead, "
                    "or ask a data steward.",
                    partners=names,
                    data=what,
                )
            )
        raise UserError(
            self.env._(
                "%(partners)s cannot be deleted while the card holds %(data)s: archive the partner to keep "
                "its history, or merge it into another partner.",
                partners=names,
                data=what,
            )
        )

    def _get_card_history_models(self):
        """(model, partner field, label) of the card data that blocks deleting a partner.

        The one list of a client's history: the other addons extend it with what they keep
        (call plans and calls, dossiers), so that no delete cascades into any of it.
        """
        candidates = [
            ("crm.card.interaction", "partner_id", self.env._("interactions")),
            ("crm.card.interaction", "contact_id", self.env._("interactions")),
            ("crm.card.event", "partner_id", self.env._("special events")),
            ("crm.card.contract", "partner_id", self.env._("contracts")),
            ("crm.card.claim", "partner_id", self.env._("claims")),
            ("crm.card.rating", "partner_id", self.env._("ratings")),
            ("crm.card.satisfaction", "partner_id", self.env._("satisfaction checks")),
        ]
        return [c for c in candidates if c[0] in self.env and c[1] in self.env[c[0]]._fields]

    def _get_card_history_summary(self):
        """Return {partner id: [labels of the card data it holds]} for partners of ``self``."""
        held = {}
        for model, field_name, label in self._get_card_history_models():
            Model = self.env[model].sudo().with_context(active_test=False)
            for (partner,) in Model._read_group([(field_name, "in", self.ids)], [field_name]):
                held.setdefault(partner.id, []).append(label)
        return held

    def _card_has_active_contract(self, domain=()):
        """Return the partners of ``self`` whose client has an active contract
        (matching ``domain``, e.g. with its terms: information level)."""
        clients = (
            self.env["crm.card.contract"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "active"),
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                    *domain,
                ],
                ["commercial_partner_id"],
            )
        )
        clients = self.browse([client.id for (client,) in clients])
        return self.filtered(lambda p: p.commercial_partner_id in clients)

    def action_open_card_changes(self):
        """The tracked changes of this client, its contact persons and its records (data stewards)."""
        self.ensure_one()
        if not self.env.user.has_group("crm_card.group_crm_card_steward"):
            raise AccessError(self.env._("Only a data steward can read the history of changes of a client."))
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.mail_message_action_crm_card_audit")
        action["domain"] = [
            ("crm_card_audited", "=", True),
            ("crm_card_client_id", "in", self.commercial_partner_id.ids),
        ]
        action["display_name"] = self.env._(
            "Changes of %(client)s", client=self.commercial_partner_id.display_name
        )
        return action

    def action_open_card_events(self):
        self.ensure_one()
        return self._card_action("crm_card.crm_card_event_action")

    def action_open_card_contracts(self):
        self.ensure_one()
        return self._card_action("crm_card.crm_card_contract_action")

    def action_open_card_claims(self):
        self.ensure_one()
        action = self._card_action("crm_card.crm_card_claim_action")
        action["context"] = dict(action["context"], search_default_open=1)
        return action

    def action_open_card_interaction_analysis(self):
        self.ensure_one()
        action = self.action_open_card_interactions()
        action["view_mode"] = "pivot,graph,list,form"
        action["views"] = [(False, "pivot"), (False, "graph"), (False, "list"), (False, "form")]
        return action

    def _card_action(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        client = self.commercial_partner_id
        action["domain"] = [("commercial_partner_id", "=", client.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------
    # CARD HEADER (what a salesperson needs first when the card opens)
    # ------------------------------------------------------------
    # Not stored and only on the form: a list or kanban view does not read them, so a list of
    # clients costs nothing more. Each compute reads its data for all records of ``self`` at once.

    card_last_interaction_id = fields.Many2one(
        "crm.card.interaction",
        string="Last Contact Entry",
        compute="_compute_card_last_interaction",
        groups="crm_card.group_crm_card_reader",
    )
    card_last_contact = fields.Char(
        string="Last Contact",
        compute="_compute_card_last_interaction",
        groups="crm_card.group_crm_card_reader",
        help="The latest entry of the client's contact log: when, how, and its result.",
    )
    card_next_call_id = fields.Many2one(
        "mail.activity",
        string="Next Call Activity",
        compute="_compute_card_next_call",
        groups="crm_card.group_crm_card_reader",
    )
    card_next_call = fields.Char(
        string="Next Call",
        compute="_compute_card_next_call",
        groups="crm_card.group_crm_card_reader",
        help="The earliest open Call activity planned on the client or one of its contact persons.",
    )
    card_next_call_overdue = fields.Boolean(compute="_compute_card_next_call", groups="crm_card.group_crm_card_reader")
    card_call_phone = fields.Char(
        string="Phone to Call",
        compute="_compute_card_call_phone",
        groups="crm_card.group_crm_card_reader",
        help="The client's phone, else the phone of its first contact person who has one.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_card_last_interaction(self):
        """The latest contact per client in two batched queries: the latest date per client
        (grouped), then the entries of those dates; the highest id wins a tie."""
        Interaction = self.env["crm.card.interaction"]
        client_ids = [cid for cid in self.commercial_partner_id._origin.ids if cid]
        latest = {}
        if client_ids:
            dates = Interaction._read_group([("partner_id", "in", client_ids)], ["partner_id"], ["date:max"])
            domain = Domain.OR(
                Domain("partner_id", "=", client.id) & Domain("date", "=", date) for client, date in dates
            )
            fnames = ["partner_id", "date", "kind", "result_id", "note"]
            if dates:
                for entry in Interaction.search_fetch(domain, fnames):
                    if entry.id > latest.get(entry.partner_id.id, Interaction).id:
                        latest[entry.partner_id.id] = entry
        for partner in self:
            entry = latest.get(partner.commercial_partner_id._origin.id, Interaction)
            partner.card_last_interaction_id = entry
            partner.card_last_contact = partner._card_last_contact_text(entry) if entry else False

    def _card_last_contact_text(self, entry):
        """"12 Mar 2026 · Call · Reached: wants the spring price list" in the user's language."""
        kinds = dict(entry._fields["kind"]._description_selection(self.env))
        day = fields.Datetime.context_timestamp(self, entry.date).date()
        result = entry.result_id.name or ""
        note = (entry.note or "").strip().split("\n", 1)[0][:80]
        outcome = f"{result}: {note}" if result and note else result or note
        return " · ".join(filter(None, [format_date(self.env, day), kinds.get(entry.kind), outcome]))

    def _get_card_next_call_domain(self):
        """The open activities that count as the client's next call: Call activities. A submodule
        (the call plan) narrows or widens it; ``res_model``/``res_id`` are added by the caller."""
        return Domain("activity_category", "=", "phonecall")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_card_next_call(self):
        """The earliest open Call activity of each client and its contact persons, in two queries
        (the persons of the clients, then their open calls in due order). A client has a handful
        of open calls at most: they are read, not counted."""
        Activity = self.env["mail.activity"]
        client_ids = [cid for cid in self.commercial_partner_id._origin.ids if cid]
        first, person_names = {}, {}
        if client_ids:
            people = self.with_context(active_test=False).search_fetch(
                [("commercial_partner_id", "in", client_ids)], ["commercial_partner_id", "name"]
            )
            client_of = {person.id: person.commercial_partner_id.id for person in people}
            person_names = {person.id: person.name for person in people if person.id not in client_ids}
            calls = Activity.search_fetch(
                self._get_card_next_call_domain()
                & Domain("res_model", "=", "res.partner")
                & Domain("res_id", "in", list(client_of)),
                ["res_id", "date_deadline", "summary", "activity_type_id"],
                order="date_deadline, id",
            )
            for call in calls:
                first.setdefault(client_of[call.res_id], call)
        today = fields.Date.context_today(self)
        for partner in self:
            call = first.get(partner.commercial_partner_id._origin.id, Activity)
            partner.card_next_call_id = call
            text = call and partner._card_next_call_text(call, person_names.get(call.res_id))
            partner.card_next_call = text or False
            partner.card_next_call_overdue = bool(call) and call.date_deadline < today

    def _card_next_call_text(self, call, person=None):
        """"14 Mar 2026 · Plan call: spring (Irina Petrova)": the contact person whose call it is."""
        what = call.summary or call.activity_type_id.name
        text = " · ".join(filter(None, [format_date(self.env, call.date_deadline), what]))
        return f"{text} ({person})" if person else text

    @api.depends("phone", "child_ids.phone", "child_ids.type")
    def _compute_card_call_phone(self):
        for partner in self:
            client = partner.commercial_partner_id
            people = client.child_ids.filtered(lambda c: c.type == "contact" and c.phone)
            partner.card_call_phone = partner.phone or client.phone or people[:1].phone or False
