from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

# BaseCommon's mail keys switched off: the chatter as Odoo writes it, for the tests about tracking
# and creation logs (``tracking_disable=False`` alone leaves BaseCommon's ``mail_notrack`` on)
MAIL_ON_CONTEXT = {
    "tracking_disable": False,
    "mail_create_nolog": False,
    "mail_create_nosubscribe": False,
    "mail_notrack": False,
}


class CrmCardCommon(BaseCommon):
    """Shared data for client card tests, on Odoo's ``BaseCommon`` (its mail context: no tracking,
    no chatter log or subscription on create; ``MAIL_ON_CONTEXT`` turns the chatter back on).

    Who is who:
      reader   -- Client base Reader (plain internal user otherwise)
      editor   -- Client base Editor
      steward  -- Client base Data steward
      manager  -- Client base Administrator
      salesman -- Sales user (gets Editor by default), salesperson of ``client``
      own      -- Sales user limited to own clients
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader = new_test_user(cls.env, "card_reader", groups="crm_card.group_crm_card_reader")
        cls.editor = new_test_user(cls.env, "card_editor", groups="crm_card.group_crm_card_editor")
        cls.steward = new_test_user(cls.env, "card_steward", groups="crm_card.group_crm_card_steward")
        cls.manager = new_test_user(cls.env, "card_manager", groups="crm_card.group_crm_card_manager")
        cls.salesman = new_test_user(cls.env, "card_salesman", groups="sales_team.group_sale_salesman")
        cls.own = new_test_user(
            cls.env,
            "card_own",
            groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients",
        )
        cls.category_wholesale = cls.env.ref("crm_card.crm_card_category_wholesale")
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Volga Trade LLC",
                "is_company": True,
                "user_id": cls.salesman.id,
                "card_category_id": cls.category_wholesale.id,
                "phone": "+7 495 123 45 67",
                "email": "info@volgatrade.example.com",
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Irina Petrova",
                "parent_id": cls.client.id,
                "function": "Purchasing manager",
                "buying_role_id": cls.env.ref("crm_card.crm_card_buying_role_decision_maker").id,
            }
        )
        cls.other_client = cls.env["res.partner"].create(
            {"name": "Ural Build JSC", "is_company": True, "user_id": cls.editor.id}
        )


class CrmCardHistoryCommon(CrmCardCommon):
    """Orders and invoices with explicit dates for the history of work.

    ``client`` (salesperson: salesman) and ``other_client`` (salesperson:
    editor) start without orders; tests add them with ``_create_orders``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Portland Cement M500", "type": "consu", "list_price": 100.0, "taxes_id": False}
        )

    @classmethod
    def _create_orders(cls, partners, dated_amounts, state="sale", product=None):
        """Create orders (confirmed by default), one line each (of ``product``, else
        ``cls.product``), for each of ``partners`` from ``[(date, untaxed amount)]``."""
        return cls.env["sale.order"].create([
            {
                "partner_id": partner.id,
                "state": state,
                "date_order": fields.Datetime.to_datetime(order_date).replace(hour=12),
                "order_line": [
                    Command.create(
                        {
                            "product_id": (product or cls.product).id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_ids": False,
                        }
                    )
                ],
            }
            for partner in partners
            for order_date, amount in dated_amounts
        ])

    @classmethod
    def _create_paid_invoice(cls, partner, invoice_date, due_date, payment_date, amount=1000.0):
        """Post a customer invoice due on ``due_date`` and pay it in full on ``payment_date``."""
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due_date,
                "invoice_line_ids": [
                    Command.create({"product_id": cls.product.id, "price_unit": amount, "tax_ids": False})
                ],
            }
        )
        invoice.action_post()
        if payment_date:
            cls.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": payment_date})._create_payments()
        return invoice
