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

Who is who: the roles of access_world.ROLE_GROUPS (fixture ``roles``), users of company A only;
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
from access_world import ROLE_GROUPS, World
from conftest import RpcError
from test_access_matrix import MATRIX, TRANSIENT, WRITE_VALS, scope_records

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("crm_card", "crm_dossier", "crm_shiffman", "crm_callplan", "crm_card_survey")
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
def role_groups(admin, roles):
    """Role -> ids of all its groups (implied ones included)."""
    cache = {}

    def get(role):
        if role not in cache:
            [row] = admin.call("res.users", "read", [roles(role).uid], ["all_group_ids"])
            cache[role] = set(row["all_group_ids"])
        return cache[role]

    return get


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


def build(world, model, **kwargs):
    """``world.record(model, **kwargs)``, failing loudly when the world cannot make one yet."""
    try:
        return world.record(model, **kwargs)
    except RpcError as exc:
        pytest.fail(
            f"tests/access_world.py cannot build a {model} record ({kwargs}) for {world.admin.login_name}: "
            f"{exc.name}: {exc.message[:300]}; give it a factory"
        )


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
    through computed and related fields to the fields a client can write. Company rules are (d)'s."""
    rules = admin.call(
        "ir.rule",
        "search_read",
        [("model_id.model", "=", model), ("perm_write", "=", True)],
        ["domain_force", "groups", "global"],
    )
    fields = schema(model)
    names = set()
    for rule in rules:
        if "company_ids" in (rule["domain_force"] or ""):
            continue  # a multi-company rule: moves into another company are (d)'s
        if rule["global"] or groups & set(rule["groups"]):
            for path in DOMAIN_FIELD.findall(rule["domain_force"] or ""):
                first, *rest = path.split(".")
                names.add(first)
                # a path through the model itself (a partner's commercial partner's salesperson) is
                # also the record's own field when the record is its own commercial partner
                if rest and fields.get(first, {}).get("relation") == model and rest[0] in fields:
                    names.add(rest[0])
    names.discard("company_id")
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
    ("own_clients", "parent_id"): lambda w, a, m, r, u: w.client(),
    ("not_restricted", "dossier_id"): lambda w, a, m, r, u: _confidential_dossier_like(w, a, m, r),
    ("not_restricted", "restricted"): lambda w, a, m, r, u: True,
}
# (scope, field) -> values that make a record depend on that field alone to be in scope (the rule
# is a disjunction: an interaction without client is the user's through its salesperson).
IN_SCOPE_ONLY_THROUGH = {
    ("own_clients", "user_id"): lambda w, u: {
        # an interaction without client; a client company that is its own commercial partner
        "partner_id": False,
        "contact_id": False,
        "lead_id": False,
        "parent_id": False,
        "is_company": True,
        "user_id": u,
    },
}
# Fields that only change what a record is, not whose it is, and that the move test leaves alone.
NOT_MOVES = {
    # a person dossier needs a person and no company role: a type change is refused by constraints
    ("crm.dossier", "dossier_type"),
    # a person becoming a company becomes its own client, with its own (empty or same) salesperson
    ("res.partner", "is_company"),
}


def in_scope_record(world, model, scope, user, field):
    inside = scope_records(world, model, scope, user)[0][0]
    extra = IN_SCOPE_ONLY_THROUGH.get((scope, field))
    if not extra:
        return build(world, model, fresh=True, **inside)
    vals = world.vals(model, **{k: v for k, v in inside.items() if k != "as_client"})
    fields = world.admin.call(model, "fields_get", [], attributes=["type"])
    vals.update({k: v for k, v in extra(world, user.uid).items() if k in fields})
    return world.create(model, vals, inside.get("as_client"))


@pytest.mark.parametrize(("model", "role", "scope"), SCOPED_WRITES, ids=[f"{m}|{r}" for m, r, _s in SCOPED_WRITES])
def test_write_cannot_move_record_out_of_scope(admin, world, roles, role_groups, schema, model, role, scope):
    """A write that would take an in-scope record out of the role's scope is refused, record unchanged."""
    user = roles(role)
    fields = rule_fields(admin, schema, model, role_groups(role)) - {f for m, f in NOT_MOVES if m == model}
    assert fields, f"{model}|{role}: scope {scope} depends on no field a record rule names: check its rules"
    problems = []
    for field in sorted(fields):
        record_id = in_scope_record(world, model, scope, user, field)
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
            value = build(world, admin, model, record_id, user)
        try:
            user.call(model, "write", [record_id], {field: value})
        except RpcError as exc:
            if exc.name != ACCESS_ERROR:
                problems.append(f"{field}: {exc.name} instead of AccessError: {exc.message[:150]}")
        else:
            if field not in MAGIC_FIELDS:
                visible = user.call(model, "search", [("id", "=", record_id)]) == [record_id]
                problems.append(
                    f"{field}={value}: write accepted (record {'still' if visible else 'no longer'} visible)"
                )
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

