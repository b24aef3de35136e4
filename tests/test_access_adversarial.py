"""Adversarial access tests, generated from tests/access_matrix.csv and the models themselves.

The matrix (test_access_matrix.py) checks each cell with neutral values. These tests try what a
dishonest user would, and are generated, so that a new model, field or method is attacked without
a hand-written test:

(a) scope moves      every write-scoped cell: write the field(s) its record rule depends on (read from
                     ``ir.rule`` and the fields' ``depends``) so that an in-scope record leaves the scope:
                     AccessError, record unchanged.
(b) public methods   every public method of our models (read from the addons' source): called as every
                     role that may not write the record: refused, and nothing written anywhere.
(c) confidential     every confidential field (tests/confidential_fields.csv, checked complete against the
                     fields with ``groups``): its value is not found, as a role that may not read it, in
                     messages, tracking values, activities, chatter or exports.
(d) second company   every model: a record of company B is invisible and unwritable for every role of
                     company A, and no record can be written into company B.

Who is who: the roles of test_access_matrix.ROLE_GROUPS, users of company A only ("adv_<role>");
admin belongs to company A and to company B (created here).
"""

import ast
import csv
import itertools
import re
import time
import uuid
from pathlib import Path

import pytest
from access_world import World
from conftest import RpcError
from test_access_matrix import MATRIX, ROLE_GROUPS, TRANSIENT, WRITE_VALS, scope_records

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("crm_card", "crm_dossier", "crm_shiffman", "crm_callplan")
CONFIDENTIAL_FILE = Path(__file__).with_name("confidential_fields.csv")

ACCESS_ERROR = "odoo.exceptions.AccessError"
# a refusal that explains itself; anything else (ValueError, KeyError, ...) is a crash, not a refusal
CLEAR_REFUSALS = {
    ACCESS_ERROR,
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.AccessDenied",
}
ROLES = list(ROLE_GROUPS)
CELL = {(row["model"], row["role"]): row for row in MATRIX}
MATRIX_MODELS = sorted({row["model"] for row in MATRIX})

_seq = itertools.count(1)


def marker(prefix="ADVSECRET"):
    return f"{prefix}{next(_seq)}{uuid.uuid4().hex[:10].upper()}"


def refused(call, names=(ACCESS_ERROR,)):
    """Run ``call``; return the RpcError name when it is refused with one of ``names``, else fail."""
    try:
        result = call()
    except RpcError as exc:
        assert exc.name in names, f"expected {sorted(names)}, got {exc.name}: {exc.message}"
        return exc.name
    pytest.fail(f"expected {sorted(names)}, the call succeeded and returned {result!r:.200}")


# ----------------------------------------------------------------------
# Fixtures: users of company A, the world of company A and of company B
# ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def adv_roles(make_user):
    cache = {}

    def get(role):
        if role not in cache:
            cache[role] = make_user(f"adv_{role}", groups=ROLE_GROUPS[role])
        return cache[role]

    return get


@pytest.fixture(scope="module")
def role_groups(admin, adv_roles):
    """Role -> ids of all its groups (implied ones included)."""
    cache = {}

    def get(role):
        if role not in cache:
            [row] = admin.call("res.users", "read", [adv_roles(role).uid], ["all_group_ids"])
            cache[role] = set(row["all_group_ids"])
        return cache[role]

    return get


@pytest.fixture(scope="module")
def adv_world(admin):
    return World(admin)


@pytest.fixture(scope="module")
def schema(admin):
    """model -> fields_get as admin (with type, relation, store, readonly, depends)."""
    cache = {}

    def get(model):
        if model not in cache:
            cache[model] = admin.call(
                model, "fields_get", [], attributes=["type", "relation", "store", "readonly", "depends", "related"]
            )
        return cache[model]

    return get


@pytest.fixture(scope="module")
def company_b(admin):
    [company] = admin.call("res.company", "create", [{"name": marker("ADV Company B ")}])
    admin.call("res.users", "write", [admin.uid], {"company_ids": [(4, company)]})
    return company


