#!/usr/bin/env python3
"""Fill a fresh benchmark database with clients, orders, invoices, leads, activities and interactions.

Usage: python3 bench/generate.py --db bench_s --size S [--seed 42] [--anchor 2026-11-25]

The database holds the four addons, or only the Odoo modules they build on (the *stock* database
of measure 7, see ``run-bench --stock``): then only Odoo's part of the data is made, the same rows
from the same seed, and our part (interactions, card fields, Shiffman lead states) is left out.
Small reference sets
(salespeople, products, one sample record per big table) go through the ORM so that groups,
defaults and stored computes are right; the big tables are then filled with one
``INSERT … SELECT generate_series`` each that copies every column of the ORM-made sample row
and overrides the columns that vary. Randomness is ``hashint8extended(i, seed)``: the same seed
and anchor date give the same data. Stored computed fields that depend on the bulk rows are
fixed up in SQL afterwards (commercial partner, complete name, order amounts, ...), the
crm_card history fields through the ORM in batches.
"""

import argparse
import datetime
import logging
import random
import sys
import time

from common import BIG_REF, SIZES, SMALL_REF, environment, open_registry

_logger = logging.getLogger("bench.generate")

FIRST = ["Nord", "Süd", "West", "Ost", "Alpen", "Rhein", "Elbe", "Main", "Donau", "Havel", "Ruhr", "Saar"]
SECOND = ["Bau", "Handel", "Technik", "Metall", "Holz", "Glas", "Logistik", "Service", "Agrar", "Chemie"]
THIRD = ["GmbH", "AG", "KG", "OHG", "GmbH & Co. KG", "e.K."]
GIVEN = ["Anna", "Boris", "Clara", "Dmitri", "Elena", "Felix", "Galina", "Hans", "Irina", "Jonas", "Katja", "Lev"]
FAMILY = ["Müller", "Ivanov", "Schmidt", "Petrova", "Weber", "Smirnov", "Fischer", "Volkova", "Wagner", "Orlov"]
FUNCTIONS = ["Purchasing manager", "Managing director", "Engineer", "Accountant", "Site manager", "Buyer"]
CITIES = ["Berlin", "Hamburg", "München", "Köln", "Leipzig", "Dresden", "Hannover", "Bremen", "Essen", "Kassel"]


def sql_array(values):
    return "ARRAY[%s]" % ",".join(str(int(v)) for v in values)


def sql_text_array(values):
    return "ARRAY[%s]::varchar[]" % ",".join("'%s'" % v.replace("'", "''") for v in values)


def pick(array_sql, n, rnd):
    """SQL picking one element of an SQL array of length n with the random expression rnd."""
    return f"({array_sql})[1 + floor({rnd} * {n})::int]"