# Methods of the ORM that our models override: their access is the matrix's (read, create, write,
# unlink), an import or an export being reads and writes of the same records.
ORM_METHODS = {
    "create",
    "write",
    "unlink",
    "copy",
    "read",
    "search",
    "init",
    "default_get",
    "name_create",
    "export_data",
    "load",
}
# Public methods that cannot be called over JSON-RPC at all, with the reason.
NOT_RPC = {
    # Odoo's import converter (crm_shiffman answers from the upload's lookup there): its arguments
    # are Field objects, it is not reachable through call_kw
    ("ir.fields.converter", "db_id_for"),
}
# Positional arguments of public methods that take some (a method with required arguments and no
# entry here fails loudly).
METHOD_ARGS = {}


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
    return sorted(
        (model, method, *info, tuple(sorted(addons[(model, method)]))) for (model, method), info in found.items()
    )


PUBLIC_METHODS = [m for m in public_methods() if m[:2] not in NOT_RPC]


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


# A record for the calls, for the models of Odoo that our addons extend with public methods.
EXTENDED_TARGETS = {
    "crm.lead": _fresh_lead,
    "crm.team": lambda w: w.create("crm.team", {"name": marker("ADV team ")}),
    "crm.lead.lost": lambda w: w.create(
        "crm.lead.lost", {"lead_ids": [(6, 0, [_fresh_lead(w)])], "lost_competitor_id": w.dossier_competitor()}
    ),
    "res.config.settings": lambda w: w.create("res.config.settings", {}),
    "product.template": lambda w: w.create("product.template", {"name": marker("ADV product ")}),
    "base.partner.merge.automatic.wizard": lambda w: _merge_wizard(w),
}


def _merge_wizard(world):
    """Odoo's merge wizard (a transient record of admin's) on two fresh companies of admin's."""
    twins = [world.create("res.partner", {"name": marker("ADV twin "), "is_company": True}) for _i in range(2)]
    return world.create(
        "base.partner.merge.automatic.wizard",
        {"partner_ids": [(6, 0, twins)], "dst_partner_id": twins[0], "state": "selection"},
    )


def _plan_ready(world, plan, activate=False):
    """A segment and a client the plan covers (a company of its salesperson, with a potential) that has
    no plan line yet: computing the segments adds one."""
    salesperson = world.other_user()
    world.admin.call("crm.callplan", "write", [plan], {"user_ids": [(6, 0, [salesperson])]})
    world.create("crm.callplan.segment", {"plan_id": plan, "name": "A", "calls_per_year": 12})
    world.create(
        "res.partner",
        {"name": marker("ADV plan client "), "is_company": True, "user_id": salesperson, "card_potential_amount": 5000},
    )
    if activate:
        world.admin.call("crm.callplan", "action_activate", [plan])


def _write(vals):
    return lambda world, model, record_id: world.admin.call(model, "write", [record_id], vals(world))


def _bought_today(world, model, partner_id):
    """A client with an e-mail that bought a product today: a questionnaire is due to it."""
    [partner] = world.admin.call(model, "read", [partner_id], ["commercial_partner_id"])
    client = partner["commercial_partner_id"][0]
    world.admin.call(model, "write", [client], {"email": "adv.buyer@example.com"})
    product = world.create("product.product", {"name": marker("ADV product "), "type": "consu"})
    order = world.create(
        "sale.order", {"partner_id": client, "order_line": [(0, 0, {"product_id": product, "price_unit": 10.0})]}
    )
    world.admin.call("sale.order", "action_confirm", [order])