class CompanyAdmin:
    """Admin acting in company B: every call runs with company B active, and every record created
    with a company field of its own (not related) lands in company B."""

    def __init__(self, admin, company, schema):
        self.admin = admin
        self.company = company
        self.schema = schema
        self.uid = admin.uid
        self.login_name = f"{admin.login_name}@B"

    def call(self, model, method, *args, **kwargs):
        context = dict(kwargs.pop("context", None) or {})
        context.setdefault("allowed_company_ids", [self.company])
        if method == "create" and self._own_company_field(model):
            vals_list = args[0] if isinstance(args[0], list) else [args[0]]
            args = ([{"company_id": self.company, **vals} for vals in vals_list], *args[1:])
        return self.admin.call(model, method, *args, context=context, **kwargs)

    def ref(self, xmlid):
        return self.admin.ref(xmlid)

    def _own_company_field(self, model):
        field = self.schema(model).get("company_id")
        return bool(field and field["type"] == "many2one" and field.get("store") and not field.get("related"))


@pytest.fixture(scope="module")
def world_b(admin, company_b, schema):
    return World(CompanyAdmin(admin, company_b, schema))


def snapshot(admin, schema, model, record_id):
    """Every stored field of a record, read as admin (archived included)."""
    names = [name for name, field in schema(model).items() if field.get("store")]
    rows = admin.call(model, "read", [record_id], names, context={"active_test": False})
    return rows[0] if rows else None


# ----------------------------------------------------------------------
# (a) Writes that move a record out of the role's scope
# ----------------------------------------------------------------------

SCOPED_WRITES = [(row["model"], row["role"], row["write"]) for row in MATRIX if row["write"] not in ("all", "none")]
# Fields the ORM never lets a client write (a scope on them cannot be left by a write).
MAGIC_FIELDS = {"create_uid", "write_uid", "create_date", "write_date", "id"}
DOMAIN_FIELD = re.compile(r"""\(\s*['"]([\w.]+)['"]\s*,""")


def rule_fields(admin, schema, model, groups):
    """First fields of the paths in the write rules that apply to a user with ``groups``, expanded
    through computed and related fields to the fields a client can write. company_id is left to (d)."""
    rules = admin.call(
        "ir.rule",
        "search_read",
        [("model_id.model", "=", model), ("perm_write", "=", True)],
        ["domain_force", "groups", "global"],
    )
    names = set()
    for rule in rules:
        if rule["global"] or groups & set(rule["groups"]):
            names.update(path.split(".")[0] for path in DOMAIN_FIELD.findall(rule["domain_force"] or ""))
    names.discard("company_id")
    fields = schema(model)
    leaves, todo, seen = set(), list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        field = fields.get(name)
        assert field, f"{model}: a record rule uses {name!r}, which fields_get does not know"
        if name in MAGIC_FIELDS:
            leaves.add(name)
            continue
        if not field.get("readonly"):
            leaves.add(name)
        depends = [dep.split(".")[0] for dep in field.get("depends") or []]
        todo.extend(depends)
        assert depends or not field.get("readonly"), (
            f"{model}.{name}: the scope depends on a read-only field with no dependencies; "
            "tell the generator how a write could change it"
        )
    return leaves


def _contact_of_others_client(world):
    return world._once(
        "adv_contact",
        lambda: world.create("res.partner", {"name": marker("ADV Contact "), "parent_id": world.client()}),
    )


def _confidential_dossier_like(world, admin, model, record_id):
    [row] = admin.call(model, "read", [record_id], ["dossier_id"])
    [dossier] = admin.call("crm.dossier", "read", [row["dossier_id"][0]], ["dossier_type"])
    kind = dossier["dossier_type"] if dossier["dossier_type"] != "person" else "firm"
    return world.dossier(confidential=True, kind=kind)


