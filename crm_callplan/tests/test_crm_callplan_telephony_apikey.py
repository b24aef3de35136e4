from odoo import Command
from odoo.tests import new_test_user, tagged

from .common_telephony import TelephonyCommon


@tagged("crm_callplan", "crm_callplan_telephony", "post_install", "-at_install")
class TestTelephonyApiKey(TelephonyCommon):
    """An integration user's Odoo API key in place of the company's telephony key.

    Who is who: ``robot`` (Sales user, all documents, main company) with an API key, ``clerk``
    (internal user without sales rights) with an API key, ``own_robot`` (Sales user limited to
    own clients), ``client`` of the main company with its salesperson ``seller`` (extension 101),
    ``branch`` a second company with its own client ``branch_client`` and its robot
    ``branch_robot``.
    """

    seller_login = "cp_ak_seller"
    call_defaults = {"call_id": "ak-1", "phone": "8 495 123 45 67", "started_at": "2026-03-02T10:15:00+03:00",
                     "duration": 60, "user": "101"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create({"name": "Kazan Branch", "country_id": cls.env.ref("base.ru").id})
        cls.seller.company_ids = [Command.link(cls.branch.id)]
        cls.robot = new_test_user(cls.env, "cp_ak_robot", groups="sales_team.group_sale_salesman_all_leads")
        cls.own_robot = new_test_user(
            cls.env, "cp_ak_own", groups="sales_team.group_sale_salesman,crm_card.group_crm_card_own_clients"
        )
        cls.branch_robot = new_test_user(
            cls.env, "cp_ak_branch", groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.branch.id, company_ids=[Command.set(cls.branch.ids)],
        )
        cls.client.company_id = cls.company
        cls.branch_client = cls._make_telephony_client("Kama Steel JSC", "+7 (843) 222-33-44", company_id=cls.branch.id)
        cls.keys = {
            user: cls.env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", "Telephony", None)
            for user in (cls.robot, cls.clerk, cls.own_robot, cls.branch_robot)
        }

    def test_api_key_registers_call_as_its_user(self):
        """A Sales user's API key registers the call with that user as author, matched as usual."""
        response = self._post(self._call(call_id="ak-ok"), self.keys[self.robot])
        self.assertEqual(response.status_code, 201, response.text)
        interaction = self._interactions("ak-ok")
        self.assertEqual(interaction.id, response.json()["id"])
        self.assertEqual(interaction.partner_id, self.client)
        self.assertEqual(interaction.user_id, self.seller)
        self.assertEqual(interaction.create_uid, self.robot)
        self.assertEqual(interaction.company_id, self.company)
        again = self._post(self._call(call_id="ak-ok"), self.keys[self.robot])
        self.assertEqual(again.json(), {"id": interaction.id, "duplicate": True})
        # the company key keeps working next to it
        response = self._post(self._call(call_id="ak-company-key"))
        self.assertEqual(response.status_code, 201, response.text)

    def test_wrong_or_revoked_api_key(self):
        """A wrong key, a key of an archived user or a key of another scope gets 401 and writes nothing."""
        wrong = self.keys[self.robot][:-4] + "0000"
        other_scope = self.env["res.users.apikeys"].with_user(self.robot).sudo()._generate("other", "X", None)
        for key in (wrong, other_scope):
            response = self._post(self._call(call_id="ak-wrong"), key)
            self.assertEqual(response.status_code, 401, response.text)
        self.robot.active = False
        response = self._post(self._call(call_id="ak-wrong"), self.keys[self.robot])
        self.assertEqual(response.status_code, 401, response.text)
        self.assertFalse(self._interactions("ak-wrong"))

    def test_user_without_rights_refused(self):
        """An internal user without the Sales user right gets 403 and writes nothing."""
        response = self._post(self._call(call_id="ak-clerk"), self.keys[self.clerk])
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("error", response.json())
        self.assertFalse(self._interactions("ak-clerk"))

    def test_record_rules_of_the_user_apply(self):
        """A user limited to own clients may not log a call of a colleague's client: 403, nothing written."""
        response = self._post(self._call(call_id="ak-own"), self.keys[self.own_robot])
        self.assertEqual(response.status_code, 403, response.text)
        self.assertFalse(self._interactions("ak-own"))
        self.client.user_id = self.own_robot
        response = self._post(self._call(call_id="ak-own", user=None), self.keys[self.own_robot])
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self._interactions("ak-own").partner_id, self.client)

    def test_company_scoping(self):
        """The call is matched within the key user's companies only and filed in the caller's company."""
        phone = "8 843 222 33 44"
        response = self._post(self._call(call_id="ak-main", phone=phone), self.keys[self.robot])
        self.assertEqual(response.status_code, 201, response.text)
        main = self._interactions("ak-main")
        self.assertFalse(main.partner_id, "a client of another company is not matched")
        self.assertEqual(main.company_id, self.company)
        response = self._post(self._call(call_id="ak-branch", phone=phone), self.keys[self.branch_robot])
        self.assertEqual(response.status_code, 201, response.text)
        branch = self._interactions("ak-branch")
        self.assertEqual(branch.partner_id, self.branch_client)
        self.assertEqual(branch.company_id, self.branch)
        self.assertEqual(branch.user_id, self.seller)
        # the main company's client is not found with the branch's key either
        response = self._post(self._call(call_id="ak-branch-2"), self.keys[self.branch_robot])
        self.assertEqual(response.status_code, 201, response.text)
        self.assertFalse(self._interactions("ak-branch-2").partner_id)
        self.assertEqual(self._interactions("ak-branch-2").company_id, self.branch)
