from collections import Counter, defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize, format_date, html_escape

from odoo.addons.crm_card.models.crm_card_interaction import FUTURE_DATE_TOLERANCE
from odoo.addons.crm_card.tools import split_by_lang

from .crm_stage import COLUMN_ORDER

SHIFFMAN_RESULTS = [
    ("contract", "Contract signed"),
    ("purchase", "Purchase made"),
    ("prospective", "Still prospective"),
    ("lost", "Lost"),
]
# results that close a lead: won (contract, purchase) or lost
CLOSING_RESULTS = ("contract", "purchase", "lost")
CONTACT_KINDS = ("call", "meeting", "visit")
# a letter or an e-mail counts as a contact when its result says the client answered
ANSWERED_KINDS = ("letter", "email")
# a contact moves a lead one column on; contact_3 waits for the salesperson's result
NEXT_COLUMN = {"interest": "contact_1", "contact_1": "contact_2", "contact_2": "contact_3"}
# every stored column quiet is computed from, so that a read of the kanban fetches them with the
# rest of the card instead of a second query when the compute needs them
QUIET_DEPENDS = (
    "stage_id.shiffman_column",
    "stage_id.rotting_threshold_days",
    "shiffman_last_contact_date",
    "create_date",
    "won_status",
    "active",
)

# the odds of a client still thinking, when the lead had none of its own (it sat in Result, won)
PROSPECTIVE_PROBABILITY = 50


def date_field(column):
    """The lead's field holding the date it entered ``column``."""
    return f"shiffman_{column}_date"


