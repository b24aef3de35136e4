"""Hostile input for the telephony endpoint and its PBX adapters (Hypothesis).

2,000 generated requests in the normal test command, 10,000 with FUZZ=1 (./run-tests --fuzz).
Expected for every request: no 5xx, a JSON body; invalid requests get a JSON error and create no
row; each valid call_id gives exactly one interaction however often it is sent. Integers beyond any
float, dates at both ends of the calendar in every offset, and dates in the future are refused
with a 400 and write nothing.
"""

import base64
import hashlib
import hmac
import json
import os
import secrets
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ENDPOINT = "/crm_callplan/calls"
FUZZ = os.environ.get("FUZZ", "") not in ("", "0")
EXAMPLES = 10000 if FUZZ else 2000
NASTY = [
    "'; DROP TABLE res_partner; --", "<script>alert(1)</script>", "\u202e\u0000", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "NaN",
    "1 OR 1=1", "%s%s%s", "{{7*7}}", "../../etc/passwd", "\ud7ff", "", " ", "+", "++7", "0" * 70,
]
PHONES = ["+7 495 123 45 67", "84951234567", "+44 20 7946 0958", "123", "phone", "+1 (555) 010-9999", ""]
DATES = ["2026-03-02T10:15:00", "2026-03-02T10:15:00+03:00", "2026-13-01T00:00:00", "yesterday", "0001-01-01",
         "2026-02-30", "9999-12-31T23:59:59"]

OFFSETS = ["", "Z", "+01:00", "-01:00", "+14:00", "-12:00", "+05:45"]
# integers no float holds (a 400-digit duration), either sign
huge_integers = st.one_of(st.integers(min_value=10**18, max_value=10**400), st.integers(max_value=-(10**18)))
# any date of the calendar in any offset, the ends (year 1 east of UTC, year 9999 west of it) included
any_dates = st.builds(
    lambda moment, offset: moment.isoformat() + offset,
    st.one_of(
        st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
        st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999999)]),
    ),
    st.sampled_from(OFFSETS),
)
# later than the endpoint's clock tolerance (ten minutes)
future_dates = st.builds(
    lambda ahead: (datetime.now(timezone.utc) + ahead).isoformat(),
    st.timedeltas(min_value=timedelta(minutes=15), max_value=timedelta(days=365 * 100)),
)
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=80))
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), text,
                   st.lists(st.integers(), max_size=3))
field_values = {
    "call_id": st.one_of(text, scalar),
    "phone": st.one_of(st.sampled_from(PHONES), text, scalar),
    "direction": st.one_of(st.sampled_from(["inbound", "outbound", "sideways"]), scalar),
    "started_at": st.one_of(st.sampled_from(DATES), any_dates, future_dates, scalar),
    "duration": st.one_of(
        st.integers(-10, 10**6), huge_integers, st.floats(allow_nan=True, allow_infinity=True), scalar
    ),
    "user": scalar, "source": scalar, "result": st.one_of(st.sampled_from(["reached", "order"]), scalar),
    "event": st.one_of(st.sampled_from(["ringing", "answered", "ended", "hangup"]), scalar),
    "activity_id": st.one_of(st.integers(-5, 2**40), scalar),
}
bodies = st.one_of(
    st.fixed_dictionaries({}, optional=field_values),
    st.dictionaries(text, scalar, max_size=5),
    scalar,
    st.just("x" * 40000),
)
keys = st.sampled_from(["valid", "wrong", None, "", "valid "])


@pytest.fixture(scope="module")
def endpoint(server, admin):
    key = secrets.token_urlsafe(24)
    company_id = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin.call("res.company", "write", [company_id], {"callplan_telephony_key": key})
    return {"url": f"{server.url}{ENDPOINT}", "key": key}