_CLAIM_CONTENT = _write(
    lambda w: {"cause": "ADV cause", "corrective_action": "ADV fix", "preventive_action": "ADV rule"}
)
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
    ("crm.card.claim", "action_analyse"): _CLAIM_CONTENT,
    ("crm.card.claim", "action_cause_removed"): _CLAIM_CONTENT,
    ("crm.card.claim", "action_process_improved"): _CLAIM_CONTENT,
    ("crm.card.claim", "action_close"): _CLAIM_CONTENT,
    ("res.partner", "action_card_survey_invite"): _bought_today,
    ("crm.lead", "action_open_competitor_dossier"): _write(lambda w: {"lost_competitor_id": w.dossier_competitor()}),
    ("crm.shiffman.import", "action_import"): _write(lambda w: {"file": _PROSPECTS, "file_name": "prospects.csv"}),
}


def method_target(world, model):
    """A new record of ``model`` outside every role's write scope (admin's, of admin's client, confidential)."""
    if model in MATRIX_MODELS:
        scopes = {CELL[(model, role)]["write"] for role in ROLES}
        outside = {"client": world.client()} if "own_clients" in scopes else {}  # admin's client
        return build(world, model, confidential="not_restricted" in scopes, fresh=True, **outside)
    assert model in EXTENDED_TARGETS, f"{model} has public methods of ours: add a record factory to EXTENDED_TARGETS"
    return EXTENDED_TARGETS[model](world)


FINGERPRINT_EXTRA = ["crm.lead", "mail.activity", "mail.message", "mail.followers", "res.partner", "sale.order"]


@pytest.fixture(scope="module")
def addon_models(admin):
    """addon -> the stored tables of its own models."""
    rows = admin.call("ir.model", "search_read", [("transient", "=", False)], ["model", "modules"])
    result = {}
    for row in rows:
        if row["model"] in MATRIX_MODELS and row["model"] not in TRANSIENT:
            for module in (row["modules"] or "").split(","):
                result.setdefault(module.strip(), set()).add(row["model"])
    return result


def fingerprint(admin, schema, models):
    """Count, last id and last write of each table: a write in any of them changes it."""
    result = {}
    for model in sorted(models):
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
def method_targets(world, roles):
    """(target, control) per public method, built (with every role's user) before any call, so that a
    write made by a call shows in the write dates: one second later than every setup write."""
    for role in ROLES:
        roles(role)
    targets = {}
    for model, method, is_model, _required, _addons in PUBLIC_METHODS:
        if is_model:
            targets[(model, method)] = (None, None)
            continue
        try:
            pair = [method_target(world, model), method_target(world, model)]
            for record_id in pair:
                if (model, method) in METHOD_SETUP:
                    METHOD_SETUP[(model, method)](world, model, record_id)
        except (pytest.fail.Exception, RpcError) as exc:  # reported by the method's own tests
            targets[(model, method)] = f"no record to call {model}.{method} on: {exc}"
            continue
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


def refused_roles(model, ids, roles):
    """Roles that may not write the target: the matrix says so for our models (the target is outside
    every scope), Odoo's own rights say so for the models we extend."""
    for role in ROLES:
        if model in MATRIX_MODELS:
            if CELL[(model, role)]["write"] != "all":
                yield role
        elif not may_write(roles(role), model, ids):
            yield role


@pytest.mark.parametrize(
    ("model", "method", "is_model", "required", "addons"),
    PUBLIC_METHODS,
    ids=[f"{m[0]}.{m[1]}" for m in PUBLIC_METHODS],
)
def test_public_method_refused_to_roles_that_may_not_write(
    admin, roles, schema, method_targets, addon_models, model, method, is_model, required, addons
):
    """A public method called by a role that may not write the record is refused and writes nothing."""
    if isinstance(method_targets[(model, method)], str):
        pytest.fail(method_targets[(model, method)])
    ids, _control = method_targets[(model, method)]
    args = method_args(model, method, required)
    # the tables of every addon that defines the method (and of those its records live in), and Odoo's
    # tables our side effects write to
    tables = set(FINGERPRINT_EXTRA).union(*(addon_models.get(addon, ()) for addon in addons))
    tables |= {model} if model in MATRIX_MODELS and model not in TRANSIENT else set()
    before = fingerprint(admin, schema, tables)
    problems, accepted = [], []
    for role in refused_roles(model, ids, roles):
        record = ids and snapshot(admin, schema, model, ids[0])
        try:
            result = call_method(roles(role), model, method, ids, args)
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
    ("model", "method", "is_model", "required", "addons"),
    PUBLIC_METHODS,
    ids=[f"{m[0]}.{m[1]}" for m in PUBLIC_METHODS],
)
def test_public_method_control_call_by_admin(admin, method_targets, model, method, is_model, required, addons):
    """The same call works for admin on a twin record: the refusals above are about rights, not state."""
    if isinstance(method_targets[(model, method)], str):
        pytest.fail(method_targets[(model, method)])
    _ids, control = method_targets[(model, method)]
    try:
        call_method(admin, model, method, control, method_args(model, method, required))
    except RpcError as exc:
        pytest.fail(
            f"{model}.{method} fails for admin too ({exc.name}: {exc.message[:200]}): put its record in a state "
            "where it acts (METHOD_SETUP) or give it arguments (METHOD_ARGS)"
        )