def partner_field(column):
    """The lead's field holding whom the contact of ``column`` was with."""
    return f"shiffman_{column}_partner_id"


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.card.system.fields.mixin"]

    shiffman_column = fields.Selection(
        related="stage_id.shiffman_column", store=True, index="btree_not_null", string="Shiffman Column"
    )
    use_shiffman = fields.Boolean(related="team_id.use_shiffman", string="Team Uses Shiffman")
    shiffman_result = fields.Selection(
        SHIFFMAN_RESULTS,
        string="Result",
        tracking=True,
        copy=False,
        help="How the lead left Shiffman's table: contract signed, purchase made, still prospective "
        "(kept open with a follow-up) or lost.",
    )
    shiffman_result_missing = fields.Boolean(
        string="Result To Set",
        compute="_compute_shiffman_result_missing",
        store=True,
        help="The lead is in the Result column but nobody has said which result yet.",
    )
    card_category_id = fields.Many2one(
        "crm.card.category",
        string="Client Category",
        compute="_compute_card_category_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="The client's category from its card; for a new prospect without a client yet it can be set here.",
    )
    shiffman_last_contact_date = fields.Datetime(
        string="Last Contact",
        copy=False,
        readonly=True,
        help="Date of the latest interaction logged on the lead or its client.",
    )
    shiffman_quiet = fields.Boolean(
        string="Quiet",
        compute="_compute_shiffman_quiet",
        search="_search_shiffman_quiet",
        help="No interaction for longer than the column allows (the stage's days to rot, or the "
        "default quiet-prospect days from the settings).",
    )
    shiffman_quiet_since = fields.Datetime(compute="_compute_shiffman_quiet_since", string="Quiet Since")
    shiffman_duplicate_partner_ids = fields.Many2many(
        "res.partner",
        compute="_compute_shiffman_duplicate_partner_ids",
        string="Possible Duplicates",
        help="Existing contacts with the same e-mail or phone as this prospect.",
    )
    shiffman_prospect_date = fields.Date("Prospect On", copy=False, help="When the lead entered the Prospect column.")
    shiffman_interest_date = fields.Date("Interest On", copy=False, help="When the lead entered the Interest column.")
    shiffman_contact_1_date = fields.Date(
        "Contact 1 On", copy=False, help="When the lead entered the Contact 1 column."
    )
    shiffman_contact_2_date = fields.Date(
        "Contact 2 On", copy=False, help="When the lead entered the Contact 2 column."
    )
    shiffman_contact_3_date = fields.Date(
        "Contact 3 On", copy=False, help="When the lead entered the Contact 3 column."
    )
    shiffman_result_date = fields.Date("Result On", copy=False, help="When the lead entered the Result column.")
    shiffman_prospect_partner_id = fields.Many2one(
        "res.partner", "Prospect: Person", copy=False, help="Whom the prospect was on the card."
    )
    shiffman_interest_partner_id = fields.Many2one(
        "res.partner", "Interest: Person", copy=False, help="Whom the contact that showed interest was with."
    )
    shiffman_contact_1_partner_id = fields.Many2one(
        "res.partner", "Contact 1: Person", copy=False, help="Whom the first follow-up contact was with."
    )
    shiffman_contact_2_partner_id = fields.Many2one(
        "res.partner", "Contact 2: Person", copy=False, help="Whom the second follow-up contact was with."
    )
    shiffman_contact_3_partner_id = fields.Many2one(
        "res.partner", "Contact 3: Person", copy=False, help="Whom the third follow-up contact was with."
    )
    shiffman_result_partner_id = fields.Many2one(
        "res.partner", "Result: Person", copy=False, help="Whom the result was agreed with."
    )
    shiffman_followup_date = fields.Date(
        "Follow-up Date",
        copy=False,
        tracking=True,
        help="For a client still prospective: when to call them again.",
    )

    @api.depends("shiffman_column", "shiffman_result", "active")
    def _compute_shiffman_result_missing(self):
        for lead in self:
            lead.shiffman_result_missing = lead.active and lead.shiffman_column == "result" and not lead.shiffman_result

    @api.depends("partner_id.commercial_partner_id.card_category_id")
    def _compute_card_category_id(self):
        for lead in self:
            category = lead.partner_id.commercial_partner_id.card_category_id
            if category:
                lead.card_category_id = category

    @api.depends(*QUIET_DEPENDS)
    def _compute_shiffman_quiet(self):
        """Computed for every card of the kanban: one pass over the leads (see
        ``_shiffman_quiet_since``), then one assignment for the quiet ones and one for the rest."""
        quiet = self.browse(self._shiffman_quiet_since())
        quiet.shiffman_quiet = True
        (self - quiet).shiffman_quiet = False

    @api.depends(*QUIET_DEPENDS)
    def _compute_shiffman_quiet_since(self):
        """Its own compute, so that the kanban, which shows only the badge, does not pay for it."""
        since = self._shiffman_quiet_since()
        for lead in self:
            lead.shiffman_quiet_since = since.get(lead.id, False)

    def _search_shiffman_quiet(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._shiffman_quiet_domain()
        return domain if (operator == "in") == (True in value) else ~domain

    @api.depends("email_normalized", "phone_sanitized", "partner_id")
    def _compute_shiffman_duplicate_partner_ids(self):
        """The clients' duplicate guard, on the lead's phone and e-mail (crm_card's
        ``res.partner._card_duplicates``): a lead and a card flag the same partners."""
        found = self.env["res.partner"]._card_duplicates(
            {lead: (lead.partner_id.commercial_partner_id._origin.id, lead) for lead in self}, out_of_reach=False
        )
        for lead in self:
            lead.shiffman_duplicate_partner_ids = found[lead][0]

    @api.constrains("shiffman_last_contact_date")
    def _check_shiffman_last_contact_date(self):
        """A last contact in the future would silence the quiet reminder until then."""
        limit = fields.Datetime.now() + FUTURE_DATE_TOLERANCE
        for lead in self:
            if lead.shiffman_last_contact_date and lead.shiffman_last_contact_date > limit:
                raise ValidationError(
                    self.env._("The last contact of %(lead)s cannot be in the future.", lead=lead.display_name)
                )

    @api.constrains("email_from", "name")
    def _check_shiffman_import(self):
        """Spreadsheets of prospects are full of typos: refuse them row by row on import."""
        if not self.env.context.get("import_file"):
            return
        for lead in self:
            error = self._shiffman_import_error({"name": lead.name, "email_from": lead.email_from})
            if error:
                raise ValidationError(error)

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("import_file"):
            # refuse before the database's NOT NULL does, so the import reports the line
            error = next(filter(None, map(self._shiffman_import_error, vals_list)), None)
            if error:
                raise ValidationError(error)
        closing = [
            (index, {"shiffman_result": vals["shiffman_result"], "lost_reason_id": vals.get("lost_reason_id")})
            for index, vals in enumerate(vals_list)
            if vals.get("shiffman_result") in CLOSING_RESULTS
        ]
        leads = super().create(vals_list)
        leads.filtered("shiffman_column")._shiffman_log_moves(dict.fromkeys(leads.ids, False))
        for index, vals in closing:  # imported or created with a result: closed as by a write
            leads[index]._shiffman_write_closing_result(vals)
        return leads

    def write(self, vals):
        if vals.get("shiffman_result") in CLOSING_RESULTS and not self.env.context.get("crm_shiffman_closing"):
            return self._shiffman_write_closing_result(vals)
        if vals.get("shiffman_result") == "prospective" and not self.env.context.get("crm_shiffman_closing"):
            return self._shiffman_keep_prospective(vals)
        if "stage_id" not in vals:
            return super().write(vals)
        old_columns = {lead.id: lead.shiffman_column for lead in self}
        result = super().write(vals)
        entered_result = self.filtered(
            lambda lead: lead.shiffman_column == "result" and old_columns[lead.id] != "result"
        )
        if entered_result and "shiffman_result" not in vals:
            # a new decision is due each time a lead reaches the Result column
            entered_result.filtered("shiffman_result").shiffman_result = False
        self._shiffman_log_moves(old_columns)
        return result

    @api.model
    def _get_card_system_fields(self):
        # the last contact: a salesperson who could date it would keep a neglected lead from going quiet
        return [*super()._get_card_system_fields(), "shiffman_last_contact_date"]

    def _shiffman_write_closing_result(self, vals):
        """Close the leads as the result wizard does, whatever sets the result (the form's
        field, a list's multi-edit, an import, JSON-RPC): a contract or a purchase marks
        them won, lost marks them lost with its reason (required) and leaves them in the
        Result column (``action_set_lost``)."""
        closing = self.with_context(crm_shiffman_closing=True)
        if vals["shiffman_result"] == "lost":
            reason = self._shiffman_check_lost_reason(vals.get("lost_reason_id"))
            result = closing.write(vals)
            closing.filtered("active").action_set_lost(lost_reason_id=reason.id)
            return result
        closing.filtered(lambda lead: lead.won_status != "won").action_set_won()
        return closing.write(vals)

    def _shiffman_check_lost_reason(self, reason_id):
        """The lost reason a lost result needs, or a clear error."""
        reason = self.env["crm.lost.reason"].browse(reason_id).exists()
        if not reason:
            raise UserError(
                self.env._("Say why %(leads)s was lost: choose a lost reason.", leads=", ".join(self.mapped("name")))
            )
        return reason

    def _load_records_create(self, vals_list):
        """A prospect imported into the Shiffman table that the record rules refuse because it is
        a colleague's says so, rather than Odoo's general access message. Only a row loaded alone
        (``load`` retries a failed batch row by row) can name its salesperson."""
        context = self.env.context
        if not (context.get("import_file") and context.get("crm_shiffman_intake")) or len(vals_list) != 1:
            return super()._load_records_create(vals_list)
        try:
            return super()._load_records_create(vals_list)
        except AccessError as error:
            salesperson = self.env["res.users"].browse(vals_list[0].get("user_id"))
            if (
                not salesperson
                or salesperson == self.env.user
                or self.env.user.has_group("sales_team.group_sale_salesman_all_leads")
            ):
                raise
            raise AccessError(
                self.env._(
                    "This prospect is for %(salesperson)s, and you may create only your own prospects or "
                    "unassigned ones: leave its salesperson empty or put yourself, or ask a sales manager "
                    "to upload it.",
                    salesperson=salesperson.display_name,
                )
            ) from error

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """A Shiffman team shows its six columns only, not the stages shared by all teams."""
        team = self.env["crm.team"].browse(self.env.context.get("default_team_id")).exists()
        if not team.use_shiffman:
            return super()._read_group_stage_ids(stages, domain)
        stage_ids = stages.sudo()._search(
            ["|", ("id", "in", stages.ids), ("team_ids", "in", team.ids)], order=stages._order
        )
        return stages.browse(stage_ids)

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        """Keep leads of Shiffman teams in their team's columns (new leads land in Prospect,
        won leads in Result) rather than in the stages shared by all teams."""
        teams = self.team_id | self.env["crm.team"].browse(team_id)
        if not teams or not all(teams.mapped("use_shiffman")):
            return super()._stage_find(team_id=team_id, domain=domain, order=order, limit=limit)
        search_domain = [("team_ids", "in", teams.ids), ("shiffman_column", "!=", False)]
        return self.env["crm.stage"].search(search_domain + list(domain or []), order=order, limit=limit)

    def _merge_dependences_history(self, opportunities):
        """The merged leads' open reminders move to this one: keep one per reason (two leads of
        a client fall quiet with the same last contact, reminded of the same episode)."""
        self.env["mail.activity"]._card_merge_reasons(self._name, opportunities.ids, self.id)
        return super()._merge_dependences_history(opportunities)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_shiffman_set_result(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Set Result"),
            "res_model": "crm.shiffman.result.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def action_shiffman_log_contact(self):
        """Log a contact (call by default) on the lead: the client card's Log Contact dialog."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_card.crm_card_log_contact_action")
        action["context"] = {"default_lead_id": self.id}
        return action

    @api.model
    def action_open_shiffman_pipeline(self):
        """Open the pipeline of the user's Shiffman team (or the first one)."""
        return self._shiffman_pipeline_action(self._shiffman_user_team())

    @api.model
    def _shiffman_pipeline_action(self, team):
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_shiffman.crm_lead_action_shiffman")
        context = {
            "default_type": "opportunity",
            "crm_shiffman_intake": True,
            # the table keeps every result: lost prospects stay in the Result column
            "search_default_shiffman_with_lost": 1,
        }
        if team:
            context.update(default_team_id=team.id, search_default_team_id=team.id)
            action["display_name"] = self.env._("%(team)s: Shiffman Table", team=team.name)
        action["context"] = context
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _shiffman_log_moves(self, old_columns):
        """Write one ``crm.shiffman.move`` per lead whose column changed."""
        auto = bool(self.env.context.get("crm_shiffman_auto_advance"))
        now = fields.Datetime.now()
        vals_list = [
            {
                "lead_id": lead.id,
                "from_column": old_columns.get(lead.id) or False,
                "to_column": lead.shiffman_column,
                "date": now,
                "user_id": self.env.uid,
                "salesperson_id": lead.user_id.id,
                "team_id": lead.team_id.id,
                "company_id": lead.company_id.id,
                "automatic": auto,
                "lost": bool(self.env.context.get("crm_shiffman_lost_move")),
            }
            for lead in self
            if lead.shiffman_column and lead.shiffman_column != old_columns.get(lead.id)
        ]
        if vals_list:
            self.env["crm.shiffman.move"].sudo().create(vals_list)
        self._shiffman_note_entries(old_columns)

    @api.model
    def _shiffman_user_team(self):
        """The Shiffman team the user works in, or the first one: where their prospects go."""
        return self.env.user.crm_team_ids.filtered("use_shiffman")[:1] or self.env["crm.team"].search(
            [("use_shiffman", "=", True)], limit=1
        )

    @api.model
    def _shiffman_default_quiet_days(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("crm_shiffman.quiet_days", 14))

    @api.model
    def _shiffman_stage_quiet_days(self, stages):
        """``{stage: days}`` without contact after which a lead of the stage is quiet, 0 for never.

        The stage's days to rot, else the default from the settings; the Result column and
        stages outside the table never go quiet. The compute and the search both use it, so
        a submodule changing the delays changes both.
        """
        default_days = self._shiffman_default_quiet_days()
        return {
            stage: 0
            if stage.shiffman_column in (False, "result")
            else stage.rotting_threshold_days or default_days
            for stage in stages
        }

    def _shiffman_quiet_since(self):
        """``{lead id: date}`` for the quiet leads of ``self``: the date their silence is counted from.

        Thresholds are read once per stage, and whether a lead is still pending and active
        only for the leads whose last contact is old enough.
        """
        now = fields.Datetime.now()
        limits = {
            stage.id: now - timedelta(days=days)
            for stage, days in self._shiffman_stage_quiet_days(self.stage_id).items()
            if days
        }
        references = self._shiffman_quiet_references()
        since = {}
        for lead in self:
            limit = limits.get(lead.stage_id.id)
            reference = references[lead.id]
            if limit and reference and reference < limit and lead.won_status == "pending" and lead.active:
                since[lead.id] = reference
        return since

    def _shiffman_quiet_references(self):
        """``{lead id: date}`` quiet is counted from: the last contact, or the lead's creation."""
        return {lead.id: lead.shiffman_last_contact_date or lead.create_date for lead in self}

    @api.model
    def _shiffman_quiet_domain(self):
        now = fields.Datetime.now()
        stages = self.env["crm.stage"].search([("shiffman_column", "not in", [False, "result"])])
        by_days = defaultdict(list)
        for stage, days in self._shiffman_stage_quiet_days(stages).items():
            if days:
                by_days[days].append(stage.id)
        if not by_days:
            return Domain.FALSE
        per_stage = Domain.OR(
            Domain("stage_id", "in", stage_ids)
            & (
                Domain("shiffman_last_contact_date", "<", now - timedelta(days=days))
                | (
                    Domain("shiffman_last_contact_date", "=", False)
                    & Domain("create_date", "<", now - timedelta(days=days))
                )
            )
            for days, stage_ids in by_days.items()
        )
        return Domain("won_status", "=", "pending") & Domain("active", "=", True) & per_stage

    @api.model
    def _shiffman_on_interactions(self, interactions):
        """React to a batch of logged interactions: note the last contact and auto-advance.

        One query (:meth:`_shiffman_interaction_leads`) finds every open Shiffman lead concerned
        with what the decision needs; the leads are then only written, when something changes.
        Only the leads the logging user may write are concerned
        (``crm.card.interaction._card_side_effect_domain``); they are written as superuser
        (the automatic move, the last contact date are readonly bookkeeping).
        """
        interactions = interactions.filtered(lambda i: i.lead_id or i.partner_id)
        if not interactions:
            return
        found, interest_ids, unreached_ids = self._shiffman_interaction_leads(
            interactions, interactions._card_side_effect_domain("crm.lead", "write")
        )
        if not found:
            return
        # an interaction naming no lead moves the client's lead only when it has a single open one
        open_counts = Counter(row[1] for row in found if row[3])
        by_lead = defaultdict(list)
        by_partner = defaultdict(list)
        for interaction in interactions.sorted("date"):
            if interaction.lead_id:
                by_lead[interaction.lead_id.id].append(interaction)
            else:
                by_partner[interaction.partner_id.id].append(interaction)
        leads = self.sudo()
        last_dates = defaultdict(leads.browse)
        targets = defaultdict(leads.browse)
        entries = {}
        for lead_id, client_id, last_contact, pending, column, team_id, auto_advance in found:
            lead_interactions = by_lead.get(lead_id, []) + by_partner.get(client_id, [])
            if not lead_interactions:
                continue
            lead = leads.browse(lead_id)
            last = max(i.date for i in lead_interactions)
            if not last_contact or last_contact < last:
                last_dates[last] |= lead
            if pending and auto_advance:
                moving = by_lead.get(lead_id, [])
                if open_counts[client_id] == 1:
                    moving = moving + by_partner.get(client_id, [])
                steps = self._shiffman_next_steps(column, moving, interest_ids, unreached_ids)
                if steps:
                    targets[team_id, steps[-1][0]] |= lead
                    # each column entered on the way, with the contact's date and person
                    entries[lead_id] = [(step, i.date, i.contact_id.id) for step, i in steps]
        for last, date_leads in last_dates.items():
            date_leads.write({"shiffman_last_contact_date": last})
        self._shiffman_advance(targets, entries)

    @api.model
    def _shiffman_interaction_leads(self, interactions, domain=None):
        """The open Shiffman leads of these interactions: their own lead, or when they have none
        the leads of their client, as rows of (lead id, client id, last contact date, pending,
        column, team id, team auto-advances); the ids of the interactions' results that show
        interest (what moves a prospect on) and of those that did not reach the client, read
        in the same query. ``domain`` limits the leads (to those the logging user may write).

        SQL because it runs on every call the telephony reports and mostly finds nothing: one
        query where a ``search`` through ``partner_id.commercial_partner_id`` followed by reads of
        the leads, their clients and teams takes several (figures in bench/RESULTS.md).
        """
        lead_ids = interactions.lead_id.ids
        partner_ids = interactions.filtered(lambda i: not i.lead_id).partner_id.ids
        self.flush_model(["active", "partner_id", "team_id", "shiffman_last_contact_date", "won_status",
                          "shiffman_column"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["crm.team"].flush_model(["use_shiffman", "shiffman_auto_advance"])
        self.env["crm.card.interaction.result"].flush_model(["shows_interest", "reached"])
        # one condition or the other in the common case (an index lookup); a batch with both
        # (rare) has the planner scan the open leads
        matches = []
        if lead_ids:
            matches.append(SQL("l.id = ANY(%s)", lead_ids))
        if partner_ids:
            matches.append(SQL("p.commercial_partner_id = ANY(%s)", partner_ids))
        allowed = SQL("TRUE")
        if domain is not None:
            allowed = SQL("l.id IN %s", self.sudo().with_context(active_test=False)._search(domain).subselect())
        self.env.cr.execute(
            SQL(
                """
                SELECT l.id, p.commercial_partner_id, l.shiffman_last_contact_date, l.won_status = 'pending',
                       l.shiffman_column, l.team_id, t.shiffman_auto_advance,
                       ARRAY(SELECT r.id FROM crm_card_interaction_result r
                              WHERE r.shows_interest AND r.id = ANY(%s)),
                       ARRAY(SELECT r.id FROM crm_card_interaction_result r
                              WHERE NOT r.reached AND r.id = ANY(%s))
                  FROM crm_lead l
                  JOIN crm_team t ON t.id = l.team_id AND t.use_shiffman
             LEFT JOIN res_partner p ON p.id = l.partner_id
                 WHERE l.active AND (%s) AND %s
              ORDER BY l.id
                """,
                interactions.result_id.ids,
                interactions.result_id.ids,
                SQL(" OR ").join(matches),
                allowed,
            )
        )
        rows = self.env.cr.fetchall()
        interest_ids = set(rows[0][-2]) if rows else set()
        unreached_ids = set(rows[0][-1]) if rows else set()
        return [row[:-2] for row in rows], interest_ids, unreached_ids

    @api.model
    def _shiffman_next_steps(self, column, interactions, interest_ids, unreached_ids=()):
        """``[(column, interaction)]``: each column these contacts move a lead in ``column``
        into, one step per contact, with the interaction that moved it there. ``interest_ids``
        and ``unreached_ids`` are the ids of the results that show interest and that did not
        reach the client (from ``_shiffman_interaction_leads``, so that no result is read here)."""
        steps = []
        for interaction in interactions:
            if column == "prospect" and interaction.result_id.id in interest_ids:
                column = "interest"
            elif column in NEXT_COLUMN and self._shiffman_is_contact(interaction, unreached_ids):
                column = NEXT_COLUMN[column]
            else:
                continue
            steps.append((column, interaction))
        return steps

    @api.model
    def _shiffman_is_contact(self, interaction, unreached_ids):
        """Whether an interaction is a contact with the prospect: a call, meeting or visit that
        did not fail to reach them ("No answer", "Busy"), or a letter or e-mail that was answered
        (its result says the client was reached)."""
        result_id = interaction.result_id.id
        if interaction.kind in CONTACT_KINDS:
            return result_id not in unreached_ids
        return interaction.kind in ANSWERED_KINDS and bool(result_id) and result_id not in unreached_ids

    @api.model
    def _shiffman_advance(self, targets, entries=None):
        """Move the leads of ``targets`` (``{(team id, column): leads}``) to their team's stage of
        the column; ``entries`` (``{lead id: [(column, date, person id)]}``) date the columns."""
        if not targets:
            return
        teams = [team_id for team_id, _column in targets]
        stages = (
            self.env["crm.stage"]
            .sudo()
            .search([("team_ids", "in", teams), ("shiffman_column", "!=", False)], order="sequence, id")
        )
        stage_by_key = {}
        for stage in stages:
            for team in stage.team_ids:
                stage_by_key.setdefault((team.id, stage.shiffman_column), stage)
        for key, leads in targets.items():
            stage = stage_by_key.get(key)
            if stage:
                leads.with_context(crm_shiffman_auto_advance=True, crm_shiffman_entries=entries or {}).write(
                    {"stage_id": stage.id}
                )

    @api.model
    def _cron_shiffman_quiet_reminders(self):
        self._shiffman_remind_quiet()

    @api.model
    def _shiffman_remind_quiet(self):
        """Give each quiet lead's salesperson one Call activity per quiet episode; return them.

        An episode is named by its reference date (the last contact, or the lead's creation):
        it is the reminder's reason (:meth:`_shiffman_quiet_key`), and a lead is reminded once
        per reason, even after the call is done (``mail.activity._card_plan_reminders``). So
        re-running gives nothing new until a new contact ends the episode and the lead goes
        quiet again. The leads reminded already are left out before their texts are written.
        """
        leads = self.search([("shiffman_quiet", "=", True), ("user_id", "!=", False)])
        references = leads._shiffman_quiet_references()
        keys = {lead.id: self._shiffman_quiet_key(references[lead.id]) for lead in leads}
        Activity = self.env["mail.activity"].sudo()
        reminded = Activity._card_reminded(self._name, list(keys.items())) if keys else set()
        leads = leads.filtered(lambda lead: (lead.id, keys[lead.id]) not in reminded)
        today = fields.Date.context_today(self)
        reminders = []
        for _lang, same_lang in split_by_lang(leads, lambda lead: lead.user_id):
            summary = same_lang._shiffman_quiet_summary()
            for lead in same_lang:
                text = lead.env._(
                    "No contact with %(lead)s since %(date)s.",
                    lead=lead.display_name,
                    date=format_date(lead.env, references[lead.id].date()),
                )
                # the note is HTML and the bulk way stores it as given: the lead's name is a user's text
                note = str(html_escape(text))
                reminders.append((lead.id, lead.user_id.id, today, summary, note, keys[lead.id]))
        call_type = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        # a nightly job over every lead (200,000 at size XL): the reminders go in with one statement
        return Activity._card_plan_reminders(
            self._name, call_type or self.env["mail.activity.type"], reminders, bulk=True
        )

    @api.model
    def _shiffman_quiet_summary(self):
        """The summary of a quiet reminder, in the context's language (the upgrade finds the
        reminders given before by it)."""
        return self.env._("Quiet prospect: remind them of our offer")

    @api.model
    def _shiffman_quiet_key(self, reference):
        """The reason of the quiet reminder of the episode that started at ``reference`` (a
        datetime, to the second): one rule for the job and the upgrade that keyed the
        reminders given before (migrations/19.0.1.2.0)."""
        return f"crm_shiffman_quiet:{reference.isoformat(timespec='seconds')}"

    @api.model
    def _shiffman_import_error(self, vals):
        """Why these imported values cannot make a prospect, or ``None``."""
        if "name" in vals and not (vals["name"] or "").strip():
            return self.env._("A prospect needs a name.")
        email = (vals.get("email_from") or "").strip()
        # an address Odoo reads as one e-mail ("Ivan <ivan@x.ru>" too): the lead's email_normalized
        if email and not email_normalize(email):
            return self.env._("%(email)s is not a valid e-mail address.", email=email)
        return None

    # ------------------------------------------------------------
    # TABLE: dates and persons per column, every result in Result
    # ------------------------------------------------------------

    @api.constrains("probability", "stage_id")
    def _check_won_validity(self):
        """Odoo refuses an open or lost lead in a won stage; Shiffman's Result column (a won
        stage) keeps every result, so a lost or still prospective lead may stay there."""
        kept = self.filtered(
            lambda lead: lead.shiffman_column == "result" and lead.shiffman_result in ("lost", "prospective")
        )
        return super(CrmLead, self - kept)._check_won_validity()

    def _shiffman_note_entries(self, old_columns):
        """Date the column each lead entered, and the ones a logged contact moved it through
        (``crm_shiffman_entries`` in the context, with the contact's date and person); a
        column's date and person once set are kept."""
        entries = self.env.context.get("crm_shiffman_entries") or {}
        now = fields.Datetime.now()
        entering = self.filtered(lambda lead: lead.shiffman_column and lead.shiffman_column != old_columns.get(lead.id))
        result_people = entering.filtered(lambda lead: lead.shiffman_column == "result")._shiffman_last_persons()
        for lead in entering:
            steps = entries.get(lead.id) or [(lead.shiffman_column, now, False)]
            vals = {}
            for column, moment, person_id in steps:
                if column not in COLUMN_ORDER or lead[date_field(column)]:
                    continue
                vals[date_field(column)] = fields.Date.context_today(lead, moment)
                if not person_id and column == "prospect" and lead.partner_id and not lead.partner_id.is_company:
                    person_id = lead.partner_id.id
                if not person_id and column == "result":
                    person_id = result_people.get(lead.id, False)
                if person_id and not lead[partner_field(column)]:
                    vals[partner_field(column)] = person_id
            if vals:
                lead.sudo().write(vals)  # bookkeeping of a move the caller was allowed to make

    def _shiffman_last_persons(self):
        """``{lead id: person id}``: the person of each lead's latest interaction naming one."""
        if not self:
            return {}
        groups = (
            self.env["crm.card.interaction"]
            .sudo()
            ._read_group(
                [("lead_id", "in", self.ids), ("contact_id", "!=", False)],
                ["lead_id"],
                ["date:max"],
            )
        )
        latest = {lead.id: last for lead, last in groups}
        if not latest:
            return {}
        interactions = (
            self.env["crm.card.interaction"]
            .sudo()
            .search(
                [("lead_id", "in", list(latest)), ("contact_id", "!=", False), ("date", "in", list(latest.values()))]
            )
        )
        return {i.lead_id.id: i.contact_id.id for i in interactions if latest.get(i.lead_id.id) == i.date}

    def _shiffman_result_stage(self):
        self.ensure_one()
        return self._stage_find(domain=[("shiffman_column", "=", "result")])

    def action_set_lost(self, **additional_values):
        """A lost prospect is a result of the table: it goes to the Result column, marked lost,
        whatever column it was lost in (Odoo's Lost button included)."""
        table = self.filtered("shiffman_column")
        for lead in table.filtered(lambda lead: lead.shiffman_column != "result"):
            stage = lead._shiffman_result_stage()
            if stage:
                lead.with_context(crm_shiffman_closing=True, crm_shiffman_lost_move=True).write(
                    {"stage_id": stage.id, "shiffman_result": "lost"}
                )
        table.filtered(lambda lead: lead.shiffman_result != "lost").with_context(crm_shiffman_closing=True).write(
            {"shiffman_result": "lost"}
        )
        return super().action_set_lost(**additional_values)

    def action_unarchive(self):
        """A lost lead brought back from the Result column waits for a new result."""
        lost = self.filtered(lambda lead: not lead.active and lead.shiffman_result == "lost")
        result = super().action_unarchive()
        lost.filtered("active").with_context(crm_shiffman_closing=True).write({"shiffman_result": False})
        return result

    def action_set_won(self):
        """Won by Odoo's button, a still prospective lead needs its result (contract or purchase)."""
        result = super().action_set_won()
        self.filtered(lambda lead: lead.shiffman_result == "prospective" and lead.won_status == "won").with_context(
            crm_shiffman_closing=True
        ).write({"shiffman_result": False})
        return result

    def _shiffman_keep_prospective(self, vals, note=False):
        """The client still thinks: the lead stays in the Result column, open, with a call
        planned on the follow-up date."""
        if not vals.get("shiffman_followup_date"):
            raise UserError(
                self.env._("Choose the date of the follow-up call for %(leads)s.", leads=", ".join(self.mapped("name")))
            )
        closing = self.with_context(crm_shiffman_closing=True)
        call_type = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        result = True
        for lead in closing:
            odds = lead.probability if lead.active and 0 < lead.probability < 100 else PROSPECTIVE_PROBABILITY
            lead_vals = dict(vals, active=True, lost_reason_id=False)
            if lead.shiffman_column and lead.shiffman_column != "result":
                stage = lead._shiffman_result_stage()
                if stage:
                    lead_vals["stage_id"] = stage.id
            result = lead.write(lead_vals)
            lead.write({"probability": odds})
            user = lead.user_id or self.env.user
            [(_lang, in_user_lang)] = split_by_lang(lead, lambda _lead, user=user: user)
            lead.activity_schedule(
                activity_type_id=call_type.id if call_type else False,
                date_deadline=vals["shiffman_followup_date"],
                summary=note or in_user_lang.env._("Follow up the prospective client"),
                user_id=user.id,
            )
        return result

    # ------------------------------------------------------------
    # ODOO'S ROTTING = QUIET
    # ------------------------------------------------------------
    # Odoo marks a lead rotting when its stage has not changed for the stage's days; the
    # method asks whether anybody has contacted the prospect (a lead called every week may sit
    # in "Contact 2" for a month). On the leads of a Shiffman column the two are one notion:
    # rotting is quiet, counted from the last contact, so the card shows one badge (Odoo's) and
    # Odoo's "Rotting" filter finds the quiet prospects. Other pipelines keep Odoo's rule.

    def _get_rotting_depends_fields(self):
        return super()._get_rotting_depends_fields() + ["stage_id.shiffman_column", "shiffman_last_contact_date"]

    def _compute_rotting(self):
        super()._compute_rotting()
        in_table = self.filtered(lambda lead: lead.stage_id.shiffman_column)
        if not in_table:
            return
        now = fields.Datetime.now()
        since = in_table._shiffman_quiet_since()
        for lead in in_table:
            lead.is_rotting = lead.id in since
            lead.rotting_days = (now - since[lead.id]).days if lead.id in since else 0

    def _search_is_rotting(self, operator, value):
        if operator not in ("in", "not in"):
            return super()._search_is_rotting(operator, value)
        in_table = Domain("stage_id.shiffman_column", "!=", False)
        rotting = (~in_table & Domain(super()._search_is_rotting("in", [True]))) | (
            in_table & self._shiffman_quiet_domain()
        )
        return rotting if (operator == "in") == (True in value) else ~rotting
