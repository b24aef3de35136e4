from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env["crm.callplan"]._clear_working_days_cache()
        return attendances

    def write(self, vals):
        res = super().write(vals)
        self.env["crm.callplan"]._clear_working_days_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env["crm.callplan"]._clear_working_days_cache()
        return res
