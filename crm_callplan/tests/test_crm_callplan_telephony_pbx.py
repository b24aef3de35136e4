import base64
import hashlib
import hmac
import json
from pathlib import Path
from urllib.parse import urlencode

from odoo.tests import tagged

from .common_telephony import TelephonyCommon

FIXTURES = Path(__file__).parent / "fixtures"
ZADARMA_SECRET = "zadarma-secret-for-tests"
MANGO_KEY, MANGO_SALT = "mango-vpbx-key-for-tests", "mango-salt-for-tests"
SIGNED = {
    "NOTIFY_START": ("caller_id", "called_did", "call_start"),
    "NOTIFY_INTERNAL": ("caller_id", "called_did", "call_start"),
    "NOTIFY_ANSWER": ("caller_id", "destination", "call_start"),
    "NOTIFY_END": ("caller_id", "called_did", "call_start"),
    "NOTIFY_OUT_START": ("internal", "destination", "call_start"),
    "NOTIFY_OUT_END": ("internal", "destination", "call_start"),
}


def zadarma_signature(form, secret=ZADARMA_SECRET):
    """As Zadarma's PHP sample: base64_encode(hash_hmac('sha1', <signed fields>, secret)) (hex digest)."""
    message = "".join(form.get(name, "") for name in SIGNED[form["event"]])
    return base64.b64encode(hmac.new(secret.encode(), message.encode(), hashlib.sha1).hexdigest().encode()).decode()


def mango_form(payload, key=MANGO_KEY, salt=MANGO_SALT):
    """As Mango Office signs: sign = sha256(vpbx_api_key + json + salt), hexadecimal."""
    data = json.dumps(payload)
    return {"vpbx_api_key": key, "sign": hashlib.sha256((key + data + salt).encode()).hexdigest(), "json": data}


