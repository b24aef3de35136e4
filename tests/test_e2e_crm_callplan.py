"""End-to-end: a telephony system posts calls to /crm_callplan/calls, an integrator reads them back."""

import secrets
import uuid

import pytest
import requests

ENDPOINT = "/crm_callplan/calls"


@pytest.fixture(scope="module")
def telephony(server, admin):
    """Set a fresh telephony key on the admin's company (over JSON-RPC) and a client to call."""
    key = secrets.token_urlsafe(24)
    company_id = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin.call("res.company", "write", [company_id], {"callplan_telephony_key": key})
    phone = "+7 495 %03d %02d %02d" % (secrets.randbelow(1000), secrets.randbelow(100), secrets.randbelow(100))
    partner_id = admin.call("res.partner", "create", [{"name": "E2E Volga Trade", "is_company": True,
                                                        "phone": phone}])[0]
    return {"key": key, "company_id": company_id, "partner_id": partner_id, "phone": phone}


def post(server, body, key):
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    return requests.post(f"{server.url}{ENDPOINT}", json=body, headers=headers, timeout=30)


def test_call_is_registered_and_read_back(server, admin, telephony):
    """A posted call becomes one interaction on the client, readable over JSON-RPC."""
    call_id = f"e2e-{uuid.uuid4()}"
    digits = "".join(ch for ch in telephony["phone"] if ch.isdigit())
    # the same number written another way: +7 (495) 123-45-67
    other_format = f"+{digits[0]} ({digits[1:4]}) {digits[4:7]}-{digits[7:9]}-{digits[9:]}"
    body = {"call_id": call_id, "phone": other_format, "direction": "inbound",
            "started_at": "2026-05-04T09:30:00Z", "duration": 125, "result": "reached"}
    response = post(server, body, telephony["key"])
    assert response.status_code == 201, response.text
    interaction_id = response.json()["id"]
    record = admin.call("crm.card.interaction", "read", [interaction_id],
                        ["partner_id", "kind", "direction", "call_id", "duration", "result_id", "date"])[0]
    assert record["partner_id"][0] == telephony["partner_id"]
    assert record["kind"] == "call" and record["direction"] == "inbound"
    assert record["call_id"] == call_id
    assert record["date"] == "2026-05-04 09:30:00"
    assert record["result_id"][0] == admin.ref("crm_card.crm_card_interaction_result_reached")

    again = post(server, body, telephony["key"])
    assert again.status_code == 200
    assert again.json() == {"id": interaction_id, "duplicate": True}
    assert admin.call("crm.card.interaction", "search_count", [("call_id", "=", call_id)]) == 1


def test_wrong_key_is_refused(server, admin, telephony):
    """A wrong or missing key gets 401 JSON and writes nothing."""
    call_id = f"e2e-{uuid.uuid4()}"
    for key in ("not-the-key", None):
        response = post(server, {"call_id": call_id, "phone": telephony["phone"]}, key)
        assert response.status_code == 401
        assert "error" in response.json()
    assert admin.call("crm.card.interaction", "search_count", [("call_id", "=", call_id)]) == 0


@pytest.mark.parametrize(
    "body",
    [
        {"phone": "+74951234567"},
        {"call_id": "x", "phone": "not a phone"},
        {"call_id": "x", "phone": "+74951234567", "started_at": "31/02/2026"},
        {"call_id": "x", "phone": "+74951234567", "duration": "ten"},
        ["not", "an", "object"],
    ],
)
def test_malformed_body_is_refused(server, telephony, body):
    """Malformed bodies get 400 with a JSON error message."""
    response = post(server, body, telephony["key"])
    assert response.status_code == 400
    assert response.json()["error"]


def test_unknown_number_lands_in_triage(server, admin, telephony):
    """A call from an unknown number is registered without a client."""
    call_id = f"e2e-{uuid.uuid4()}"
    response = post(server, {"call_id": call_id, "phone": "+44 20 7946 0000"}, telephony["key"])
    assert response.status_code == 201
    record = admin.call("crm.card.interaction", "read", [response.json()["id"]], ["partner_id"])[0]
    assert record["partner_id"] is False


def test_sales_user_reads_plans_but_cannot_configure(make_user):
    """A salesperson reads call plans; creating one is refused with an AccessError."""
    seller = make_user("e2e_cp_seller", groups=["sales_team.group_sale_salesman"])
    seller.call("crm.callplan", "search_read", [], fields=["name"])
    with pytest.raises(Exception) as error:
        seller.call("crm.callplan", "create", [{"name": "Not mine"}])
    assert getattr(error.value, "name", "") == "odoo.exceptions.AccessError"
