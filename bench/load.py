"""Load: simulated staff (80 % reads, 20 % writes) against the production shape, on PostgreSQL and on SQLite.

    .venv/bin/python bench/load.py                          # 50 users × 60 s: PostgreSQL ×2, ×1; SQLite ×1
    .venv/bin/python bench/load.py --users 10 --seconds 10  # the --quick size of bench/run_all.py
    .venv/bin/python bench/load.py --db sqlite --seed light --users 5 --seconds 8 --no-baseline   # the test's size

For each database: a new one (PostgreSQL `bench_bangfu_load` on 127.0.0.1:5432, dropped afterwards; or an SQLite
file under a temporary directory), migrated, `manage.py seed_demo` (or, with `--seed light`, the demo's union tree,
accounts, register, jobs and campaigns only), and the load's staff made through the accounts services (each a
street social worker or a district officer of a Guangzhou or Beijing district; `bench/load_db.py`). Then the shape
of `deploy/serve-prod.sh`: gunicorn app servers with `deploy/gunicorn.conf.py`, BANGFU_ENV=production, the keys in
the environment, Redis as the shared cache (a database number found empty, emptied again afterwards), and on
PostgreSQL one task worker; ports from 8101–8110.

Locust (headless, `bench/locustfile.py`) runs the staff: each signs in through the real form (CSRF), user n on app
server n mod N; when all have signed in, the measured window of `--seconds` starts. Reads: home, the household list
with filters, household details, campaign, visit, jobs lists, the hardship report. Writes: filing a household
through the page, editing a household through the API with its version (409 when someone saved in between),
visits and referrals through the API. Afterwards `load_db.py verify` checks every acknowledged write against the
database (lost updates), the ledger and the audit chain.

The baseline in the same run is the same load against one app server on the same PostgreSQL database. Prints, per
configuration: requests/s, p50/p95/p99 of reads and writes, failures, 5xx, 409, 429, lost updates, CPU and load
average. Exit status 1 when failures, 5xx or lost updates are not zero (or the ledger or audit check fails).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "bench_bangfu_load"
REDIS = "redis://127.0.0.1:6379"
PORTS = range(8101, 8111)
PASSWORD = "Load-Staff-Passw0rd-2026"


@dataclass
class Config:
    name: str
    db: str  # "postgres" or "sqlite"
    servers: int
    users: int
    figures: dict[str, Any] = field(default_factory=dict)


def free_ports(count: int) -> list[int]:
    ports = []
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise SystemExit(f"错误：端口 {PORTS.start}–{PORTS.stop - 1} 中没有 {count} 个空闲端口")


def free_redis_db() -> int:
    import redis

    for number in range(2, 14):  # 0–1: serve-prod and the default; 14–15: the test suite
        if redis.Redis.from_url(f"{REDIS}/{number}").dbsize() == 0:
            return number
    raise SystemExit("错误：Redis 2–13 号库都不空，找不到可用的库")


def flush_redis(number: int) -> None:
    """Empty the database number found empty at the start: only the load's keys are in it."""
    import redis

    redis.Redis.from_url(f"{REDIS}/{number}").flushdb()


def pg_admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True) as db:
        db.execute(sql)


