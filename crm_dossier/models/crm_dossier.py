from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_amount

from odoo.addons.crm_card.tools import split_by_lang

DEFAULT_REVIEW_DAYS = 90


class CrmDossier(models.Model):
    _name = "crm.dossier"
    _description = "Dossier"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.card.audit.mixin",
        "crm.card.scope.mixin",
        "crm.dossier.confidential.mixin",
        "crm.card.system.fields.mixin",
    ]
    _order = "name, id"
    _card_audit_key_fields = ("dossier_type", "partner_id", "product_tmpl_id", "role", "user_id")

    def _default_review_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param("crm_dossier.review_days")
        return int(value) if value and value.isdigit() and int(value) > 0 else DEFAULT_REVIEW_DAYS

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, precompute=True, required=True, tracking=True
    )
    active = fields.Boolean(default=True, tracking=True)
    dossier_type = fields.Selection(
        [("firm", "Firm"), ("person", "Person"), ("product", "Product")],
        string="Type",
        required=True,
        default="firm",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Subject",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        help="The company of a firm dossier, the individual of a person dossier.",
    )
    product_tmpl_id = fields.Many2one(
        "product.template", string="Our Product", index="btree_not_null", ondelete="restrict", tracking=True
    )
    role = fields.Selection(
        [
            ("client", "Client"),
            ("competitor", "Competitor"),
            ("supplier", "Supplier"),
            ("intermediary", "Intermediary"),
            ("market_player", "Market Player"),
        ],
        tracking=True,
        help="What the firm is to us.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        help="Keeps the dossier current and gets the review reminders.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    tag_ids = fields.Many2many("crm.dossier.tag", string="Tags")
    color = fields.Integer()
    restricted = fields.Boolean(
        tracking=True,
        help="Only members of the Dossiers / Restricted group see a restricted dossier, its entries and its analogues.",
    )
    is_confidential = fields.Boolean(
        string="Confidential",
        compute="_compute_is_confidential",
        store=True,
        help="Person dossiers and restricted dossiers hold personal or sensitive data.",
    )
    review_days = fields.Integer(
        default=_default_review_days,
        help="When no fact has been added for this many days, the owner is asked to review the dossier.",
    )
    entry_ids = fields.One2many("crm.dossier.entry", "dossier_id", string="Entries")
    entry_count = fields.Integer(compute="_compute_entry_count", string="Facts")
    last_entry_date = fields.Date(compute="_compute_last_entry_date", store=True, string="Last Fact")
    review_requested_date = fields.Date(readonly=True, copy=False, string="Review Requested On")
    review_due_date = fields.Date(compute="_compute_review_due_date", store=True, index=True, string="Review Due")
    mention_entry_ids = fields.Many2many(
        "crm.dossier.entry",
        "crm_dossier_entry_related_rel",
        "dossier_id",
        "entry_id",
        string="Mentioned In",
        readonly=True,
    )
    # person dossiers
    current_company_id = fields.Many2one(related="partner_id.parent_id", string="Current Company")
    function = fields.Char(related="partner_id.function", string="Position", readonly=True)
    career_entry_ids = fields.Many2many("crm.dossier.entry", compute="_compute_career_entry_ids", string="Career")
    # product dossiers
    analogue_ids = fields.One2many("crm.dossier.analogue", "dossier_id", string="Analogues")
    analogue_count = fields.Integer(compute="_compute_analogue_count", string="Observations")
    list_price = fields.Float(related="product_tmpl_id.list_price", string="Our List Price")
    product_currency_id = fields.Many2one(related="product_tmpl_id.currency_id", string="Product Currency")
    # competitors
    lost_lead_count = fields.Integer(compute="_compute_lost_deals", string="Deals Lost")
    lost_amount = fields.Monetary(
        compute="_compute_lost_deals", currency_field="company_currency_id", string="Amount Lost"
    )
    lost_by_quarter = fields.Html(compute="_compute_lost_deals", string="Lost by Quarter", sanitize=False)

    _partner_uniq = models.UniqueIndex(
        "(dossier_type, partner_id) WHERE partner_id IS NOT NULL",
        "This company or person already has a dossier: open it instead of creating a second one.",
    )
    _product_uniq = models.UniqueIndex(
        "(product_tmpl_id) WHERE product_tmpl_id IS NOT NULL",
        "This product already has a dossier: open it instead of creating a second one.",
    )
    _review_days_positive = models.Constraint("CHECK(review_days > 0)", "The review period must be at least one day.")

    @api.depends("partner_id", "product_tmpl_id")
    def _compute_name(self):
        for dossier in self:
            if dossier.partner_id:
                dossier.name = dossier.partner_id.name
            elif dossier.product_tmpl_id:
                dossier.name = dossier.product_tmpl_id.display_name

    @api.depends("dossier_type", "restricted")
    def _compute_is_confidential(self):
        for dossier in self:
            dossier.is_confidential = dossier.restricted or dossier.dossier_type == "person"

    def _compute_entry_count(self):
        counts = dict(
            self.env["crm.dossier.entry"]._read_group([("dossier_id", "in", self.ids)], ["dossier_id"], ["__count"])
        )
        for dossier in self:
            dossier.entry_count = counts.get(dossier, 0)

    @api.depends("entry_ids.date")
    def _compute_last_entry_date(self):
        # sudo: a stored value must not depend on who triggered the computation
        last_dates = dict(
            self.env["crm.dossier.entry"]
            .sudo()
            ._read_group([("dossier_id", "in", self.ids)], ["dossier_id"], ["date:max"])
        )
        for dossier in self:
            dossier.last_entry_date = last_dates.get(dossier.sudo())

    @api.depends("last_entry_date", "review_requested_date", "review_days", "create_date")
    def _compute_review_due_date(self):
        today = fields.Date.context_today(self)
        for dossier in self:
            last_update = dossier.last_entry_date or (dossier.create_date and dossier.create_date.date()) or today
            if dossier.review_requested_date:
                last_update = max(last_update, dossier.review_requested_date)
            dossier.review_due_date = fields.Date.add(last_update, days=max(dossier.review_days, 1))

    def _compute_career_entry_ids(self):
        persons = self.filtered(lambda d: d.dossier_type == "person" and d.id)
        entries = self.env["crm.dossier.entry"].search(
            [
                ("is_career", "=", True),
                "|",
                ("dossier_id", "in", persons.ids),
                ("related_dossier_ids", "in", persons.ids),
            ],
            order="date asc, id asc",
        )
        for dossier in self:
            dossier.career_entry_ids = (
                entries.filtered(lambda e, d=dossier: e.dossier_id == d or d in e.related_dossier_ids)
                if dossier in persons
                else False
            )

    def _compute_analogue_count(self):
        counts = dict(
            self.env["crm.dossier.analogue"]._read_group([("dossier_id", "in", self.ids)], ["dossier_id"], ["__count"])
        )
        for dossier in self:
            dossier.analogue_count = counts.get(dossier, 0)

    @api.depends("partner_id", "dossier_type")
    def _compute_lost_deals(self):
        figures = self._get_lost_by_quarter()
        for dossier in self:
            rows = figures.get(dossier.partner_id.id, []) if dossier.dossier_type == "firm" else []
            dossier.lost_lead_count = sum(row["count"] for row in rows)
            dossier.lost_amount = sum(row["amount"] for row in rows)
            dossier.lost_by_quarter = dossier._render_lost_by_quarter(rows) if rows else False

    @api.constrains("dossier_type", "partner_id", "product_tmpl_id")
    def _check_subject(self):
        for dossier in self:
            if dossier.dossier_type == "firm" and not (dossier.partner_id and dossier.partner_id.is_company):
                raise ValidationError(
                    self.env._("The firm dossier %(name)s needs a company as its subject.", name=dossier.name)
                )
            if dossier.dossier_type == "person" and (not dossier.partner_id or dossier.partner_id.is_company):
                raise ValidationError(
                    self.env._("The person dossier %(name)s needs an individual as its subject.", name=dossier.name)
                )
            if dossier.dossier_type == "product" and not dossier.product_tmpl_id:
                raise ValidationError(
                    self.env._("The product dossier %(name)s needs one of our products.", name=dossier.name)
                )

    @api.onchange("dossier_type")
    def _onchange_dossier_type(self):
        if self.dossier_type == "product":
            self.partner_id = self.role = False
        else:
            self.product_tmpl_id = False
            if self.dossier_type == "person":
                self.role = False

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("restricted") for vals in vals_list):
            self._check_restricted_flag_access()
        return super().create(vals_list)

    def write(self, vals):
        if "restricted" in vals:
            self._check_restricted_flag_access()
        return super().write(vals)

    def _check_restricted_flag_access(self):
        """Who could not see a restricted dossier must not be able to hide or unhide one."""
        if not self.env.su and not self.env.user.has_group("crm_dossier.group_crm_dossier_restricted"):
            raise AccessError(
                self.env._("Only members of Dossiers / Restricted can mark a dossier as restricted or lift it.")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confidential(self):
        """Deleting personal or restricted data is a manager's decision, not an editor's."""
        if self.env.su or not any(self.mapped("is_confidential")):
            return
        user = self.env.user
        if not (
            user.has_group("crm_dossier.group_crm_dossier_restricted")
            and user.has_group("crm_card.group_crm_card_manager")
        ):
            raise AccessError(
                self.env._(
                    "Only members of Dossiers / Restricted who are also Client Base administrators "
                    "can delete person or restricted dossiers. Archive the dossier instead."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_others_entries(self):
        """Deleting a dossier deletes its facts and analogues: editors may not delete those written by others."""
        if self.env.su or self.env.user.has_group("crm_card.group_crm_card_manager"):
            return
        domain = [("dossier_id", "in", self.ids), ("create_uid", "!=", self.env.uid)]
        if self.env["crm.dossier.entry"].sudo().search_count(domain, limit=1):
            raise AccessError(
                self.env._(
                    "This dossier holds facts written by others: only Client Base administrators can delete it. "
                    "Archive the dossier instead."
                )
            )
        if self.env["crm.dossier.analogue"].sudo().search_count(domain, limit=1):
            raise AccessError(
                self.env._(
                    "This dossier holds analogues recorded by others: only Client Base administrators can delete "
                    "it. Archive the dossier instead."
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_add_entry(self):
        """Open a new fact of this dossier in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Fact"),
            "res_model": "crm.dossier.entry",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_dossier_id": self.id},
        }

    def action_open_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_dossier.crm_dossier_entry_action")
        action["domain"] = [("dossier_id", "=", self.id)]
        action["context"] = {"default_dossier_id": self.id}
        return action

    def action_open_comparison(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_dossier.crm_dossier_comparison_action")
        action["domain"] = [("dossier_id", "=", self.id)]
        action["context"] = {}
        action["display_name"] = self.env._("Comparison: %(product)s", product=self.name)
        return action

    def action_open_lost_leads(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Deals Lost to %(name)s", name=self.name),
            "res_model": "crm.lead",
            "view_mode": "list,pivot,graph,form",
            "views": [(False, "list"), (False, "pivot"), (False, "graph"), (False, "form")],
            "domain": self._get_lost_leads_domain(),
            "context": {"active_test": False, "pivot_row_groupby": ["date_closed:quarter"]},
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _card_audit_group(self):
        """Audit entries on dossiers (and their facts) are read by who reads such dossiers."""
        if any(self.sudo().mapped("is_confidential")):
            return self.env.ref("crm_dossier.group_crm_dossier_restricted")
        return self.env.ref("crm_dossier.group_crm_dossier_reader")

    def _get_lost_leads_domain(self):
        return [
            ("lost_competitor_id", "in", self.partner_id.ids),
            ("active", "=", False),
            ("probability", "=", 0),
        ]

    def _get_lost_by_quarter(self):
        """Deals lost to the competitors of these dossiers, by quarter, from one grouped query.

        Returns {partner_id: [{"quarter": date, "count": int, "amount": float}, ...]} in the
        reader's own access rights: users who cannot read leads get nothing.
        """
        competitors = self.filtered(lambda d: d.dossier_type == "firm" and d.partner_id)
        Lead = self.env["crm.lead"].with_context(active_test=False)
        if not competitors or not Lead.has_access("read"):
            return {}
        result = {}
        groups = Lead._read_group(
            competitors._get_lost_leads_domain(),
            ["lost_competitor_id", "date_closed:quarter"],
            ["__count", "expected_revenue:sum"],
            order="lost_competitor_id, date_closed:quarter desc",
        )
        for partner, quarter, count, amount in groups:
            result.setdefault(partner.id, []).append({"quarter": quarter, "count": count, "amount": amount})
        return result

    def _render_lost_by_quarter(self, rows):
        self.ensure_one()
        currency = self.company_currency_id or self.env.company.currency_id
        lines = Markup("").join(
            Markup("<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td></tr>")
            % (
                self.env["res.partner"]._card_quarter_labels([row["quarter"]])[0]
                if row["quarter"]
                else self.env._("No date"),
                row["count"],
                format_amount(self.env, row["amount"], currency),
            )
            for row in rows
        )
        return Markup(
            "<table class='table table-sm o_crm_dossier_lost'><thead><tr><th>%s</th>"
            "<th class='text-end'>%s</th><th class='text-end'>%s</th></tr></thead><tbody>%s</tbody></table>"
        ) % (self.env._("Quarter"), self.env._("Deals"), self.env._("Expected Revenue"), lines)

    def _prepare_merge_vals(self, target):
        """What ``target`` takes from the dossiers in ``self`` merged into it (see :meth:`_merge_into`).

        It keeps its own values and only fills its blanks (role, owner) from
        them; it gains their tags; it is active if any of them was (their facts
        were in use); and it is restricted if any of them was, so that the
        merge never shows confidential facts to more people.
        """
        vals = {}
        if not target.role and self.filtered("role"):
            vals["role"] = self.filtered("role")[0].role
        if not target.user_id and self.user_id:
            vals["user_id"] = self.filtered("user_id")[0].user_id.id
        if self.tag_ids - target.tag_ids:
            vals["tag_ids"] = [Command.link(tag.id) for tag in self.tag_ids - target.tag_ids]
        if not target.active and any(self.mapped("active")):
            vals["active"] = True
        if not target.restricted and any(self.mapped("restricted")):
            vals["restricted"] = True
        return vals

    def _merge_into(self, target):
        """Move everything written in these dossiers to ``target``, then delete them.

        For the partner merge: a company or a person has one dossier of each
        kind, so when two merged partners both have one, the dossiers must
        become one before the wizard moves the rows of the one partner to the
        other. Nothing is lost: the facts (and observations) move whole; the
        facts that mention these dossiers mention ``target`` instead (unless
        it is their own dossier); the chatter's messages, attachments,
        activities and followers move too. A dossier has no free text of
        its own (its text is in its facts), so there is nothing to append.
        Their review requests are dropped: they asked for facts that are now
        together with ``target``'s, whose own review schedule decides. A note
        in ``target``'s chatter says what was merged into it.
        """
        target.ensure_one()
        target.write(self._prepare_merge_vals(target))
        self.entry_ids.write({"dossier_id": target.id})
        self.analogue_ids.write({"dossier_id": target.id})
        mentions = self.mention_entry_ids
        forget = [Command.unlink(dossier.id) for dossier in self]
        own = mentions.filtered(lambda entry: entry.dossier_id == target)
        own.write({"related_dossier_ids": forget})
        (mentions - own).write({"related_dossier_ids": [*forget, Command.link(target.id)]})
        self._merge_chatter_into(target)
        target._message_log(
            body=self.env._(
                "Merged into this dossier: %(names)s. Their facts and history are now here.",
                names=", ".join(self.mapped("display_name")),
            )
        )
        self.unlink()

    def _merge_chatter_into(self, target):
        """Move the messages, attachments, activities (except open review requests) and followers to ``target``."""
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        self.env["mail.message"].search([("model", "=", self._name), ("res_id", "in", self.ids)]).write(
            {"res_id": target.id}
        )
        self.env["ir.attachment"].search(domain).write({"res_id": target.id})
        review_type = self.env.ref("crm_dossier.mail_activity_type_dossier_review")
        activities = self.env["mail.activity"].with_context(active_test=False).search(domain)
        reviews = activities.filtered(lambda activity: activity.active and activity.activity_type_id == review_type)
        reviews.unlink()
        # the done reviews keep their period's reason where ``target`` has none for that period
        self.env["mail.activity"]._card_merge_reasons(self._name, self.ids, target.id)
        (activities - reviews).write({"res_id": target.id})
        target.message_subscribe(partner_ids=(self.message_partner_ids - target.message_partner_ids).ids)

    @api.model
    def _get_card_system_fields(self):
        # the request date: an owner who could move it would put off the review, unseen in the form
        return [*super()._get_card_system_fields(), "review_requested_date"]

    @api.model
    def _cron_request_reviews(self):
        self.search(self._get_review_due_domain())._request_review()

    def _get_review_due_domain(self):
        return [
            ("review_due_date", "<=", fields.Date.context_today(self)),
            ("user_id", "!=", False),
        ]

    def _request_review(self):
        """Give each owner one review activity per overdue period, never one per run.

        The period is named by its due date: it is the review's reason
        (``crm_dossier_review:<due date>``), and a dossier is reminded once per reason, even
        after the review is done (``mail.activity._card_plan_reminders``). The request date
        moves the next due date a period on. A dossier whose previous review is still open
        gets no second one, whatever the period: the owner has not answered the first yet.
        That rule is the dossier's own (each period has its own reason, so the key cannot
        hold it).
        """
        today = fields.Date.context_today(self)
        review_type = self.env.ref("crm_dossier.mail_activity_type_dossier_review")
        to_review = self.filtered(lambda d: review_type not in d.activity_ids.activity_type_id)
        reminders = []
        for _lang, same_lang in split_by_lang(to_review, lambda dossier: dossier.user_id):
            summary = same_lang.env._("Review the dossier")
            reminders += [dossier._get_review_reminder(today, summary) for dossier in same_lang]
        self.env["mail.activity"].sudo()._card_plan_reminders(self._name, review_type, reminders)
        self.sudo().write({"review_requested_date": today})  # the job's bookkeeping, whoever runs it

    def _get_review_reminder(self, today, summary):
        """The review reminder of the overdue period, as ``mail.activity._card_plan_reminders`` takes it."""
        self.ensure_one()
        note = self.env._(
            "No new fact for %(days)s days: check that the dossier %(name)s is still current.",
            days=self.review_days,
            name=self.name,
        )
        return (self.id, self.user_id.id, today, summary, note, f"crm_dossier_review:{self.review_due_date}")