# (scope, field) -> value that takes a record out of that scope, built as admin:
# f(world, admin, model, record_id, user) -> value
OUT_OF_SCOPE = {
    ("own_clients", "partner_id"): lambda w, a, m, r, u: w.client(),
    ("own_clients", "commercial_partner_id"): lambda w, a, m, r, u: w.client(),
    ("own_clients", "contact_id"): lambda w, a, m, r, u: _contact_of_others_client(w),
    ("own_clients", "lead_id"): lambda w, a, m, r, u: w.lead(),
    ("own_clients", "contract_id"): lambda w, a, m, r, u: w.record("crm.card.contract"),
    ("own_clients", "user_id"): lambda w, a, m, r, u: w.other_user(),
    ("not_restricted", "dossier_id"): lambda w, a, m, r, u: _confidential_dossier_like(w, a, m, r),
    ("not_restricted", "restricted"): lambda w, a, m, r, u: True,
}
# (scope, field) -> values that make a record depend on that field alone to be in scope (the rule
# is a disjunction: an interaction without client is the user's through its salesperson).
IN_SCOPE_ONLY_THROUGH = {
    ("own_clients", "user_id"): lambda w, u: {"partner_id": False, "contact_id": False, "lead_id": False, "user_id": u},
}
# Fields that only change what a record is, not whose it is, and that the move test leaves alone.
NOT_MOVES = {
    # a person dossier needs a person and no company role: a type change is refused by constraints
    ("crm.dossier", "dossier_type"),
}


def in_scope_record(world, model, scope, user, field):
    inside = scope_records(world, model, scope, user)[0][0]
    extra = IN_SCOPE_ONLY_THROUGH.get((scope, field))
    if not extra:
        return world.record(model, fresh=True, **inside)
    vals = world.vals(model, **{k: v for k, v in inside.items() if k != "as_client"})
    fields = world.admin.call(model, "fields_get", [], attributes=["type"])
    vals.update({k: v for k, v in extra(world, user.uid).items() if k in fields})
    return world.create(model, vals, inside.get("as_client"))


@pytest.mark.parametrize(("model", "role", "scope"), SCOPED_WRITES, ids=[f"{m}|{r}" for m, r, _s in SCOPED_WRITES])
def test_write_cannot_move_record_out_of_scope(admin, adv_world, adv_roles, role_groups, schema, model, role, scope):
    """A write that would take an in-scope record out of the role's scope is refused, record unchanged."""
    user = adv_roles(role)
    fields = rule_fields(admin, schema, model, role_groups(role)) - {f for m, f in NOT_MOVES if m == model}
    assert fields, f"{model}|{role}: scope {scope} depends on no field a record rule names: check its rules"
    problems = []
    for field in sorted(fields):
        record_id = in_scope_record(adv_world, model, scope, user, field)
        assert user.call(model, "search", [("id", "=", record_id)]) == [record_id], (
            f"{model}|{role}: the in-scope record built for {field} is not visible to the role"
        )
        # wizards of the "own" scope are private to their creator, even for admin
        reader = user if scope == "own" else admin
        before = snapshot(reader, schema, model, record_id)
        if field in MAGIC_FIELDS:
            value = admin.uid if field.endswith("_uid") else "2000-01-01 00:00:00"
        else:
            build = OUT_OF_SCOPE.get((scope, field))
            assert build, (
                f"{model}|{role}: scope {scope} depends on {field}; add to OUT_OF_SCOPE a value that "
                "takes a record out of it"
            )
            value = build(adv_world, admin, model, record_id, user)
        try:
            user.call(model, "write", [record_id], {field: value})
        except RpcError as exc:
            if exc.name != ACCESS_ERROR:
                problems.append(f"{field}: {exc.name} instead of AccessError: {exc.message[:150]}")
        else:
            if field not in MAGIC_FIELDS:
                visible = user.call(model, "search", [("id", "=", record_id)]) == [record_id]
                problems.append(f"{field}={value}: write accepted (record {'still' if visible else 'no longer'} visible)")
        after = snapshot(reader, schema, model, record_id)
        if field in MAGIC_FIELDS:  # an ignored write still stamps the record
            for stamp in ("write_date", "write_uid"):
                after.pop(stamp, None), before.pop(stamp, None)
        if after != before:
            changed = sorted(k for k in before if before[k] != after.get(k))
            problems.append(f"{field}: record changed ({changed})")
    assert not problems, f"{model}|{role} (scope {scope}): " + "; ".join(problems)


