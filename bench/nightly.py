"""Measure 8: every scheduled job of the four addons, run as Odoo's cron worker runs it.

Issue 19 asks that every nightly job stays under ten minutes at size XL and that the ORM process
stays under 1.5 GB. Measure 3 times the rhythm job's own statement; this measure runs each job the
way a production server does: ``ir.cron.method_direct_trigger()`` goes through
``ir.cron._process_job`` (a fresh cursor as the job's user, the job's batches and their
``_commit_progress`` commits), and a job that reports work left (rescheduled as soon as possible)
is triggered again until it is done, as the cron worker would do. The resident memory of this
process, which runs the jobs, is sampled throughout.

**It changes the database**: the jobs commit what they do (reminders planned, states written, calls
booked), as they would at night. Run it last, on a database made for the benchmark. Each job runs
twice: the first run on the data as generated (the first night after install, when everything is
new to the jobs) and a second run the same day (what a restart or a second worker would cost).
"""

import time

from common import RssSampler

OURS = ("crm_card", "crm_callplan", "crm_shiffman", "crm_dossier")
MAX_TRIGGERS = 200  # a job still reporting work after this many runs is a finding, not a wait


def our_crons(env):
    """The active scheduled jobs the four addons ship, in the order of their xmlids."""
    data = env["ir.model.data"].search(
        [("model", "=", "ir.cron"), ("module", "in", OURS)], order="module, name"
    )
    crons = env["ir.cron"].browse(data.mapped("res_id")).exists()
    return crons.filtered("active")


def run_job(env, cron):
    """Trigger ``cron`` until it no longer asks to run again; seconds and the number of runs."""
    start = time.perf_counter()
    triggers = 0
    while True:
        cron.method_direct_trigger()
        env.cr.commit()
        triggers += 1
        cron.invalidate_recordset(["nextcall"])
        # a partially done job is rescheduled "as soon as possible": its nextcall is not later than now
        env.cr.execute("SELECT nextcall <= now() AT TIME ZONE 'UTC' FROM ir_cron WHERE id = %s", [cron.id])
        again = env.cr.fetchone()[0]
        if not again or triggers >= MAX_TRIGGERS:
            return time.perf_counter() - start, triggers, again


def measure_nightly(registry, args, row, results, environment):
    print("(8) scheduled jobs, run as the cron worker runs them (the database keeps what they do)", flush=True)
    total = {}
    peak = 0
    with environment(registry) as env:
        crons = our_crons(env)
        env.cr.commit()
        for run in ("first run", "second run, same day"):
            total[run] = 0.0
            for cron in crons:
                with RssSampler() as rss:
                    seconds, triggers, unfinished = run_job(env, cron)
                peak = max(peak, rss.peak)
                total[run] += seconds
                note = f"{triggers} trigger(s); peak RSS {rss.peak / 2**20:.0f} MB"
                if unfinished:
                    note += f"; STILL UNFINISHED after {MAX_TRIGGERS} triggers"
                row("8 scheduled jobs", f"{cron.cron_name} ({run})", seconds, None, None, note)
                results.setdefault(run, {})[cron.cron_name] = seconds
            row("8 scheduled jobs", f"all jobs ({run})", total[run], None, None,
                "target < 600 s each at XL")
    row("6 memory", "bench process RSS during (8)", None, None, None,
        f"peak {peak / 2**20:.0f} MB (target < 1.5 GB)")
    results["peak_rss"] = peak
