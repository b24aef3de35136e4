import json

from odoo.tests import HttpCase, new_test_user

from .common import CallplanCommon

URL = "/crm_callplan/calls"


class TelephonyCommon(HttpCase, CallplanCommon):
    """Shared data of the telephony endpoint's tests, on top of :class:`CallplanCommon`.

    Who is who (each test class may rename the seller, its extension, the key and the client
    through the class attributes below):
      company -- BaseCommon's company, in Russia (national numbers read as Russian), with the
                 telephony key ``telephony_key``
      seller  -- Salesperson (all documents), login ``seller_login``, extension ``seller_extension``
      client  -- CrmCardCommon's client company, named ``client_name``, given to ``seller`` and
                 reached at the phone ``client_phone``
    """

    telephony_key = "s3cret-key-for-tests"
    seller_login, seller_extension = "cp_tel_seller", "101"
    client_name, client_phone = "Volga Trade LLC", "+7 (495) 123-45-67"
    # the body of a call posted by _call(), before the values a test gives
    call_defaults = {
        "call_id": "c-1",
        "phone": "8 495 123 45 67",
        "direction": "inbound",
        "started_at": "2026-03-02T10:15:00+03:00",
        "duration": 90,
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.ru")
        cls.company.callplan_telephony_key = cls.telephony_key
        cls.seller = cls._make_telephony_user(cls.seller_login, cls.seller_extension)
        cls.client.write({"name": cls.client_name, "phone": cls.client_phone, "user_id": cls.seller.id})

    @classmethod
    def _make_telephony_user(cls, login, extension, groups="sales_team.group_sale_salesman_all_leads", **values):
        return new_test_user(cls.env, login, groups=groups, callplan_extension=extension, **values)

    @classmethod
    def _make_telephony_client(cls, name, phone, user=None, **values):
        """A client company of ``user`` (the seller by default) reached at ``phone``."""
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "phone": phone, "user_id": (user or cls.seller).id, **values}
        )

    @classmethod
    def _make_dialled_source(cls, name="Newspaper ad", number="+7 800 555 35 35"):
        """The marketing source a call to ``number`` came through."""
        source = cls.env["utm.source"].create({"name": name})
        cls.env["crm.callplan.source.number"].create({"number": number, "source_id": source.id})
        return source

    def _call(self, **values):
        """The JSON body of a call: ``call_defaults`` with ``values`` over them (None is sent as null)."""
        return {**self.call_defaults, **values}

    def _post(self, body, key=None, raw=None):
        """Post ``body`` (or the ``raw`` bytes) to the endpoint with ``key`` as bearer token: the
        company's key by default, no Authorization header when ``key`` is ``False``."""
        headers = {"Content-Type": "application/json"}
        key = self.telephony_key if key is None else key
        if key is not False:
            headers["Authorization"] = f"Bearer {key}"
        data = raw if raw is not None else json.dumps(body)
        return self.url_open(URL, data=data, headers=headers)

    def _post_call(self, **values):
        """Post the call ``_call(**values)`` with the company's key."""
        return self._post(self._call(**values))

    def _interactions(self, call_id):
        return self.env["crm.card.interaction"].search([("call_id", "=", call_id)])
