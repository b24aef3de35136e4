"""19.0.1.2.0: the dialled numbers of the call sources are keyed by Odoo's phone rule, as the
telephony now reads the number it is posted (see the pre-migrate)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    numbers = env["crm.callplan.source.number"].search([])
    env.add_to_compute(numbers._fields["number_key"], numbers)
    numbers.flush_recordset(["number_key"])
