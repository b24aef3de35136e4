from odoo import fields, models


class CrmCallplanCall(models.Model):
    """A call counted against a plan line, kept for the coverage report.

    Records whether the client was due when called and whether the same
    salesperson had overdue clients at the time: calls to clients who were
    not due while others waited are the "cream-skimming" the plan fights.
    """

    _name = "crm.callplan.call"
    _inherit = ["crm.card.scope.mixin"]
    _description = "Call Plan Call"
    _order = "date desc, id desc"

    plan_id = fields.Many2one("crm.callplan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    line_id = fields.Many2one("crm.callplan.line", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Client", ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Salesperson", index=True)
    segment_id = fields.Many2one("crm.callplan.segment", ondelete="set null")
    date = fields.Date(required=True, index=True)
    was_due = fields.Boolean(string="Client Was Due")
    others_overdue = fields.Boolean(string="Others Were Overdue")
    interaction_id = fields.Many2one("crm.card.interaction", ondelete="set null")
    planned_date = fields.Date(
        string="Planned For",
        help="Date of the planned call this call closed (the planned call itself is deleted): the work "
        "report counts it as planned.",
    )
