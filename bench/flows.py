"""Measure 7: what our addons cost Odoo's own flows, side by side with a stock database.

Two databases filled from the same seed with the same Odoo data: the stock one holds only the Odoo
modules our addons build on (``run-bench --stock``), ours the four addons and their data on top.
Both registries live in this process (``Registry(dbname)`` holds several). Every figure alternates
the two sides in the same run:

- reads (the standard partner form as each side's user gets it, the Contacts kanban and list, the
  many2one search of a quotation's customer) are the median of ``--repeat`` runs, cold ORM cache
  each time, after one warm-up round, as measure 2;
- writes (quotations, invoices and payments, leads, Call activities done, partner saves, an import)
  are made on a cursor that is rolled back, so a kept database measures the same work again. Each
  write runs at two sizes: the queries at both give the queries per record of each side, and the
  difference ours - stock says whether our addons add a query per record (a defect, whatever the
  time). Time is the median of ``--flow-repeat`` runs at the larger size.
"""

import csv
import io
import statistics
import time

from common import CHANGED_TABLES, Measure, vacuum, view_spec

# tables the flows write, vacuumed before each flow on both sides (outside the figures)
FLOW_TABLES = (*CHANGED_TABLES, "sale_order", "sale_order_line", "account_move", "account_move_line",
               "account_payment", "account_partial_reconcile", "mail_message", "mail_tracking_value",
               "crm_card_audit")
OURS = ("crm_card", "crm_callplan", "crm_shiffman", "crm_dossier")
READ_CTX = {"lang": "en_US", "tz": "UTC"}
# the many2one dropdown of a quotation's customer: what the user typed, and the web client's limit
NAME_SEARCH_TERM = "rhein bau"
NAME_SEARCH_LIMIT = 8


class Side:
    """One database of the comparison: its registry and the records every flow uses."""

    def __init__(self, name, registry):
        self.name = name
        self.registry = registry


def prepare(env):
    """The records a flow uses, found by what the seed made them (the same on both sides)."""
    users = env["res.users"]
    out = {
        "sp": users.search([("login", "=", "bench_sp_001")]),
        "admin": env.ref("base.user_admin"),
        "ours": "crm.card.interaction" in env,
    }
    out["clients"] = env["res.partner"].search(
        [("user_id", "=", out["sp"].id), ("is_company", "=", True), ("ref", "=like", "BC%")], order="ref"
    )
    out["products"] = env["product.product"].search([("default_code", "=like", "BENCH-%")], order="default_code",
                                                    limit=3)
    team = env.ref("sales_team.team_sales_department")
    out["team"] = team
    out["stages"] = env["crm.stage"].search(
        ["|", ("team_ids", "=", False), ("team_ids", "in", team.ids), ("is_won", "=", False)],
        order="sequence, id",
        limit=3,
    )
    return out


# ---------------------------------------------------------------------- reads
def read_variants(env, data):
    """{label: (user env, callable)} of the reads, built for one side."""
    sp_env = env(user=data["sp"].id, su=False, context=READ_CTX)
    partners = sp_env["res.partner"]
    client = data["clients"][:1]
    form_spec = view_spec(sp_env, "res.partner", False, "form")
    # the same form without the fields our addons define: what they cost a read of Odoo's own fields
    odoo_form_spec = view_spec(sp_env, "res.partner", False, "form", drop_modules=OURS)
    kanban_spec = view_spec(sp_env, "res.partner", env.ref("base.res_partner_kanban_view").id, "kanban")
    list_spec = view_spec(sp_env, "res.partner", env.ref("base.view_partner_tree").id, "list")
    contacts = partners.with_context(default_is_company=True)
    company_domain = [("company_id", "in", [False, env.company.id])]
    return {
        "partner form web_read": (lambda: partners.browse(client.id).web_read(form_spec), f"{len(form_spec)} fields"),
        "partner form web_read, Odoo's fields only": (
            lambda: partners.browse(client.id).web_read(odoo_form_spec),
            f"{len(odoo_form_spec)} fields",
        ),
        "Contacts kanban web_search_read, 80": (
            lambda: contacts.web_search_read([], kanban_spec, limit=80, count_limit=10001),
            f"{len(kanban_spec)} fields",
        ),
        "Contacts list web_search_read, 80": (
            lambda: contacts.web_search_read([], list_spec, limit=80, count_limit=10001),
            f"{len(list_spec)} fields",
        ),
        "name_search res.partner, salesperson": (
            lambda: partners.name_search(NAME_SEARCH_TERM, company_domain, "ilike", NAME_SEARCH_LIMIT),
            f"{NAME_SEARCH_TERM!r}, limit {NAME_SEARCH_LIMIT}",
        ),
    }


