"""Data safety over JSON-RPC: confidential fields, partners that keep their history, handover, files.

Who is who (each a fresh user of this session):
    reader   Client base Reader         editor   Client base Editor
    sales    Sales user (own documents) steward  Data steward
"""

import base64
import hashlib

import pytest
from access_world import World
from conftest import RpcError

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"


@pytest.fixture(scope="module")
def people(make_user):
    return {
        "reader": make_user("ds_reader", groups=["crm_card.group_crm_card_reader"]),
        "editor": make_user("ds_editor", groups=["crm_card.group_crm_card_editor"]),
        "sales": make_user("ds_sales", groups=["sales_team.group_sale_salesman"]),
        "steward": make_user("ds_steward", groups=["crm_card.group_crm_card_steward"]),
    }


@pytest.fixture(scope="module")
def world(admin):
    return World(admin)


@pytest.fixture(scope="module")
def confidential(admin, world):
    """A client with a rating comment, a contract amount and a bank account."""
    client = world.client()
    rating = admin.call(
        "crm.card.rating", "create", [{"partner_id": client, "value": "2", "comment": "pays late, rude"}]
    )[0]
    contract = admin.call("crm.card.contract", "create", [{"partner_id": client, "name": "C-77", "amount": 125000}])[0]
    bank = admin.call("res.partner.bank", "create", [{"partner_id": client, "acc_number": "DS40817810099910004312"}])[0]
    return {"client": client, "rating": rating, "contract": contract, "bank": bank}


def refused(call, *names):
    with pytest.raises(RpcError) as caught:
        call()
    assert caught.value.name in (names or (ACCESS_ERROR,)), caught.value
    return caught.value


# ----------------------------------------------------------------------
# Confidential fields
# ----------------------------------------------------------------------

CONFIDENTIAL_FIELDS = [("crm.card.rating", "rating", "comment"), ("crm.card.contract", "contract", "amount")]


@pytest.mark.parametrize("who", ["reader", "editor", "sales"])
@pytest.mark.parametrize(("model", "key", "field"), CONFIDENTIAL_FIELDS)
def test_confidential_field_refused_below_steward(people, confidential, who, model, key, field):
    """Readers, editors and sales users get AccessError for a confidential field, however they ask."""
    user, record_id = people[who], confidential[key]
    refused(lambda: user.call(model, "read", [record_id], [field]))
    refused(lambda: user.call(model, "search_read", [("id", "=", record_id)], [field]))
    refused(lambda: user.call(model, "web_read", [record_id], specification={field: {}}))
    refused(lambda: user.call(model, "search_read", [(field, "!=", False), ("id", "=", record_id)], ["id"]))
    [row] = user.call(model, "read", [record_id])
    assert field not in row, f"{field} leaked in a read without field list"


@pytest.mark.parametrize(("model", "key", "field"), CONFIDENTIAL_FIELDS)
def test_confidential_field_read_by_steward(people, confidential, model, key, field):
    """Data stewards read the confidential fields."""
    [row] = people["steward"].call(model, "read", [confidential[key]], [field])
    assert row[field] in ("pays late, rude", 125000)


@pytest.mark.parametrize("who", ["reader", "editor", "sales"])
def test_client_bank_account_hidden_below_steward(people, confidential, who):
    """A client's bank account is invisible below Data steward: refused by id, absent from searches and the card."""
    user = people[who]
    refused(lambda: user.call("res.partner.bank", "read", [confidential["bank"]], ["acc_number"]))
    assert (
        user.call("res.partner.bank", "search_read", [("partner_id", "=", confidential["client"])], ["acc_number"])
        == []
    )
    [card] = user.call(
        "res.partner", "web_read", [confidential["client"]], specification={"bank_ids": {"fields": {"acc_number": {}}}}
    )
    assert card["bank_ids"] == []
    refused(lambda: user.call("res.partner.bank", "write", [confidential["bank"]], {"acc_number": "X1"}))


def test_client_bank_account_seen_by_steward(people, confidential):
    """A Data steward sees the client's bank account on the card."""
    [card] = people["steward"].call("res.partner", "read", [confidential["client"]], ["bank_ids"])
    assert confidential["bank"] in card["bank_ids"]


# ----------------------------------------------------------------------
# A partner with card data keeps its history
# ----------------------------------------------------------------------


def _client_with_history(admin, world):
    client = world.record("res.partner", fresh=True)
    history = {
        "crm.card.interaction": admin.call("crm.card.interaction", "create", [{"partner_id": client, "kind": "call"}])[
            0
        ],
        "crm.card.contract": admin.call("crm.card.contract", "create", [{"partner_id": client, "name": "K-1"}])[0],
        "crm.card.claim": admin.call(
            "crm.card.claim",
            "create",
            [{"partner_id": client, "name": "Broken pallet", "description": "Broken pallet"}],
        )[0],
        "crm.dossier": admin.call(
            "crm.dossier", "create", [{"dossier_type": "firm", "role": "client", "partner_id": client}]
        )[0],
    }
    return client, history


@pytest.mark.parametrize("who", ["reader", "editor", "sales"])
def test_partner_with_card_data_not_deleted_below_steward(admin, world, people, who):
    """Nobody below Data steward deletes a client holding card data."""
    client, _history = _client_with_history(admin, world)
    refused(lambda: people[who].call("res.partner", "unlink", [client]), ACCESS_ERROR, USER_ERROR)
    assert admin.call("res.partner", "search_count", [("id", "=", client)]) == 1