def storable(value):
    """Strings PostgreSQL can hold (no NUL, no lone surrogate): the only ones worth a lookup."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def count(admin, call_id):
    return admin.call("crm.card.interaction", "search_count", [("call_id", "=", call_id)])


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies, key=keys)
def test_fuzz_requests(endpoint, admin, body, key):
    """Any request: no 5xx, JSON back, and rows only for valid calls."""
    # A unique prefix keeps examples apart; invalid call ids still go through unchanged.
    if isinstance(body, dict) and isinstance(body.get("call_id"), str):
        body = dict(body, call_id=f"fz-{uuid.uuid4().hex[:8]}-{body['call_id']}"[:120])
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["Authorization"] = f"Bearer {endpoint['key'] if key == 'valid' else key}"
    if isinstance(body, str) and len(body) > 1000:
        data = body.encode()
    else:
        data = json.dumps(body, allow_nan=True).encode()
    response = requests.post(endpoint["url"], data=data, headers=headers, timeout=30)
    assert response.status_code < 500, response.text
    payload = response.json()
    call_id = body.get("call_id") if isinstance(body, dict) else None
    if response.status_code == 202:  # a ringing or answered call: a screen pop, nothing written
        assert body.get("event") in ("ringing", "answered")
        assert count(admin, call_id) == 0
    elif response.status_code in (200, 201):
        assert isinstance(payload.get("id"), int)
        assert count(admin, call_id) == 1
        again = requests.post(endpoint["url"], data=data, headers=headers, timeout=30)
        assert again.status_code == 200 and again.json()["id"] == payload["id"]
        assert count(admin, call_id) == 1
    else:
        assert response.status_code in (400, 401, 413)
        assert payload.get("error")
        if isinstance(call_id, str) and call_id and storable(call_id):
            assert count(admin, call_id) == 0


def _accepted_date(started_at):
    """Whether the endpoint may keep a call started then: a date of 1970-2100, not in the future."""
    if not isinstance(started_at, str):
        return started_at is None
    try:
        moment = datetime.fromisoformat(started_at.replace("Z", "+00:00"))
        moment = moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    except (ValueError, OverflowError):
        return False
    return 1970 <= moment.year <= 2100 and moment <= datetime.now(timezone.utc) + timedelta(minutes=10)


@settings(max_examples=EXAMPLES // 4, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    duration=st.one_of(st.integers(-10, 200000), huge_integers, st.floats(allow_nan=True, allow_infinity=True)),
    started_at=st.one_of(st.none(), any_dates, future_dates),
)
def test_fuzz_numbers_and_dates(endpoint, admin, duration, started_at):
    """An otherwise valid call with any number as duration and any date: no 5xx; kept only when both
    are sensible (0-172800 seconds, a past date of 1970-2100), else a JSON error and no row."""
    call_id = f"fn-{uuid.uuid4().hex[:12]}"
    body = {"call_id": call_id, "phone": "+7 495 123 45 67", "duration": duration, "started_at": started_at}
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {endpoint['key']}"}
    response = requests.post(endpoint["url"], data=json.dumps(body, allow_nan=True), headers=headers, timeout=30)
    assert response.status_code < 500, response.text
    sensible = 0 <= duration <= 172800 and _accepted_date(started_at)  # NaN compares False
    if sensible:
        assert response.status_code == 201, response.text
        assert count(admin, call_id) == 1
    else:
        assert response.status_code == 400, response.text
        assert response.json().get("error")
        assert count(admin, call_id) == 0


def _in_an_hour():
    return (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()


@pytest.mark.parametrize(
    "values",
    [
        {"duration": 10**400},
        {"duration": -(10**400)},
        {"duration": 2**64},
        {"started_at": "0001-01-01T00:00:00+01:00"},
        {"started_at": "9999-12-31T23:59:59-01:00"},
        {"started_at": "9999-12-31T23:59:59"},
        {"started_at": "2099-01-01T10:00:00+03:00"},
        {"started_at": _in_an_hour},
    ],
    ids=["duration-400-digits", "duration-minus-400-digits", "duration-2^64", "year-1-east", "year-9999-west",
         "year-9999", "2099", "in-an-hour"],
)
def test_overflow_extreme_and_future_values_refused(endpoint, admin, values):
    """A value that overflows, or a call dated at the calendar's ends or in the future: 400 JSON, no row."""
    values = {key: value() if callable(value) else value for key, value in values.items()}
    call_id = f"hv-{uuid.uuid4().hex[:12]}"
    body = {"call_id": call_id, "phone": "+7 495 123 45 67", **values}
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {endpoint['key']}"}
    response = requests.post(endpoint["url"], data=json.dumps(body), headers=headers, timeout=30)
    assert response.status_code == 400, response.text
    assert response.json().get("error")
    assert count(admin, call_id) == 0


# ----------------------------------------------------------------------
# PBX adapters: Zadarma and Mango Office notifications, signed and not
# ----------------------------------------------------------------------

ZADARMA_EVENTS = ["NOTIFY_START", "NOTIFY_INTERNAL", "NOTIFY_ANSWER", "NOTIFY_END", "NOTIFY_OUT_START",
                  "NOTIFY_OUT_END", "NOTIFY_RECORD", "NOTIFY_IVR", ""]
