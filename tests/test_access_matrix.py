"""The access matrix, checked cell by cell over JSON-RPC on real records.

tests/access_matrix.csv states, for every model of the four addons (plus client partners and
their bank accounts) and every role, whether read, create, write and delete are allowed and on
which records. One test per cell: success where allowed, ``AccessError`` where refused; a
record-scope cell checks a record inside the scope (allowed) and one outside it (refused).
docs/roles-and-rights.md is generated from the same file (tools/gen-access-table).
"""

import csv
import uuid
from pathlib import Path

import pytest
from access_world import ROLE_GROUPS
from conftest import RpcError

MATRIX_FILE = Path(__file__).with_name("access_matrix.csv")
ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"
OPERATIONS = ("read", "create", "write", "unlink")
OUR_ADDONS = {"crm_card", "crm_dossier", "crm_shiffman", "crm_callplan", "crm_card_survey"}

# Models that our addons only extend with fields or methods: their access stays Odoo's, and our
# addons must not add access rows for them (checked below). res.partner and res.partner.bank are
# in the matrix because the client card and its confidential bank accounts live there.
# Odoo's partner merge wizard: our addons extend it (they fold plan lines and dossiers before it
# moves the rows) and crm_card's access rows open it to data stewards; that
# access is tested where it is used (crm_card/tests/test_crm_card_duplicates.py), not as matrix cells.
MERGE_WIZARD = {"base.partner.merge.automatic.wizard"}

EXTENDED_MODELS = {
    "account.move",
    "crm.lead",
    "crm.lead.lost",
    "crm.stage",
    "crm.team",
    "crm.team.member",
    "mail.activity",
    "mail.message",
    "product.category",
    "product.product",
    "product.template",
    "res.company",
    "res.config.settings",
    "res.users",
    "resource.calendar",
    "resource.calendar.attendance",
    "resource.calendar.leaves",
    "sale.order",
    "survey.user_input",
}

# A harmless change per model, for write cells.
WRITE_VALS = {
    "crm.card.category": {"description": "matrix"},
    "crm.card.buying.role": {"sequence": 42},
    "crm.card.interaction.result": {"sequence": 42},
    "crm.card.event.type": {"sequence": 42},
    "crm.card.interaction": {"note": "written by the matrix"},
    "crm.card.event": {"note": "written by the matrix"},
    "crm.card.contract": {"terms": "written by the matrix"},
    "crm.card.contract.appendix": {"subject": "written by the matrix"},
    "crm.card.claim": {"description": "<p>written by the matrix</p>"},
    "crm.card.satisfaction": {"comment": "written by the matrix"},
    "crm.card.rating": {"date": "2026-05-05 10:00:00"},
    "crm.card.rating.wizard": {"comment": "changed my mind"},
    "crm.card.log.contact": {"note": "written by the matrix"},
    "crm.card.rhythm": {"state": "regular"},
    "crm.card.handover": {"note": "written by the matrix"},
    "crm.card.audit": {"name": "written by the matrix"},
    "res.partner": {"ref": "MATRIX"},
    "res.partner.bank": {"acc_holder_name": "Matrix Holder"},
    "crm.dossier": {"review_days": 45},
    "crm.dossier.entry": {"source": "written by the matrix"},
    "crm.dossier.analogue": {"advantages": "written by the matrix"},
    "crm.dossier.comparison": {"kind": "substitute"},
    "crm.dossier.topic": {"sequence": 42},
    "crm.dossier.tag": {"color": 3},
    "crm.shiffman.move": {"date": "2026-05-05 10:00:00"},
    "crm.shiffman.report": {"lead_id": False},
    "crm.shiffman.result.wizard": {"result": "contract"},
    "crm.shiffman.planner": {"target_won": 3},
    "crm.shiffman.table.print": {"month": "2026-05-01"},
    "crm.shiffman.import": {"file_name": "matrix.csv"},
    "crm.shiffman.import.line": {"reason": "written by the matrix"},
    "crm.callplan": {"working_weeks": 40},
    "crm.callplan.segment": {"calls_per_year": 6},
    "crm.callplan.line": {"next_due_date": "2026-07-01"},
    "crm.callplan.call": {"was_due": True},
    "crm.callplan.capacity": {"user_id": False},
    "crm.callplan.coverage": {"user_id": False},
    "crm.callplan.source.number": {"number": lambda: f"+7495{uuid.uuid4().int % 10**7:07d}"},
    "crm.callplan.tally": {"month": "2026-04-01"},
    "crm.callplan.mailing.followup": {"send_date": "2026-04-01"},
    "crm.callplan.greeting": {"occasion": "Spring"},
}
TRANSIENT = {
    "crm.card.rating.wizard",
    "crm.card.log.contact",
    "crm.card.handover",
    "crm.shiffman.result.wizard",
    "crm.shiffman.planner",
    "crm.shiffman.table.print",
    "crm.shiffman.import",
    "crm.shiffman.import.line",
    "crm.callplan.tally",
    "crm.callplan.mailing.followup",
    "crm.callplan.greeting",
}


