"""Adapters of real PBX webhooks to the telephony endpoint.

Each adapter checks its vendor's signature against the secrets kept per company, maps the
vendor's payload to the endpoint's own format and hands it to the same checks (``_values``) and
the same registration (``_register``) as ``POST /crm_callplan/calls``: only the parsing differs.

- Zadarma (``/crm_callplan/calls/zadarma``): PBX notifications NOTIFY_START, NOTIFY_INTERNAL,
  NOTIFY_ANSWER, NOTIFY_END, NOTIFY_OUT_START, NOTIFY_OUT_END as documented for API v1 (form
  fields, header ``Signature`` = base64 of the hexadecimal HMAC-SHA1 of the fields the event
  signs, keyed with the API secret, as PHP's ``base64_encode(hash_hmac('sha1', ...))``).
- Mango Office (``/crm_callplan/calls/mango/events/call`` and ``.../events/summary``): VPBX API
  notifications (form fields ``vpbx_api_key``, ``sign`` = hexadecimal SHA-256 of
  ``vpbx_api_key + json + salt``, ``json``).
"""

import base64
import hashlib
import hmac
import json
import re
from datetime import datetime, timezone
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from odoo import SUPERUSER_ID, http
from odoo.http import request

from .main import BadRequest, Caller, CallplanTelephonyController, _json

ZADARMA_SIGNED = {
    # event: (our event, direction, fields signed in this order)
    "NOTIFY_START": ("ringing", "inbound", ("caller_id", "called_did", "call_start")),
    "NOTIFY_INTERNAL": ("ringing", "inbound", ("caller_id", "called_did", "call_start")),
    "NOTIFY_ANSWER": ("answered", "inbound", ("caller_id", "destination", "call_start")),
    "NOTIFY_END": ("ended", "inbound", ("caller_id", "called_did", "call_start")),
    "NOTIFY_OUT_START": ("ringing", "outbound", ("internal", "destination", "call_start")),
    "NOTIFY_OUT_END": ("ended", "outbound", ("internal", "destination", "call_start")),
}
ZD_ECHO = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Mango Office call_direction of a summary: 1 inbound, 2 outbound (0 internal, 3 external-to-external)
MANGO_DIRECTIONS = {1: "inbound", 2: "outbound"}
MANGO_CALL_STATES = {"Appeared": "ringing", "Connected": "answered"}


def _form(raw):
    """A urlencoded body as a dict of single strings; a field given twice is refused.

    The web framework may have parsed the form already (then the body reads empty): its fields
    are taken then, checked the same way."""
    if raw:
        try:
            fields = parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=64)
        except (UnicodeDecodeError, ValueError) as error:
            raise BadRequest("body must be a form (application/x-www-form-urlencoded)") from error
    else:
        form = request.httprequest.form
        if len(form) > 64:
            raise BadRequest("too many form fields")
        fields = {key: form.getlist(key) for key in form}
    if any(len(values) > 1 for values in fields.values()):
        raise BadRequest("a form field is given more than once")
    if any("\x00" in values[0] or "\ufffd" in values[0] for values in fields.values()):
        raise BadRequest("a form field contains forbidden characters")
    return {key: values[0] for key, values in fields.items()}


def _ignored(reason):
    return _json({"ignored": reason}, 200)


