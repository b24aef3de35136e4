"""Client card over JSON-RPC: the interaction log as an integrator or a mobile client uses it."""

import pytest
from conftest import RpcError

ACCESS_ERROR = "odoo.exceptions.AccessError"


@pytest.fixture(scope="module")
def client_id(admin):
    """A client company owned by nobody in particular, created by admin."""
    return admin.call(
        "res.partner",
        "create",
        [{"name": "E2E Kama Timber LLC", "is_company": True, "phone": "+7 843 555 01 02"}],
    )[0]


def test_sales_user_logs_and_reads_interaction(sales_user, client_id):
    """A sales user logs a call on a client and reads it back, filed under that client."""
    result_id = sales_user.ref("crm_card.crm_card_interaction_result_reached")
    [interaction_id] = sales_user.call(
        "crm.card.interaction",
        "create",
        [{"partner_id": client_id, "kind": "call", "direction": "inbound", "result_id": result_id,
          "duration": 7.5, "note": "Asked for the spring price list"}],
    )
    [record] = sales_user.call(
        "crm.card.interaction",
        "read",
        [interaction_id],
        ["partner_id", "kind", "direction", "result_id", "duration", "note", "user_id"],
    )
    assert record["partner_id"][0] == client_id
    assert (record["kind"], record["direction"]) == ("call", "inbound")
    assert record["result_id"][0] == result_id
    assert record["duration"] == 7.5
    assert record["user_id"][0] == sales_user.uid
    [partner] = sales_user.call("res.partner", "read", [client_id], ["card_interaction_count"])
    assert partner["card_interaction_count"] >= 1


def test_reader_cannot_log_interaction(make_user, client_id):
    """A Client base Reader gets an AccessError when logging an interaction."""
    reader = make_user("e2e_card_reader", groups=["crm_card.group_crm_card_reader"])
    with pytest.raises(RpcError) as caught:
        reader.call("crm.card.interaction", "create", [{"partner_id": client_id, "kind": "call"}])
    assert caught.value.name == ACCESS_ERROR


def test_portal_user_cannot_read_interactions(admin, portal_user, client_id):
    """A portal user cannot read the interaction log, even of a known record."""
    [interaction_id] = admin.call("crm.card.interaction", "create", [{"partner_id": client_id, "kind": "visit"}])
    with pytest.raises(RpcError) as caught:
        portal_user.call("crm.card.interaction", "read", [interaction_id], ["note"])
    assert caught.value.name == ACCESS_ERROR
    with pytest.raises(RpcError) as caught:
        portal_user.call("crm.card.interaction", "search_read", [], ["note"])
    assert caught.value.name == ACCESS_ERROR