@tagged("crm_callplan", "crm_callplan_telephony", "post_install", "-at_install")
class TestTelephonyPbx(TelephonyCommon):
    """Zadarma's and Mango Office's notifications, mapped onto the endpoint's own format.

    Who is who: ``seller`` (extension 101) owning ``client`` (+7 495 123-45-67); the company in
    Moscow time with the Zadarma secret, the Mango Office key and salt and our own telephony key;
    the dialled number 8 800 555-35-35 is the ``source`` "Newspaper ad".
    """

    seller_login = "cp_pbx_seller"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Europe/Moscow"
        cls.company.write({
            "callplan_zadarma_secret": ZADARMA_SECRET,
            "callplan_mango_api_key": MANGO_KEY,
            "callplan_mango_api_salt": MANGO_SALT,
        })
        cls.source = cls._make_dialled_source()
        cls.zadarma = json.loads((FIXTURES / "zadarma_notifications.json").read_text())
        cls.mango = json.loads((FIXTURES / "mango_notifications.json").read_text())

    def _zadarma(self, form, signature=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Signature": zadarma_signature(form) if signature is None else signature}
        return self.url_open("/crm_callplan/calls/zadarma", data=urlencode(form), headers=headers)

    def _mango(self, notification, form):
        return self.url_open(
            f"/crm_callplan/calls/mango/{notification}", data=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def _ours(self, **body):
        """The same call posted in our own format, with the company's key."""
        return self._post(body)

    def _same(self, vendor, ours):
        fields = ["partner_id", "contact_id", "user_id", "company_id", "kind", "direction", "date", "duration",
                  "source_id", "result_id", "callplan_phone"]
        self.assertEqual(len(vendor), 1)
        self.assertEqual(vendor.read(fields)[0] | {"id": 0}, ours.read(fields)[0] | {"id": 0})

    def _pops(self):
        notes = self.env["bus.bus"].sudo().search([("message", "like", "crm_callplan/incoming_call")], order="id")
        return [json.loads(note.message)["payload"]["event"] for note in notes]

    def test_zadarma_inbound_call(self):
        """NOTIFY_START/INTERNAL/ANSWER pop up and write nothing; NOTIFY_END registers the call as
        our own format would, once."""
        for event in ("NOTIFY_START", "NOTIFY_INTERNAL", "NOTIFY_ANSWER"):
            response = self._zadarma(self.zadarma[event])
            self.assertEqual(response.status_code, 202, f"{event}: {response.text}")
        self.assertFalse(self._interactions("in_7b4e1c2a9f0d4e55"))
        self.assertEqual(self._pops(), ["ringing", "ringing", "answered"])
        response = self._zadarma(self.zadarma["NOTIFY_END"])
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self._zadarma(self.zadarma["NOTIFY_END"]).status_code, 200, "a repeated end is one call")
        ours = self._ours(call_id="ours-in", phone="74951234567", direction="inbound", user="101",
                          started_at="2026-03-02T10:15:00+03:00", duration=90, source="78005553535", result="reached")
        self.assertEqual(ours.status_code, 201, ours.text)
        vendor = self._interactions("in_7b4e1c2a9f0d4e55")
        self._same(vendor, self._interactions("ours-in"))
        self.assertEqual((vendor.partner_id, vendor.user_id, vendor.source_id), (self.client, self.seller, self.source))
        self.assertEqual(str(vendor.date), "2026-03-02 07:15:00")

    def test_zadarma_outbound_call(self):
        """NOTIFY_OUT_START pops up, NOTIFY_OUT_END registers an outbound call not reached."""
        self.assertEqual(self._zadarma(self.zadarma["NOTIFY_OUT_START"]).status_code, 202)
        response = self._zadarma(self.zadarma["NOTIFY_OUT_END"])
        self.assertEqual(response.status_code, 201, response.text)
        ours = self._ours(call_id="ours-out", phone="74951234567", direction="outbound", user="101",
                          started_at="2026-03-02T11:00:00+03:00", duration=45, result="no_answer")
        self.assertEqual(ours.status_code, 201, ours.text)
        self._same(self._interactions("out_2c9a5d7e1b3f4a60"), self._interactions("ours-out"))

    def test_zadarma_refusals(self):
        """A wrong or missing signature gets 401, hostile fields 400/413, and nothing is written;
        the address check (zd_echo) is answered, other notifications are ignored."""
        end = self.zadarma["NOTIFY_END"]
        for signature in ("", "nope", zadarma_signature(end, secret="another-secret")):
            response = self._zadarma(end, signature=signature)
            self.assertEqual(response.status_code, 401, response.text)
        tampered = dict(end, duration="1")  # the duration is not signed, but the caller is:
        tampered_caller = dict(end, caller_id="74950000000")
        self.assertEqual(self._zadarma(tampered_caller, signature=zadarma_signature(end)).status_code, 401)
        for label, form in [
            ("bad date", dict(end, call_start="yesterday")),
            ("bad duration", dict(end, duration="-5")),
            ("huge duration", dict(end, duration="9" * 40)),
            ("no call id", {k: v for k, v in end.items() if k != "pbx_call_id"}),
            ("bad phone", dict(end, caller_id="hello")),
            ("year 1", dict(end, call_start="0001-01-01 00:00:00")),
        ]:
            with self.subTest(label):
                response = self._zadarma(form)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn("error", response.json())
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Signature": zadarma_signature(end)}
        twice = urlencode(end) + "&caller_id=74950000000"
        self.assertEqual(self.url_open("/crm_callplan/calls/zadarma", data=twice, headers=headers).status_code, 400)
        not_utf8 = b"event=NOTIFY_END&caller_id=\xff"
        self.assertEqual(self.url_open("/crm_callplan/calls/zadarma", data=not_utf8, headers=headers).status_code, 400)
        huge = self._zadarma(dict(end, call_id_with_rec="x" * 20000))
        self.assertEqual(huge.status_code, 413)
        self.assertFalse(self._interactions("in_7b4e1c2a9f0d4e55"))
        self.assertEqual(self.url_open("/crm_callplan/calls/zadarma?zd_echo=abc123").text, "abc123")
        self.assertEqual(self.url_open("/crm_callplan/calls/zadarma?zd_echo=<script>").status_code, 400)
        record = self._zadarma({"event": "NOTIFY_RECORD", "pbx_call_id": "x"}, signature="whatever")
        self.assertEqual((record.status_code, "ignored" in record.json()), (200, True))
        self.assertEqual(self._zadarma(tampered).status_code, 201)

    def test_mango_calls(self):
        """events/call rings and answers without writing; events/summary registers inbound and
        outbound calls as our own format would; internal calls and Disconnected are ignored."""
        for sample, expected in (("call_appeared", 202), ("call_connected", 202), ("call_disconnected", 200)):
            response = self._mango("events/call", mango_form(self.mango[sample]))
            self.assertEqual(response.status_code, expected, f"{sample}: {response.text}")
        self.assertEqual(self._pops(), ["ringing", "answered"])
        entry = self.mango["summary_inbound"]["entry_id"]
        self.assertFalse(self._interactions(entry))
        response = self._mango("events/summary", mango_form(self.mango["summary_inbound"]))
        self.assertEqual(response.status_code, 201, response.text)
        ours = self._ours(call_id="ours-mango-in", phone="74951234567", direction="inbound", user="101",
                          started_at="2026-03-02T07:15:00Z", duration=90, source="78005553535", result="reached")
        self._same(self._interactions(entry), self._interactions("ours-mango-in"))
        response = self._mango("events/summary", mango_form(self.mango["summary_outbound"]))
        self.assertEqual(response.status_code, 201, response.text)
        ours = self._ours(call_id="ours-mango-out", phone="74951234567", direction="outbound", user="101",
                          started_at="2026-03-02T08:00:00Z", duration=0, result="no_answer")
        self.assertEqual(ours.status_code, 201, ours.text)
        self._same(self._interactions(self.mango["summary_outbound"]["entry_id"]), self._interactions("ours-mango-out"))
        internal = self._mango("events/summary", mango_form(self.mango["summary_internal"]))
        self.assertEqual(internal.status_code, 200)
        self.assertFalse(self._interactions(self.mango["summary_internal"]["entry_id"]))
        self.assertEqual(self._mango("ping", mango_form({})).status_code, 200)

    def test_mango_refusals(self):
        """A wrong key, salt or signature gets 401; hostile JSON gets 400; nothing is written."""
        summary = self.mango["summary_inbound"]
        for form in (mango_form(summary, key="other"), mango_form(summary, salt="other"),
                     dict(mango_form(summary), sign="0" * 64), {"json": json.dumps(summary)}):
            response = self._mango("events/summary", form)
            self.assertEqual(response.status_code, 401, response.text)
        for label, payload in [
            ("not json", "{nope"),
            ("a list", [1, 2]),
            ("from not an object", dict(summary, **{"from": "74951234567"})),
            ("bad time", dict(summary, create_time="yesterday")),
            ("huge time", dict(summary, end_time=10**30)),
            ("no entry", {k: v for k, v in summary.items() if k != "entry_id"}),
            ("number not a string", dict(summary, **{"from": {"number": 74951234567}})),
            ("deep", json.loads("[" * 50 + "]" * 50)),
            ("direction a list", dict(summary, call_direction=[1])),
            ("direction a string", dict(summary, call_direction="1")),
        ]:
            with self.subTest(label):
                data = payload if isinstance(payload, str) else json.dumps(payload)
                form = {"vpbx_api_key": MANGO_KEY, "json": data,
                        "sign": hashlib.sha256((MANGO_KEY + data + MANGO_SALT).encode()).hexdigest()}
                response = self._mango("events/summary", form)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn("error", response.json())
        for state in (["Appeared"], {"a": 1}, None):  # found by the fuzz test: a list crashed the lookup
            form = mango_form(dict(self.mango["call_appeared"], call_state=state))
            response = self._mango("events/call", form)
            self.assertEqual(response.status_code, 400, response.text)
        self.assertFalse(self._interactions(summary["entry_id"]))
