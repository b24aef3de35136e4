#!/usr/bin/env python3
"""Measure the four addons on a generated database, each figure next to its comparison.

Usage: python3 bench/run.py --db bench_s --size S [--stock-db bench_s_stock] [--only 1,2,3,4,5,7]
       [--sample 500] [--calls 2000] [--json out.json]

Measures 1-4 run inside this Odoo process (registry + environment, as ``odoo shell``); measure 5
starts a real server with --workers=4 on a free loopback port; measure 7 (bench/flows.py) opens
the stock database's registry next to ours in this process; measure 8 (bench/nightly.py) runs the
addons' scheduled jobs through Odoo's cron machinery and keeps what they do (only when asked).
Query counts come from the cursor's own counter (``cr.sql_log_count``). Peak RSS is this process's
resident memory sampled every 20 ms (measure 6).
"""

import argparse
import concurrent.futures
import contextlib
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from common import (
    ADDONS_PATH,
    BIG_REF,
    SMALL_REF,
    Measure,
    RssSampler,
    environment,
    open_registry,
    vacuum,
    view_spec,
)
from flows import FLOWS, measure_flows
from nightly import measure_nightly

OURS = ("crm_card", "crm_callplan", "crm_shiffman", "crm_dossier")
START_LOAD = "/".join(f"{x:.1f}" for x in os.getloadavg())
SPEED = []  # speed_reference() at the start and at the end of the run
WARMUP = 32  # calls per variant before measure 5 measures
FLOOR_ADDON = "crm_bench_floor"  # bench/addons: measure 5's floor, a bare route that only inserts the row
FLOOR_ROUTE = "/crm_bench_floor/calls"
ROWS = []  # (measure, variant, seconds, rows, queries, note)
RESULTS = {}


def row(measure, variant, seconds=None, rows=None, queries=None, note=""):
    ROWS.append((measure, variant, seconds, rows, queries, note))
    rate = f"{rows / seconds:,.0f}" if rows and seconds else ""
    print(
        f"  {measure:<20} {variant:<42} {fmt_s(seconds):>10} {rows or '':>9} {rate:>10}"
        f" {queries if queries is not None else '':>8}  {note}",
        flush=True,
    )


def fmt_s(seconds):
    if seconds is None:
        return ""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


