"""The load harness (bench/load.py) at a tiny size: staff signed in through the real form on gunicorn in the
production shape read and write for a few seconds; nothing fails, no 5xx, no acknowledged write is missing from
the database afterwards, and writes did happen (issue 20, load).

On a SQLite run of the suite the harness runs against a SQLite file; on a PostgreSQL run, against a PostgreSQL
database beside the test database (created and dropped by the harness). Its own database either way: the servers
are real processes. Needs Redis at 127.0.0.1:6379 (the shared cache of the shape), else skipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.slow
BASE = Path(settings.BASE_DIR)


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


def test_a_tiny_load_loses_nothing_and_fails_nothing(tmp_path: Path) -> None:
    if not _redis_up():
        pytest.skip("needs Redis at 127.0.0.1:6379")
    out = tmp_path / "figures.json"
    command = [sys.executable, "bench/load.py", "--seed", "light", "--users", "5", "--seconds", "8",
               "--think", "0.2,0.6", "--no-baseline", "--json", str(out)]
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = (db.get("USER") or "postgres") + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        command += ["--db", "postgres", "--pg-server", f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:"
                    f"{db.get('PORT') or 5432}", "--pg-name", f"{db['NAME']}_load"[:60]]
    else:
        command += ["--db", "sqlite"]
    done = subprocess.run(command, cwd=BASE, capture_output=True, text=True, timeout=600, check=False)
    assert out.exists(), done.stdout[-3000:] + done.stderr[-3000:]
    [figures] = json.loads(out.read_text(encoding="utf-8"))
    checked = figures["checked"]
    assert (figures["failures"], figures["server_errors"], figures["lost"]) == (0, 0, 0), done.stdout[-3000:]
    assert checked["ledger_reconciled"] and checked["audit_chain_verified"], checked
    assert figures["write"]["n"] > 0 and figures["read"]["n"] > 0, figures
    acknowledged = checked["filings"] + checked["visits"] + checked["referrals"] + checked["edits"]
    assert acknowledged > 0, checked
    assert checked["filings_in_db"] >= checked["filings"], checked
    assert done.returncode == 0, done.stdout[-3000:]