# ----------------------------------------------------------------------
# (c) Confidential values do not travel to roles that may not read them
# ----------------------------------------------------------------------


def load_confidential():
    with open(CONFIDENTIAL_FILE, encoding="utf-8") as handle:
        return [(row["model"], row["field"]) for row in csv.DictReader(handle)]


CONFIDENTIAL = load_confidential()
# Records of models outside the matrix that hold a confidential field: f(world, company_b) -> id
CONFIDENTIAL_RECORDS = {"res.company": lambda world, company_b: company_b}


def _in_days(days):
    import datetime  # noqa: PLC0415

    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


# Values that make the record take the paths its confidential data could leak through (a coming event
# gets its reminder To-Do from the nightly job).
CONFIDENTIAL_CREATE_EXTRA = {"crm.card.event": lambda: {"date": _in_days(1)}}


def confidential_value(field_type):
    """A value unique to this run, and the strings it may be shown as."""
    if field_type in ("char", "text", "html"):
        value = marker()
        return value, [value]
    if field_type in ("monetary", "float", "integer"):
        number = 7_000_000 + uuid.uuid4().int % 999_999
        grouped = f"{number:,}"
        forms = [
            str(number),
            grouped,
            grouped.replace(",", " "),
            grouped.replace(",", "\xa0"),
            grouped.replace(",", "."),
        ]
        return (number + 0.37 if field_type != "integer" else number), forms
    raise AssertionError(f"confidential field of type {field_type}: teach confidential_value how to mark it")


def unreadable_roles(admin, role_groups, model, field):
    """Roles that may not read the value: the matrix refuses them the model, or the field's groups miss them."""
    [info] = admin.call("ir.model.fields", "search_read", [("model", "=", model), ("name", "=", field)], ["groups"])
    field_groups = set(info["groups"])
    for role in ROLES:
        hidden_model = (model, role) in CELL and CELL[(model, role)]["read"] == "none"
        if hidden_model or (field_groups and not field_groups & role_groups(role)):
            yield role


def leaks(user, model, field, forms, value, partner_id, export_paths, threads):
    """Where ``user`` finds any of ``forms``: a list of channel names."""
    found = []

    def attempt(channel, call, check):
        try:
            result = call()
        except RpcError as exc:
            assert exc.name in CLEAR_REFUSALS, f"{channel}: {exc.name}: {exc.message[:200]}"
            return
        if check(result):
            found.append(channel)

    for form in forms:
        attempt("mail.message body", lambda f=form: user.call("mail.message", "search", [("body", "ilike", f)]), bool)
        tracking = ["|", "|", "|", ("old_value_char", "ilike", form), ("new_value_char", "ilike", form)]
        tracking += [("old_value_text", "ilike", form), ("new_value_text", "ilike", form)]
        attempt("mail.tracking.value", lambda d=tracking: user.call("mail.tracking.value", "search", d), bool)
        activity = ["|", ("summary", "ilike", form), ("note", "ilike", form)]
        attempt("mail.activity", lambda d=activity: user.call("mail.activity", "search", d), bool)
    attempt(f"search on {model}.{field}", lambda: user.call(model, "search", [(field, "=", value)]), bool)
    if isinstance(value, float | int):
        numbers = ["|", ("old_value_float", "=", value), ("new_value_float", "=", value)]
        attempt("mail.tracking.value (number)", lambda: user.call("mail.tracking.value", "search", numbers), bool)

    def shows(result):
        text = str(result)
        return any(form in text for form in forms)

    for thread_model, thread_id in threads:
        params = {"thread_model": thread_model, "thread_id": thread_id, "fetch_params": {"limit": 200}}
        attempt(f"chatter of {thread_model}", lambda p=params: user.rpc("/mail/thread/messages", p), shows)
    for path in export_paths:
        attempt(
            f"export of the client ({path})",
            lambda p=path: user.call("res.partner", "export_data", [partner_id], [p]),
            shows,
        )
    return found


