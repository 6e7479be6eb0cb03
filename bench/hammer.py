"""Hammer: concurrent disbursements over HTTP against a real server, on SQLite and on PostgreSQL.

    .venv/bin/python bench/hammer.py                         # 8 processes × 30 s, SQLite then PostgreSQL
    .venv/bin/python bench/hammer.py --seconds 5 --processes 4 --db sqlite

For each database: a fresh database (an SQLite file; or PostgreSQL `bangfu_bench_assistance`, created and
dropped), migrated and given one campaign whose district account holds 100,000.00 元; a server started
here (`manage.py runserver --noreload` on 127.0.0.1 and a free port); N processes POST disbursements of
50–300 元 with fresh idempotency keys for the given time, and one request in ten repeats an earlier key.
Afterwards the database is checked: overspend (disbursed beyond the allocation), lost writes (a 2xx
without its ledger row, or a ledger sum that differs from the balance change), duplicate payments for a
key, and the 5xx count. Exit status 1 when any of them is not zero.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "bangfu_bench_assistance"
ALLOCATION_FEN = 10_000_000  # 100,000.00 元
PASSWORD = "Hammer-Password-2021"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def django_child(env: dict[str, str], code: str) -> Any:
    """Run Django code in a child process with this database (one process cannot switch databases)."""
    program = (f"import json, os, sys; sys.path.insert(0, {str(ROOT)!r}); "
               "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); import django; django.setup()\n"
               + code)
    out = subprocess.run([PYTHON, "-c", program], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


SETUP = f"""
PASSWORD, ALLOCATION = {PASSWORD!r}, {ALLOCATION_FEN}
from django.core.management import call_command
call_command("migrate", verbosity=0)
from bangfu.accounts.models import OrgLevel, User
from bangfu.accounts.roles import ensure_roles
from bangfu.accounts.services import upsert_org_unit
from bangfu.assistance.models import Allocation
from bangfu.assistance.services import ledger
from bangfu.assistance.tests.factories import make_campaign
roles = ensure_roles()
root = upsert_org_unit(code="CN", name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
beijing = upsert_org_unit(code="11", name="北京市总工会", level=OrgLevel.PROVINCE, parent=root)
dongcheng = upsert_org_unit(code="110101", name="东城区总工会", level=OrgLevel.COUNTY, parent=beijing)
officer = User.objects.create_user(username="hammer", org=dongcheng)
officer.groups.set([roles["district_officer"]])
for n in range(1, 65):  # one signed-in user per process (sessions are per user)
    clerk = User.objects.create_user(username=f"hammer{{n}}", password=PASSWORD, org=dongcheng)
    clerk.groups.set([roles["district_officer"]])
program = make_campaign(beijing, name="压力测试", budget_fen=ALLOCATION * 2, actor=officer, groups=False)
program.large_amount_fen = 10**12
program.save()
ledger.allocate(actor=officer, fund=program.funds.get(), to_unit=dongcheng, amount_fen=ALLOCATION, key="hammer-alloc")
account = Allocation.objects.get(org=dongcheng)
print(json.dumps({{"allocation": account.pk, "balance": account.balance_fen}}))
"""

VERIFY = """
from django.db.models import Sum
from bangfu.assistance.models import Allocation, Disbursement, LedgerEntry
from bangfu.assistance.services.ledger import reconcile_fund
results = json.load(open(RESULTS))
account = Allocation.objects.get(pk=results["allocation"])
ledger = LedgerEntry.objects.filter(source=account, kind="disbursement")
rows = {key: (amount, entry) for key, amount, entry in Disbursement.objects.filter(allocation=account)
        .values_list("idempotency_key", "amount_fen", "ledger_entry")}
lost = sum(1 for key, amount in results["ok"] if key not in rows or rows[key][0] != amount or rows[key][1] is None)
paid = int(ledger.aggregate(total=Sum("amount_fen"))["total"] or 0)
change = results["balance"] - account.balance_fen
print(json.dumps({"paid_fen": paid, "balance_change_fen": change, "lost": lost + (0 if paid == change else 1),
                  "rows": ledger.count(), "distinct_ok_keys": len(dict(results["ok"])),
                  "overspend_fen": max(0, paid - results["balance"]), "final_balance_fen": account.balance_fen,
                  "reconciled": reconcile_fund(account.fund).ok}))
"""


def sign_in(base: str, username: str) -> tuple[Any, str]:
    """Sign in through the login form like a browser; the API then takes the session and its CSRF token.

    (A Bearer token would be simpler, but the API checks the session cookie's CSRF first: see the report.)
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/login/", timeout=30).read()
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf}).encode()
    opener.open(urllib.request.Request(base + "/login/", data=form, headers={"Referer": base + "/login/"}),
                timeout=30).read()
    if not any(cookie.name == "sessionid" for cookie in jar):
        raise RuntimeError(f"{username} could not sign in")
    return opener, next(cookie.value or "" for cookie in jar if cookie.name == "csrftoken")


