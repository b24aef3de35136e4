"""Shiffman table over JSON-RPC: a sales user files a prospect, moves it, reads the move log,
uploads a file of prospects."""

import base64

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


def test_upload_refuses_only_the_colleagues_row(sales_user, make_user, shiffman):
    """A sales user uploads a file whose second row is a colleague's: the rows of their own land,
    the colleague's alone comes back, saying why."""
    team_id, _stages = shiffman
    colleague = make_user("e2e_shiffman_colleague", groups=["sales_team.group_sale_salesman"])
    content = "\n".join(
        [
            "Name,Email,Salesperson",
            f"E2E Upload Own,own@e2eupload.example.com,{sales_user.login_name}",
            f"E2E Upload Colleague,colleague@e2eupload.example.com,{colleague.login_name}",
            f"E2E Upload Own Too,own2@e2eupload.example.com,{sales_user.login_name}",
        ]
    )
    [wizard_id] = sales_user.call(
        "crm.shiffman.import",
        "create",
        [{"file": base64.b64encode(content.encode()).decode(), "file_name": "e2e upload.csv", "team_id": team_id}],
    )
    sales_user.call("crm.shiffman.import", "action_import", [wizard_id])
    [wizard] = sales_user.call("crm.shiffman.import", "read", [wizard_id], ["created_count", "lead_ids", "line_ids"])
    assert wizard["created_count"] == 2
    leads = sales_user.call("crm.lead", "read", wizard["lead_ids"], ["name", "user_id", "shiffman_column"])
    assert sorted(lead["name"] for lead in leads) == ["E2E Upload Own", "E2E Upload Own Too"]
    assert {(lead["user_id"][0], lead["shiffman_column"]) for lead in leads} == {(sales_user.uid, "prospect")}
    lines = sales_user.call("crm.shiffman.import.line", "read", wizard["line_ids"], ["row", "reason"])
    assert [line["row"] for line in lines] == [3]
    assert "you may create only your own prospects" in lines[0]["reason"]
    assert not colleague.call("crm.lead", "search", [("name", "=", "E2E Upload Colleague")])
