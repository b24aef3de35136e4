#!/usr/bin/env python3
"""Time the prospect upload of crm_shiffman on a database where the addons are installed.

Usage: python3 bench/import_prospects.py --db NAME [--rows 2000] [--repeat 3]

Builds, inside one transaction that is rolled back at the end, a Shiffman team, a sales manager
who uploads, 5 salespeople, 10 sources and 20 tags; then uploads a CSV of ``--rows`` prospects
through ``crm.shiffman.import`` as the manager: each row names a source, two tags and a
salesperson, and one row in 50 names a source that does not exist (rejected with its reason).
Prints the wall time and the query count of ``action_import`` (cursor's ``sql_log_count``),
the best of ``--repeat`` runs, each on a savepoint rolled back after it.
"""

import argparse
import base64
import csv
import io
import sys

from common import Measure, environment, open_registry

HEADER = ("Name", "Email", "Phone", "Company Name", "Source", "Tags", "Salesperson")


def build(env):
    from odoo.tests import new_test_user  # noqa: PLC0415

    manager = new_test_user(env, "bench_import_manager", groups="sales_team.group_sale_manager")
    salespeople = [
        new_test_user(
            env, f"bench_import_sp{i}", name=f"Bench Salesperson {i}", groups="sales_team.group_sale_salesman"
        )
        for i in range(5)
    ]
    team = env["crm.team"].create({"name": "Bench Import", "use_opportunities": True})
    team.with_user(manager).action_make_shiffman_pipeline()
    team.member_ids = [(4, user.id) for user in salespeople]
    sources = env["utm.source"].create([{"name": f"Bench Source {i}"} for i in range(10)])
    tags = env["crm.tag"].create([{"name": f"Bench Tag {i}"} for i in range(20)])
    return manager, team, salespeople, sources, tags


def csv_content(rows, salespeople, sources, tags):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for i in range(rows):
        source = "Nowhere Expo" if i % 50 == 49 else sources[i % len(sources)].name
        writer.writerow(
            [
                f"Bench Prospect {i}",
                f"p{i}@firm{i}.example.com",
                f"+7 843 555 {i:05d}",
                f"Bench Firm {i}",
                source,
                f"{tags[i % len(tags)].name},{tags[(i + 7) % len(tags)].name}",
                salespeople[i % len(salespeople)].name,
            ]
        )
    return buffer.getvalue().encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    registry = open_registry(args.db)
    with environment(registry, {"tracking_disable": True}) as env:
        try:
            manager, team, salespeople, sources, tags = build(env)
            content = base64.b64encode(csv_content(args.rows, salespeople, sources, tags))
            env.flush_all()
            runs = []
            for _run in range(args.repeat):
                savepoint = env.cr.savepoint()
                try:
                    wizard = (
                        env["crm.shiffman.import"]
                        .with_user(manager)
                        .create({"file": content, "file_name": "bench.csv", "team_id": team.id})
                    )
                    env.flush_all()
                    env.invalidate_all()
                    with Measure(env.cr) as measure:
                        wizard.action_import()
                        env.flush_all()
                    runs.append((measure.seconds, measure.queries, wizard.created_count, wizard.rejected_count))
                finally:
                    savepoint.close(rollback=True)
                    env.invalidate_all()
            for seconds, queries, created, rejected in runs:
                print(f"  {args.rows} rows: {seconds:.2f} s, {queries} queries, {created} created, {rejected} rejected")
            best = min(runs)
            print(f"best of {len(runs)}: {best[0]:.2f} s, {best[1]} queries")
        finally:
            env.cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
