from odoo import api, models


class ReportShiffmanTable(models.AbstractModel):
    _name = "report.crm_shiffman.report_shiffman_table"
    _description = "Shiffman Table for a Month"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["crm.shiffman.table.print"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "crm.shiffman.table.print",
            "docs": docs,
            "values": {doc.id: doc._shiffman_report_values() for doc in docs},
        }