def own_clients_variant(env, data):
    """name_search as an "own clients only" user: ours gives the salesperson crm_card's group (rolled
    back with the cursor); the stock side has no such group, so it is the same salesperson."""
    group = env.ref("crm_card.group_crm_card_own_clients", raise_if_not_found=False)
    if group:
        data["sp"].sudo().write({"group_ids": [(4, group.id)]})
        env.flush_all()
    partners = env(user=data["sp"].id, su=False, context=READ_CTX)["res.partner"]
    company_domain = [("company_id", "in", [False, env.company.id])]
    note = "with crm_card's Own Clients Only" if group else "the same salesperson (no such group)"
    return lambda: partners.name_search(NAME_SEARCH_TERM, company_domain, "ilike", NAME_SEARCH_LIMIT), note


def measure_reads(sides, args, row, results):
    envs = {}
    crs = []
    try:
        from odoo import SUPERUSER_ID, api  # noqa: PLC0415

        for side in sides:
            cr = side.registry.cursor()
            crs.append(cr)
            env = api.Environment(cr, SUPERUSER_ID, {})
            envs[side.name] = (env, prepare(env))
        variants = {name: read_variants(env, data) for name, (env, data) in envs.items()}
        labels = list(variants[sides[0].name])
        for label in labels:
            compare_reads(sides, envs, {name: v[label] for name, v in variants.items()}, label, args, row, results)
        own = {name: own_clients_variant(env, data) for name, (env, data) in envs.items()}
        compare_reads(sides, envs, own, "name_search res.partner, own clients only", args, row, results)
    finally:
        for cr in crs:
            cr.rollback()
            cr.close()
        for side in sides:  # the group given for the own-clients read is rolled back: so are the caches
            side.registry.clear_all_caches()


def compare_reads(sides, envs, fns, label, args, row, results):
    times = {side.name: [] for side in sides}
    queries = {}
    results_seen = {}
    for i in range(args.repeat + 1):  # the first round warms the registry caches
        for side in sides:
            env = envs[side.name][0]
            env.invalidate_all()
            with Measure(env.cr) as m:
                result = fns[side.name][0]()
            if i:
                times[side.name].append(m.seconds)
                queries[side.name] = m.queries
                results_seen[side.name] = result
    medians = {name: statistics.median(t) for name, t in times.items()}
    for side in sides:
        seen = results_seen[side.name]
        rows = len(seen) if isinstance(seen, list) else len(seen.get("records", [])) if isinstance(seen, dict) else None
        row("7 Odoo flows", f"{label}: {side.name}", medians[side.name], rows, queries[side.name],
            f"median of {args.repeat}; {fns[side.name][1]}")
    ratio = medians["ours"] / medians["stock"]
    row("7 Odoo flows", f"{label}: ratio ours / stock", None, None, None,
        f"**{ratio:.2f} ×**, queries {queries['ours']} vs {queries['stock']} (target ≤ 1.10)")
    results[label] = {"ratio": ratio, "ours": medians["ours"], "stock": medians["stock"],
                      "q_ours": queries["ours"], "q_stock": queries["stock"]}


# ---------------------------------------------------------------------- writes
# Each flow: (label, setup(env, data, n) -> state, run(state)). ``setup`` runs outside the figure.
def quotations_setup(env, data, n):
    sp_env = env(user=data["sp"].id, su=False)
    products = data["products"]
    vals = [
        {
            "partner_id": client.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1 + (i + k) % 7})
                           for k, product in enumerate(products[:2])],
        }
        for i, client in enumerate(data["clients"][:n])
    ]
    return sp_env, vals


def quotations_run(state):
    sp_env, vals = state
    orders = sp_env["sale.order"].create(vals)
    orders.action_confirm()


