"""Shiffman table over JSON-RPC: a sales user files a prospect, moves it, reads the move log."""

import pytest
from conftest import RpcError

ACCESS_ERROR = "odoo.exceptions.AccessError"


@pytest.fixture(scope="module")
def shiffman(admin):
    """The Shiffman team installed with the addon and its stages by column."""
    team_id = admin.ref("crm_shiffman.crm_team_shiffman")
    stages = admin.call(
        "crm.stage",
        "search_read",
        [("team_ids", "in", [team_id]), ("shiffman_column", "!=", False)],
        ["shiffman_column"],
    )
    return team_id, {stage["shiffman_column"]: stage["id"] for stage in stages}


@pytest.fixture(scope="module")
def moved_lead(sales_user, shiffman):
    """A prospect the sales user quick-creates and drags to Interest."""
    team_id, stages = shiffman
    [lead_id] = sales_user.call(
        "crm.lead",
        "create",
        [
            {
                "name": "E2E Kama Bricks",
                "type": "opportunity",
                "team_id": team_id,
                "user_id": sales_user.uid,
                "partner_name": "Kama Bricks",
                "email_from": "oleg@kamabricks.example.com",
            }
        ],
    )
    sales_user.call("crm.lead", "write", [lead_id], {"stage_id": stages["interest"]})
    return lead_id


def test_sales_user_moves_lead_and_reads_log(sales_user, moved_lead):
    """The new lead lands in Prospect; the drag to Interest is logged and readable by its salesperson."""
    [lead] = sales_user.call("crm.lead", "read", [moved_lead], ["shiffman_column"])
    assert lead["shiffman_column"] == "interest"
    moves = sales_user.call(
        "crm.shiffman.move",
        "search_read",
        [("lead_id", "=", moved_lead)],
        ["from_column", "to_column", "user_id"],
        order="id",
    )
    assert [(m["from_column"], m["to_column"]) for m in moves] == [(False, "prospect"), ("prospect", "interest")]
    assert moves[-1]["user_id"][0] == sales_user.uid


def test_logged_call_advances_lead(sales_user, moved_lead):
    """A call logged on the lead moves it from Interest to Contact 1."""
    sales_user.call("crm.card.interaction", "create", [{"lead_id": moved_lead, "kind": "call"}])
    [lead] = sales_user.call("crm.lead", "read", [moved_lead], ["shiffman_column", "shiffman_last_contact_date"])
    assert lead["shiffman_column"] == "contact_1"
    assert lead["shiffman_last_contact_date"]


def test_move_log_refused_to_others(make_user, portal_user, moved_lead):
    """A plain internal user and a portal user cannot read the move log."""
    internal = make_user("e2e_shiffman_internal")
    for client in (internal, portal_user):
        with pytest.raises(RpcError) as caught:
            client.call("crm.shiffman.move", "search_read", [("lead_id", "=", moved_lead)], ["to_column"])
        assert caught.value.name == ACCESS_ERROR


def test_move_log_not_writable_by_sales_user(sales_user, moved_lead):
    """The move log cannot be forged, even by the lead's salesperson."""
    with pytest.raises(RpcError) as caught:
        sales_user.call("crm.shiffman.move", "create", [{"lead_id": moved_lead, "to_column": "result"}])
    assert caught.value.name == ACCESS_ERROR
