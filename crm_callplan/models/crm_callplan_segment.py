from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCallplanSegment(models.Model):
    """A group of clients called at the same frequency.

    "The more a client spends with us, the more often we talk to them":
    clients fall into a segment by revenue or order count of the last 12
    months, by potential, or by an ABC share of the cumulative revenue.
    """

    _name = "crm.callplan.segment"
    _inherit = ["crm.card.scope.mixin"]
    _description = "Call Plan Segment"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("crm.callplan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    basis = fields.Selection(
        [
            ("revenue", "Revenue (last 12 months)"),
            ("frequency", "Orders (last 12 months)"),
            ("potential", "Potential volume"),
            ("abc", "ABC share of revenue"),
        ],
        required=True,
        default="revenue",
    )
    lower_bound = fields.Float(help="Clients whose value is at least this amount (included).")
    upper_bound = fields.Float(help="Clients whose value is below this amount; 0 means no upper limit.")
    abc_share = fields.Float(
        string="ABC Share (%)",
        help="Share of the cumulative revenue this segment takes, largest clients first "
        "(e.g. A 80, B 15, C 5).",
    )
    calls_per_year = fields.Integer(required=True, default=12)
    greeting_activity = fields.Selection(
        [("call", "Call"), ("letter", "Letter"), ("email", "E-mail")],
        string="Greeting",
        default="email",
        required=True,
        help="How clients of this segment are greeted on an occasion.",
    )
    line_count = fields.Integer(string="Clients", compute="_compute_line_count")

    def _compute_line_count(self):
        counts = dict(
            self.env["crm.callplan.line"]._read_group([("segment_id", "in", self.ids)], ["segment_id"], ["__count"])
        )
        for segment in self:
            segment.line_count = counts.get(segment, 0)

    @api.constrains("calls_per_year", "lower_bound", "upper_bound", "abc_share", "basis")
    def _check_figures(self):
        for segment in self:
            if segment.calls_per_year <= 0:
                raise ValidationError(
                    self.env._("The segment %(name)s needs at least one call a year.", name=segment.name)
                )
            if segment.basis == "abc":
                if not 0 < segment.abc_share <= 100:
                    raise ValidationError(
                        self.env._(
                            "The ABC segment %(name)s needs a share of revenue between 0 and 100 %%.",
                            name=segment.name,
                        )
                    )
                continue
            if segment.lower_bound < 0 or segment.upper_bound < 0:
                raise ValidationError(
                    self.env._("Bounds of the segment %(name)s cannot be negative.", name=segment.name)
                )
            if segment.upper_bound and segment.upper_bound <= segment.lower_bound:
                raise ValidationError(
                    self.env._(
                        "The upper bound of the segment %(name)s must be above its lower bound.", name=segment.name
                    )
                )

    @api.constrains("plan_id", "basis", "lower_bound", "upper_bound", "abc_share")
    def _check_overlap(self):
        for plan in self.plan_id:
            segments = plan.segment_ids
            if sum(segments.filtered(lambda s: s.basis == "abc").mapped("abc_share")) > 100.0001:
                raise ValidationError(
                    self.env._("The ABC shares of the plan %(name)s add up to more than 100 %%.", name=plan.name)
                )
            ranged = segments.filtered(lambda s: s.basis != "abc")
            for segment in ranged:
                for other in ranged:
                    if other.id <= segment.id or other.basis != segment.basis:
                        continue
                    if segment._overlaps(other):
                        raise ValidationError(
                            self.env._(
                                "The segments %(first)s and %(second)s overlap: a client would belong to both.",
                                first=segment.name,
                                second=other.name,
                            )
                        )

    def _overlaps(self, other):
        self.ensure_one()
        inf = float("inf")
        return self.lower_bound < (other.upper_bound or inf) and other.lower_bound < (self.upper_bound or inf)

    def _accepts(self, value):
        self.ensure_one()
        return self._bounds_accept(self.lower_bound, self.upper_bound, value)

    @staticmethod
    def _bounds_accept(lower_bound, upper_bound, value):
        """The segment rule on its bounds (no upper bound: open-ended). The segment writer reads
        the bounds once a segment and calls this once a client (a hundred thousand at size L)."""
        return value >= lower_bound and (not upper_bound or value < upper_bound)