# ---------------------------------------------------------------------- measure 1
def measure_call_generation(registry, args):
    print("(1) call generation", flush=True)
    with environment(registry) as env:
        cr = env.cr
        users = env["res.users"].search([("login", "=like", "bench_sp_%")], order="login")
        if "crm.callplan" not in env:
            row("1 call generation", "crm_callplan not installed", note="skipped")
            return
        # a kept database measures the same work again: the plan of an earlier run goes, with its calls
        cr.execute(
            "DELETE FROM mail_activity WHERE callplan_line_id IN (SELECT l.id FROM crm_callplan_line l"
            " JOIN crm_callplan p ON p.id = l.plan_id WHERE p.name = 'Benchmark plan')"
        )
        cr.execute("DELETE FROM crm_callplan WHERE name = 'Benchmark plan'")
        cr.commit()
        cr.execute("SELECT coalesce(max(id), 0) FROM mail_activity")
        max_before = cr.fetchone()[0]
        plan = env["crm.callplan"].create(
            {
                "name": "Benchmark plan",
                "user_ids": [(6, 0, users.ids)],
                "segment_ids": [
                    (0, 0, {"name": "A", "sequence": 1, "basis": "potential", "lower_bound": 100000,
                            "calls_per_year": 104}),
                    (0, 0, {"name": "B", "sequence": 2, "basis": "potential", "lower_bound": 30000,
                            "upper_bound": 100000, "calls_per_year": 52}),
                    (0, 0, {"name": "C", "sequence": 3, "basis": "potential", "lower_bound": 0,
                            "upper_bound": 30000, "calls_per_year": 52}),
                ],
            }
        )
        cr.commit()
        with Measure(cr) as seg:
            plan.action_compute_segments()
            env.flush_all()
        cr.commit()
        plan.state = "active"
        env.flush_all()
        cr.commit()
        with Measure(cr) as gen:
            plan.action_generate_calls()
            env.flush_all()
        cr.commit()
        cr.execute(
            "SELECT count(*), count(DISTINCT res_id), count(DISTINCT user_id) FROM mail_activity WHERE id > %s",
            [max_before],
        )
        n, n_partners, n_users = cr.fetchone()
        cr.execute("SELECT count(*) FROM crm_callplan_line WHERE plan_id = %s", [plan.id])
        n_lines = cr.fetchone()[0]
        total = seg.seconds + gen.seconds
        row("1 call generation", f"segments ({n_lines} clients)", seg.seconds, n_lines, seg.queries)
        row("1 call generation", "generate one week of calls", gen.seconds, n, gen.queries,
            f"{n_partners} clients, {n_users} salespeople")
        row("1 call generation", "ours: segments + week of calls", total, n, seg.queries + gen.queries)

        # (a) native: activity_schedule per partner, on a sample, rolled back
        cr.execute(
            "SELECT res_id, user_id, date_deadline, summary, note FROM mail_activity"
            " WHERE id > %s ORDER BY id LIMIT %s",
            [max_before, args.sample],
        )
        sample = cr.fetchall()
        call_type = env.ref("mail.mail_activity_data_call")
        partners = env["res.partner"]
        with cr.savepoint(flush=False) as sp:
            with Measure(cr) as native:
                for res_id, user_id, deadline, summary, note in sample:
                    partners.browse(res_id).activity_schedule(
                        activity_type_id=call_type.id, date_deadline=deadline, summary=summary, note=note,
                        user_id=user_id,
                    )
                env.flush_all()
            sp.rollback()
        env.invalidate_all()
        native_rate = len(sample) / native.seconds
        native_total = n / native_rate if n else 0
        row("1 call generation", f"(a) native activity_schedule, sample {len(sample)}", native.seconds,
            len(sample), native.queries, f"{native.queries / max(len(sample), 1):.1f} queries/row")
        row("1 call generation", f"(a) native extrapolated to {n} rows", native_total, n,
            round(native.queries / max(len(sample), 1) * n), "extrapolated from the sample's rows/s")

        # (b) floor: one INSERT … SELECT of the same rows, rolled back
        cols = ("res_model_id, res_model, res_id, res_name, activity_type_id, user_id, date_deadline, summary, note,"
                " automated, active, create_uid, create_date, write_uid, write_date")
        with cr.savepoint(flush=False) as sp:
            with Measure(cr) as floor:
                cr.execute(f"INSERT INTO mail_activity ({cols}) SELECT {cols} FROM mail_activity WHERE id > %s",
                           [max_before])
                floor_rows = cr.rowcount
            sp.rollback()
        row("1 call generation", "(b) floor: one INSERT … SELECT", floor.seconds, floor_rows, floor.queries)
        RESULTS["gen"] = {"rows": n, "ours": total, "native": native_total, "floor": floor.seconds,
                          "native_qpr": native.queries / max(len(sample), 1)}
        if n:
            row("1 call generation", "ratio native / ours", None, None, None,
                f"{native_total / total:.1f} × (target ≥ 50)")
            row("1 call generation", "ratio ours / floor", None, None, None,
                f"{total / floor.seconds:.1f} × (target ≤ 10)")
            row("1 call generation", "ratio calls only / floor", None, None, None,
                f"{gen.seconds / floor.seconds:.1f} ×")


# ---------------------------------------------------------------------- measure 2
def measure_card(registry, args):
    print("(2) opening a card", flush=True)
    with environment(registry) as env:
        cr = env.cr
        manager = env["res.users"].search([("login", "=", "bench_manager")])
        uenv = env(user=manager.id, su=False)
        partner_model = uenv["res.partner"]
        spec = view_spec(uenv, "res.partner", False, "form")
        small = env["res.partner"].search([("ref", "=", SMALL_REF)])
        big = env["res.partner"].search([("ref", "=", BIG_REF)])
        cr.execute(
            "SELECT so.partner_id, count(DISTINCT so.id), count(sol.id) FROM sale_order so"
            " JOIN sale_order_line sol ON sol.order_id = so.id WHERE so.partner_id IN %s GROUP BY 1",
            [(small.id, big.id)],
        )
        counts = {r[0]: r[1:] for r in cr.fetchall()}
        variants = (("10 orders", small), ("20,000 order lines", big))
        times = {label: [] for label, _p in variants}
        queries = {}
        # alternate the two reads so that a noisy machine weighs on both alike; the first
        # round warms the registry caches, like a server that has run a while
        for i in range(args.repeat + 1):
            for label, partner in variants:
                env.invalidate_all()
                with Measure(cr) as m:
                    partner_model.browse(partner.id).web_read(spec)
                if i:
                    times[label].append(m.seconds)
                    queries[label] = m.queries
        out = {}
        for label, partner in variants:
            med = statistics.median(times[label])
            out[label] = (med, queries[label])
            orders, lines = counts.get(partner.id, (0, 0))
            row("2 card web_read", f"{label} ({orders} orders, {lines} lines)", med, None, queries[label],
                f"median of {args.repeat}, {len(spec)} fields")
        (ts, qs), (tb, qb) = out.values()
        row("2 card web_read", "ratio big / small", None, None, None,
            f"time {tb / ts:.2f} × (target ≤ 1.5), queries {qb} vs {qs} (target equal)")
        RESULTS["card"] = {"small": ts, "big": tb, "q_small": qs, "q_big": qb}


