"""Benchmark: a social worker files households while a matching run of a few thousand seekers is computed
(prints figures; not a test — `tests/test_short_transactions.py` runs the same scenario and asserts on it).

    .venv/bin/python bench/short_transactions.py                   # SQLite file (WAL), 5,000 seekers
    .venv/bin/python bench/short_transactions.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Two threads in one process: one executes the run (claim → load, score, OR-Tools, explain outside any
transaction → one short write), the other files households one after another through
`people.services.create_household` (the page's and the API's path) until the run ends. Printed: a filing
alone (baseline, median of 5), the filings during the run and the slowest, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, statistics, threading, time, django; django.setup()
from django.contrib.auth.models import Group
from django.db import connection
from bench.matching_api import seed
from bangfu.accounts.models import OrgUnit, User
from bangfu.matching.models import MatchingRun, RunStatus
from bangfu.matching import services as matching
from bangfu.people import services as people
from bangfu.people.idgen import make_id_number

officer, _seekers = seed(500, 5000, 11)
unit = OrgUnit.objects.get(code="440106")
worker = User.objects.create_user(username="filer", org=unit)
worker.groups.set([Group.objects.get(role_profile__key="street_social_worker")])
worker = User.objects.get(pk=worker.pk)
serial = iter(range(1, 10_000))

def file_one():
    n = next(serial)
    number = make_id_number("440106", __import__("datetime").date(1960, 1, 1 + n % 28), 500 + n, "M")
    data = people.HouseholdInput(
        members=(people.MemberInput(person=people.PersonInput(name=f"并发户主{n}", id_number=number),
                                    relation="self", employment_status="unemployed"),),
        file=people.FileInput(primary_cause="laid_off"))
    start = time.perf_counter()
    people.create_household(actor=worker, org=unit, data=data)
    return time.perf_counter() - start

alone = sorted(file_one() for _ in range(5))[2]
run = MatchingRun.objects.create(org=officer.org, created_by=officer,
                                 parameters={"top_k": 20, "as_of": "2026-03-02", "method": "min_cost_flow"})
during, errors = [], []

def execute():
    try:
        matching.execute_run(run.pk)
    except BaseException as error:
        errors.append(repr(error))
    finally:
        connection.close()

thread = threading.Thread(target=execute)
started = time.perf_counter()
thread.start()
while MatchingRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).exists():
    time.sleep(0.005)
while thread.is_alive():
    during.append(file_one())
thread.join()
run.refresh_from_db()
print(json.dumps({"alone": alone, "during": during, "run_seconds": time.perf_counter() - started,
                  "status": run.status, "seekers": run.seekers_count, "assigned": run.assigned_count,
                  "timings": run.timings,
                  "errors": errors}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL; a database bench_bangfu_short is made")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bangfu-short-")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BANGFU_", "DATABASE_URL"))}
    env.update({"BANGFU_VAR_DIR": workdir, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "false",
                "DATABASE_URL": f"sqlite:///{workdir}/short.sqlite3"})
    if args.postgres:
        import psycopg

        base = args.postgres.rsplit("/", 1)[0]
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS bench_bangfu_short")
            admin.execute("CREATE DATABASE bench_bangfu_short")
        env["DATABASE_URL"] = f"{base}/bench_bangfu_short"
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, check=True, capture_output=True,
                             text=True).stdout
        figures = json.loads(out.strip().splitlines()[-1])
    finally:
        if args.postgres:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute("DROP DATABASE IF EXISTS bench_bangfu_short WITH (FORCE)")
    during = figures["during"]
    print(f"matching run: {figures['seekers']} seekers, {figures['assigned']} pairs, {figures['run_seconds']:.2f} s "
          f"(steps in ms: {figures['timings']})")
    print(f"filing alone (baseline, median of 5): {figures['alone'] * 1000:.0f} ms")
    print(f"filings during the run: {len(during)}, slowest {max(during, default=0) * 1000:.0f} ms, "
          f"median {sorted(during)[len(during) // 2] * 1000 if during else 0:.0f} ms")
    print(f"ratio slowest-during / alone: {max(during, default=0) / figures['alone']:.1f}×")


if __name__ == "__main__":
    main()
