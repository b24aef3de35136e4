"""End-to-end: a telephony system posts calls to /crm_callplan/calls, an integrator reads them back."""

import secrets
import threading
import uuid

import pytest
import requests
from conftest import RpcError

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


def test_unknown_caller_is_seen_by_who_took_the_call(server, make_user, telephony):
    """Own-clients users see an unknown caller only when they took the call; unrestricted sellers see all."""
    own = ["sales_team.group_sale_salesman", "crm_card.group_crm_card_own_clients"]
    taker = make_user("e2e_cp_taker", groups=own)
    colleague = make_user("e2e_cp_colleague", groups=own)
    seller = make_user("e2e_cp_open_seller", groups=["sales_team.group_sale_salesman"])
    call_ids = [f"e2e-{uuid.uuid4()}" for _i in range(2)]
    for call_id, user in zip(call_ids, (taker.login_name, None), strict=True):
        phone = "+44 20 7946 %04d" % secrets.randbelow(10000)
        response = post(server, {"call_id": call_id, "phone": phone, "user": user}, telephony["key"])
        assert response.status_code == 201, response.text
    triage = [("call_id", "in", call_ids), ("partner_id", "=", False)]
    taken = taker.call("crm.card.interaction", "search_read", triage, ["call_id", "user_id"])
    assert [(row["call_id"], row["user_id"][0]) for row in taken] == [(call_ids[0], taker.uid)]
    assert colleague.call("crm.card.interaction", "search", triage) == []
    with pytest.raises(RpcError) as refused:
        colleague.call("crm.card.interaction", "read", [taken[0]["id"]], ["callplan_phone"])
    assert refused.value.name == "odoo.exceptions.AccessError"
    assert len(seller.call("crm.card.interaction", "search", triage)) == 2


def test_sales_user_reads_plans_but_cannot_configure(make_user):
    """A salesperson reads call plans; creating one is refused with an AccessError."""
    seller = make_user("e2e_cp_seller", groups=["sales_team.group_sale_salesman"])
    seller.call("crm.callplan", "search_read", [], fields=["name"])
    with pytest.raises(Exception) as error:
        seller.call("crm.callplan", "create", [{"name": "Not mine"}])
    assert getattr(error.value, "name", "") == "odoo.exceptions.AccessError"


def test_concurrent_posts_of_one_call_make_one_interaction(server, admin, telephony):
    """Eight posts of the same call_id at the same moment create exactly one interaction."""
    call_id = f"e2e-race-{uuid.uuid4()}"
    body = {"call_id": call_id, "phone": telephony["phone"], "direction": "inbound", "duration": 30}
    barrier = threading.Barrier(8)
    responses = []

    def worker():
        barrier.wait()
        responses.append(post(server, body, telephony["key"]))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(response.status_code for response in responses)
    assert len(statuses) == 8 and set(statuses) <= {200, 201}, [r.text for r in responses]
    assert statuses.count(201) == 1
    ids = {response.json()["id"] for response in responses}
    assert len(ids) == 1
    assert admin.call("crm.card.interaction", "search_count", [("call_id", "=", call_id)]) == 1