# ---------------------------------------------------------------------- measure 3
FLOOR_RHYTHM = """
WITH o AS (
    SELECT p.commercial_partner_id AS client, so.id, so.date_order::date AS day, so.amount_untaxed AS amount
      FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
     WHERE so.state = 'sale'
), g AS (
    SELECT client, day, day - lag(day) OVER (PARTITION BY client ORDER BY day) AS gap FROM o
)
SELECT o.client, count(*), max(o.day),
       sum(o.amount) FILTER (WHERE o.day >= date_trunc('year', %(today)s::date)),
       sum(o.amount) FILTER (WHERE o.day >= date_trunc('quarter', %(today)s::date) - interval '3 months'
                                AND o.day < date_trunc('quarter', %(today)s::date)),
       sum(o.amount) FILTER (WHERE o.day >= date_trunc('quarter', %(today)s::date) - interval '6 months'
                                AND o.day < date_trunc('quarter', %(today)s::date) - interval '3 months'),
       sum(o.amount) FILTER (WHERE o.day >= date_trunc('quarter', %(today)s::date) - interval '9 months'
                                AND o.day < date_trunc('quarter', %(today)s::date) - interval '6 months'),
       (SELECT avg(g.gap) FROM g WHERE g.client = o.client AND g.day >= %(today)s::date - 365)
  FROM o GROUP BY o.client
"""

FLOOR_RHYTHM_FAST = """
WITH o AS (
    SELECT p.commercial_partner_id AS client, so.date_order::date AS day, so.amount_untaxed AS amount,
           so.date_order::date - lag(so.date_order::date) OVER (PARTITION BY p.commercial_partner_id
                                                              ORDER BY so.date_order) AS gap
      FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
     WHERE so.state = 'sale'
)
SELECT client, count(*), max(day),
       sum(amount) FILTER (WHERE day >= date_trunc('year', %(today)s::date)),
       sum(amount) FILTER (WHERE day >= date_trunc('quarter', %(today)s::date) - interval '3 months'
                             AND day < date_trunc('quarter', %(today)s::date)),
       sum(amount) FILTER (WHERE day >= date_trunc('quarter', %(today)s::date) - interval '6 months'
                             AND day < date_trunc('quarter', %(today)s::date) - interval '3 months'),
       sum(amount) FILTER (WHERE day >= date_trunc('quarter', %(today)s::date) - interval '9 months'
                             AND day < date_trunc('quarter', %(today)s::date) - interval '6 months'),
       avg(gap) FILTER (WHERE day >= %(today)s::date - 365)
  FROM o GROUP BY client
"""


