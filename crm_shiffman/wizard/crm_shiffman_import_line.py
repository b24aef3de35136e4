from odoo import fields, models


class CrmShiffmanImportLine(models.TransientModel):
    """A row of an uploaded file that did not become a prospect, and why."""

    _name = "crm.shiffman.import.line"
    _description = "Rejected Prospect Row"
    _order = "row, id"

    import_id = fields.Many2one("crm.shiffman.import", required=True, ondelete="cascade", index=True)
    row = fields.Integer(help="Row of the file, the header being row 1 (blank rows are not counted).")
    reason = fields.Text()
    content = fields.Char(string="Row Content", help="The cells of the row, as read from the file.")
