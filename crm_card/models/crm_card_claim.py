from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

CLAIM_STATES = ["registered", "cause_analysis", "cause_removed", "process_improved", "closed"]


class CrmCardClaim(models.Model):
    """A client complaint worked through the ISO loop.

    registered -> cause found -> cause removed -> process improved -> closed.
    Each step needs its own content: registering needs the complaint, "cause
    found" the cause, "cause removed" what was done about this complaint,
    "process improved" the change of process that prevents it; closing needs
    them all.
    """

    _name = "crm.card.claim"
    _description = "Client Claim"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.card.audit.mixin",
        "crm.card.scope.mixin",
        "crm.card.system.fields.mixin",
    ]
    _order = "date desc, id desc"
    _card_audit_key_fields = ("name", "partner_id", "date", "state")

    name = fields.Char(string="Subject", required=True, tracking=True)
    date = fields.Date(string="Registered on", default=fields.Date.context_today, required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, ondelete="restrict", tracking=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Client Company", store=True, index=True
    )
    product_id = fields.Many2one("product.product")
    sale_order_id = fields.Many2one(
        "sale.order", string="Sales Order", domain="[('partner_id', 'child_of', commercial_partner_id)]"
    )
    description = fields.Html(string="Complaint", help="What the client complains about.")
    cause = fields.Text(help="Root cause found by the analysis.")
    corrective_action = fields.Text(help="What was done about this complaint, for this client.")
    preventive_action = fields.Text(help="How the process was changed so that it does not happen again.")
    state = fields.Selection(
        [
            ("registered", "Registered"),
            ("cause_analysis", "Cause Found"),  # the key stays from when the step was named "analysis"
            ("cause_removed", "Cause Removed"),
            ("process_improved", "Process Improved"),
            ("closed", "Closed"),
        ],
        required=True,
        default="registered",
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, index=True, tracking=True
    )
    deadline = fields.Date(tracking=True)
    date_closed = fields.Date(readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.constrains("state", "description", "cause", "corrective_action", "preventive_action")
    def _check_state_content(self):
        for claim in self:
            reached = CLAIM_STATES.index(claim.state)
            for state, field_name, label in claim._get_state_requirements():
                if reached >= CLAIM_STATES.index(state) and not html2plaintext(claim[field_name] or "").strip():
                    raise ValidationError(
                        self.env._(
                            "Claim %(claim)s cannot reach '%(state)s' without the %(content)s.",
                            claim=claim.name,
                            state=dict(claim._fields["state"]._description_selection(self.env))[state],
                            content=label,
                        )
                    )

    def _get_state_requirements(self):
        """(state, field, label): the content a claim needs to reach the state, and every later one."""
        # rows as lists: Odoo's string extraction would take a tuple after a translated string for a call
        return [
            ["registered", "description", self.env._("complaint")],
            ["cause_analysis", "cause", self.env._("cause")],
            ["cause_removed", "corrective_action", self.env._("action taken on this complaint")],
            ["process_improved", "preventive_action", self.env._("process change that prevents it")],
        ]

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state"):
            self._set_date_closed()
        return result

    @api.model
    def _get_card_system_fields(self):
        # the claim's handling time: a responsible who could date the closing would fake it
        return [*super()._get_card_system_fields(), "date_closed"]

    def action_analyse(self):
        self.write({"state": "cause_analysis"})

    def action_cause_removed(self):
        self.write({"state": "cause_removed"})

    def action_process_improved(self):
        self.write({"state": "process_improved"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_reopen(self):
        self.write({"state": "registered"})

    def _set_date_closed(self):
        """Date the closing of the closed claims, clear it on the others, as the application: the
        state was written with the user's rights (``crm.card.system.fields.mixin``)."""
        closed = self.filtered(lambda claim: claim.state == "closed")
        closed.sudo().date_closed = fields.Date.context_today(self)
        (self - closed).filtered("date_closed").sudo().date_closed = False
