from odoo import api, fields, models
from odoo.tools import SQL, formatLang


class CrmCallplanCoverage(models.Model):
    """How well a plan is kept, per salesperson and segment (against cream-skimming).

    Due clients are those whose first call fell due by today; called
    (covered) ones were called within their current interval: they had an
    effective call and their next call is not overdue (a quarterly client
    called in January is not covered in May). With no client due there is no
    coverage (NULL). Early calls are calls to clients not yet due while the
    same salesperson had overdue clients; neglected clients are overdue by
    more than one interval.
    """

    _name = "crm.callplan.coverage"
    _description = "Call Plan Coverage"
    _auto = False
    _order = "plan_id, user_id, segment_id"

    plan_id = fields.Many2one("crm.callplan", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    segment_id = fields.Many2one("crm.callplan.segment", readonly=True)
    client_count = fields.Integer(string="Clients", readonly=True)
    due_count = fields.Integer(string="Clients Due", readonly=True)
    called_count = fields.Integer(string="Clients Called", readonly=True)
    coverage = fields.Float(
        string="Coverage (%)", readonly=True, aggregator="avg", digits=(16, 1),
        help="Empty where no client was due: such rows do not count in the average.",
    )
    coverage_display = fields.Char(string="Coverage", compute="_compute_coverage_display")
    calls_made = fields.Integer(readonly=True)
    early_call_count = fields.Integer(
        string="Calls to Not-Due Clients", readonly=True,
        help="Calls to clients who were not due while the salesperson had overdue clients.",
    )
    neglected_count = fields.Integer(string="Neglected Clients", readonly=True)

    def _compute_coverage_display(self):
        for row in self:
            row.coverage_display = self._format_coverage(row.coverage, row.due_count)

    @api.model
    def _format_coverage(self, coverage, due_count):
        """The coverage as people read it: "—" where no client was due, not a misleading 0 %."""
        return f"{formatLang(self.env, coverage, digits=1)} %" if due_count else "—"

    def action_open_neglected(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_callplan.crm_callplan_line_action")
        action["domain"] = [
            ("plan_id", "=", self.plan_id.id),
            ("user_id", "=", self.user_id.id),
            ("segment_id", "=", self.segment_id.id),
            ("neglected_date", "<", fields.Date.context_today(self)),
        ]
        return action

    @property
    def _table_query(self):
        return SQL(
            """
            WITH early AS (
                SELECT line_id, COUNT(*) AS early_calls
                  FROM crm_callplan_call
                 WHERE NOT was_due AND others_overdue
              GROUP BY line_id
            )
            SELECT MIN(l.id) AS id, l.plan_id, p.company_id, l.user_id, l.segment_id,
                   COUNT(*) AS client_count,
                   COUNT(*) FILTER (WHERE l.first_due_date <= CURRENT_DATE) AS due_count,
                   COUNT(*) FILTER (WHERE %(covered)s) AS called_count,
                   CASE WHEN COUNT(*) FILTER (WHERE l.first_due_date <= CURRENT_DATE) = 0 THEN NULL
                        ELSE 100.0 * COUNT(*) FILTER (WHERE %(covered)s)
                             / COUNT(*) FILTER (WHERE l.first_due_date <= CURRENT_DATE) END AS coverage,
                   COALESCE(SUM(l.calls_done), 0) AS calls_made,
                   COALESCE(SUM(e.early_calls), 0) AS early_call_count,
                   COUNT(*) FILTER (WHERE l.neglected_date < CURRENT_DATE) AS neglected_count
              FROM crm_callplan_line l
              JOIN crm_callplan p ON p.id = l.plan_id
         LEFT JOIN early e ON e.line_id = l.id
          GROUP BY l.plan_id, p.company_id, l.user_id, l.segment_id
            """,
            covered=self._sql_covered(),
        )

    @staticmethod
    def _sql_covered():
        """A due client called within its current interval: a call counted (a counted call moves
        the next due date one interval past it) and the next call not overdue yet."""
        return SQL(
            "l.first_due_date <= CURRENT_DATE AND l.calls_done > 0 AND l.next_due_date >= CURRENT_DATE"
        )