def worker(base: str, allocation: int, seconds: float, seed: int, queue: Any) -> None:
    rng = random.Random(seed)
    url = f"{base}/api/v1/assistance/allocations/{allocation}/disbursements"
    opener, csrf = sign_in(base, f"hammer{seed}")
    headers = {"X-CSRFToken": csrf, "Content-Type": "application/json", "Referer": base + "/"}
    statuses: Counter[int] = Counter()
    ok: list[tuple[str, int]] = []
    replays_matched = 0
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    serial = 0
    while time.monotonic() < deadline:
        if ok and rng.random() < 0.1:
            key, amount = rng.choice(ok)
        else:
            serial += 1
            key, amount = f"p{seed}-{serial}", rng.randrange(5_000, 30_001)
        body = json.dumps({"amount_fen": amount, "idempotency_key": key, "purpose": "压力测试"}).encode()
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=60) as response:
                status, payload = response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            status, payload = exc.code, {}
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            status, payload = 599, {}
        latencies.append(time.perf_counter() - started)
        statuses[status] += 1
        if status in (200, 201):
            if payload.get("replayed"):
                replays_matched += 1
            else:
                ok.append((key, amount))
    queue.put({"statuses": dict(statuses), "ok": ok, "replays": replays_matched, "latencies": latencies})


def wait_for(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as connection:
        connection.execute(sql)


def run(db: str, seconds: float, processes: int, workdir: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update({"BANGFU_VAR_DIR": workdir, "DJANGO_DEBUG": "false", "LOG_LEVEL": "WARNING"})
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir}/hammer.sqlite3"
    else:
        pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
        pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
    try:
        setup = django_child(env, SETUP)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(Path(workdir) / f"server-{db}.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen([PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(base, server)
            queue: Any = multiprocessing.Queue()
            workers = [multiprocessing.Process(target=worker, args=(base, setup["allocation"], seconds, n + 1,
                                                                     queue))
                       for n in range(processes)]
            started = time.perf_counter()
            for process in workers:
                process.start()
            reports = [queue.get(timeout=seconds + 300) for _ in workers]
            for process in workers:
                process.join()
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        statuses: Counter[int] = Counter()
        ok: list[tuple[str, int]] = []
        latencies: list[float] = []
        replays = 0
        for report in reports:
            statuses.update({int(k): v for k, v in report["statuses"].items()})
            ok += report["ok"]
            latencies += report["latencies"]
            replays += report["replays"]
        results_file = Path(workdir) / f"results-{db}.json"
        results_file.write_text(json.dumps({"allocation": setup["allocation"], "balance": setup["balance"], "ok": ok}))
        verified = django_child(env, f"RESULTS = {str(results_file)!r}\n" + VERIFY)
    finally:
        if db == "postgres":
            pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
    latencies.sort()
    total = sum(statuses.values())
    return {"db": db, "requests": total, "per_second": total / elapsed, "statuses": dict(sorted(statuses.items())),
            "paid": len(ok), "replays": replays, "p50_ms": 1000 * latencies[len(latencies) // 2],
            "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)], **verified,
            "server_errors": sum(v for k, v in statuses.items() if k >= 500)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bangfu-hammer-")
    failed = False
    for db in (("sqlite", "postgres") if args.db == "both" else (args.db,)):
        r = run(db, args.seconds, args.processes, workdir)
        print(f"== {db}: {args.processes} processes × {args.seconds:g} s over HTTP")
        print(f"requests {r['requests']:,} ({r['per_second']:.0f}/s), status {r['statuses']}, "
              f"p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms")
        print(f"paid {r['paid']:,} (+{r['replays']:,} retries answered with the first result), ledger rows "
              f"{r['rows']:,}, paid {r['paid_fen'] / 100:,.2f} 元 of {ALLOCATION_FEN / 100:,.2f} 元, "
              f"final balance {r['final_balance_fen'] / 100:,.2f} 元, reconciled {r['reconciled']}")
        print(f"overspend = {r['overspend_fen'] / 100:.2f}   lost writes = {r['lost']}   "
              f"duplicate payments = {r['paid'] - r['distinct_ok_keys'] + r['rows'] - r['paid']}   "
              f"5xx = {r['server_errors']}")
        failed |= bool(r["overspend_fen"] or r["lost"] or r["server_errors"] or r["rows"] != r["paid"]
                       or not r["reconciled"])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