def invoices_setup(env, data, n):
    admin_env = env(user=data["admin"].id, su=False)
    products = data["products"]
    vals = [
        {
            "move_type": "out_invoice",
            "partner_id": client.id,
            "invoice_line_ids": [
                (0, 0, {"product_id": product.id, "quantity": 1 + (i + k) % 7, "tax_ids": [(6, 0, [])]})
                for k, product in enumerate(products[:2])
            ],
        }
        for i, client in enumerate(data["clients"][:n])
    ]
    return admin_env, vals


def invoices_run(state):
    admin_env, vals = state
    moves = admin_env["account.move"].create(vals)
    moves.action_post()
    admin_env["account.payment.register"].with_context(active_model="account.move", active_ids=moves.ids).create(
        {"group_payment": False}
    ).action_create_payments()


def leads_setup(env, data, n):
    sp_env = env(user=data["sp"].id, su=False)
    stages = data["stages"]
    vals = [
        {
            "name": f"Flow lead {i}",
            "type": "opportunity",
            "partner_id": client.id,
            "team_id": data["team"].id,
            "user_id": data["sp"].id,
            "stage_id": stages[0].id,
            "expected_revenue": 1000 + 37 * i,
        }
        for i, client in enumerate(data["clients"][:n])
    ]
    return sp_env, vals, stages


def leads_run(state):
    sp_env, vals, stages = state
    leads = sp_env["crm.lead"].create(vals)
    for stage in stages[1:]:
        leads.write({"stage_id": stage.id})
    leads.action_set_won()


def activities_setup(env, data, n):
    """n Call activities of the salesperson on n of the salesperson's clients, made outside the figure."""
    sp_env = env(user=data["sp"].id, su=False)
    model_id = env["ir.model"]._get_id("res.partner")
    call = env.ref("mail.mail_activity_data_call")
    activities = sp_env["mail.activity"].create([
        {"res_model_id": model_id, "res_id": client.id, "activity_type_id": call.id, "user_id": data["sp"].id,
         "summary": "Flow call"}
        for client in data["clients"][:n]
    ])
    env.flush_all()
    return activities


def activities_run(activities):
    activities.action_feedback(feedback="Reached: orders again next month")


def partner_writes_setup(env, data, n):
    sp_env = env(user=data["sp"].id, su=False)
    return sp_env, sp_env["res.partner"].browse(data["clients"][:n].ids)


def partner_writes_run(state):
    """One form save per client (a write and the flush at the end of its request)."""
    sp_env, clients = state
    for i, client in enumerate(clients):
        client.write({"phone": f"+49 30 {900000 + i:07d}", "street": f"Flow street {i}"})
        sp_env.flush_all()


IMPORT_COLUMNS = ["name", "is_company", "email", "phone", "street", "city", "zip"]


def import_setup(env, data, n):
    admin_env = env(user=data["admin"].id, su=False)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(IMPORT_COLUMNS)
    for i in range(n):
        writer.writerow([f"Imported Prospect {i} GmbH", "1", f"prospect{i}@import.example",
                         f"+49 89 {i:07d}", f"Importweg {i % 300}", "München", f"{80000 + i % 999}"])
    wizard = admin_env["base_import.import"].create(
        {"res_model": "res.partner", "file": buf.getvalue().encode(), "file_type": "text/csv",
         "file_name": "prospects.csv"}
    )
    return wizard


IMPORT_OPTIONS = {
    "has_headers": True, "separator": ",", "quoting": '"', "encoding": "utf-8", "advanced": False,
    "float_thousand_separator": ",", "float_decimal_separator": ".", "date_format": "", "datetime_format": "",
    "import_skip_records": [], "import_set_empty_fields": [], "fallback_values": {},
    "name_create_enabled_fields": {}, "keep_matches": False, "sheet": "", "skip": 0, "tracking_disable": True,
}


def import_run(wizard):
    result = wizard.execute_import(IMPORT_COLUMNS, IMPORT_COLUMNS, dict(IMPORT_OPTIONS))
    errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
    if errors:
        raise RuntimeError(f"import failed: {errors[:3]}")


