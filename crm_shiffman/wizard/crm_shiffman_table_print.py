import calendar
import itertools

from odoo import fields, models
from odoo.tools import format_date

from ..models.crm_lead import SHIFFMAN_RESULTS, date_field, partner_field
from ..models.crm_stage import COLUMN_ORDER, SHIFFMAN_COLUMNS


class CrmShiffmanTablePrint(models.TransientModel):
    """Shiffman's paper form for a month: per salesperson, the prospects worked in the month
    with the date each column was reached, and per column how many reached it."""

    _name = "crm.shiffman.table.print"
    _description = "Print Shiffman Table"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month to print.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        help="One sheet per salesperson. Only the prospects you may read are printed.",
    )

    def _month_bounds(self):
        self.ensure_one()
        first = self.month.replace(day=1)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])

    def _shiffman_sheets(self):
        """``[{user, rows, totals, conversions, results}]``, one per salesperson.

        Rows are the salesperson's prospects with a column entered in the month, lost ones
        included, read as the printing user (the record rules decide which rows they see);
        ``totals`` counts per column the rows that entered it in the month, ``conversions``
        is each column's total over the previous column's (%), ``results`` counts the
        results reached in the month.
        """
        self.ensure_one()
        first, last = self._month_bounds()
        in_month = [
            item
            for column in COLUMN_ORDER
            for item in ["&", (date_field(column), ">=", first), (date_field(column), "<=", last)]
        ]
        domain = (
            [("user_id", "in", self.user_ids.ids), "|", ("active", "=", True), ("won_status", "=", "lost")]
            + ["|"] * (len(COLUMN_ORDER) - 1)
            + in_month
        )
        leads = self.env["crm.lead"].with_context(active_test=False).search(domain)
        result_labels = dict(SHIFFMAN_RESULTS)
        sheets = []
        for user in self.user_ids:
            user_leads = leads.filtered(lambda lead, user=user: lead.user_id == user)
            rows = []
            for lead in user_leads:
                dates = {column: lead[date_field(column)] for column in COLUMN_ORDER}
                rows.append(
                    {
                        "lead": lead,
                        "dates": dates,
                        "in_month": {column: bool(day and first <= day <= last) for column, day in dates.items()},
                        "persons": {column: lead[partner_field(column)] for column in COLUMN_ORDER},
                        "result": lead.shiffman_result,
                        "result_label": result_labels.get(lead.shiffman_result, ""),
                        "start": min(filter(None, dates.values())),
                    }
                )
            rows.sort(key=lambda row: (row["start"], row["lead"].id))
            totals = {column: sum(row["in_month"][column] for row in rows) for column in COLUMN_ORDER}
            conversions = {}
            for previous, column in itertools.pairwise(COLUMN_ORDER):
                conversions[column] = round(100.0 * totals[column] / totals[previous], 1) if totals[previous] else 0.0
            results = {
                key: sum(row["result"] == key and row["in_month"]["result"] for row in rows)
                for key, _label in SHIFFMAN_RESULTS
            }
            sheets.append(
                {"user": user, "rows": rows, "totals": totals, "conversions": conversions, "results": results}
            )
        return sheets

    def _shiffman_report_values(self):
        self.ensure_one()
        first, _last = self._month_bounds()
        return {
            "columns": SHIFFMAN_COLUMNS,
            "results": SHIFFMAN_RESULTS,
            "sheets": self._shiffman_sheets(),
            "month_label": format_date(self.env, first, date_format="LLLL y"),
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref("crm_shiffman.action_report_shiffman_table").report_action(self)
