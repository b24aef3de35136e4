"""Shared helpers of the benchmark: open an Odoo registry in this process, sizes, timers."""

import contextlib
import os
import resource
import threading
import time

from lxml import etree

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_ADDONS = os.environ.get("BENCH_ODOO_ADDONS", "/opt/odoo19/odoo/addons,/opt/odoo19/addons")
# bench/addons: addons of the benchmark only (crm_bench_floor, measure 5's floor), never shipped
BENCH_ADDONS = os.path.join(REPO, "bench", "addons")
ADDONS_PATH = f"{ODOO_ADDONS},{REPO},{BENCH_ADDONS}"
ADDONS = "crm_card,crm_callplan,crm_shiffman,crm_dossier"

SIZES = {
    # companies, persons, order lines, salespeople, leads, interactions, years of orders; open
    # activities (a Call or a To-Do on a third of the clients) and the invoices made and paid
    # through the ORM (invoices: posted, four in five paid)
    "XS": {"companies": 1_000, "persons": 2_000, "lines": 10_000, "users": 5, "leads": 500,
           "interactions": 2_000, "years": 3, "invoices": 100},
    "S": {"companies": 10_000, "persons": 20_000, "lines": 100_000, "users": 20, "leads": 5_000,
          "interactions": 20_000, "years": 3, "invoices": 1_000},
    "L": {"companies": 100_000, "persons": 200_000, "lines": 1_000_000, "users": 50, "leads": 50_000,
          "interactions": 200_000, "years": 3, "invoices": 2_000},
    # issue 19's 1,000,000 clients; the invoices stay at L's 2,000 (made through the ORM, they
    # measure nothing of ours and would take hours)
    "XL": {"companies": 1_000_000, "persons": 2_000_000, "lines": 10_000_000, "users": 200,
           "leads": 200_000, "interactions": 2_000_000, "years": 3, "invoices": 2_000},
}

SMALL_REF = "BENCH-SMALL"  # the card client with 10 orders
BIG_REF = "BENCH-BIG"  # the card client with 20,000 order lines


def open_registry(db, log_level="warn"):
    """Load the registry of ``db`` in this process, the way ``odoo shell`` does."""
    from odoo.tools import config  # noqa: PLC0415 - import once argv is known

    config.parse_config(
        ["-d", db, f"--addons-path={ADDONS_PATH}", f"--log-level={log_level}", "--max-cron-threads=0"],
        setup_logging=True,
    )
    from odoo.modules.registry import Registry  # noqa: PLC0415

    return Registry(db)


@contextlib.contextmanager
def environment(registry, context=None):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, dict(context or {}))


# the tables the measures write (plans, activities, interactions, clients' rhythm states, leads)
CHANGED_TABLES = (
    "res_partner", "crm_lead", "mail_activity", "mail_followers", "bus_bus", "crm_card_interaction",
    "crm_card_rhythm", "crm_callplan_line", "crm_callplan_call",
)


def vacuum(registry, tables=CHANGED_TABLES):
    """``VACUUM ANALYZE`` the tables, outside any transaction; returns the seconds it took.

    Between measures, so that none pays for the dead rows an earlier one left (measure 1 rolls
    back 100,000 floor activities, for one), as autovacuum would on a production server; this
    machine's PostgreSQL runs with ``autovacuum = off``.
    """
    start = time.perf_counter()
    existing = []
    with registry.cursor() as cr:
        cr.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)", [list(tables)])
        existing = sorted(name for (name,) in cr.fetchall())
        cr.rollback()  # VACUUM runs outside a transaction
        if existing:
            cr._cnx.autocommit = True
            try:
                cr.execute(f"VACUUM ANALYZE {', '.join(existing)}")
            finally:
                cr._cnx.autocommit = False
    return time.perf_counter() - start


class Measure:
    """Wall time and query count of a block, on one cursor (``cr.sql_log_count``)."""

    def __init__(self, cr):
        self.cr = cr
        self.seconds = 0.0
        self.queries = 0

    def __enter__(self):
        self._q = self.cr.sql_log_count
        self._t = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._t
        self.queries = self.cr.sql_log_count - self._q
        return False


class RssSampler:
    """Peak resident memory of one process (default: this one) sampled every 20 ms; with
    ``tree``, of the process and its children (a server's master and workers) together.

    The children are listed once a second: listing them scans ``/proc`` (about 1 ms), which
    twenty times a second takes its share of the two cores the measured server runs on.
    """

    def __init__(self, pid=None, interval=0.02, tree=False):
        import psutil  # noqa: PLC0415

        self.proc = psutil.Process(pid or os.getpid())
        self.interval = interval
        self.tree = tree
        self._procs, self._listed = [self.proc], 0.0
        self.peak = 0
        self.start_rss = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self):
        if self.tree and time.monotonic() - self._listed > 1.0:
            self._procs, self._listed = [self.proc, *self.proc.children(recursive=True)], time.monotonic()
        return sum(proc.memory_info().rss for proc in self._procs)

    def _run(self):
        while not self._stop.is_set():
            with contextlib.suppress(Exception):
                self.peak = max(self.peak, self._rss())
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        with contextlib.suppress(Exception):
            self.peak = max(self.peak, self._rss())
        return False


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------- view specs
def spec_from_arch(model, arch, fields_info, drop_modules=()):
    """The web client's fields specification for an arch: top-level fields, relations by name."""
    root = etree.fromstring(arch) if isinstance(arch, str) else arch
    spec = {}

    def walk(node, inside_field):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field" and not inside_field:
                name = child.get("name")
                field = model._fields.get(name)
                if field is None or (drop_modules and getattr(field, "_module", None) in drop_modules):
                    continue
                if field.type == "many2one":
                    spec[name] = {"fields": {"display_name": {}}}
                elif field.type in ("one2many", "many2many"):
                    sub = {"display_name": {}}
                    comodel = model.env[field.comodel_name]
                    for sub_node in child.iter("field"):
                        sub_name = sub_node.get("name")
                        if sub_node is child or sub_name not in comodel._fields:
                            continue
                        sub_field = comodel._fields[sub_name]
                        sub[sub_name] = {"fields": {"display_name": {}}} if sub_field.type == "many2one" else {}
                        if sub_field.type in ("one2many", "many2many"):
                            sub[sub_name] = {}
                    spec[name] = {"fields": sub, "limit": 40}
                else:
                    spec[name] = {}
                walk(child, True)
            else:
                walk(child, inside_field)

    walk(root, False)
    return spec


def view_spec(env_user, model_name, view_id, view_type, drop_modules=()):
    model = env_user[model_name]
    views = model.get_views([(view_id, view_type)])
    arch = views["views"][view_type]["arch"]
    return spec_from_arch(model, arch, views["models"], drop_modules)