# flows run once at their full size (minutes each at size S on a busy machine: the payment wizard
# reconciles invoice by invoice, the import is 5,000 rows)
HEAVY_FLOWS = ("invoices", "import")

FLOWS = {
    "quotations": ("create and confirm {n} quotations", quotations_setup, quotations_run),
    "invoices": ("create and post {n} invoices, register their payments", invoices_setup, invoices_run),
    "leads": ("create {n} leads, three stages, won", leads_setup, leads_run),
    "activities": ("mark {n} Call activities done (action_feedback)", activities_setup, activities_run),
    "partner_writes": ("save {n} clients in the form (phone, street)", partner_writes_setup, partner_writes_run),
    "import": ("import {n} partners (base_import)", import_setup, import_run),
}


def run_once(side, flow, n):
    """(seconds, queries) of one run of ``flow`` at size ``n`` on ``side``, rolled back."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    _label, setup, run = FLOWS[flow]
    with side.registry.cursor() as cr:
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            state = setup(env, prepare(env), n)
            env.flush_all()
            env.invalidate_all()
            with Measure(cr) as m:
                run(state)
                env.flush_all()
            return m.seconds, m.queries
        finally:
            cr.rollback()


def measure_writes(sides, args, row, results):
    for flow in args.flows.split(","):
        label, _setup, _run = FLOWS[flow]
        n = {"import": args.import_rows, "invoices": args.invoice_n}.get(flow, args.flow_n)
        small = n // 2
        for side in sides:
            vacuum(side.registry, FLOW_TABLES)
        queries = {side.name: {} for side in sides}
        times = {side.name: [] for side in sides}
        for side in sides:  # warm-up: imports, registry caches, the first-call costs of each side
            run_once(side, flow, max(small // 10, 5))
        for side in sides:
            queries[side.name][small] = run_once(side, flow, small)[1]
        repeat = 1 if flow in HEAVY_FLOWS else args.flow_repeat
        for _i in range(repeat):
            for side in sides:
                seconds, count = run_once(side, flow, n)
                times[side.name].append(seconds)
                queries[side.name][n] = count
        medians = {name: statistics.median(t) for name, t in times.items()}
        per_record = {name: (q[n] - q[small]) / (n - small) for name, q in queries.items()}
        text = label.format(n=n)
        for side in sides:
            q = queries[side.name]
            row("7 Odoo flows", f"{text}: {side.name}", medians[side.name], n, q[n],
                f"{'median of %d; ' % repeat if repeat > 1 else ''}queries {q[small]} at {small}, {q[n]} at {n}:"
                f" {per_record[side.name]:.2f} a record")
        ratio = medians["ours"] / medians["stock"]
        delta = per_record["ours"] - per_record["stock"]
        row("7 Odoo flows", f"{text}: ratio ours / stock", None, None, None,
            f"**{ratio:.2f} ×** (target ≤ 1.10); queries a record ours − stock: **{delta:+.2f}** (target 0)")
        results[text] = {"ratio": ratio, "ours": medians["ours"], "stock": medians["stock"],
                         "queries": queries, "per_record_delta": delta}


def measure_flows(registry, args, row, results):
    """Measure 7 on ``registry`` (ours) and ``args.stock_db`` (stock)."""
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service import db as db_service  # noqa: PLC0415

    print("(7) Odoo's own flows, ours / stock", flush=True)
    if not args.stock_db or not db_service.exp_db_exist(args.stock_db):
        row("7 Odoo flows", f"no stock database {args.stock_db}", note="make one with ./run-bench --stock")
        return
    start = time.perf_counter()
    sides = (Side("stock", Registry(args.stock_db)), Side("ours", registry))
    print(f"  stock registry loaded in {time.perf_counter() - start:.1f} s", flush=True)
    with sides[1].registry.cursor() as cr:
        cr.execute("SELECT 1 FROM ir_module_module WHERE name = 'crm_card' AND state = 'installed'")
        if not cr.fetchone():
            row("7 Odoo flows", f"{registry.db_name} does not hold our addons", note="skipped")
            return
    if "r" in args.flow_parts:
        measure_reads(sides, args, row, results)
    if "w" in args.flow_parts:
        measure_writes(sides, args, row, results)