def measure_rhythm(registry, args):
    print("(3) nightly purchase-rhythm job", flush=True)
    with environment(registry) as env:
        cr = env.cr
        partners = env["res.partner"]
        if not hasattr(partners, "_update_card_rhythm"):
            row("3 rhythm job", "crm_card rhythm not available", note="skipped")
            return
        # Two nights, the same every time: the first one after install (no client has a state yet,
        # so every client with a rhythm is written and every silent or declining one gets its To-Do),
        # then the next night (states in place; only clients crossing a threshold change). The
        # activities the runs make are removed afterwards, so a kept database measures the same work.
        cr.execute("DELETE FROM crm_card_rhythm")  # no row: no rhythm
        cr.commit()
        env.invalidate_all()
        cr.execute("SELECT COALESCE(max(id), 0) FROM mail_activity")
        act_max = cr.fetchone()[0]
        today = date.today()
        nights = {}
        for night, day in (("first", today), ("next", today + timedelta(days=1))):
            with Measure(cr) as job:
                partners._update_card_rhythm(day)
                env.flush_all()
            cr.commit()
            cr.execute(
                "SELECT COALESCE(r.state, 'none'), count(*)"
                "  FROM res_partner p LEFT JOIN crm_card_rhythm r ON r.partner_id = p.id GROUP BY 1"
            )
            states = dict(cr.fetchall())
            # a client losing its rhythm loses its row and is not counted here; with orders only
            # added between the two nights, none does
            cr.execute("SELECT count(*) FROM crm_card_rhythm WHERE since = %s", [day])
            changed = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM mail_activity WHERE id > %s", [act_max])
            alerts = cr.fetchone()[0] - sum(n["alerts"] for n in nights.values())
            nights[night] = {"job": job, "changed": changed, "alerts": alerts}
            label = "first night: every client gets its state" if night == "first" else "next night: states in place"
            row(
                "3 rhythm job",
                label,
                job.seconds,
                None,
                job.queries,
                f"{changed} clients changed state, {alerts} activities; states now {states}",
            )
        cr.execute("DELETE FROM mail_activity WHERE id > %s", [act_max])
        cr.commit()
        with Measure(cr) as floor:
            cr.execute(FLOOR_RHYTHM_FAST, {"today": today})
            n = len(cr.fetchall())
        row(
            "3 rhythm job",
            "floor: one SQL aggregate over the orders",
            floor.seconds,
            n,
            floor.queries,
            "count, last date, year & 3 quarters sums, mean gap",
        )
        first, nxt = nights["first"]["job"].seconds, nights["next"]["job"].seconds
        row(
            "3 rhythm job",
            "ratio next night / floor",
            None,
            None,
            None,
            f"{nxt / floor.seconds:.1f} × (target ≤ 3, and < 120 s)",
        )
        row(
            "3 rhythm job",
            "ratio first night / floor",
            None,
            None,
            None,
            f"{first / floor.seconds:.1f} × (every state written once)",
        )
        RESULTS["rhythm"] = {"ours": nxt, "first_night": first, "floor": floor.seconds}


# ---------------------------------------------------------------------- measure 4
def pipeline_views(env):
    """(Shiffman kanban view id, standard kanban view id, Shiffman team, standard team)."""
    std_view = env.ref("crm.crm_case_kanban_view_leads")
    shiffman_view = env["ir.ui.view"]
    data = env["ir.model.data"].search(
        [("module", "=", "crm_shiffman"), ("model", "=", "ir.ui.view")]
    )
    for view in env["ir.ui.view"].browse(data.mapped("res_id")):
        if view.model == "crm.lead" and view.type == "kanban" and view.mode == "primary":
            shiffman_view = view
            break
    team = env["crm.team"].search([("use_shiffman", "=", True)], limit=1) if "use_shiffman" in env["crm.team"]._fields \
        else env["crm.team"]
    return shiffman_view or std_view, std_view, team