def partner_paths(schema, model, field):
    """Export paths from a client to the field: through its one2many to ``model``, its chatter, its activities."""
    paths = ["message_ids/body", "activity_ids/summary", "activity_ids/note"]
    if model == "res.partner":
        paths.append(field)
    for name, info in schema("res.partner").items():
        if info["type"] in ("one2many", "many2many") and info.get("relation") == model:
            paths.append(f"{name}/{field}")
    return paths


@pytest.fixture(scope="module")
def confidential_records(admin, world, schema, company_b):
    """(model, field) -> (record, client partner, value, its forms), written with a value and changed to a
    second one (so that tracking has an old and a new value), then archived when the model can be."""
    records = {}
    for model, field in CONFIDENTIAL:
        field_type = schema(model)[field]["type"]
        first, first_forms = confidential_value(field_type)
        value, forms = confidential_value(field_type)
        if model in MATRIX_MODELS:
            vals = dict(world.vals(model), **{field: first})
            vals.update(CONFIDENTIAL_CREATE_EXTRA.get(model, dict)())
            record_id = world.create(model, vals)
        else:
            assert model in CONFIDENTIAL_RECORDS, f"{model}: add a record factory to CONFIDENTIAL_RECORDS"
            record_id = CONFIDENTIAL_RECORDS[model](world, company_b)
        admin.call(model, "write", [record_id], {field: value})
        if model in MATRIX_MODELS and "active" in schema(model):  # archiving a bank account posts too
            admin.call(model, "action_archive", [record_id])
        [row] = admin.call(model, "read", [record_id], ["partner_id"], context={"active_test": False})
        partner_id = row["partner_id"] and row["partner_id"][0]
        assert partner_id or model == "res.partner", f"{model}: no client to look for the value from"
        records[(model, field)] = (record_id, partner_id or record_id, value, forms, first_forms)
    # the nightly jobs of our addons have run (reminders, rhythms, plans): what they write is searched too
    crons = admin.call(
        "ir.model.data", "search_read", [("model", "=", "ir.cron"), ("module", "in", ADDONS)], ["res_id"]
    )
    for cron in crons:
        admin.call("ir.cron", "method_direct_trigger", [cron["res_id"]])
    return records


def test_confidential_list_is_complete(admin):
    """Every field of our models that is restricted to groups is in tests/confidential_fields.csv."""
    rows = admin.call("ir.model.fields", "search_read", [("groups", "!=", False)], ["model", "name", "modules"])
    ours = {
        (row["model"], row["name"])
        for row in rows
        if set(ADDONS) & {m.strip() for m in (row["modules"] or "").split(",")}
        and not admin.call("ir.model", "search_read", [("model", "=", row["model"])], ["transient"])[0]["transient"]
    }
    missing = ours - set(CONFIDENTIAL)
    assert not missing, f"fields restricted to groups missing from {CONFIDENTIAL_FILE.name}: {sorted(missing)}"


@pytest.mark.parametrize(("model", "field"), CONFIDENTIAL, ids=[f"{m}.{f}" for m, f in CONFIDENTIAL])
def test_confidential_value_not_found_by_roles_that_may_not_read_it(
    admin, roles, role_groups, schema, confidential_records, model, field
):
    """A role that may not read a confidential value finds it nowhere: messages, tracking, activities,
    chatter, exports of the client."""
    record_id, partner_id, value, forms, first_forms = confidential_records[(model, field)]
    forms = forms + first_forms
    paths = partner_paths(schema, model, field)
    threads = [("res.partner", partner_id)] + ([(model, record_id)] if "message_ids" in schema(model) else [])
    # control: admin's export of the record shows the value, so the forms searched are the right ones
    exported = admin.call(model, "export_data", [record_id], [field], context={"active_test": False})
    assert any(form in str(exported) for form in forms), f"admin's export of {model}.{field} misses {forms}: {exported}"
    problems = {}
    for role in unreadable_roles(admin, role_groups, model, field):
        found = leaks(roles(role), model, field, forms, value, partner_id, paths, threads)
        if found:
            problems[role] = found
    assert not problems, f"{model}.{field} value found by " + "; ".join(
        f"{r}: {sorted(set(c))}" for r, c in problems.items()
    )


# ----------------------------------------------------------------------
# (d) A second company
# ----------------------------------------------------------------------

