# res.partner of crm_card, one feature a file (see res_partner.py): pylint-odoo's advice to merge
# the classes inheriting res.partner is declined on purpose (issue 21: find a feature by its file name)
# pylint: disable=consider-merging-classes-inherited
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import split_every

from ..tools import CardInfoChecks
from .res_partner import CARD_RHYTHM_BATCH

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
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # INFORMATION LEVEL
    # ------------------------------------------------------------
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

    @api.depends(*CARD_INFO_LEVEL_DEPENDS, "card_order_level")
    def _compute_card_info_level(self):
        """The level alone, from the stored order part: every save of a client's phone or address
        recomputes it, so it builds none of the texts of what is missing (:meth:`_card_info_gaps`)."""
        clients = self.filtered(lambda p: p.is_company or not p.parent_id)
        for partner in self:
            partner.card_info_level = (
                (partner.card_order_level or partner._card_info_checks().level()) if partner in clients else False
            )

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
        checks = self._card_info_checks()
        level = checks.level()
        labels = {
            "name": self.env._("the name or a contact person"),
            "address": self.env._("an address"),
            "phone": self.env._("a phone"),
            "category": self.env._("a category"),
            "position": self.env._("a contact person with a position"),
            "need": self.env._("the need for our offer"),
            "need_volume": self.env._("the volume of the need"),
            "need_date": self.env._("the date of the need"),
        }
        if level == "none":
            missing = ", ".join(labels[key] for key, ok in checks.address if not ok)
            if sum(ok for _key, ok in checks.address) == 1:
                return "none", [self.env._("one of: %(items)s", items=missing)]
            return "none", [self.env._("two of: %(items)s", items=missing)]
        if level == "need":
            return "need", [self.env._("a confirmed sale order")]
        items = checks.potential if level == "address" else checks.need
        return level, [labels[key] for key, ok in items if not ok]

    def _card_info_checks(self):
        """What the card of one client holds, item by item, for the levels without orders: the
        one place the level's rule reads the card (:meth:`_card_info_gap` words what is missing)."""
        self.ensure_one()
        people = self._card_people()
        return CardInfoChecks(
            address=(
                ("name", bool(self.name or people)),
                ("address", bool(self.street or self.city)),
                ("phone", bool(self.phone or any(people.mapped("phone")))),
                ("category", bool(self.card_category_id)),
            ),
            potential=(
                ("position", any(people.mapped("function"))),
                ("need", bool(self.card_need and self.card_need.strip())),
            ),
            need=(
                ("need_volume", bool(self.card_need_volume)),
                ("need_date", bool(self.card_need_date)),
            ),
        )

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