def measure_pipeline(registry, args):
    print("(4) Shiffman pipeline load", flush=True)
    with environment(registry) as env:
        cr = env.cr
        shiffman_view, std_view, team = pipeline_views(env)
        if not team:
            row("4 pipeline", "crm_shiffman not installed", note="skipped")
            return
        sp = env["res.users"].search([("login", "=", "bench_sp_001")])
        manager = env["res.users"].search([("login", "=", "bench_manager")])
        out = {}
        for who, user in (("salesperson", sp), ("manager", manager)):
            ctx = {"default_team_id": team.id, "default_type": "opportunity", "lang": "en_US", "tz": "UTC"}
            uenv = env(user=user.id, su=False, context=ctx)
            leads = uenv["crm.lead"]
            domain = [("type", "=", "opportunity"), ("team_id", "=", team.id)]
            if who == "salesperson":
                domain.append(("user_id", "=", user.id))
            specs = {
                "Shiffman kanban": view_spec(uenv, "crm.lead", shiffman_view.id, "kanban"),
                "Odoo standard kanban": view_spec(uenv, "crm.lead", std_view.id, "kanban", drop_modules=OURS),
            }
            times = {label: [] for label in specs}
            info = {}
            for i in range(args.repeat + 1):
                for label, spec in specs.items():  # alternated, as in (2)
                    env.invalidate_all()
                    with Measure(cr) as m:
                        res = leads.web_read_group(
                            domain, ["stage_id"], ["expected_revenue:sum"], auto_unfold=True,
                            unfold_read_specification=spec, unfold_read_default_limit=80,
                        )
                        # the record list the kanban also loads (search panel / mobile list)
                        leads.web_search_read(domain, spec, limit=80)
                    if i:
                        times[label].append(m.seconds)
                    info[label] = (res, m.queries)
            for label, spec in specs.items():
                res, queries = info[label]
                med = statistics.median(times[label])
                shown = sum(len(g.get("__records", [])) for g in res["groups"])
                total = sum(g["__count"] for g in res["groups"])
                out[(who, label)] = med
                row("4 pipeline", f"{who}: {label}", med, shown, queries,
                    f"{total} leads in {res['length']} columns, {len(spec)} fields, median of {args.repeat}")
            ratio = out[(who, "Shiffman kanban")] / out[(who, "Odoo standard kanban")]
            row("4 pipeline", f"{who}: ratio Shiffman / standard", None, None, None, f"{ratio:.2f} × (target ≤ 1.2)")
            RESULTS[f"pipeline_{who}"] = ratio


# ---------------------------------------------------------------------- measure 5
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def endpoint_clients(env, calls):
    """(clients for the endpoint, clients for JSON-RPC): ``(id, phone key)`` pairs, warm-ups last.

    Both sides hit clients of the active plan with an open planned call that the new interaction
    closes, each its own clients (alternating, so that both get the same mix of Shiffman leads),
    and each warms up on clients of its own. Chosen by that state rather than by rank so that a
    kept database (or a copy of one) measured before still gives both sides the same work. The
    endpoint finds its clients by their phone, so clients sharing a phone are left out.
    """
    env.cr.execute(
        """
        SELECT p.id, p.phone_sanitized
          FROM res_partner p
          JOIN crm_callplan_line l ON l.partner_id = p.id
          JOIN crm_callplan c ON c.id = l.plan_id AND c.state = 'active'
          JOIN mail_activity a ON a.id = l.activity_id AND a.active
         WHERE p.ref LIKE 'BC%%' AND p.is_company AND p.active
           AND NOT EXISTS (SELECT 1 FROM res_partner o
                            WHERE o.phone_sanitized = p.phone_sanitized AND o.id <> p.id)
         ORDER BY p.ref
         LIMIT %s
        """,
        [2 * (calls + WARMUP)],
    )
    clients = env.cr.fetchall()
    if len(clients) < 2 * (calls + WARMUP):
        row("5 endpoint", f"only {len(clients)} clients with an open planned call", note="some are called twice")
    return clients[0::2], clients[1::2]


def pick(clients, i, calls):
    """The client of call ``i``; ``i < 0``: a warm-up call, on the clients after the measured ones."""
    return clients[(calls - 1 - i if i < 0 else i) % len(clients)]


def cpu_seconds(registry, db, proc):
    """CPU seconds used so far by each process of the server (master + workers) and of the
    PostgreSQL backends serving ``db``, as ``({pid: s}, {pid: s})``: per call, the part of the
    machine each side takes, which moves less than calls/s when the shared VM is busy."""
    import psutil  # noqa: PLC0415

    def used(processes):
        seconds = {}
        for process in processes:
            with contextlib.suppress(psutil.Error):
                times = process.cpu_times()
                seconds[process.pid] = times.user + times.system
        return seconds

    with environment(registry) as env:
        env.cr.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'"
            " AND pid <> pg_backend_pid()", [db])
        backends = [psutil.Process(pid) for (pid,) in env.cr.fetchall() if psutil.pid_exists(pid)]
    return used([proc, *proc.children(recursive=True)]), used(backends)