# Models shared by every company by design (no company_id): configuration lists, and wizards, which
# are one user's scratch records (what a wizard does across companies is tested by (b) and the addons).
COMPANY_SHARED = {
    "crm.card.category",
    "crm.card.buying.role",
    "crm.card.interaction.result",
    "crm.card.event.type",
    "crm.dossier.topic",
    "crm.dossier.tag",
} | TRANSIENT
COMPANY_MODELS = [m for m in MATRIX_MODELS if m not in COMPANY_SHARED]


def test_company_shared_models_have_no_company(schema):
    """A model declared shared by every company has no company field (else it belongs in (d))."""
    with_company = sorted(m for m in COMPANY_SHARED if "company_id" in schema(m))
    assert not with_company, f"declared shared but holding company_id: {with_company}"


@pytest.mark.parametrize("model", COMPANY_MODELS)
def test_second_company_record_hidden_from_first_company(admin, roles, schema, world_b, company_b, model):
    """Every role of company A: a record of company B is not found, not read, not written."""
    record_id = build(world_b, model)
    if "company_id" in schema(model):
        [row] = admin.call(model, "read", [record_id], ["company_id"], context={"allowed_company_ids": [company_b]})
        assert row["company_id"] and row["company_id"][0] == company_b, (
            f"the world could not build a {model} record of company B: {row['company_id']}"
        )
    before = snapshot(admin, schema, model, record_id)
    vals = {key: value() if callable(value) else value for key, value in WRITE_VALS[model].items()}
    problems = []
    for role in ROLES:
        user = roles(role)
        try:
            if user.call(model, "search", [("id", "=", record_id)]):
                problems.append(f"{role} finds it")
        except RpcError as exc:
            assert exc.name == ACCESS_ERROR, f"{role} search: {exc.name}: {exc.message[:200]}"
        for op, call in (
            ("reads", lambda u=user: u.call(model, "read", [record_id], ["display_name"])),
            ("writes", lambda u=user: u.call(model, "write", [record_id], vals)),
        ):
            try:
                call()
                problems.append(f"{role} {op} it")
            except RpcError as exc:
                if exc.name != ACCESS_ERROR:
                    problems.append(f"{role} {op}: {exc.name} instead of AccessError")
    if snapshot(admin, schema, model, record_id) != before:
        problems.append("the record changed")
    assert not problems, f"{model} of company B: " + "; ".join(problems)


# Models without a company field of their own: the field through which they belong to one.
COMPANY_PARENT = {
    "crm.card.contract.appendix": "contract_id",
    "crm.card.rating": "partner_id",
    "crm.card.rhythm": "partner_id",
}


def company_move(schema, model):
    """(field, model of company B's record to write into it, or None for company_id itself)."""
    field = schema(model).get("company_id")
    if field and field.get("store") and not field.get("related") and not field.get("readonly"):
        return "company_id", None
    if field and field.get("related"):
        parent = field["related"].split(".")[0]
        return parent, schema(model)[parent]["relation"]
    assert model in COMPANY_PARENT, f"{model} has no company field: say in COMPANY_PARENT which field gives its company"
    parent = COMPANY_PARENT[model]
    return parent, schema(model)[parent]["relation"]


MOVABLE_COMPANY = [
    (row["model"], row["role"], row["write"])
    for row in MATRIX
    if row["write"] != "none" and row["model"] in COMPANY_MODELS
]


@pytest.mark.parametrize(("model", "role", "scope"), MOVABLE_COMPANY, ids=[f"{m}|{r}" for m, r, _s in MOVABLE_COMPANY])
def test_record_cannot_be_written_into_another_company(
    admin, world, world_b, roles, schema, company_b, model, role, scope
):
    """A role of company A that may write a record cannot move it into company B, by its company or by
    the parent it takes its company from."""
    user = roles(role)
    field, parent_model = company_move(schema, model)
    inside = scope_records(world, model, scope, user)[0][0]
    record_id = build(world, model, fresh=True, **inside)
    if parent_model is None:
        value = company_b
    elif parent_model == "crm.dossier":  # a dossier of the same kind: analogues live in product dossiers
        [row] = admin.call(model, "read", [record_id], [field])
        [dossier] = admin.call("crm.dossier", "read", [row[field][0]], ["dossier_type"])
        value = world_b.dossier(kind=dossier["dossier_type"])
    else:
        value = build(world_b, parent_model)
    reader = user if scope == "own" else admin
    before = snapshot(reader, schema, model, record_id)
    refused(lambda: user.call(model, "write", [record_id], {field: value}))
    assert snapshot(reader, schema, model, record_id) == before
