from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """Public holidays (leaves without a resource) are not working days of the call plans: their
    changes clear the plans' cached working days (``crm.callplan._calendar_working_days``). A
    person's time off (with a resource) does not."""

    _inherit = "resource.calendar.leaves"

    def _has_public_holidays(self):
        return any(not leave.resource_id for leave in self)

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        if leaves._has_public_holidays():
            self.env["crm.callplan"]._clear_working_days_cache()
        return leaves

    def write(self, vals):
        public = self._has_public_holidays()
        res = super().write(vals)
        if public or self._has_public_holidays():
            self.env["crm.callplan"]._clear_working_days_cache()
        return res

    def unlink(self):
        public = self._has_public_holidays()
        res = super().unlink()
        if public:
            self.env["crm.callplan"]._clear_working_days_cache()
        return res