ZADARMA_SIGNED = {
    "NOTIFY_START": ("caller_id", "called_did", "call_start"),
    "NOTIFY_INTERNAL": ("caller_id", "called_did", "call_start"),
    "NOTIFY_ANSWER": ("caller_id", "destination", "call_start"),
    "NOTIFY_END": ("caller_id", "called_did", "call_start"),
    "NOTIFY_OUT_START": ("internal", "destination", "call_start"),
    "NOTIFY_OUT_END": ("internal", "destination", "call_start"),
}
form_text = st.one_of(st.sampled_from(NASTY + PHONES + DATES), st.text(max_size=40))
zadarma_forms = st.fixed_dictionaries(
    {"event": st.sampled_from(ZADARMA_EVENTS)},
    optional={
        "pbx_call_id": form_text,
        "caller_id": st.one_of(st.sampled_from(PHONES), form_text),
        "called_did": form_text,
        "destination": st.one_of(st.sampled_from(PHONES), form_text),
        "internal": form_text,
        "call_start": st.one_of(st.sampled_from(["2026-03-02 10:15:00", "0001-01-01 00:00:00",
                                                 "9999-12-31 23:59:59", "2099-01-01 00:00:00"]), form_text),
        "duration": st.one_of(st.integers(-5, 10**12).map(str), form_text),
        "disposition": form_text,
    },
)
mango_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), form_text),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(form_text, children, max_size=3)),
    max_leaves=8,
)
mango_party = st.fixed_dictionaries(
    {}, optional={"number": st.one_of(st.sampled_from(PHONES), mango_values), "extension": mango_values}
)
mango_payloads = st.one_of(
    st.fixed_dictionaries(
        {"entry_id": st.one_of(form_text, mango_values)},
        optional={
            "call_direction": st.one_of(st.sampled_from([0, 1, 2, 3]), mango_values),
            "call_state": st.one_of(st.sampled_from(["Appeared", "Connected", "Disconnected", "OnHold"]), mango_values),
            "from": st.one_of(mango_party, mango_values),
            "to": st.one_of(mango_party, mango_values),
            "timestamp": mango_values, "create_time": st.one_of(st.integers(-5, 2**40), mango_values),
            "talk_time": st.one_of(st.integers(-5, 2**40), mango_values),
            "end_time": st.one_of(st.integers(-5, 2**40), mango_values), "line_number": mango_values,
        },
    ),
    mango_values,
)


@pytest.fixture(scope="module")
def pbx(server, admin):
    secrets_ = {name: secrets.token_urlsafe(16) for name in ("zadarma", "key", "salt")}
    company_id = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin.call("res.company", "write", [company_id], {
        "callplan_zadarma_secret": secrets_["zadarma"],
        "callplan_mango_api_key": secrets_["key"],
        "callplan_mango_api_salt": secrets_["salt"],
    })
    return {"url": server.url, **secrets_}


def _interactions(admin):
    return admin.call("crm.card.interaction", "search_count", [])


@settings(max_examples=EXAMPLES // 4, deadline=None, suppress_health_check=list(HealthCheck))
@given(form=zadarma_forms, signed=st.booleans())
def test_fuzz_zadarma(pbx, admin, form, signed):
    """Any Zadarma notification, signed or not: no 5xx, JSON back; unsigned ones write nothing;
    a signed end is one interaction however often it is sent."""
    if form.get("pbx_call_id"):
        form = dict(form, pbx_call_id=f"zf-{uuid.uuid4().hex[:8]}-{form['pbx_call_id']}"[:120])
    message = "".join(form.get(name, "") for name in ZADARMA_SIGNED.get(form["event"], ()))
    digest = hmac.new(pbx["zadarma"].encode(), message.encode("utf-8", "surrogatepass"), hashlib.sha1).hexdigest()
    headers = {"Signature": base64.b64encode(digest.encode()).decode() if signed else "forged"}
    data = "&".join(f"{k}={requests.utils.quote(v.encode('utf-8', 'surrogatepass'), safe='')}" for k, v in form.items())
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    before = _interactions(admin)
    response = requests.post(f"{pbx['url']}/crm_callplan/calls/zadarma", data=data, headers=headers, timeout=30)
    assert response.status_code < 500, response.text
    response.json()
    if response.status_code == 201:
        assert signed and form["event"] in ("NOTIFY_END", "NOTIFY_OUT_END")
        again = requests.post(f"{pbx['url']}/crm_callplan/calls/zadarma", data=data, headers=headers, timeout=30)
        assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
        assert _interactions(admin) == before + 1
    else:
        assert response.status_code in (200, 202, 400, 401, 413), response.text
        assert _interactions(admin) == before


@settings(max_examples=EXAMPLES // 4, deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=mango_payloads, notification=st.sampled_from(["events/summary", "events/call", "ping"]),
       signed=st.booleans())
def test_fuzz_mango(pbx, admin, payload, notification, signed):
    """Any Mango Office notification, signed or not: no 5xx, JSON back; unsigned ones write nothing."""
    if isinstance(payload, dict) and isinstance(payload.get("entry_id"), str):
        payload = dict(payload, entry_id=f"mf-{uuid.uuid4().hex[:8]}-{payload['entry_id']}"[:120])
    data = json.dumps(payload)
    key = pbx["key"] if signed else "forged"
    sign = hashlib.sha256((key + data + pbx["salt"]).encode("utf-8", "surrogatepass")).hexdigest()
    form = {"vpbx_api_key": key, "sign": sign, "json": data}
    before = _interactions(admin)
    response = requests.post(f"{pbx['url']}/crm_callplan/calls/mango/{notification}", data=form, timeout=30)
    assert response.status_code < 500, response.text
    response.json()
    if response.status_code == 201:
        assert signed and notification == "events/summary"
        assert _interactions(admin) == before + 1
    else:
        assert response.status_code in (200, 202, 400, 401, 413), response.text
        assert _interactions(admin) == before