def load_matrix():
    with open(MATRIX_FILE, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


MATRIX = load_matrix()
CELLS = [(row["model"], row["role"], op, row[op]) for row in MATRIX for op in OPERATIONS]


# ----------------------------------------------------------------------
# Cell checks
# ----------------------------------------------------------------------


def expect_refused(call, *names):
    names = names or (ACCESS_ERROR,)
    with pytest.raises(RpcError) as caught:
        call()
    assert caught.value.name in names, f"expected {names}, got {caught.value.name}: {caught.value.message}"


def scope_records(world, model, scope, user):
    """(records inside the scope, records outside it) as kwargs for World.record."""
    if scope in ("all", "none"):
        return [{}], []
    if scope == "own_clients":
        return [{"client": world.client(user.uid)}], [{"client": world.client()}]
    if scope == "own_docs":
        return [{"owner": user.uid}], [{"owner": world.admin_uid}]
    if scope == "not_restricted":
        return [{}], [{"confidential": True}]
    if scope == "own":
        return [{"as_client": user}], [{}]
    raise AssertionError(f"scope {scope} is not handled for {model}")


def do(user, model, op, record_id):
    if op == "read":
        result = user.call(model, "read", [record_id], ["display_name"])
        assert [r["id"] for r in result] == [record_id]
    elif op == "write":
        vals = {key: value() if callable(value) else value for key, value in WRITE_VALS[model].items()}
        assert user.call(model, "write", [record_id], vals) is True
    else:
        assert user.call(model, "unlink", [record_id]) is True


def check_create(world, user, model, scope):
    if scope == "none":
        expect_refused(lambda: user.call(model, "create", [world.vals(model)]))
        return
    inside, outside = {
        "all": ([{}], []),
        "own": ([{}], []),
        "own_clients": ([{"client": world.client(user.uid)}], [{"client": world.client()}]),
        "not_restricted": ([{}], [{"confidential": True}]),
    }[scope]
    for kwargs in inside:
        [new_id] = user.call(model, "create", [world.vals(model, **kwargs)])
        assert new_id
    for kwargs in outside:
        expect_refused(lambda kwargs=kwargs: user.call(model, "create", [world.vals(model, **kwargs)]))


def check_unlink_special(world, user, model, scope):
    """Delete scopes that need their own records."""
    if scope == "archive":
        # a partner holding card data is archived, never deleted (crm_card keeps its history)
        client = world.record("res.partner", fresh=True)
        world.create("crm.card.interaction", {"partner_id": client, "kind": "visit"})
        expect_refused(lambda: user.call(model, "unlink", [client]), USER_ERROR)
        assert user.call(model, "action_archive", [client]) in (True, None, False)
        [row] = world.admin.call(model, "read", [client], ["active"], context={"active_test": False})
        assert row["active"] is False
        return True
    if scope == "own_entries":
        [mine] = user.call(model, "create", [world.vals(model)])
        assert user.call(model, "unlink", [mine]) is True
        theirs = world.record(model, fresh=True)
        expect_refused(lambda: user.call(model, "unlink", [theirs]))
        return True
    if scope == "own_or_not_restricted":
        theirs = world.record(model, fresh=True)
        assert user.call(model, "unlink", [theirs]) is True
        confidential = world.record(model, confidential=True, fresh=True)
        expect_refused(lambda: user.call(model, "unlink", [confidential]))
        return True
    if scope == "unrestricted_no_others":
        empty = world.record(model, fresh=True)
        assert user.call(model, "unlink", [empty]) is True
        confidential = world.dossier(confidential=True, fresh=True)
        expect_refused(lambda: user.call(model, "unlink", [confidential]))
        with_facts = world.record(model, fresh=True)
        entry_vals = world.vals("crm.dossier.entry")
        world.create("crm.dossier.entry", dict(entry_vals, dossier_id=with_facts))
        expect_refused(lambda: user.call(model, "unlink", [with_facts]))
        with_analogues = world.dossier(kind="product", fresh=True)
        analogue_vals = world.vals("crm.dossier.analogue")
        world.create("crm.dossier.analogue", dict(analogue_vals, dossier_id=with_analogues))
        expect_refused(lambda: user.call(model, "unlink", [with_analogues]))
        return True
    return False


@pytest.mark.parametrize(("model", "role", "op", "scope"), CELLS, ids=[f"{m}|{r}|{o}" for m, r, o, _s in CELLS])
def test_access_cell(world, roles, model, role, op, scope):
    """One cell of the access matrix: allowed on records in scope, AccessError elsewhere."""
    user = roles(role)
    if op == "create":
        check_create(world, user, model, scope)
        return
    if op == "unlink" and check_unlink_special(world, user, model, scope):
        return
    if scope == "none":
        record_id = world.record(model)
        expect_refused(lambda: do(user, model, op, record_id))
        return
    inside, outside = scope_records(world, model, scope, user)
    for kwargs in inside:
        record_id = world.record(model, fresh=op == "unlink" or "as_client" in kwargs, **kwargs)
        do(user, model, op, record_id)
    for kwargs in outside:
        record_id = world.record(model, **kwargs)
        expect_refused(lambda record_id=record_id: do(user, model, op, record_id))


# ----------------------------------------------------------------------
# Completeness
# ----------------------------------------------------------------------


def test_matrix_covers_every_model_of_our_addons(admin):
    """Every model our addons define is in the matrix, with every role; extended ones keep Odoo's access."""
    # Abstract models (mixins) hold no records, so there is nothing to grant on them.
    models = admin.call("ir.model", "search_read", [("abstract", "=", False)], ["model", "modules"])
    ours = {m["model"] for m in models if OUR_ADDONS & {name.strip() for name in (m["modules"] or "").split(",")}}
    in_matrix = {row["model"] for row in MATRIX}
    missing = ours - in_matrix - EXTENDED_MODELS - MERGE_WIZARD
    assert not missing, f"models of our addons missing from tests/access_matrix.csv: {sorted(missing)}"
    # res.partner.bank gets no field from us, only crm_card's confidentiality rule and access rows
    assert in_matrix - ours <= {"res.partner.bank"}, sorted(in_matrix - ours)
    for model in in_matrix:
        assert {row["role"] for row in MATRIX if row["model"] == model} == set(ROLE_GROUPS), model
    # the models we only extend: our addons add no access rows and no record rules for them
    extended_ids = admin.call("ir.model", "search", [("model", "in", sorted(EXTENDED_MODELS))])
    for rights_model in ("ir.model.access", "ir.rule"):
        xmlids = admin.call(
            "ir.model.data",
            "search_read",
            [("model", "=", rights_model), ("module", "in", sorted(OUR_ADDONS))],
            ["res_id"],
        )
        rows = admin.call(rights_model, "read", [x["res_id"] for x in xmlids], ["model_id"])
        touched = sorted(r["model_id"][1] for r in rows if r["model_id"][0] in extended_ids)
        assert not touched, f"our {rights_model} rows change Odoo's access to {touched}: add them to the matrix"


def test_matrix_cells_are_known_scopes():
    """Every cell of the matrix uses a scope the tests know how to check."""
    known = {
        "all",
        "none",
        "own",
        "own_clients",
        "own_docs",
        "not_restricted",
        "archive",
        "own_entries",
        "own_or_not_restricted",
        "unrestricted_no_others",
    }
    unknown = {(m, r, o, s) for m, r, o, s in CELLS if s not in known}
    assert not unknown, unknown
    assert len(CELLS) == len(MATRIX) * 4


def test_anonymous_session_reads_nothing(server):
    """Without a login, calling any model of ours over JSON-RPC is refused."""
    from conftest import JsonRpc  # noqa: PLC0415

    anonymous = JsonRpc(server.url, server.db)
    for model in sorted({row["model"] for row in MATRIX}):
        with pytest.raises(RpcError) as caught:
            anonymous.call(model, "search_read", [], ["display_name"], limit=1)
        assert caught.value.name.endswith("SessionExpiredException"), caught.value.name


def test_roles_doc_is_generated_from_matrix():
    """docs/roles-and-rights.md is exactly what tools/gen-access-table makes of the matrix."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    tool = Path(__file__).resolve().parent.parent / "tools" / "gen-access-table"
    result = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
