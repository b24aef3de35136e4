"""Shared helpers of the benchmark: open an Odoo registry in this process, sizes, timers."""

import contextlib
import os
import resource
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_ADDONS = os.environ.get("BENCH_ODOO_ADDONS", "/opt/odoo19/odoo/addons,/opt/odoo19/addons")
ADDONS_PATH = f"{ODOO_ADDONS},{REPO}"
ADDONS = "crm_card,crm_callplan,crm_shiffman,crm_dossier"

SIZES = {
    # companies, persons, order lines, salespeople, leads, interactions, years of orders
    "XS": {"companies": 1_000, "persons": 2_000, "lines": 10_000, "users": 5, "leads": 500,
           "interactions": 2_000, "years": 3},
    "S": {"companies": 10_000, "persons": 20_000, "lines": 100_000, "users": 20, "leads": 5_000,
          "interactions": 20_000, "years": 3},
    "L": {"companies": 100_000, "persons": 200_000, "lines": 1_000_000, "users": 50, "leads": 50_000,
          "interactions": 200_000, "years": 3},
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
