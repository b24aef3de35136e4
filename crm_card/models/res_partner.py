import re
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import format_date

from .crm_card_rating import CARD_RATING_SELECTION
from .res_config_settings import CARD_SETTING_DEFAULTS

CARD_RHYTHM_BATCH = 1000
# "the same phone" and "the same e-mail" are Odoo's own keys (mail.thread.phone, mail.thread.blacklist):
# the partner and lead duplicate guards and the telephony lookup compare the same values
CARD_DUPLICATE_KEYS = ("phone_sanitized", "email_normalized", "card_vat_key")
CARD_DUPLICATES_OUT_OF_REACH_SHOWN = 10


class ResPartner(models.Model):
    """The client card on res.partner, one feature a file:

    - ``res_partner.py``: the formal section, the need and its reminder, duplicates, deletion guard;
    - ``res_partner_order_figures.py``: the one count of a client's confirmed orders;
    - ``res_partner_info_level.py``: the information level and the missing information;
    - ``res_partner_history.py``: the history of work's figures (sales, orders, payments);
    - ``res_partner_rhythm.py``: the purchase rhythm as the card shows it and the risk digest
      (the nightly job is ``crm.card.rhythm``'s, where its table is);
    - ``res_partner_satisfaction.py``: the yearly satisfaction checks;
    - ``res_partner_contact_log.py``: the contact log, events, contracts, claims, the next call.
    """

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

    def _card_people(self):
        """The client's contact persons (the client itself when it is a person)."""
        self.ensure_one()
        people = self.child_ids.filtered(lambda c: c.type == "contact")
        return people if self.is_company else people | self

    @api.model
    def _get_card_setting(self, key):
        """A number set in the client card's Settings (``crm_card.<key>``), or its default."""
        default = CARD_SETTING_DEFAULTS[key]
        value = self.env["ir.config_parameter"].sudo().get_param(f"crm_card.{key}")
        try:
            return type(default)(value) if value else default
        except ValueError:
            return default

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

    def _get_card_activity_user(self):
        """Who hears about the client: the salesperson, else the data steward, else the running user."""
        self.ensure_one()
        steward = self["card_steward_id"] if "card_steward_id" in self._fields else self.env["res.users"]
        return self.user_id or steward or self.env.user

    # ------------------------------------------------------------
    # SPECIAL EVENTS, INTERACTIONS, CONTRACTS, CLAIMS, SATISFACTION
    # ------------------------------------------------------------

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

    # ------------------------------------------------------------
    # CARD HEADER (what a salesperson needs first when the card opens)
    # ------------------------------------------------------------
    # Not stored and only on the form: a list or kanban view does not read them, so a list of
    # clients costs nothing more. Each compute reads its data for all records of ``self`` at once.







