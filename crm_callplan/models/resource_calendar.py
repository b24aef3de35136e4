from odoo import models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        res = super().write(vals)
        if {"tz", "attendance_ids", "global_leave_ids", "two_weeks_calendar", "flexible_hours"} & vals.keys():
            self.env["crm.callplan"]._clear_working_days_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env["crm.callplan"]._clear_working_days_cache()
        return res
