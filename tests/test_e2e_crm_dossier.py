"""Dossiers over JSON-RPC: an editor records facts; personal data stays behind the Restricted group."""

import pytest
from conftest import RpcError

ACCESS_ERROR = "odoo.exceptions.AccessError"


@pytest.fixture(scope="module")
def competitor_dossier_id(admin):
    """A competitor company with its firm dossier, created by admin."""
    [partner_id] = admin.call("res.partner", "create", [{"name": "E2E Northwind Rival", "is_company": True}])
    [dossier_id] = admin.call(
        "crm.dossier", "create", [{"dossier_type": "firm", "partner_id": partner_id, "role": "competitor"}]
    )
    return dossier_id


@pytest.fixture(scope="module")
def person_dossier_id(admin):
    """A key person of a competitor with a person dossier (personal data), created by admin."""
    [company_id] = admin.call("res.partner", "create", [{"name": "E2E Person Employer", "is_company": True}])
    [person_id] = admin.call(
        "res.partner",
        "create",
        [{"name": "E2E Pavel Orlov", "parent_id": company_id, "function": "Sales Director"}],
    )
    [dossier_id] = admin.call("crm.dossier", "create", [{"dossier_type": "person", "partner_id": person_id}])
    admin.call("crm.dossier.entry", "create", [{"dossier_id": dossier_id, "summary": "Moved to a rival"}])
    return dossier_id


def test_editor_writes_and_reads_entry(make_user, competitor_dossier_id):
    """A dossier editor records a fact on a competitor's dossier and reads it back on its timeline."""
    editor = make_user("e2e_dossier_editor", groups=["crm_dossier.group_crm_dossier_editor"])
    topic_id = editor.ref("crm_dossier.crm_dossier_topic_offer")
    [entry_id] = editor.call(
        "crm.dossier.entry",
        "create",
        [
            {
                "dossier_id": competitor_dossier_id,
                "topic_id": topic_id,
                "summary": "E2E: 8% wholesale discount",
                "body": "<p>Seen at two clients</p>",
                "source": "Client's buyer",
                "reliability": "confirmed",
            }
        ],
    )
    [entry] = editor.call(
        "crm.dossier.entry",
        "read",
        [entry_id],
        ["dossier_id", "topic_id", "summary", "reliability", "user_id", "date"],
    )
    assert entry["dossier_id"][0] == competitor_dossier_id
    assert entry["topic_id"][0] == topic_id
    assert entry["summary"] == "E2E: 8% wholesale discount"
    assert entry["reliability"] == "confirmed"
    assert entry["user_id"][0] == editor.uid
    [dossier] = editor.call("crm.dossier", "read", [competitor_dossier_id], ["entry_ids", "entry_count"])
    assert entry_id in dossier["entry_ids"]
    found = editor.call("crm.dossier.entry", "search", [("body", "ilike", "two clients")])
    assert entry_id in found


def test_person_dossier_refused_without_restricted(make_user, person_dossier_id):
    """A user without the Restricted group gets an AccessError on a person dossier and its facts."""
    editor = make_user("e2e_dossier_editor_np", groups=["crm_dossier.group_crm_dossier_editor"])
    with pytest.raises(RpcError) as caught:
        editor.call("crm.dossier", "read", [person_dossier_id], ["name"])
    assert caught.value.name == ACCESS_ERROR
    with pytest.raises(RpcError) as caught:
        editor.call("crm.dossier.entry", "create", [{"dossier_id": person_dossier_id, "summary": "Sneaky"}])
    assert caught.value.name == ACCESS_ERROR
    assert person_dossier_id not in editor.call("crm.dossier", "search", [])


def test_restricted_user_reads_person_dossier(make_user, person_dossier_id):
    """A member of Restricted reads the person dossier and its facts."""
    restricted = make_user("e2e_dossier_restricted", groups=["crm_dossier.group_crm_dossier_restricted"])
    [dossier] = restricted.call("crm.dossier", "read", [person_dossier_id], ["name", "function", "entry_count"])
    assert dossier["name"] == "E2E Pavel Orlov"
    assert dossier["function"] == "Sales Director"
    assert dossier["entry_count"] == 1


def test_portal_user_sees_no_dossier(portal_user, competitor_dossier_id):
    """A portal user cannot read any dossier."""
    with pytest.raises(RpcError) as caught:
        portal_user.call("crm.dossier", "read", [competitor_dossier_id], ["name"])
    assert caught.value.name == ACCESS_ERROR