class CallplanPbxController(CallplanTelephonyController):
    def _pbx_call(self, handler):
        try:
            if not request.db:
                return _json({"error": "no database selected"}, 404)
            return handler()
        except BadRequest as error:
            request.env.cr.rollback()
            return _json({"error": str(error)}, error.status)

    def _pbx_secrets(self):
        return request.env(user=SUPERUSER_ID)["res.company"]._callplan_pbx_secrets()

    # ------------------------------------------------------------------ Zadarma

    @http.route(
        "/crm_callplan/calls/zadarma",
        type="http",
        auth="none",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def post_zadarma(self, **_kwargs):
        if request.httprequest.method == "GET":
            # Zadarma checks the address by sending ?zd_echo=<value> and expecting it back
            echo = request.httprequest.args.get("zd_echo", "")
            if not ZD_ECHO.match(echo):
                return _json({"error": "unknown request"}, 400)
            return request.make_response(echo, headers=[("Content-Type", "text/plain")])
        return self._pbx_call(self._zadarma)

    def _zadarma(self):
        form = _form(self._read_body())
        event = form.get("event", "")
        if event not in ZADARMA_SIGNED:  # nothing is read nor written for them
            return _ignored(f"event {event[:40]!r} is not a call event")
        our_event, direction, signed = ZADARMA_SIGNED[event]
        caller = self._zadarma_caller(form, signed)
        external = form.get("destination") if direction == "outbound" else form.get("caller_id")
        body = {
            "call_id": form.get("pbx_call_id"),
            "phone": external,
            "direction": direction,
            "event": our_event,
            "started_at": self._zadarma_date(form.get("call_start"), caller.tz),
            "user": form.get("internal") or None,
        }
        if direction == "inbound" and form.get("called_did"):
            body["source"] = form["called_did"]
        if our_event == "ended":
            body["duration"] = self._number(form.get("duration"), "duration")
            disposition = form.get("disposition")
            if disposition:
                body["result"] = "reached" if disposition == "answered" else "no_answer"
        return self._register(caller, self._values(body))

    def _zadarma_caller(self, form, signed):
        signature = request.httprequest.headers.get("Signature", "")
        if not signature or len(signature) > 256:
            raise BadRequest("invalid or missing signature", 401)
        message = "".join(form.get(name, "") for name in signed).encode()
        found = None
        for company_id, country, tz, secret, _mango_key, _mango_salt in self._pbx_secrets():
            if not secret:
                continue
            digest = hmac.new(secret.encode(), message, hashlib.sha1).hexdigest()
            expected = base64.b64encode(digest.encode()).decode()
            # compare with every secret in constant time; never stop early
            if hmac.compare_digest(expected.encode(), signature.encode()) and not found:
                found = Caller((company_id,), country, tz)
        if not found:
            raise BadRequest("invalid or missing signature", 401)
        return found

    def _zadarma_date(self, value, tz):
        """Zadarma dates the call in the PBX's time zone ('YYYY-MM-DD HH:MM:SS'); the company's
        time zone is taken for it."""
        if not value:
            return None
        try:
            moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            zone = ZoneInfo(tz or "UTC")
        except (ValueError, ZoneInfoNotFoundError) as error:
            raise BadRequest("'call_start' must be a date and time 'YYYY-MM-DD HH:MM:SS'") from error
        try:
            return moment.replace(tzinfo=zone).isoformat()
        except (OverflowError, ValueError) as error:
            raise BadRequest("'call_start' is out of range") from error

    @staticmethod
    def _number(value, name):
        if value in (None, ""):
            return None
        if not re.fullmatch(r"\d{1,9}", value):
            raise BadRequest(f"'{name}' must be a whole number of seconds")
        return int(value)

    # ------------------------------------------------------------------ Mango Office

    @http.route(
        "/crm_callplan/calls/mango/<path:notification>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def post_mango(self, notification, **_kwargs):
        return self._pbx_call(lambda: self._mango(notification))

    def _mango(self, notification):
        form = _form(self._read_body())
        caller = self._mango_caller(form)
        try:
            payload = json.loads(form.get("json", ""))
        except (ValueError, RecursionError) as error:
            raise BadRequest("'json' must be a JSON object") from error
        if not isinstance(payload, dict):
            raise BadRequest("'json' must be a JSON object")
        if notification == "events/summary":
            body = self._mango_summary(payload)
        elif notification == "events/call":
            body = self._mango_call(payload)
        else:
            return _ignored(f"notification {notification[:40]!r} is not a call event")
        if body is None:
            return _ignored("not a call with an outside number")
        return self._register(caller, self._values(body))

    def _mango_caller(self, form):
        api_key, sign = form.get("vpbx_api_key", ""), form.get("sign", "")
        if not api_key or not sign or len(api_key) > 256 or len(sign) > 256:
            raise BadRequest("invalid or missing signature", 401)
        found = None
        for company_id, country, tz, _secret, mango_key, mango_salt in self._pbx_secrets():
            if not (mango_key and mango_salt):
                continue
            expected = hashlib.sha256((mango_key + form.get("json", "") + mango_salt).encode()).hexdigest()
            match = hmac.compare_digest(mango_key.encode(), api_key.encode())
            match &= hmac.compare_digest(expected.encode(), sign.lower().encode())
            if match and not found:
                found = Caller((company_id,), country, tz)
        if not found:
            raise BadRequest("invalid or missing signature", 401)
        return found

    @staticmethod
    def _party(payload, side):
        party = payload.get(side)
        if party is None:
            return {}
        if not isinstance(party, dict):
            raise BadRequest(f"'{side}' must be an object")
        return party

    @staticmethod
    def _timestamp(value, name):
        if value in (None, 0):
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 4102444800:
            raise BadRequest(f"'{name}' must be a Unix time")
        return datetime.fromtimestamp(value, timezone.utc).isoformat()

    def _mango_direction(self, payload):
        """(direction, outside party, our extension party) of a call, or None for an internal one."""
        source, target = self._party(payload, "from"), self._party(payload, "to")
        if source.get("extension") and not target.get("extension"):
            return "outbound", target, source
        if target.get("extension") or not source.get("extension"):
            return "inbound", source, target
        return None

    def _mango_call(self, payload):
        """events/call: Appeared rings, Connected is answered; Disconnected waits for the summary."""
        state = payload.get("call_state")
        if not isinstance(state, str):
            raise BadRequest("'call_state' must be a string")
        event = MANGO_CALL_STATES.get(state)
        found = self._mango_direction(payload)
        if not event or not found:
            return None
        direction, outside, inside = found
        return {
            "call_id": payload.get("entry_id"),
            "phone": outside.get("number"),
            "direction": direction,
            "event": event,
            "started_at": self._timestamp(payload.get("timestamp"), "timestamp"),
            "user": inside.get("extension"),
        }

    def _mango_summary(self, payload):
        """events/summary: the call has ended; the talk lasted from talk_time to end_time."""
        code = payload.get("call_direction")
        if isinstance(code, bool) or not isinstance(code, int):
            raise BadRequest("'call_direction' must be a number")
        direction = MANGO_DIRECTIONS.get(code)
        if not direction:
            return None
        source, target = self._party(payload, "from"), self._party(payload, "to")
        outside, inside = (source, target) if direction == "inbound" else (target, source)
        talk, end = payload.get("talk_time"), payload.get("end_time")
        self._timestamp(talk, "talk_time")
        self._timestamp(end, "end_time")
        body = {
            "call_id": payload.get("entry_id"),
            "phone": outside.get("number"),
            "direction": direction,
            "event": "ended",
            "started_at": self._timestamp(payload.get("create_time"), "create_time"),
            "duration": max(end - talk, 0) if talk and end else 0,
            "user": inside.get("extension"),
            "result": "reached" if talk else "no_answer",
        }
        if direction == "inbound" and payload.get("line_number"):
            body["source"] = payload["line_number"]
        return body