# ----------------------------------------------------------------------
# (b) Public methods, called by roles that may not write the record
# ----------------------------------------------------------------------

# Methods of the ORM that our models override: their access is the matrix's (create, write, unlink).
ORM_METHODS = {"create", "write", "unlink", "copy", "read", "search", "init", "default_get", "name_create"}
# Public methods that cannot be called over JSON-RPC at all, with the reason.
NOT_RPC = {
    # Odoo's import converter: its arguments are Field objects, it is not reachable through call_kw
    ("ir.fields.converter", "db_id_for"),
}
# Positional arguments of public methods that take some (a method with required arguments and no
# entry here fails loudly).
METHOD_ARGS = {
    ("crm.lead", "shiffman_load_prospects"): lambda: (["name"], [[marker("ADV prospect ")]]),
}


def _class_models(cls):
    """(model name, inherited names, is abstract) of a model class, from its literal attributes."""
    name, inherit = None, []
    for node in cls.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id == "_name":
                name = ast.literal_eval(node.value)
            elif node.targets[0].id == "_inherit":
                value = ast.literal_eval(node.value)
                inherit = [value] if isinstance(value, str) else list(value)
    abstract = any(ast.unparse(base).endswith("AbstractModel") for base in cls.bases)
    return name or (inherit[0] if inherit else None), inherit, abstract


def public_methods():
    """(model, method, is_model_method, required positional args) of every public method of our addons'
    models and wizards, read from their source as Odoo would register them; the methods of an abstract
    mixin of ours are listed on every model that inherits it."""
    classes = []
    for addon in ADDONS:
        for path in sorted((ROOT / addon).glob("*/*.py")):
            if path.parent.name in ("models", "wizard", "report"):
                tree = ast.parse(path.read_text(encoding="utf-8"))
                classes += [(path, cls) for cls in tree.body if isinstance(cls, ast.ClassDef)]
    heirs = {}
    for _path, cls in classes:
        model, inherit, _abstract = _class_models(cls)
        for parent in inherit:
            if parent != model:
                heirs.setdefault(parent, set()).add(model)
    found, addons = {}, {}
    for path, cls in classes:
        model, _inherit, abstract = _class_models(cls)
        for node in cls.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") or node.name in ORM_METHODS:
                continue
            decorators = {ast.unparse(d) for d in node.decorator_list}
            if "api.private" in decorators:
                continue
            assert model, f"{path}: class {cls.name} defines {node.name} but its model is not a literal"
            required = len(node.args.args) - 1 - len(node.args.defaults)
            owners = sorted(heirs.get(model, ())) if abstract and model in heirs else [model]
            for owner in owners:
                found[(owner, node.name)] = ("api.model" in decorators, required)
                addons.setdefault((owner, node.name), set()).add(path.relative_to(ROOT).parts[0])
    return sorted((model, method, *info, tuple(sorted(addons[(model, method)]))) for (model, method), info in found.items())


PUBLIC_METHODS = [m for m in public_methods() if m[:2] not in NOT_RPC]
# A model's recordset the generated calls use, for models of Odoo that our addons extend.
def _fresh_lead(world):
    return world.create(
        "crm.lead",
        {
            "name": marker("ADV lead "),
            "type": "opportunity",
            "user_id": world.admin_uid,
            "team_id": world.ref("crm_shiffman.crm_team_shiffman"),
            "partner_id": world.client(),
        },
    )


