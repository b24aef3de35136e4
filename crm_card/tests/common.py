from odoo.tests import new_test_user

from odoo.addons.base.tests.common import TransactionCaseWithUserDemo


class CrmCardCommon(TransactionCaseWithUserDemo):
    """Shared data for client card tests.

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
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
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
