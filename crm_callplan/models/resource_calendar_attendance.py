from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env.registry.clear_cache()  # the call plans' working days (crm.callplan._calendar_working_days)
        return attendances

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # the call plans' working days
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # the call plans' working days
        return res
