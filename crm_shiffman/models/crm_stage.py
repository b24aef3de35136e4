from odoo import fields, models

SHIFFMAN_COLUMNS = [
    ("prospect", "Prospect"),
    ("interest", "Interest"),
    ("contact_1", "Contact 1"),
    ("contact_2", "Contact 2"),
    ("contact_3", "Contact 3"),
    ("result", "Result"),
]
COLUMN_ORDER = [column for column, _label in SHIFFMAN_COLUMNS]


class CrmStage(models.Model):
    _inherit = "crm.stage"

    shiffman_column = fields.Selection(
        SHIFFMAN_COLUMNS,
        index="btree_not_null",
        help="Column of Shiffman's table this stage stands for. Leads moving between columns are "
        "logged, auto-advanced by logged contacts and measured in the conversion report.",
    )