EXTENDED_TARGETS = {
    "crm.lead": _fresh_lead,
    "crm.team": lambda w: w.create("crm.team", {"name": marker("ADV team ")}),
    "crm.lead.lost": lambda w: w.create(
        "crm.lead.lost", {"lead_ids": [(6, 0, [_fresh_lead(w)])], "lost_competitor_id": w.dossier_competitor()}
    ),
    "res.config.settings": lambda w: w.create("res.config.settings", {}),
    "product.template": lambda w: w.create("product.template", {"name": marker("ADV product ")}),
}
def _plan_ready(world, plan, activate=False):
    segment = world.create("crm.callplan.segment", {"plan_id": plan, "name": "A", "calls_per_year": 12})
    partner = world.record("res.partner", fresh=True)
    world.create(
        # an unassigned client: every salesperson reads it, so a refusal cannot come from a hidden line
        "crm.callplan.line", {"plan_id": plan, "segment_id": segment, "partner_id": partner, "user_id": False}
    )
    if activate:
        world.admin.call("crm.callplan", "action_activate", [plan])


def _write(vals):
    return lambda world, model, record_id: world.admin.call(model, "write", [record_id], vals(world))


_CLAIM_CONTENT = _write(lambda w: {"cause": "ADV cause", "corrective_action": "ADV fix", "preventive_action": "ADV rule"})
_PROSPECTS = "bmFtZQpBRFYgcHJvc3BlY3QK"  # base64 of "name\nADV prospect\n"

# What puts a record in the state where the method acts, done as admin: the control call must work.
METHOD_SETUP = {
    ("crm.callplan", "action_activate"): lambda w, m, r: _plan_ready(w, r),
    ("crm.callplan", "action_compute_segments"): lambda w, m, r: _plan_ready(w, r),
    ("crm.callplan", "action_generate_calls"): lambda w, m, r: _plan_ready(w, r, activate=True),
    ("crm.callplan", "action_close"): lambda w, m, r: _plan_ready(w, r, activate=True),
    ("crm.callplan.greeting", "action_plan_greetings"): _write(lambda w: {"date": "2099-12-31"}),
    ("crm.callplan.mailing.followup", "action_plan_calls"): _write(
        lambda w: {"partner_domain": f"[('id', '=', {w.client()})]"}
    ),
    ("crm.callplan.tally", "action_print_work_report"): _write(lambda w: {"plan_id": w.plan()[0]}),
    ("crm.card.claim", "action_cause_removed"): _CLAIM_CONTENT,
    ("crm.card.claim", "action_process_improved"): _CLAIM_CONTENT,
    ("crm.card.claim", "action_close"): _CLAIM_CONTENT,
    ("crm.lead", "action_open_competitor_dossier"): _write(lambda w: {"lost_competitor_id": w.dossier_competitor()}),
    ("crm.shiffman.import", "action_import"): _write(lambda w: {"file": _PROSPECTS, "file_name": "prospects.csv"}),
}


def method_target(world, model):
    """A new record of ``model`` outside every role's write scope (admin's, of admin's client, confidential)."""
    if model in MATRIX_MODELS:
        confidential = any(CELL[(model, role)]["write"] == "not_restricted" for role in ROLES)
        return world.record(model, confidential=confidential, fresh=True)
    assert model in EXTENDED_TARGETS, f"{model} has public methods of ours: add a record factory to EXTENDED_TARGETS"
    return EXTENDED_TARGETS[model](world)

FINGERPRINT_EXTRA = ["crm.lead", "mail.activity", "mail.message", "mail.followers", "res.partner", "sale.order"]


def fingerprint(admin, schema):
    """Count and last write of every table a method could touch: a write anywhere changes it."""
    result = {}
    for model in [m for m in MATRIX_MODELS if m not in TRANSIENT] + FINGERPRINT_EXTRA:
        aggregates = ["__count", "id:max"]
        if "write_date" in schema(model) and schema(model)["write_date"].get("store"):
            aggregates.append("write_date:max")
        [row] = admin.call(
            model, "formatted_read_group", [], groupby=[], aggregates=aggregates, context={"active_test": False}
        )
        result[model] = tuple(row.get(a) for a in aggregates)
    return result


def may_write(user, model, record_ids):
    """Odoo's own answer (has_access), for the models we only extend."""
    return user.call(model, "has_access", record_ids or [], "write")


