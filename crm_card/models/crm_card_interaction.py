from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

# How far ahead of the server's clock a contact may be dated: the clocks of phones, telephony
# systems and browsers drift a little. Beyond that a date is a typo or a trick, and it would
# drive the side effects (a lead's quiet reminder frozen, a plan's next call pushed years away).
FUTURE_DATE_TOLERANCE = timedelta(minutes=10)
# no contact of a client base is older; earlier dates are typing slips (year 1 overflowed in time zones)
EARLIEST_DATE = datetime(1970, 1, 1)


class CrmCardInteraction(models.Model):
    """One line of the client's log of contacts and actions.

    Always filed on the client company (``partner_id`` is the commercial
    partner) so the log of a company shows what happened with each of its
    contact persons; the person actually spoken to is kept in ``contact_id``.
    Other addons react to new interactions (Shiffman auto-advance, call plan
    coverage) by extending :meth:`_on_interactions_logged`.
    """

    _name = "crm.card.interaction"
    _inherit = ["crm.card.scope.mixin", "crm.card.audit.mixin"]
    _description = "Client Interaction"
    _order = "date desc, id desc"
    _rec_name = "summary"
    # the summary is computed (kind and client): a many2one looks an interaction up by these
    _rec_names_search = ["partner_id", "contact_id", "note"]
    _card_audit_key_fields = ("date", "partner_id", "contact_id", "kind", "user_id")
    _card_audit_tracked_fields = (
        "date",
        "partner_id",
        "contact_id",
        "user_id",
        "kind",
        "direction",
        "result_id",
        "lead_id",
        "duration",
        "note",
    )

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index=True,
        ondelete="restrict",
        help="The client company; set automatically from the contact person.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        index="btree_not_null",
        ondelete="set null",
        domain="[('parent_id', '=', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", default=lambda self: self.env.user, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    kind = fields.Selection(
        [
            ("call", "Call"),
            ("meeting", "Meeting"),
            ("letter", "Letter"),
            ("email", "E-mail"),
            ("visit", "Visit"),
            ("other", "Other"),
        ],
        required=True,
        default="call",
        index=True,
    )
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], required=True, default="outbound"
    )
    result_id = fields.Many2one("crm.card.interaction.result", index=True)
    source_id = fields.Many2one(
        "utm.source", help="How the client heard of us (for inbound contacts)."
    )
    lead_id = fields.Many2one("crm.lead", index="btree_not_null", ondelete="set null")
    duration = fields.Float(help="Duration in minutes.")
    note = fields.Text()
    summary = fields.Char(compute="_compute_summary")

    @api.depends("contact_id", "lead_id")
    def _compute_partner_id(self):
        # The client of the person or lead given, read as superuser: a partner rule stricter than ours
        # (OCA sales_team_security's "own documents") must not keep a salesperson from logging a contact
        # on a team mate's client. The interaction's own rules judge the result when it is saved.
        for interaction in self:
            source = interaction.contact_id or interaction.lead_id.partner_id
            if source:
                interaction.partner_id = source.sudo().commercial_partner_id
            elif interaction.partner_id:
                interaction.partner_id = interaction.partner_id.sudo().commercial_partner_id

    @api.depends("kind", "partner_id", "date")
    def _compute_summary(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for interaction in self:
            interaction.summary = " – ".join(
                # the client's name as a many2one shows it (Odoo reads it as superuser)
                filter(None, [kinds.get(interaction.kind), interaction.partner_id.sudo().display_name])
            )

    @api.constrains("date")
    def _check_date(self):
        limit = fields.Datetime.now() + FUTURE_DATE_TOLERANCE
        for interaction in self:
            if interaction.date < EARLIEST_DATE:
                raise ValidationError(
                    self.env._(
                        "The contact with %(client)s is dated %(date)s: a contact dates from 1970 or later.",
                        client=interaction.partner_id.display_name or self.env._("an unknown caller"),
                        date=fields.Datetime.to_string(interaction.date),
                    )
                )
            if interaction.date > limit:
                raise ValidationError(
                    self.env._(
                        "The contact with %(client)s is dated %(date)s, in the future: log a contact once it "
                        "has happened.",
                        client=interaction.partner_id.display_name or self.env._("an unknown caller"),
                        date=fields.Datetime.to_string(interaction.date),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        normalized = self.env.context.get("crm_card_partners_normalized")
        if not normalized:
            # one narrow read of the partners' clients for the whole batch
            self.env["res.partner"].sudo().browse(
                [vals["partner_id"] for vals in vals_list if vals.get("partner_id") and not vals.get("contact_id")]
            ).fetch(["commercial_partner_id"])
            for vals in vals_list:
                self._normalize_partner_vals(vals)
        interactions = super().create(vals_list)
        if normalized:
            # the caller's promise covers these values only, not what the hooks create
            interactions = interactions.with_context(crm_card_partners_normalized=False)
        interactions._on_interactions_logged()
        return interactions

    def write(self, vals):
        self._normalize_partner_vals(vals)
        return super().write(vals)

    @api.model
    def _normalize_partner_vals(self, vals):
        """File an interaction given on a person under its company.

        Integrators often pass the person they spoke to as ``partner_id``;
        keep that person as the contact and the company as the client. A
        caller that filed its values so already (client as ``partner_id``,
        person as ``contact_id``) can create with the context key
        ``crm_card_partners_normalized`` and save the read of the partners:
        the telephony endpoint does, on every call it receives.
        """
        if vals.get("partner_id") and not vals.get("contact_id"):
            # as superuser, only to file the values: the interaction's rules then judge the client
            # (a stricter partner rule, as OCA sales_team_security's, would refuse a team mate's client)
            partner = self.env["res.partner"].sudo().browse(vals["partner_id"])
            partner.fetch(["commercial_partner_id"])  # rather than every column of the partner
            commercial = partner.commercial_partner_id
            if commercial != partner:
                vals["contact_id"] = partner.id
                vals["partner_id"] = commercial.id

    def _on_interactions_logged(self):
        """Hook run once per batch of new interactions; extended by other addons.

        What an extension changes elsewhere (a lead moved, a plan line counted) stays within
        :meth:`_card_side_effect_domain`.
        """

    def _card_side_effect_domain(self, model_name, operation="write"):
        """The records of ``model_name`` the side effects of these interactions may change.

        Side effects act for the user who logs the interactions, with that user's rights, even
        when the interactions themselves were created as superuser (a Call activity marked done
        on a record the user may not write, the telephony endpoint for the salesperson it
        matched): the records that user may ``operation`` (access rights and record rules), of
        the interactions' companies (of the user's companies when there is no interaction).
        Only the superuser (the endpoint when no salesperson matched, jobs) is held to the
        companies alone. The domain is meant for a ``sudo()`` search or SQL that then does the
        bookkeeping.
        """
        env = self.env(su=False)  # the acting user; the superuser stays superuser
        Model = env[model_name]
        domain = Domain.TRUE
        if "company_id" in Model._fields:
            companies = self.company_id or env.companies
            domain = Domain("company_id", "in", [*companies.ids, False])
        if env.su:
            return domain
        if not Model.has_access(operation):
            return Domain.FALSE
        return domain & env["ir.rule"]._compute_domain(model_name, operation)