class Generator:
    def __init__(self, env, size, seed, anchor):
        self.env = env
        self.cr = env.cr
        self.p = SIZES[size]
        self.size = size
        self.seed = seed
        self.anchor = anchor
        self.timings = []
        # with our addons (the usual case), or the stock database of measure 7 (Odoo's data only)
        self.ours = "crm.card.interaction" in env

    # ------------------------------------------------------------------ helpers
    def r(self, i_sql, salt):
        """Deterministic uniform [0, 1) from an integer SQL expression and a salt."""
        return f"pg_temp.bench_r(({i_sql})::bigint, {self.seed * 1000 + salt})"

    def columns(self, table):
        self.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'"
            " ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in self.cr.fetchall()]

    def has_column(self, table, column):
        return column in self.columns(table)

    def copy_insert(self, table, template_id, overrides, source):
        """INSERT INTO table SELECT <template row with overrides> FROM source.

        ``source`` is a FROM clause yielding the rows to create; the template row is
        joined as ``t``. Overrides for columns the table lacks are ignored, so the
        generator keeps working while the addons grow.
        """
        cols = self.columns(table)
        if "id" in overrides:
            cols = ["id", *cols]
        exprs = [overrides.get(col, f't."{col}"') for col in cols]
        query = (
            f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
            f"SELECT {', '.join(exprs)} FROM {source} "
            f'CROSS JOIN (SELECT * FROM "{table}" WHERE id = {int(template_id)}) t'
        )
        start = time.perf_counter()
        self.cr.execute(query)
        count = self.cr.rowcount
        self.log(f"{table}: {count} rows", start)
        return count

    def log(self, what, start):
        elapsed = time.perf_counter() - start
        self.timings.append((what, elapsed))
        print(f"  {what:<45} {elapsed:8.2f} s", flush=True)

    # ------------------------------------------------------------------ steps
    def run(self):
        total = time.perf_counter()
        cr = self.cr
        cr.execute(
            "CREATE FUNCTION pg_temp.bench_r(i bigint, s bigint) RETURNS float8 LANGUAGE sql IMMUTABLE AS "
            "$$ SELECT (hashint8extended(i, s) & 2147483647)::float8 / 2147483648.0 $$"
        )
        if self.env["res.users"].search_count([("login", "=like", "bench_sp_%")]):
            sys.exit("generate.py: this database already holds benchmark data; make a fresh one")
        self.reference_data()
        self.templates()
        # Foreign-key triggers off while loading rows that are consistent by construction
        # (as pg_restore --disable-triggers does); needs a superuser, else they stay on.
        try:
            with cr.savepoint(flush=False):
                cr.execute("SET LOCAL session_replication_role = replica")
        except Exception:  # noqa: BLE001
            print("  (not a superuser: foreign-key triggers stay on)")
        self.partners()
        self.orders()
        self.leads()
        self.activities()
        if self.ours:
            self.interactions()
        self.lead_states()
        cr.execute("SET LOCAL session_replication_role = origin")
        self.cleanup_templates()
        start = time.perf_counter()
        cr.execute(
            "ANALYZE res_partner, sale_order, sale_order_line, crm_lead, mail_activity"
            + (", crm_card_interaction" if self.ours else "")
        )
        self.log("ANALYZE", start)
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        self.recompute_card_fields()
        self.invoices()
        self.log("TOTAL generation", total)

    def reference_data(self):
        start = time.perf_counter()
        env = self.env
        company = env.company
        self.company = company
        salesman = env.ref("sales_team.group_sale_salesman")
        manager_group = env.ref("sales_team.group_sale_manager")
        team_model = env["crm.team"]
        self.shiffman_team = (
            team_model.search([("use_shiffman", "=", True)], limit=1)
            if "use_shiffman" in team_model._fields
            else team_model
        )
        self.standard_team = env.ref("sales_team.team_sales_department")
        self.team = self.shiffman_team or self.standard_team
        users = env["res.users"].with_context(no_reset_password=True, mail_create_nosubscribe=True)
        n_users = self.p["users"]
        self.users = users.create(
            [
                {
                    "name": f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i * 7) % len(FAMILY)]} ({i + 1:03d})",
                    "login": f"bench_sp_{i + 1:03d}",
                    "email": f"bench_sp_{i + 1:03d}@bench.example",
                    "group_ids": [(6, 0, [salesman.id])],
                    "company_id": company.id,
                    "company_ids": [(6, 0, [company.id])],
                }
                for i in range(n_users)
            ]
        )
        self.manager = users.create(
            {
                "name": "Bench Sales Manager",
                "login": "bench_manager",
                "password": "bench_manager",
                "email": "bench_manager@bench.example",
                "group_ids": [(6, 0, [manager_group.id])],
            }
        )
        self.users[0].password = "bench_sp_001"
        env["crm.team.member"].create(
            [{"crm_team_id": self.team.id, "user_id": user.id} for user in self.users | self.manager]
        )
        if "callplan_daily_capacity" in self.users._fields:
            # big enough for every client of a salesperson to be called within one week
            clients_per_user = -(-self.p["companies"] // n_users)
            self.users.write({"callplan_daily_capacity": clients_per_user // 5 + 10})
        self.log(f"users: {n_users} salespeople + 1 manager (ORM)", start)

        start = time.perf_counter()
        products = env["product.product"].create(
            [
                {
                    "name": f"{SECOND[i % len(SECOND)]} article {i + 1:03d}",
                    "default_code": f"BENCH-{i + 1:03d}",
                    "type": "consu",
                    "list_price": 5 + (i * 37) % 495,
                    "taxes_id": [(5, 0, 0)],
                    "sale_ok": True,
                }
                for i in range(200)
            ]
        )
        self.products = products
        self.log("products: 200 (ORM)", start)

        self.categories = (
            env["crm.card.category"].search([], order="id") if "crm.card.category" in env else env["res.partner"]
        )
        self.roles = (
            env["crm.card.buying.role"].search([], order="id")
            if "crm.card.buying.role" in env
            else env["res.partner"]
        )
        self.results = (
            env["crm.card.interaction.result"].search([], order="id")
            if "crm.card.interaction.result" in env
            else env["res.partner"]
        )
        if self.shiffman_team:
            self.stages = env["crm.stage"].search([("team_ids", "in", self.shiffman_team.ids)], order="sequence, id")
        else:
            self.stages = env["crm.stage"].search([("team_ids", "=", False)], order="sequence, id")
        if not self.stages:
            self.stages = env["crm.stage"].search([], order="sequence, id")

    def templates(self):
        """One ORM-made record per bulk table: its row supplies every column's default."""
        start = time.perf_counter()
        env = self.env(context=dict(self.env.context, mail_create_nolog=True, mail_create_nosubscribe=True))
        user = self.users[0]
        self.t_company = env["res.partner"].create(
            {"name": "Bench template company", "is_company": True, "user_id": user.id, "customer_rank": 1}
        )
        self.t_person = env["res.partner"].create(
            {"name": "Bench template person", "parent_id": self.t_company.id, "type": "contact"}
        )
        self.t_order = env["sale.order"].create(
            {
                "partner_id": self.t_company.id,
                "user_id": user.id,
                "team_id": self.team.id,
                "order_line": [(0, 0, {"product_id": self.products[0].id, "product_uom_qty": 1})],
            }
        )
        self.t_order.action_confirm()
        self.t_line = self.t_order.order_line[:1]
        lead_vals = {
            "name": "Bench template lead",
            "type": "opportunity",
            "partner_id": self.t_company.id,
            "user_id": user.id,
            "team_id": self.team.id,
            "stage_id": self.stages[:1].id,
        }
        self.t_lead = env["crm.lead"].create(lead_vals)
        self.t_interaction = (
            env["crm.card.interaction"].create(
                {"partner_id": self.t_company.id, "user_id": user.id, "kind": "call", "direction": "outbound"}
            )
            if self.ours
            else None
        )
        self.t_activity = env["mail.activity"].create(
            {
                "res_model_id": env["ir.model"]._get_id("res.partner"),
                "res_id": self.t_company.id,
                "activity_type_id": env.ref("mail.mail_activity_data_call").id,
                "user_id": user.id,
                "summary": "Bench template activity",
            }
        )
        env.flush_all()
        self.log("template records (ORM)", start)

    def cleanup_templates(self):
        start = time.perf_counter()
        cr = self.cr
        self.env.flush_all()
        if self.t_interaction:
            cr.execute("DELETE FROM crm_card_interaction WHERE id = %s", [self.t_interaction.id])
        cr.execute("DELETE FROM mail_activity WHERE id = %s", [self.t_activity.id])
        cr.execute("DELETE FROM crm_lead WHERE id = %s", [self.t_lead.id])
        cr.execute("DELETE FROM sale_order_line WHERE order_id = %s", [self.t_order.id])
        cr.execute("DELETE FROM sale_order WHERE id = %s", [self.t_order.id])
        cr.execute("DELETE FROM res_partner WHERE id IN %s", [(self.t_person.id, self.t_company.id)])
        cr.execute(
            "DELETE FROM mail_message WHERE (model = 'sale.order' AND res_id = %s)"
            " OR (model = 'crm.lead' AND res_id = %s)",
            [self.t_order.id, self.t_lead.id],
        )
        cr.execute(
            "DELETE FROM mail_followers WHERE (res_model = 'sale.order' AND res_id = %s)"
            " OR (res_model = 'crm.lead' AND res_id = %s) OR (res_model = 'res.partner' AND res_id = %s)",
            [self.t_order.id, self.t_lead.id, self.t_company.id],
        )
        self.env.invalidate_all()
        self.log("template records removed", start)

    def partners(self):
        cr = self.cr
        n_c, n_p = self.p["companies"], self.p["persons"]
        # two extra companies: the card clients of measure (2)
        n_all = n_c + 2
        users = sql_array(self.users.ids)
        n_u = len(self.users)
        cats = sql_array(self.categories.ids) if self.categories else "ARRAY[NULL]::int[]"
        n_cat = max(len(self.categories), 1)
        name = (
            f"{pick(sql_text_array(FIRST), len(FIRST), self.r('i', 1))} || ' ' || "
            f"{pick(sql_text_array(SECOND), len(SECOND), self.r('i', 2))} || ' ' || "
            f"{pick(sql_text_array(THIRD), len(THIRD), self.r('i', 3))} || ' ' || i"
        )
        start = time.perf_counter()
        # ids are taken from the sequence up front so that every reference is written once
        cr.execute(
            f"""
            CREATE TEMP TABLE bc ON COMMIT DROP AS
            SELECT i AS idx, nextval('res_partner_id_seq')::int AS id,
                   CASE i WHEN {n_c + 1} THEN 'Bench small client' WHEN {n_c + 2} THEN 'Bench big client'
                          ELSE {name} END::varchar AS name,
                   CASE i WHEN {n_c + 1} THEN '{SMALL_REF}' WHEN {n_c + 2} THEN '{BIG_REF}'
                          ELSE 'BC' || lpad(i::text, 7, '0') END::varchar AS ref,
                   ({users})[1 + (i % {n_u})] AS user_id
              FROM generate_series(1, {n_all}) i ORDER BY i
            """
        )
        cr.execute("CREATE UNIQUE INDEX ON bc (idx)")
        cr.execute("CREATE UNIQUE INDEX ON bc (id)")
        cr.execute("ANALYZE bc")
        cr.execute(
            f"""
            CREATE TEMP TABLE bpers ON COMMIT DROP AS
            SELECT j AS idx, nextval('res_partner_id_seq')::int AS id, ((j - 1) % {n_c}) + 1 AS cidx
              FROM generate_series(1, {n_p}) j ORDER BY j
            """
        )
        cr.execute("CREATE UNIQUE INDEX ON bpers (idx)")
        cr.execute("ANALYZE bpers")
        self.log("partner ids", start)
        now = "now() AT TIME ZONE 'UTC'"
        company_over = {
            "id": "bc.id",
            "name": "bc.name",
            "complete_name": "bc.name",
            "commercial_company_name": "bc.name",
            "commercial_partner_id": "bc.id",
            "ref": "bc.ref",
            "is_company": "true",
            "type": "'contact'",
            "parent_id": "NULL",
            "user_id": "bc.user_id",
            "card_category_id": f"({cats})[1 + floor({self.r('i', 4)} * {n_cat})::int]",
            "phone": "'+4930' || lpad(i::text, 8, '0')",
            "phone_sanitized": "'+4930' || lpad(i::text, 8, '0')",
            "email": "'client' || i || '@bench.example'",
            "email_normalized": "'client' || i || '@bench.example'",
            "street": "'Hauptstraße ' || (1 + i % 200)",
            "city": pick(sql_text_array(CITIES), len(CITIES), self.r("i", 5)),
            "zip": "lpad((10000 + i % 89999)::text, 5, '0')",
            "customer_rank": "1",
            "card_potential_amount": f"round(({self.r('i', 6)} * 200000)::numeric, 0)",
            "create_date": now,
            "write_date": now,
            "active": "true",
        }
        self.copy_insert(
            "res_partner", self.t_company.id, company_over, "bc CROSS JOIN LATERAL (SELECT bc.idx AS i) x"
        )

        roles = sql_array(self.roles.ids) if self.roles else "ARRAY[NULL]::int[]"
        n_roles = max(len(self.roles), 1)
        pname = (
            f"{pick(sql_text_array(GIVEN), len(GIVEN), self.r('j', 11))} || ' ' || "
            f"{pick(sql_text_array(FAMILY), len(FAMILY), self.r('j', 12))} || ' ' || j"
        )
        person_over = {
            "id": "bpers.id",
            "name": pname,
            "complete_name": f"bc.name || ', ' || {pname}",
            "commercial_company_name": "bc.name",
            "ref": "'BP' || lpad(j::text, 7, '0')",
            "is_company": "false",
            "type": "'contact'",
            "parent_id": "bc.id",
            "commercial_partner_id": "bc.id",
            "user_id": "bc.user_id",
            "function": pick(sql_text_array(FUNCTIONS), len(FUNCTIONS), self.r("j", 13)),
            "buying_role_id": f"({roles})[1 + floor({self.r('j', 14)} * {n_roles})::int]",
            "phone": "'+4940' || lpad(j::text, 8, '0')",
            "phone_sanitized": "'+4940' || lpad(j::text, 8, '0')",
            "email": "'person' || j || '@bench.example'",
            "email_normalized": "'person' || j || '@bench.example'",
            "customer_rank": "0",
            "create_date": now,
            "write_date": now,
            "active": "true",
        }
        self.copy_insert(
            "res_partner",
            self.t_person.id,
            person_over,
            "bpers CROSS JOIN LATERAL (SELECT bpers.idx AS j) x JOIN bc ON bc.idx = bpers.cidx",
        )

    def orders(self):
        cr = self.cr
        n_c = self.p["companies"]
        days = 365 * self.p["years"]
        lines_per_order = 5
        special_lines = 10 * 3 + 400 * 50
        n_rand = max((self.p["lines"] - special_lines) // lines_per_order, 0)
        # order plan: idx, id, company, number of lines, date. Buyers are the first 70 % of the
        # companies, skewed so that some buy often and many rarely.
        start = time.perf_counter()
        cr.execute(
            f"""
            CREATE TEMP TABLE bo0 ON COMMIT DROP AS
            SELECT k AS idx,
                   1 + floor(power({self.r("k", 21)}, 1.6) * {int(n_c * 0.7)})::int AS cidx,
                   {lines_per_order} AS nlines,
                   (%(anchor)s::timestamp - make_interval(secs => {self.r("k", 22)} * {days} * 86400))
                       AS date_order
              FROM generate_series(1, {n_rand}) k
            UNION ALL
            SELECT {n_rand} + k, {n_c + 1}, 3,
                   %(anchor)s::timestamp - make_interval(days => 35 * k + 3)
              FROM generate_series(1, 10) k
            UNION ALL
            SELECT {n_rand + 10} + k, {n_c + 2}, 50,
                   %(anchor)s::timestamp - make_interval(secs => {self.r("k", 23)} * {days} * 86400)
              FROM generate_series(1, 400) k
            """,
            {"anchor": self.anchor},
        )
        cr.execute(
            "CREATE TEMP TABLE bo ON COMMIT DROP AS SELECT bo0.*, nextval('sale_order_id_seq')::int AS id,"
            " bc.id AS partner_id, bc.user_id FROM bo0 JOIN bc ON bc.idx = bo0.cidx ORDER BY bo0.idx"
        )
        cr.execute("CREATE UNIQUE INDEX ON bo (idx)")
        cr.execute(
            "CREATE TEMP TABLE bp ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY pp.id) AS n, pp.id,"
            " pt.uom_id, pt.list_price, pt.name->>'en_US' AS name FROM product_product pp"
            " JOIN product_template pt ON pt.id = pp.product_tmpl_id WHERE pp.id IN %s",
            [tuple(self.products.ids)],
        )
        n_prod = len(self.products)
        # the lines, computed once: orders take their amounts from them, no UPDATE afterwards
        cr.execute(
            f"""
            CREATE TEMP TABLE bl ON COMMIT DROP AS
            SELECT bo.id AS order_id, bo.idx, s, bo.partner_id, bo.user_id, bo.date_order,
                   (1 + floor({self.r("bo.idx * 64 + s", 31)} * 20))::numeric AS qty,
                   1 + floor({self.r("bo.idx * 64 + s", 32)} * {n_prod})::int AS pn
              FROM bo CROSS JOIN LATERAL generate_series(1, bo.nlines) s
            """
        )
        cr.execute(
            "CREATE TEMP TABLE bt ON COMMIT DROP AS SELECT bl.order_id, sum(bl.qty * bp.list_price) AS total"
            " FROM bl JOIN bp ON bp.n = bl.pn GROUP BY bl.order_id"
        )
        cr.execute("CREATE UNIQUE INDEX ON bt (order_id)")
        cr.execute("ANALYZE bo; ANALYZE bl; ANALYZE bt; ANALYZE bp")
        self.log("order plan and lines (temp tables)", start)
        now = "now() AT TIME ZONE 'UTC'"
        order_over = {
            "id": "bo.id",
            "name": "'BS' || lpad(bo.idx::text, 8, '0')",
            "partner_id": "bo.partner_id",
            "partner_invoice_id": "bo.partner_id",
            "partner_shipping_id": "bo.partner_id",
            "user_id": "bo.user_id",
            "team_id": str(self.team.id),
            "state": "'sale'",
            "date_order": "bo.date_order",
            "create_date": "bo.date_order",
            "write_date": now,
            "access_token": f"md5(bo.idx::text || '-{self.seed}')",
            "locked": "false",
            "invoice_status": "'to invoice'",
            "origin": "NULL",
            "opportunity_id": "NULL",
            "amount_untaxed": "bt.total",
            "amount_total": "bt.total",
            "amount_tax": "0",
        }
        self.copy_insert("sale_order", self.t_order.id, order_over, "bo JOIN bt ON bt.order_id = bo.id")
        line_over = {
            "order_id": "bl.order_id",
            "sequence": "10 + bl.s",
            "order_partner_id": "bl.partner_id",
            "salesman_id": "bl.user_id",
            "product_id": "bp.id",
            "product_uom_id": "bp.uom_id",
            "state": "'sale'",
            "name": "bp.name",
            "product_uom_qty": "bl.qty",
            "price_unit": "bp.list_price",
            "technical_price_unit": "bp.list_price",
            "discount": "0",
            "price_subtotal": "bl.qty * bp.list_price",
            "price_total": "bl.qty * bp.list_price",
            "price_tax": "0",
            "price_reduce_taxexcl": "bp.list_price",
            "price_reduce_taxinc": "bp.list_price",
            "qty_delivered": "0",
            "qty_invoiced": "0",
            "qty_to_invoice": "bl.qty",
            "untaxed_amount_invoiced": "0",
            "untaxed_amount_to_invoice": "bl.qty * bp.list_price",
            "invoice_status": "'to invoice'",
            "create_date": "bl.date_order",
            "write_date": now,
        }
        self.copy_insert("sale_order_line", self.t_line.id, line_over, "bl JOIN bp ON bp.n = bl.pn")

    def leads(self):
        n = self.p["leads"]
        n_c = self.p["companies"]
        stages = sql_array(self.stages.ids)
        n_st = len(self.stages)
        now = "now() AT TIME ZONE 'UTC'"
        created = f"(%s::timestamp - make_interval(secs => {self.r('i', 42)} * 180 * 86400))" % (
            "'" + self.anchor + "'"
        )
        over = {
            "name": "'Opportunity ' || i || ' – ' || bc.name",
            "type": "'opportunity'",
            "partner_id": "bc.id",
            "partner_name": "bc.name",
            "user_id": "bc.user_id",
            "team_id": str(self.team.id),
            "stage_id": f"({stages})[1 + floor({self.r('i', 41)} * {n_st})::int]",
            "probability": f"round(({self.r('i', 43)} * 90)::numeric, 2)",
            "expected_revenue": f"round(({self.r('i', 44)} * 50000)::numeric, 2)",
            "priority": f"(floor({self.r('i', 45)} * 4))::int::text",
            "email_from": "'client' || bc.idx || '@bench.example'",
            "email_normalized": "'client' || bc.idx || '@bench.example'",
            "phone": "'+4930' || lpad(bc.idx::text, 8, '0')",
            "phone_sanitized": "'+4930' || lpad(bc.idx::text, 8, '0')",
            "date_open": created,
            "date_last_stage_update": created,
            "create_date": created,
            "write_date": now,
            "active": "true",
        }
        self.copy_insert(
            "crm_lead",
            self.t_lead.id,
            over,
            f"generate_series(1, {n}) i JOIN bc ON bc.idx = 1 + floor({self.r('i', 40)} * {n_c})::int",
        )

    def activities(self):
        """Open activities on a third of the clients, as a year of work leaves them: a Call or a
        To-Do of the client's salesperson, due within a month either side of the anchor date."""
        n_c = self.p["companies"]
        env = self.env
        call = env.ref("mail.mail_activity_data_call").id
        todo = env.ref("mail.mail_activity_data_todo").id
        over = {
            "res_id": "bc.id",
            "res_name": "bc.name",
            "user_id": "bc.user_id",
            "activity_type_id": f"CASE WHEN {self.r('bc.idx', 61)} < 0.6 THEN {call} ELSE {todo} END",
            "summary": f"CASE WHEN {self.r('bc.idx', 61)} < 0.6 THEN 'Follow-up call' ELSE 'Send the offer' END",
            "date_deadline": f"'{self.anchor}'::date + (floor({self.r('bc.idx', 62)} * 61)::int - 30)",
            "create_date": "now() AT TIME ZONE 'UTC'",
            "write_date": "now() AT TIME ZONE 'UTC'",
        }
        self.copy_insert(
            "mail_activity",
            self.t_activity.id,
            over,
            f"(SELECT * FROM bc WHERE bc.idx <= {n_c} AND {self.r('bc.idx', 60)} < 1.0 / 3) bc",
        )

    def invoices(self):
        """Invoices and payments through the ORM (Odoo's accounting is too intricate to copy in
        SQL): one to three lines each, dated over the last year in order, posted in one batch;
        four in five paid with one payment each through the payment wizard."""
        n = self.p["invoices"]
        if not n:
            return
        start = time.perf_counter()
        env = self.env(
            context=dict(self.env.context, tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        )
        rnd = random.Random(self.seed)
        self.cr.execute("SELECT ref, id FROM res_partner WHERE ref LIKE 'BC%%' AND is_company")
        by_ref = dict(self.cr.fetchall())
        n_c = self.p["companies"]
        anchor = datetime.date.fromisoformat(self.anchor)
        days = sorted(rnd.randrange(1, 366) for _ in range(n))
        vals_list = []
        for k in range(n):
            partner_id = by_ref[f"BC{1 + rnd.randrange(int(n_c * 0.7)):07d}"]
            lines = [
                (0, 0, {
                    "product_id": self.products[rnd.randrange(len(self.products))].id,
                    "quantity": 1 + rnd.randrange(20),
                    "tax_ids": [(6, 0, [])],
                })
                for _ in range(1 + rnd.randrange(3))
            ]
            vals_list.append({
                "move_type": "out_invoice",
                "partner_id": partner_id,
                "invoice_date": anchor - datetime.timedelta(days=days[n - 1 - k]),
                "invoice_line_ids": lines,
            })
        moves = env["account.move"]
        for i in range(0, n, 500):
            batch = env["account.move"].create(vals_list[i : i + 500])
            batch.action_post()
            moves |= batch
            env.flush_all()
            env.invalidate_all()
        self.log(f"invoices: {len(moves)} posted (ORM)", start)
        start = time.perf_counter()
        paid = moves.browse([move_id for move_id in moves.ids if rnd.random() < 0.8])
        for i in range(0, len(paid), 500):
            batch = paid[i : i + 500]
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=batch.ids
            ).create({"group_payment": False})._create_payments()
            env.flush_all()
            env.invalidate_all()
        self.log(f"payments: {len(paid)} invoices paid (ORM)", start)

    def interactions(self):
        n = self.p["interactions"]
        n_c = self.p["companies"]
        results = sql_array(self.results.ids) if self.results else "ARRAY[NULL]::int[]"
        n_res = max(len(self.results), 1)
        kinds = sql_text_array(["call", "call", "call", "meeting", "email", "letter", "visit", "other"])
        over = {
            "date": f"'{self.anchor}'::timestamp - make_interval(secs => {self.r('i', 52)} * 365 * 86400)",
            "partner_id": "bc.id",
            "contact_id": "bpers.id",
            "user_id": "bc.user_id",
            "kind": pick(kinds, 8, self.r("i", 53)),
            "direction": f"CASE WHEN {self.r('i', 54)} < 0.3 THEN 'inbound' ELSE 'outbound' END",
            "result_id": f"({results})[1 + floor({self.r('i', 55)} * {n_res})::int]",
            "duration": f"round(({self.r('i', 56)} * 30)::numeric, 1)",
            "lead_id": "NULL",
            "note": "NULL",
            "create_date": "now() AT TIME ZONE 'UTC'",
            "write_date": "now() AT TIME ZONE 'UTC'",
        }
        self.copy_insert(
            "crm_card_interaction",
            self.t_interaction.id,
            over,
            f"generate_series(1, {n}) i"
            f" JOIN bc ON bc.idx = 1 + floor(power({self.r('i', 51)}, 1.3) * {int(n_c * 0.8)})::int"
            " JOIN bpers ON bpers.idx = bc.idx",  # the company's first contact person
        )

    def lead_states(self):
        """Write on the bulk leads what the ORM would have written from their stage and client.

        Leads in a won stage are won (probability 100, closed when they reached the stage); the
        prorated revenue follows the probability. With the Shiffman table installed a lead also
        carries its client's category, its last contact (the client's latest interaction since
        the lead exists, as the interaction hook writes it) and, in the Result column, a result
        (one lead in ten still waits for one). Without this every lead would keep the template
        lead's values: no category, a last contact at generation time, won stages not won.
        """
        start = time.perf_counter()
        cols = set(self.columns("crm_lead"))
        probability = "CASE WHEN s.is_won THEN 100 ELSE l.probability END"
        closed = "CASE WHEN s.is_won THEN l.date_last_stage_update END"
        sets = [
            f"probability = {probability}",
            "won_status = CASE WHEN s.is_won THEN 'won' ELSE 'pending' END",
            f"date_closed = {closed}",
            f"day_close = abs(extract(day FROM {closed} - l.create_date))",
            f"prorated_revenue = round(l.expected_revenue * ({probability})::numeric / 100, 2)",
        ]
        if "shiffman_result" in cols:
            results = sql_text_array(["contract", "purchase", "prospective", "lost"])
            waiting = f"{self.r('l.id', 46)} < 0.1"
            result = pick(results, 4, self.r("l.id", 47))
            sets += [
                "card_category_id = p.card_category_id",
                "shiffman_last_contact_date = NULL",
                f"shiffman_result = CASE WHEN s.shiffman_column = 'result' AND NOT {waiting} THEN {result} END",
                f"shiffman_result_missing = s.shiffman_column = 'result' AND {waiting}",
            ]
        team = int(self.team.id)
        self.cr.execute(
            f"UPDATE crm_lead l SET {', '.join(sets)} FROM crm_stage s, res_partner p"
            f" WHERE s.id = l.stage_id AND p.id = l.partner_id AND l.team_id = {team}"
        )
        count = self.cr.rowcount
        if "shiffman_result" in cols:
            # grouped join, not a max() subquery per lead: the planner would walk the date index
            self.cr.execute(
                f"""
                UPDATE crm_lead l SET shiffman_last_contact_date = c.last_date
                  FROM (SELECT l2.id, max(i.date) AS last_date
                          FROM crm_lead l2
                          JOIN crm_card_interaction i ON i.partner_id = l2.partner_id AND i.date >= l2.create_date
                         WHERE l2.team_id = {team}
                         GROUP BY l2.id) c
                 WHERE c.id = l.id
                """
            )
        self.log(f"crm_lead: {count} won states, categories, contacts", start)

    def recompute_card_fields(self):
        """Recompute the stored computed fields our addons put on res.partner, in batches.

        Bulk SQL bypassed them; they are computed from orders and interactions with grouped
        queries, so the ORM does this cheaply per batch.
        """
        env = self.env
        # no tracking message per generated client (Odoo's imports and our jobs skip them too)
        partner_model = env["res.partner"].with_context(tracking_disable=True)
        ours = ("crm_card", "crm_callplan", "crm_shiffman", "crm_dossier")
        # Odoo's phone and e-mail keys are written by the bulk insert (the data is already E.164)
        in_sql = {"phone_sanitized", "email_normalized", "card_vat_key"}
        fields_ = [
            f
            for f in partner_model._fields.values()
            if f.store and f.compute and getattr(f, "_module", None) in ours and f.name not in in_sql
        ]
        if not fields_:
            return
        start = time.perf_counter()
        self.cr.execute(
            "SELECT id FROM res_partner WHERE ref LIKE 'BC%%' OR ref IN %s ORDER BY id", [(SMALL_REF, BIG_REF)]
        )
        ids = [row[0] for row in self.cr.fetchall()]
        for i in range(0, len(ids), 5000):
            batch = partner_model.browse(ids[i : i + 5000])
            for field in fields_:
                env.add_to_compute(field, batch)
            batch.flush_recordset()
            env.invalidate_all()
        print(f"  recomputed on {len(ids)} companies: {', '.join(f.name for f in fields_)}")
        self.log("card fields recomputed (ORM)", start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--anchor", default=datetime.date.today().isoformat(), help="'today' of the data")
    args = parser.parse_args()
    registry = open_registry(args.db)
    print(f"Generating size {args.size} (seed {args.seed}, anchor {args.anchor}) into {args.db}", flush=True)
    with environment(registry) as env:
        Generator(env, args.size, args.seed, args.anchor).run()
        env.cr.commit()
    # the bulk UPDATEs (lead states, recomputed card fields) left dead rows behind: vacuum them as
    # autovacuum would before anyone measures, so that neither side of a comparison pays for them
    start = time.perf_counter()
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE res_partner, crm_lead, sale_order, mail_activity")
        cr._cnx.autocommit = False
    print(f"  {'VACUUM ANALYZE':<48}{time.perf_counter() - start:6.2f} s", flush=True)


if __name__ == "__main__":
    main()