@pytest.fixture(scope="module")
def method_targets(adv_world, adv_roles):
    """(target, control) per public method, built (with every role's user) before any call, so that a
    write made by a call shows in the write dates: one second later than every setup write."""
    for role in ROLES:
        adv_roles(role)
    targets = {}
    for model, method, is_model, _required, _addons in PUBLIC_METHODS:
        if is_model:
            targets[(model, method)] = (None, None)
            continue
        pair = [method_target(adv_world, model), method_target(adv_world, model)]
        for record_id in pair:
            if (model, method) in METHOD_SETUP:
                METHOD_SETUP[(model, method)](adv_world, model, record_id)
        targets[(model, method)] = ([pair[0]], [pair[1]])
    time.sleep(1.1)
    return targets


def call_method(user, model, method, ids, args):
    """``ids is None``: a model method (@api.model), called without records."""
    return user.call(model, method, *args) if ids is None else user.call(model, method, ids, *args)


def method_args(model, method, required):
    if (model, method) in METHOD_ARGS:
        return METHOD_ARGS[(model, method)]()
    assert not required, f"{model}.{method} takes {required} argument(s): add them to METHOD_ARGS"
    return ()


def refused_roles(model, ids, adv_roles):
    """Roles that may not write the target: the matrix says so for our models (the target is outside
    every scope), Odoo's own rights say so for the models we extend."""
    for role in ROLES:
        if model in MATRIX_MODELS:
            if CELL[(model, role)]["write"] != "all":
                yield role
        elif not may_write(adv_roles(role), model, ids):
            yield role


@pytest.mark.parametrize(
    ("model", "method", "is_model", "required", "addons"), PUBLIC_METHODS, ids=[f"{m[0]}.{m[1]}" for m in PUBLIC_METHODS]
)
def test_public_method_refused_to_roles_that_may_not_write(
    admin, adv_roles, schema, method_targets, addon_models, model, method, is_model, required, addons
):
    """A public method called by a role that may not write the record is refused and writes nothing."""
    ids, _control = method_targets[(model, method)]
    args = method_args(model, method, required)
    # the tables of every addon that defines the method (and of those its records live in), and Odoo's
    # tables our side effects write to
    tables = set(FINGERPRINT_EXTRA).union(*(addon_models.get(addon, ()) for addon in addons))
    tables |= {model} if model in MATRIX_MODELS and model not in TRANSIENT else set()
    before = fingerprint(admin, schema, tables)
    problems, accepted = [], []
    for role in refused_roles(model, ids, adv_roles):
        record = ids and snapshot(admin, schema, model, ids[0])
        try:
            result = call_method(adv_roles(role), model, method, ids, args)
        except RpcError as exc:  # the transaction is rolled back: nothing was written
            if exc.name not in CLEAR_REFUSALS:
                problems.append(f"{role}: crashed with {exc.name}: {exc.message[:150]}")
            continue
        accepted.append(role)
        after = ids and snapshot(admin, schema, model, ids[0])
        if after != record:
            changed = sorted(k for k in record if record[k] != after.get(k))
            problems.append(f"{role}: accepted ({str(result)[:60]}) and wrote {changed} on the record")
    after = fingerprint(admin, schema, tables)
    if after != before:
        changed = sorted(m for m in before if before[m] != after[m])
        problems.append(f"calls accepted for {accepted} wrote to {changed}")
    assert not problems, f"{model}.{method}: " + "; ".join(problems)


@pytest.mark.parametrize(
    ("model", "method", "is_model", "required", "addons"), PUBLIC_METHODS, ids=[f"{m[0]}.{m[1]}" for m in PUBLIC_METHODS]
)
def test_public_method_control_call_by_admin(admin, method_targets, model, method, is_model, required, addons):
    """The same call works for admin on a twin record: the refusals above are about rights, not state."""
    _ids, control = method_targets[(model, method)]
    try:
        call_method(admin, model, method, control, method_args(model, method, required))
    except RpcError as exc:
        pytest.fail(
            f"{model}.{method} fails for admin too ({exc.name}: {exc.message[:200]}): put its record in a state "
            "where it acts (METHOD_SETUP) or give it arguments (METHOD_ARGS)"
        )