def trial_keys() -> dict[str, str]:
    """Keys as deploy/serve-prod.sh makes them for a trial: in the environment, never in the database."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "BANGFU_FIELD_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "BANGFU_INDEX_KEY": secrets.token_urlsafe(32),
        "BANGFU_AUDIT_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }


def site_env(db: str, workdir: Path, redis_db: int, pg: tuple[str, str]) -> dict[str, str]:
    keys = workdir / "trial-keys.json"  # beside the site, as serve-prod.sh keeps var/prod/trial-keys.env
    if not keys.exists():
        keys.write_text(json.dumps(trial_keys()), encoding="utf-8")
        keys.chmod(0o600)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANGFU_", "DJANGO_", "DATABASE_", "PYTEST"))}
    env |= json.loads(keys.read_text(encoding="utf-8")) | {
        "BANGFU_ENV": "production", "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "false",
        "CACHE_URL": f"{REDIS}/{redis_db}", "BANGFU_VAR_DIR": str(workdir / "var"), "LOG_LEVEL": "WARNING",
        "BANGFU_DEMO_PASSWORD": PASSWORD, "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": (f"{pg[0]}/{pg[1]}" if db == "postgres"
                         else f"sqlite:///{workdir}/load.sqlite3"),
    }
    return env


def run_child(env: dict[str, str], *args: str, timeout: float = 1800) -> str:
    done = subprocess.run([PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"错误：{' '.join(args[:2])} 失败：\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def build_site(db: str, env: dict[str, str], seed: str, workdir: Path, pg: tuple[str, str]) -> float:
    started = time.perf_counter()
    if (workdir / "built").exists():
        return 0.0  # --workdir of a kept run (--keep): the database is there already
    if db == "postgres":
        pg_admin(pg[0], f'DROP DATABASE IF EXISTS "{pg[1]}"')
        pg_admin(pg[0], f'CREATE DATABASE "{pg[1]}"')
    run_child(env, "manage.py", "migrate", "--noinput", "-v", "0")
    run_child(env, "manage.py", "collectstatic", "--noinput", "-v", "0")
    if seed == "demo":
        run_child(env, "manage.py", "seed_demo")
    else:
        run_child(env, "bench/load_db.py", "seed-light")
    (workdir / "built").touch()
    return time.perf_counter() - started


def wait_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"错误：端口 {port} 的应用服务器没有启动：\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"错误：端口 {port} 的应用服务器 120 秒内没有启动")


def start_shape(env: dict[str, str], ports: list[int], worker: bool, workdir: Path) -> list[subprocess.Popen[bytes]]:
    """The processes of deploy/serve-prod.sh: gunicorn per port (and the task worker on PostgreSQL)."""
    processes = []
    for port in ports:
        log = workdir / f"gunicorn-{port}.log"
        processes.append(subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"], cwd=ROOT,
            env=env | {"BANGFU_BIND": f"127.0.0.1:{port}"}, stdout=log.open("wb"), stderr=subprocess.STDOUT))
    if worker:
        processes.append(subprocess.Popen(
            [PYTHON, "manage.py", "task_worker", "--queue-name", "*"], cwd=ROOT,
            env=env | {"BANGFU_TASK_BACKEND": "database"}, stdout=(workdir / "worker.log").open("wb"),
            stderr=subprocess.STDOUT))
    for port, process in zip(ports, processes, strict=False):
        wait_up(port, process, workdir / f"gunicorn-{port}.log")
    return processes


def cpu_seconds(processes: list[subprocess.Popen[bytes]]) -> float:
    total = 0.0
    for process in processes:
        try:
            parent = psutil.Process(process.pid)
            for each in [parent, *parent.children(recursive=True)]:
                times = each.cpu_times()
                total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summarise(out: Path) -> dict[str, Any]:
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    window = next((r for r in rows if r.get("phase") == "window"), None)
    if window is None:
        raise SystemExit("错误：locust 没有跑完测量时段（有用户没能登录？）")
    measured = [r for r in rows if r.get("phase") == "measure" and r["t"] <= window["end"]]
    logins = [r for r in rows if r.get("kind") == "login" and r["name"] == "login"]
    seconds = window["end"] - window["start"]
    figures: dict[str, Any] = {"seconds": round(seconds, 1), "requests": len(measured),
                               "rps": round(len(measured) / seconds, 1) if seconds else 0.0}
    for kind in ("read", "write"):
        times = [r["ms"] for r in measured if r["kind"] == kind]
        figures[kind] = {"n": len(times), **{f"p{p}": round(percentile(times, p / 100), 1) for p in (50, 95, 99)}}
    statuses = Counter(r["status"] for r in measured)
    figures |= {
        "write_share": round(figures["write"]["n"] / max(1, len(measured)), 3),
        "failures": sum(1 for r in rows if r.get("failed")),  # the sign-ins' too
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "connection_errors": statuses.get(0, 0),  # no answer at all: counted among the failures too
        "conflicts_409": statuses.get(409, 0), "throttled_429": sum(1 for r in rows if r.get("status") == 429),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "logins": len(logins), "login_p95_ms": round(percentile([r["ms"] for r in logins], 0.95), 1),
        "by_name": {name: n for name, n in Counter(r["name"] for r in measured).most_common()},
    }
    return figures


def run_locust(config: Config, env: dict[str, str], ports: list[int], seconds: float, think: str, workdir: Path,
               run: int) -> dict[str, Any]:
    plan, out, acks = workdir / f"plan-{run}.json", workdir / f"requests-{run}.jsonl", workdir / f"acks-{run}.jsonl"
    servers = ",".join(f"http://127.0.0.1:{port}" for port in ports)
    prepared = json.loads(run_child(env, "bench/load_db.py", "prepare", str(plan), "--users", str(config.users),
                                    "--servers", servers, "--run", str(run), "--password", PASSWORD).splitlines()[-1])
    processes = start_shape(env, ports, worker=config.db == "postgres", workdir=workdir)
    try:
        cpu_before, load_before = cpu_seconds(processes), os.getloadavg()[0]
        psutil.cpu_percent(interval=None)
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        locust_env = {k: v for k, v in env.items() if not k.startswith(("BANGFU_", "SECRET_KEY", "DATABASE_"))}
        locust_env |= {"BANGFU_LOAD_PLAN": str(plan), "BANGFU_LOAD_OUT": str(out), "BANGFU_LOAD_ACKS": str(acks),
                       "BANGFU_LOAD_SECONDS": str(seconds), "BANGFU_LOAD_THINK": think}
        started = time.perf_counter()
        locust = subprocess.run(
            [str(BIN / "locust"), "-f", "bench/locustfile.py", "--headless", "--users", str(config.users),
             "--spawn-rate", str(min(config.users, 10)), "--host", f"http://127.0.0.1:{ports[0]}",
             "--run-time", f"{int(seconds + 300)}s", "--stop-timeout", "10", "--only-summary",
             "--loglevel", "WARNING"],
            cwd=ROOT, env=locust_env, capture_output=True, text=True, timeout=seconds + 600, check=False)
        wall = time.perf_counter() - started
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        machine_cpu = psutil.cpu_percent(interval=None)
        load_after = os.getloadavg()[0]
        cpu_after = cpu_seconds(processes)
    finally:
        stop(processes)
    (workdir / f"locust-{run}.txt").write_text(locust.stdout + locust.stderr, encoding="utf-8")
    figures = summarise(out)
    checked = json.loads(run_child(env, "bench/load_db.py", "verify", str(plan), str(acks)).splitlines()[-1])
    client_cpu = (children_after.ru_utime + children_after.ru_stime - children_before.ru_utime
                  - children_before.ru_stime)
    return figures | {"prepared": prepared, "checked": checked, "lost": checked["lost"],
                      "server_cpu_s": round(cpu_after - cpu_before, 1), "client_cpu_s": round(client_cpu, 1),
                      "machine_cpu_pct": machine_cpu, "load_before": round(load_before, 2),
                      "load_after": round(load_after, 2), "wall_s": round(wall, 1)}


def bad(figures: dict[str, Any]) -> bool:
    checked = figures["checked"]
    return bool(figures["failures"] or figures["server_errors"] or figures["lost"]
                or not checked["ledger_reconciled"] or not checked["audit_chain_verified"])


def report(config: Config) -> None:
    f = config.figures
    c = f["checked"]
    print(f"== {config.name}: {config.users} users × {f['seconds']:g} s, {f['requests']:,} requests, "
          f"{f['rps']:.1f} requests/s (writes {f['write_share']:.0%})", flush=True)
    for kind in ("read", "write"):
        k = f[kind]
        print(f"   {kind:<5}  n {k['n']:>6,}   p50 {k['p50']:>7.1f} ms   p95 {k['p95']:>7.1f} ms   "
              f"p99 {k['p99']:>7.1f} ms")
    print(f"   failures {f['failures']} (no answer: {f['connection_errors']})   5xx {f['server_errors']}   "
          f"409 {f['conflicts_409']} (stale version or already recorded: the app's answer to a race)   "
          f"429 {f['throttled_429']}   lost updates {f['lost']}")
    print(f"   acknowledged writes: {c['filings']} households filed ({c['filings_in_db']} in the database), "
          f"{c['visits']} visits, {c['referrals']} referrals, {c['edits']} edits of {c['edited_households']} "
          f"households ({c['stale_409']} refused as stale, {c['edits_unacknowledged']} saved but unanswered at the "
          f"stop); ledger reconciled {c['ledger_reconciled']}, audit chain verified {c['audit_chain_verified']}")
    print(f"   sign-ins {f['logins']} (p95 {f['login_p95_ms']:.0f} ms, before the window)   "
          f"CPU: app servers {f['server_cpu_s']:.0f} s, locust {f['client_cpu_s']:.0f} s, machine "
          f"{f['machine_cpu_pct']:.0f} % busy; load average {f['load_before']:.1f} → {f['load_after']:.1f}",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", choices=("both", "postgres", "sqlite"), default="both")
    parser.add_argument("--seed", choices=("demo", "light"), default="demo")
    parser.add_argument("--think", default="0.5,1.5", help="seconds a user waits between tasks: min,max")
    parser.add_argument("--no-baseline", action="store_true", help="skip the one-server PostgreSQL baseline")
    parser.add_argument("--json", help="write the figures here as JSON")
    parser.add_argument("--pg-server", default=PG_SERVER, help=f"PostgreSQL server (default {PG_SERVER})")
    parser.add_argument("--pg-name", default=PG_DB, help=f"the database made and dropped there (default {PG_DB})")
    parser.add_argument("--keep", action="store_true", help="keep the working directory and the database")
    parser.add_argument("--workdir", help="working directory (default: a new temporary one); a kept one is reused")
    args = parser.parse_args(argv)
    workroot = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bangfu-load-"))
    redis_db = free_redis_db()
    pg = (args.pg_server.rstrip("/"), args.pg_name)
    configs: list[Config] = []
    try:
        for db in (("postgres", "sqlite") if args.db == "both" else (args.db,)):
            workdir = workroot / db
            workdir.mkdir(parents=True, exist_ok=True)
            env = site_env(db, workdir, redis_db, pg)
            built = build_site(db, env, args.seed, workdir, pg)
            print(f"-- {db}: database migrated and seeded ({args.seed}) in {built:.0f} s", flush=True)
            runs = [Config("PostgreSQL ×2 app servers", db, 2, args.users)] if db == "postgres" else [
                Config("SQLite ×1 app server", db, 1, args.users)]
            if db == "postgres" and not args.no_baseline:
                runs.append(Config("baseline: PostgreSQL ×1 app server", db, 1, args.users))
            for config in runs:
                run = len(configs) + 1 + (10 * len(list(workdir.glob("plan-*.json"))) if args.workdir else 0)
                config.figures = run_locust(config, env, free_ports(config.servers), args.seconds, args.think,
                                            workdir, run=run)
                configs.append(config)
                report(config)
            flush_redis(redis_db)  # the next database must not read this one's cached values
            if db == "postgres" and not args.keep and not args.workdir:
                pg_admin(pg[0], f'DROP DATABASE IF EXISTS "{pg[1]}" WITH (FORCE)')
    finally:
        flush_redis(redis_db)
        if not args.keep and not args.workdir:
            shutil.rmtree(workroot, ignore_errors=True)
        else:
            print(f"kept: {workroot}")
    two = next((c for c in configs if c.db == "postgres" and c.servers == 2), None)
    one = next((c for c in configs if c.name.startswith("baseline")), None)
    if two and one and one.figures["rps"]:
        print(f"== ratio: two app servers serve {two.figures['rps'] / one.figures['rps']:.2f}× the requests/s of one "
              f"(p95 of reads {two.figures['read']['p95']:.0f} ms against {one.figures['read']['p95']:.0f} ms) "
              f"on this {os.cpu_count()}-core machine", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps([{"name": c.name, "db": c.db, "servers": c.servers, "users": c.users,
                                                **c.figures} for c in configs], ensure_ascii=False, indent=1))
    failed = [c.name for c in configs if bad(c.figures)]
    if failed:
        print(f"FAILED: {', '.join(failed)} (failures, 5xx, lost updates, ledger or audit chain)", flush=True)
    return 1 if failed or not configs else 0


if __name__ == "__main__":
    raise SystemExit(main())
