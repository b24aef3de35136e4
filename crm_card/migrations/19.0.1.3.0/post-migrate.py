"""19.0.1.3.0: interaction results say whether the client was reached.

The new ``reached`` flag defaults to true, which the ORM gives every existing result; the
seeded "No answer" lives in a ``noupdate`` block, so the upgrade does not set it: this does.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    no_answer = env.ref("crm_card.crm_card_interaction_result_no_answer", raise_if_not_found=False)
    if no_answer:
        no_answer.reached = False
