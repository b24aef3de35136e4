"""End-to-end harness: talks to a running Odoo over JSON-RPC, as an integrator would.

``./run-tests`` starts the server and sets ODOO_URL, ODOO_DB and ODOO_ADMIN_PASSWORD.
Without ODOO_URL every test here is skipped.

Fixtures (the contract the e2e tests of every addon rely on):
  server                    -> .url, .db of the running Odoo
  admin                     -> JsonRpc logged in as admin
  make_user(login, groups)  -> JsonRpc for a new internal user (password = login) with those group xmlids
  sales_user                -> JsonRpc for a user in sales_team.group_sale_salesman
  make_portal_user(login)   -> JsonRpc for a new portal user
  portal_user               -> JsonRpc for a portal user
  roles(role)               -> JsonRpc of the user of a role of the access matrix (access_world.ROLE_GROUPS)
  world                     -> access_world.World: real records of every model of the matrix, made as admin

``client.call(model, method, *args, **kwargs)`` passes ``args`` as the method's own positional
arguments (not wrapped in one more list as XML-RPC's execute_kw wants):
  admin.call("res.partner", "search", [("is_company", "=", True)], limit=5)   # domain = 1st arg
  admin.call("res.partner", "create", [{"name": "Volga Trade"}])              # -> [id]
  admin.call("res.partner", "read", [partner_id], ["name"])                   # ids, fields
  admin.call("res.partner", "write", [partner_id], {"phone": "+7 495 1"})
It returns the result or raises RpcError (``.name`` = "odoo.exceptions.AccessError", ``.message``).
``client.ref("module.xmlid")`` gives a record's id (looked up as admin).

Hypothesis: the "default" profile keeps property-based tests short (100 examples, no deadline);
``./run-tests --fuzz`` sets FUZZ=1, which loads the "fuzz" profile (5,000 examples). A test that
must always send a given number of examples says so with ``@settings(max_examples=...)``;
``FUZZ`` (bool) is exported here for tests that scale other loops.
"""

import itertools
import os
import time
import uuid
from dataclasses import dataclass

import pytest
import requests
from access_world import ROLE_GROUPS, World
from hypothesis import HealthCheck, settings

FUZZ = os.environ.get("FUZZ", "") not in ("", "0")

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("fuzz" if FUZZ else "default")


class RpcError(Exception):
    """An error returned by Odoo: ``name`` is the exception's dotted class name."""

    def __init__(self, name, message, data=None):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.data = data or {}


class JsonRpc:
    """A JSON-RPC session on one Odoo database, as one user."""

    _ids = itertools.count(1)

    def __init__(self, url, db, timeout=60):
        self.url = url.rstrip("/")
        self.db = db
        self.timeout = timeout
        self.session = requests.Session()
        self.uid = None
        self.login_name = None
        self.resolver = None  # client allowed to read ir.model.data (admin), used by ref()

    def rpc(self, path, params):
        """POST a JSON-RPC 2.0 call to ``path`` and return its result or raise RpcError."""
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(self._ids), "params": params}
        response = self.session.post(f"{self.url}{path}", json=payload, timeout=self.timeout)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            error = body["error"]
            data = error.get("data") or {}
            name = data.get("name", "odoo.exceptions.RpcError")
            raise RpcError(name, data.get("message") or error.get("message"), data)
        return body.get("result")

    def authenticate(self, login, password):
        info = self.rpc("/web/session/authenticate", {"db": self.db, "login": login, "password": password})
        if not info or not info.get("uid"):
            raise RpcError("odoo.exceptions.AccessDenied", f"cannot log in as {login}")
        self.uid = info["uid"]
        self.login_name = login
        return self

    def call(self, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` like the web client does."""
        return self.rpc(
            f"/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def ref(self, xmlid):
        """Database id of an external id (``module.name``), looked up as admin."""
        module, name = xmlid.split(".", 1)
        found = (self.resolver or self).call(
            "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"], limit=1
        )
        if not found:
            raise LookupError(f"no record {xmlid}")
        return found[0]["res_id"]

    def __repr__(self):
        return f"<JsonRpc {self.login_name}@{self.db}>"


@dataclass(frozen=True)
class Server:
    url: str
    db: str
    admin_password: str


@pytest.fixture(scope="session")
def server():
    url = os.environ.get("ODOO_URL")
    if not url:
        pytest.skip("ODOO_URL is not set: run the end-to-end tests through ./run-tests")
    db = os.environ.get("ODOO_DB")
    if not db:
        pytest.skip("ODOO_DB is not set: run the end-to-end tests through ./run-tests")
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{url.rstrip('/')}/web/health", timeout=5).raise_for_status()
            break
        except requests.RequestException:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    return Server(url=url.rstrip("/"), db=db, admin_password=os.environ.get("ODOO_ADMIN_PASSWORD", "admin"))


@pytest.fixture(scope="session")
def admin(server):
    return JsonRpc(server.url, server.db).authenticate("admin", server.admin_password)


@pytest.fixture(scope="session")
def _login_suffix():
    """Unique per session, so that a kept database can be tested again."""
    return uuid.uuid4().hex[:8]


def _create_user(admin, login, group_xmlids, share=False):
    group_ids = [admin.ref(xmlid) for xmlid in group_xmlids]
    vals = {"name": login.replace("_", " ").title(), "login": login, "password": login, "email": f"{login}@example.com"}
    if group_ids:
        vals["group_ids"] = [(6, 0, group_ids)]
    return admin.call("res.users", "create", [vals])[0]


@pytest.fixture(scope="session")
def make_user(server, admin, _login_suffix):
    """``make_user(login, groups=[xmlid, ...])`` -> JsonRpc of a new internal user.

    The login gets a per-session suffix (``<login>_<suffix>``); the password is that login.
    ``base.group_user`` is added unless a portal/public group is asked for.
    """

    def factory(login, groups=()):
        groups = list(groups)
        if not any(g in ("base.group_portal", "base.group_public") for g in groups):
            groups = ["base.group_user", *groups]
        full_login = f"{login}_{_login_suffix}"
        _create_user(admin, full_login, groups)
        client = JsonRpc(server.url, server.db).authenticate(full_login, full_login)
        client.resolver = admin
        return client

    return factory


@pytest.fixture(scope="session")
def make_portal_user(make_user):
    def factory(login):
        return make_user(login, groups=["base.group_portal"])

    return factory


@pytest.fixture(scope="session")
def sales_user(make_user):
    return make_user("e2e_sales_user", groups=["sales_team.group_sale_salesman"])


@pytest.fixture(scope="session")
def portal_user(make_portal_user):
    return make_portal_user("e2e_portal_user")


@pytest.fixture(scope="session")
def rpc_error():
    """The RpcError class, for ``pytest.raises(rpc_error)`` in tests that do not import conftest."""
    return RpcError


@pytest.fixture(scope="session")
def world(admin):
    return World(admin)


@pytest.fixture(scope="session")
def roles(make_user):
    """One JSON-RPC session per role of the access matrix, created once."""
    cache = {}

    def get(role):
        if role not in cache:
            cache[role] = make_user(f"acm_{role}", groups=ROLE_GROUPS[role])
        return cache[role]

    return get
