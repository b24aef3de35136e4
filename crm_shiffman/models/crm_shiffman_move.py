from odoo import fields, models

from .crm_stage import SHIFFMAN_COLUMNS


class CrmShiffmanMove(models.Model):
    """One change of Shiffman column of a lead, the raw material of the ratios."""

    _name = "crm.shiffman.move"
    _inherit = ["crm.card.scope.mixin"]
    _description = "Shiffman Column Move"
    _order = "date desc, id desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one("crm.lead", required=True, index=True, ondelete="cascade")
    from_column = fields.Selection(SHIFFMAN_COLUMNS, help="Empty when the lead was created in the column.")
    to_column = fields.Selection(SHIFFMAN_COLUMNS, required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", string="Moved by", default=lambda self: self.env.user)
    salesperson_id = fields.Many2one("res.users", index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    company_id = fields.Many2one("res.company", index=True)
    automatic = fields.Boolean(help="Moved by auto-advance from a logged contact.")
    lost = fields.Boolean(help="Moved to the Result column because the lead was lost.")

    _lead_date_idx = models.Index("(lead_id, date)")
