"""Benchmark of the worker's status page with 100,000 applications in the database (prints figures).

    .venv/bin/python bench/portal.py                       # 100,000 applications, 200 requests
    .venv/bin/python bench/portal.py --applications 20000 --requests 100

Builds a fresh SQLite database under a temporary directory (migrations, a city of 11 districts × 10 streets,
20,000 worker accounts with 5 applications each, details encrypted like real ones), then requests the real
views `portal:applications` (the status list) and `portal:application_detail` through Django's test Client
with a signed-in worker's cookie, for random workers. The baseline, measured in the same run through the same
views, is the same database without the (account, created_at) index — the list a worker opens then scans the
table. Target: p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PER_ACCOUNT = 5


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(applications: int) -> list[tuple[str, list[int]]]:
    """Accounts (with session tokens) and their application ids."""
    import datetime as dt

    from django.utils import timezone

    from bangfu.accounts.models import OrgLevel
    from bangfu.accounts.services import upsert_org_unit
    from bangfu.channel.models import ApplicationStatus, WorkerAccount, WorkerApplication, WorkerSession
    from bangfu.channel.services.applications import CONSENT_TEXT
    from bangfu.channel.services.signin import token_hash
    from bangfu.core.sensitive import blind_index, encrypt

    root = upsert_org_unit(code="CN", name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
    city = upsert_org_unit(code="4401", name="广州市总工会", level=OrgLevel.CITY, parent=root, region_code="440100")
    streets = []
    for district in range(11):
        county = upsert_org_unit(code=f"4401{district:02d}", name=f"区{district}总工会", level=OrgLevel.COUNTY,
                                 parent=city, region_code=f"4401{district:02d}")
        streets += [upsert_org_unit(code=f"4401{district:02d}{n:03d}", name=f"街道{district}-{n}总工会",
                                    level=OrgLevel.STREET, parent=county, region_code=f"4401{district:02d}{n:03d}")
                    for n in range(1, 11)]
    rng = random.Random(20201218)
    accounts = applications // PER_ACCOUNT
    phone_cipher = encrypt("13900000000")  # one ciphertext reused: encryption cost is not what is measured
    WorkerAccount.objects.bulk_create([WorkerAccount(phone=phone_cipher, phone_index=blind_index(f"1390{n:07d}"))
                                       for n in range(accounts)], batch_size=5000)
    ids = list(WorkerAccount.objects.order_by("pk").values_list("pk", flat=True))
    details = json.dumps({"address": "某路 1 号", "primary_cause": "major_illness", "note": "", "members": []})
    now = timezone.now()
    statuses = [ApplicationStatus.SUBMITTED] * 3 + [ApplicationStatus.DECLINED]
    rows = [WorkerApplication(org=rng.choice(streets), account_id=rng.choice(ids), kind="hardship",
                              status=rng.choice(statuses), details=details, consent_signed_at=now,
                              consent_text=CONSENT_TEXT, decline_reason="不在本街道")
            for _ in range(applications)]
    WorkerApplication.objects.bulk_create(rows, batch_size=5000)
    chosen = rng.sample(ids, 200)
    sessions = []
    for account_id in chosen:
        token = f"bench-token-{account_id}"
        WorkerSession.objects.create(account_id=account_id, token_hash=token_hash(token),
                                     expires_at=now + dt.timedelta(hours=2))
        own = list(WorkerApplication.objects.filter(account_id=account_id).values_list("pk", flat=True))
        sessions.append((token, own))
    return sessions


def measure(sessions: list[tuple[str, list[int]]], requests: int) -> list[float]:
    from django.test import Client
    from django.urls import reverse

    from bangfu.channel.worker import COOKIE

    rng = random.Random(7)
    timings = []
    for n in range(requests):
        token, own = rng.choice(sessions)
        client = Client()
        client.cookies[COOKIE] = token
        url = (reverse("portal:application_detail", args=[rng.choice(own)]) if n % 2 and own
               else reverse("portal:applications"))
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        started = time.perf_counter()
        sessions = build(args.applications)
        print(f"built {args.applications} applications in {time.perf_counter() - started:.1f} s")
        measure(sessions, 10)  # warm up
        fast = measure(sessions, args.requests)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='channel_workerapplication'"
                           " AND sql LIKE '%account_id%'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
        slow = measure(sessions, args.requests)
    print(f"status pages, {args.requests} requests: p50 {statistics.median(fast):.1f} ms, p95 {p95(fast):.1f} ms "
          f"(target ≤ 100 ms)")
    print(f"baseline without the account index: p50 {statistics.median(slow):.1f} ms, p95 {p95(slow):.1f} ms")
    print(f"ratio baseline/optimised p95: {p95(slow) / p95(fast):.1f}×")


if __name__ == "__main__":
    main()