def cpu_used(before, after):
    """CPU seconds between two ``cpu_seconds`` of one side (processes started in between count
    from zero)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def floor_installed(env):
    """Whether the database has the floor's addon (``run-bench`` installs it; a database kept
    from before it existed has not, and measure 5 runs without the floor)."""
    installed = bool(env["ir.module.module"].search_count([("name", "=", FLOOR_ADDON), ("state", "=", "installed")]))
    if not installed:
        row("5 endpoint", "floor addon not installed", note=f"skipped ({FLOOR_ADDON}: run-bench installs it)")
    return installed


def endpoint_rows(registry, variants, run, calls):
    """Measure each ``(label, fn)`` of measure 5 with ``run(fn, calls)``, one row each, then the
    ratio of ours to the floor when the floor ran."""
    for label, fn in variants:
        vacuum(registry)  # the next side does not pay for the dead rows of the one before
        wall, rate, p50, p95, bad, cpu = run(fn, calls)
        row("5 endpoint", label, wall, calls, None,
            f"{rate:.0f} calls/s, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, {bad} errors, 8 clients;"
            f" CPU a call: Odoo {cpu[0] * 1000:.1f} ms, PostgreSQL {cpu[1] * 1000:.1f} ms")
        RESULTS[label.split(":")[0]] = {"rate": rate, "p50": p50, "p95": p95, "bad": bad,
                                        "odoo_cpu": cpu[0], "pg_cpu": cpu[1]}
    if "floor" in RESULTS:
        ours, floor = RESULTS["ours"], RESULTS["floor"]
        row("5 endpoint", "ratio ours / floor", None, None, None,
            f"Odoo CPU a call {ours['odoo_cpu'] / floor['odoo_cpu']:.2f} × (target ≤ 1.5),"
            f" PostgreSQL CPU a call {ours['pg_cpu'] / floor['pg_cpu']:.2f} ×,"
            f" calls/s {ours['rate'] / floor['rate']:.2f} ×")


def measure_endpoint(registry, args):
    print("(5) telephony endpoint", flush=True)
    import psutil  # noqa: PLC0415

    key = "bench-" + uuid.uuid4().hex
    with environment(registry) as env:
        if "callplan_telephony_key" not in env["res.company"]._fields:
            row("5 endpoint", "crm_callplan not installed", note="skipped")
            return
        env.company.callplan_telephony_key = key
        floor = floor_installed(env)
        result_id = env["crm.card.interaction.result"].search([], limit=1).id
        source = env["utm.source"].search([], limit=1)
        source_id, source_name = source.id, source.name
        sp_id = env["res.users"].search([("login", "=", "bench_sp_001")]).id
        ours, theirs = endpoint_clients(env, args.calls)
        env.cr.commit()
    if len(theirs) < 1:
        # the clients come from the plan measure 1 makes; on its own, (5) has nothing to close
        row("5 endpoint", "no client of an active plan with an open planned call",
            note="run measure 1 first (--only 1,5)")
        return
    port = free_port()
    log = open(f"/tmp/bench-server-{port}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        ["odoo", "server", "-d", args.db, f"--addons-path={ADDONS_PATH}", "--workers=4", "--max-cron-threads=0",
         f"--http-port={port}", "--http-interface=127.0.0.1", f"--db-filter=^{args.db}$", "--log-level=warn",
         "--limit-time-real=600", "--limit-time-cpu=600", "--limit-memory-soft=4294967296",
         "--limit-memory-hard=6442450944"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(240):
            with contextlib.suppress(Exception):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                try:
                    conn.request("GET", "/web/health")
                    healthy = conn.getresponse().status == 200
                finally:
                    conn.close()
                if healthy:
                    break
            time.sleep(0.5)
        else:
            row("5 endpoint", "server did not start", note=f"see /tmp/bench-server-{port}.log")
            return
        proc = psutil.Process(server.pid)
        memory = RssSampler(server.pid, interval=0.05, tree=True).__enter__()
        run_id = uuid.uuid4().hex[:8]
        # a stateless client names its database, as the JSON-RPC client's session does (without it,
        # a server run with --db-filter lists the databases on a new connection at every request)
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "X-Odoo-Database": args.db}
        local = threading.local()

        def post(path, payload, extra_headers):
            """One request on a new connection (Odoo's prefork workers close it after each reply),
            through ``http.client``: the client shares the server's two cores, so it is kept lighter
            than ``requests`` would be, for both sides alike."""
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("POST", path, json.dumps(payload), extra_headers)
                resp = conn.getresponse()
                return resp, resp.read()
            finally:
                conn.close()

        def call_body(i):
            """The call ``i`` as the telephony posts it (to our endpoint and to the floor alike)."""
            return {
                "call_id": f"bench-{run_id}-{i}",
                "phone": pick(ours, i, args.calls)[1],
                "direction": "inbound",
                "started_at": (datetime.now(UTC) - timedelta(minutes=abs(i))).isoformat(timespec="seconds"),
                "duration": 60 + i % 600,
                "user": "bench_sp_001",
                "source": source_name or None,
                "result": "reached",
            }

        def post_call(i):
            body = call_body(i)
            t = time.perf_counter()
            resp, _data = post("/crm_callplan/calls", body, headers)
            return time.perf_counter() - t, resp.status

        def post_floor(i):
            """The same call (our endpoint's body and clients, a call id of its own) to the floor's
            bare route: it finds the client by the same phone, and closes no planned call."""
            body = dict(call_body(i), call_id=f"floor-{run_id}-{i}")
            t = time.perf_counter()
            resp, _data = post(FLOOR_ROUTE, body, headers)
            return time.perf_counter() - t, resp.status

        def rpc_headers():
            if not hasattr(local, "cookie"):
                resp, data = post("/web/session/authenticate", {"jsonrpc": "2.0", "method": "call", "params": {
                    "db": args.db, "login": "bench_manager", "password": "bench_manager"}},
                    {"Content-Type": "application/json"})
                if resp.status != 200 or json.loads(data).get("error"):
                    raise RuntimeError(f"login failed: {resp.status} {data[:200]!r}")
                cookie = resp.getheader("Set-Cookie", "").split(";", 1)[0]
                local.cookie = {"Content-Type": "application/json", "Cookie": cookie}
            return local.cookie

        def rpc_create(i):
            rpc = rpc_headers()
            vals = {
                "partner_id": pick(theirs, i, args.calls)[0],
                "user_id": sp_id,
                "kind": "call",
                "direction": "inbound",
                "date": (datetime.now(UTC) - timedelta(minutes=abs(i))).strftime("%Y-%m-%d %H:%M:%S"),
                "duration": round((60 + i % 600) / 60, 2),
                "source_id": source_id or False,
                "result_id": result_id,
            }
            payload = {"jsonrpc": "2.0", "method": "call", "id": i, "params": {
                "model": "crm.card.interaction", "method": "create", "args": [vals], "kwargs": {}}}
            t = time.perf_counter()
            resp, data = post("/web/dataset/call_kw/crm.card.interaction/create", payload, rpc)
            status = resp.status if not json.loads(data).get("error") else 500
            return time.perf_counter() - t, status

        def run(fn, n):
            # warm every worker first (imports, registry, caches), outside the measure
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                list(pool.map(fn, range(-1, -1 - WARMUP, -1)))
            cpu_before = cpu_seconds(registry, args.db, proc)
            t = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                out = list(pool.map(fn, range(n)))
            wall = time.perf_counter() - t
            cpu_after = cpu_seconds(registry, args.db, proc)
            lat = sorted(x[0] for x in out)
            bad = sum(1 for x in out if x[1] >= 300)
            p50 = lat[len(lat) // 2]
            p95 = lat[int(len(lat) * 0.95) - 1]
            cpu = tuple(cpu_used(cpu_before[side], cpu_after[side]) / n for side in (0, 1))
            return wall, n / wall, p50, p95, bad, cpu


        variants = [("ours: POST /crm_callplan/calls", post_call), ("JSON-RPC create (session, call_kw)", rpc_create)]
        if floor:
            variants.append(("floor: bare route, one INSERT", post_floor))
        endpoint_rows(registry, variants, run, args.calls)
        memory.__exit__(None, None, None)
        row("6 memory", "server (4 workers + master) peak RSS during (5)", None, None, None,
            f"{memory.peak / 2**20:.0f} MB")
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


# ---------------------------------------------------------------------- main
def speed_reference(registry):
    """How fast this machine runs at the moment: a fixed pure-Python loop and a fixed PostgreSQL
    aggregate, best of three. On a shared VM the same code runs two to three times slower from
    one day to the next; these two figures tell a reader which absolute times are comparable."""
    loops = []
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        loops.append(time.perf_counter() - start)
    queries = []
    with registry.cursor() as cr:
        for _ in range(3):
            start = time.perf_counter()
            cr.execute("SELECT sum(i) FROM generate_series(1, 2000000) AS i")
            cr.fetchall()
            queries.append(time.perf_counter() - start)
    return f"Python 2M-step loop {min(loops) * 1000:.0f} ms, PostgreSQL 2M-row sum {min(queries) * 1000:.0f} ms"


def machine():
    with open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    with open("/proc/meminfo") as f:
        mem = next((int(line.split()[1]) for line in f if line.startswith("MemTotal")), 0)
    pg = subprocess.run(
        ["psql", "-d", "postgres", "-tAc", "SHOW server_version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPU ({cpu}), {mem / 2**20:.0f} GB RAM, PostgreSQL {pg},"
        f" Python {platform.python_version()}; load average at the end {load} (shared machine);"
        f" started with load {START_LOAD}; speed reference {SPEED[0]} at the start, {SPEED[-1]} at the end"
    )


def print_table(args):
    lines = [
        f"Size {args.size}, database {args.db}, {datetime.now():%Y-%m-%d %H:%M}; {machine()}",
        "",
        "| # | Variant | Time | Rows | Rows/s | Queries | Note |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for measure, variant, seconds, rows, queries, note in ROWS:
        rate = f"{rows / seconds:,.0f}" if rows and seconds else ""
        lines.append(
            f"| {measure} | {variant} | {fmt_s(seconds)} | {rows if rows is not None else ''} | {rate} | "
            f"{queries if queries is not None else ''} | {note} |"
        )
    text = "\n".join(lines)
    print("\n" + text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(RESULTS, f, indent=1, default=str)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--size", default="S")
    parser.add_argument("--sample", type=int, default=500, help="partners for the native activity_schedule")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--calls", type=int, default=2000, help="calls posted to the endpoint per variant")
    parser.add_argument(
        "--only", default="1,2,3,4,5,7",
        help="measures to run (7 needs --stock-db; 8, the scheduled jobs, commits what they do: never by default)",
    )
    parser.add_argument("--stock-db", help="measure 7: the database with Odoo's modules only (run-bench --stock)")
    parser.add_argument("--flow-n", type=int, default=200, help="measure 7: records a write flow makes")
    parser.add_argument("--flow-repeat", type=int, default=3, help="measure 7: runs of each write flow")
    parser.add_argument("--invoice-n", type=int, default=200, help="measure 7: invoices made, posted and paid")
    parser.add_argument("--import-rows", type=int, default=5000, help="measure 7: partners imported")
    parser.add_argument("--flows", default=",".join(FLOWS), help="measure 7: write flows to run")
    parser.add_argument("--flow-parts", default="rw", help="measure 7: r(eads), w(rites) or both")
    parser.add_argument("--out", help="write the markdown table here")
    parser.add_argument("--json")
    args = parser.parse_args()
    only = set(args.only.split(","))
    registry = open_registry(args.db)
    SPEED.append(speed_reference(registry))
    print(f"speed reference: {SPEED[0]}", flush=True)
    print(f"{'measure':<22} {'variant':<42} {'time':>10} {'rows':>9} {'rows/s':>10} {'queries':>8}", flush=True)
    steps = [("1", measure_call_generation), ("2", measure_card), ("3", measure_rhythm)]
    peaks = []
    vacuumed = 0.0
    for key, fn in steps:
        if key in only:
            vacuumed += vacuum(registry)
            with RssSampler() as rss:
                fn(registry, args)
            peaks.append((key, rss.start_rss, rss.peak))
    for key, start, peak in peaks:
        row("6 memory", f"bench process RSS during ({key})", None, None, None,
            f"peak {peak / 2**20:.0f} MB (start {start / 2**20:.0f} MB)")
    if "4" in only:
        vacuumed += vacuum(registry)
        measure_pipeline(registry, args)
    if "5" in only:
        vacuumed += vacuum(registry)
        measure_endpoint(registry, args)
    if "7" in only:
        measure_flows(registry, args, row, RESULTS.setdefault("flows", {}))
    if "8" in only:
        vacuumed += vacuum(registry)
        measure_nightly(registry, args, row, RESULTS.setdefault("nightly", {}), environment)
    print(f"(VACUUM ANALYZE of the written tables before each measure: {vacuumed:.1f} s in all, outside the figures)")
    SPEED.append(speed_reference(registry))
    print_table(args)


if __name__ == "__main__":
    sys.exit(main())