def test_steward_archives_and_history_stays_linked(admin, world, people):
    """A steward is told to archive, archives, and the interactions, contracts, claims and dossier stay linked."""
    client, history = _client_with_history(admin, world)
    error = refused(lambda: people["steward"].call("res.partner", "unlink", [client]), USER_ERROR)
    assert "archive" in error.message.lower()
    people["steward"].call("res.partner", "action_archive", [client])
    [row] = admin.call("res.partner", "read", [client], ["active"], context={"active_test": False})
    assert row["active"] is False
    for model, record_id in history.items():
        [record] = admin.call(model, "read", [record_id], ["partner_id"], context={"active_test": False})
        assert record["partner_id"] and record["partner_id"][0] == client, model


# ----------------------------------------------------------------------
# Handover
# ----------------------------------------------------------------------


def test_handover_leaves_nothing_with_the_leaving_user(admin, world, make_user, people):
    """After the handover no client, lead, activity, plan line, plan place or stewardship stays with the leaver."""
    leaver = make_user("ds_leaver", groups=["sales_team.group_sale_salesman"])
    taker = make_user("ds_taker", groups=["sales_team.group_sale_salesman"])
    client = admin.call(
        "res.partner",
        "create",
        [
            {
                "name": "DS Handover Client",
                "is_company": True,
                "user_id": leaver.uid,
                "card_steward_id": leaver.uid,
            }
        ],
    )[0]
    lead = admin.call("crm.lead", "create", [{"name": "DS open deal", "user_id": leaver.uid, "partner_id": client}])[0]
    activity = admin.call(
        "mail.activity",
        "create",
        [
            {
                "res_model_id": admin.call("ir.model", "search", [("model", "=", "crm.lead")])[0],
                "res_id": lead,
                "activity_type_id": admin.ref("mail.mail_activity_data_call"),
                "user_id": leaver.uid,
                "summary": "call back",
            }
        ],
    )[0]
    plan, segment = world.plan()
    active_plan, closed_plan = admin.call(
        "crm.callplan",
        "create",
        [
            {"name": f"DS {state} plan", "user_ids": [(6, 0, [leaver.uid])], "state": state}
            for state in ("active", "closed")
        ],
    )
    line = admin.call(
        "crm.callplan.line",
        "create",
        [
            {
                "plan_id": plan,
                "segment_id": segment,
                "partner_id": client,
                "user_id": leaver.uid,
            }
        ],
    )[0]

    wizard = people["steward"].call(
        "crm.card.handover", "create", [{"from_user_id": leaver.uid, "to_user_id": taker.uid}]
    )[0]
    people["steward"].call("crm.card.handover", "action_handover", [wizard])

    left = {
        "client": ("res.partner", [("user_id", "=", leaver.uid)]),
        "stewardship": ("res.partner", [("card_steward_id", "=", leaver.uid)]),
        "lead": ("crm.lead", [("user_id", "=", leaver.uid), ("won_status", "=", "pending")]),
        "activity": ("mail.activity", [("user_id", "=", leaver.uid)]),
        "plan line": ("crm.callplan.line", [("user_id", "=", leaver.uid)]),
        "plan in use": ("crm.callplan", [("user_ids", "in", leaver.uid), ("state", "!=", "closed")]),
    }
    for what, (model, domain) in left.items():
        assert admin.call(model, "search_count", domain) == 0, f"a {what} is still assigned to the leaving user"
    [card] = admin.call("res.partner", "read", [client], ["user_id", "card_steward_id"])
    assert card["user_id"][0] == taker.uid and card["card_steward_id"][0] == taker.uid
    assert admin.call("crm.lead", "read", [lead], ["user_id"])[0]["user_id"][0] == taker.uid
    assert admin.call("mail.activity", "read", [activity], ["user_id"])[0]["user_id"][0] == taker.uid
    assert admin.call("crm.callplan.line", "read", [line], ["user_id"])[0]["user_id"][0] == taker.uid
    plans = admin.call("crm.callplan", "read", [active_plan, closed_plan], ["user_ids"])
    assert [row["user_ids"] for row in plans] == [[taker.uid], [leaver.uid]], "closed plans keep who worked them"


# ----------------------------------------------------------------------
# Files
# ----------------------------------------------------------------------


def test_contract_scan_is_kept_in_the_filestore(admin, world):
    """A contract's scanned copy is stored as a file with its SHA-1; the backup phase of ./run-tests
    (tests/test_backup_restore.py) finds it in the restored filestore."""
    scan = b"%PDF-1.4 signed contract DS-SCAN, page 1 of 1\n"
    contract = admin.call("crm.card.contract", "create", [{"partner_id": world.client(), "name": "DS-SCAN"}])[0]
    attachment = admin.call(
        "ir.attachment",
        "create",
        [{"name": "DS-SCAN.pdf", "datas": base64.b64encode(scan).decode(), "res_model": "crm.card.contract",
          "res_id": contract}],
    )[0]
    admin.call("crm.card.contract", "write", [contract], {"attachment_ids": [(4, attachment)]})
    [row] = admin.call("ir.attachment", "read", [attachment], ["checksum", "store_fname", "file_size"])
    assert row["store_fname"], "the scan is not in the filestore"
    assert (row["checksum"], row["file_size"]) == (hashlib.sha1(scan).hexdigest(), len(scan))
    [card] = admin.call("crm.card.contract", "read", [contract], ["attachment_ids"])
    assert card["attachment_ids"] == [attachment]
