"""Benchmark: one seeker's recommendations through the API with 20,000 openings in scope.

    .venv/bin/python bench/matching_api.py                    # 20,000 openings, 50 seekers, 200 requests
    .venv/bin/python bench/matching_api.py --openings 5000 --requests 100

Seeds a fresh SQLite file: Guangzhou's 11 district unions, 200 employers, N openings of the demo's 23
job kinds (real 大典 2022 codes, tags, descriptions, shifts, accommodations), and seekers of the register
(through the people service). Then `GET /api/v1/seekers/{id}/recommendations` is called with Django's
test Client, as a signed-in city officer, for seekers taken in turn:

* cached — the path every request takes: the openings' matrices are prepared once per (scope, openings
  data version, day) and kept in process memory; a request reads the version, the seeker's row, scores
  one row against the pool and explains the top 10;
* baseline — the uncached path: the pool is forgotten before each request, so the request loads every
  opening in scope and prepares the matrices again (what a request would cost without the cache).

Target: cached p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(workdir: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/matching-api-bench.sqlite3")
    os.environ.setdefault("BANGFU_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_DEBUG", "false")  # as in production: no query log
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(openings: int, seekers: int, seed_value: int) -> tuple[Any, list[int]]:
    """The units, an officer, employers, openings and seekers; returns (officer, seeker ids)."""
    from stdnum.cn import uscc

    from bangfu.accounts.divisions import children_of
    from bangfu.accounts.models import OrgLevel, User
    from bangfu.accounts.roles import ensure_roles
    from bangfu.accounts.services import upsert_org_unit
    from bangfu.jobs import services
    from bangfu.jobs.demo_catalogue import KINDS
    from bangfu.jobs.models import Employer, Opening, SeekerProfile
    from bangfu.people import services as people_services
    from bangfu.people.idgen import make_id_number

    rng = random.Random(seed_value)
    root = upsert_org_unit(code="CN", name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
    guangdong = upsert_org_unit(
        code="44", name="广东省总工会", level=OrgLevel.PROVINCE, parent=root, region_code="440000"
    )
    guangzhou = upsert_org_unit(
        code="4401", name="广州市总工会", level=OrgLevel.CITY, parent=guangdong, region_code="440100"
    )
    districts = [
        upsert_org_unit(
            code=d.code, name=f"{d.name}总工会", level=OrgLevel.COUNTY, parent=guangzhou, region_code=d.code
        )
        for d in children_of("4401")
    ]
    groups = ensure_roles()
    officer = User.objects.create_user(username="bench-officer", org=guangzhou)
    officer.groups.set([groups["city_officer"]])
    employers = []
    for n in range(200):
        district = districts[n % len(districts)]
        body = f"91{district.code}{n:09d}"
        employers.append(
            Employer(
                org=district,
                name=f"广州基准测试企业{n}号",
                uscc=body + uscc.calc_check_digit(body),
                district_code=district.code,
            )
        )
    Employer.objects.bulk_create(employers)
    today = dt.date.today()
    rows = []
    for n in range(openings):
        kind = rng.choices(KINDS, weights=[k.weight for k in KINDS])[0]
        employer = employers[n % len(employers)]
        low, high = kind.wage_yuan
        wage_min = rng.randrange(low, (low + high) // 2 + 1, 100) * 100
        rows.append(
            Opening(
                org=employer.org,
                employer=employer,
                title=kind.title,
                occupation_code=kind.code,
                tags=list(kind.tags),
                description=kind.description,
                requirements=kind.requirements,
                district_code=employer.district_code,
                wage_min_fen=wage_min,
                wage_max_fen=high * 100,
                shift_slots=rng.choice(kind.shifts),
                positions=rng.choice((1, 2, 3, 5)),
                accommodations=list(kind.accommodations),
                valid_until=today + dt.timedelta(days=rng.randrange(30, 365)),
            )
        )
    Opening.objects.bulk_create(rows, batch_size=2000)
    services.bump_version(services.OPENINGS)
    seeker_ids = []
    for n in range(seekers):
        district = districts[n % len(districts)]
        kind = rng.choice(KINDS)
        number = make_id_number(district.code, dt.date(1975 + n % 25, 1 + n % 12, 1 + n % 28), n, "MF"[n % 2])
        person = people_services.create_person(
            actor=officer, org=district, data=people_services.PersonInput(name=f"求职者{n}", id_number=number)
        )
        profile = SeekerProfile.objects.create(
            org=district,
            person=person,
            tags=list(kind.tags[:2]),
            intended_occupations=[kind.code.rsplit("-", 1)[0]],
            intention=kind.title.split("（")[0],
            home_district=district.code,
            acceptable_districts=[] if n % 3 else [district.code],
            wage_floor_fen=rng.choice((0, 300_000, 400_000)),
        )
        seeker_ids.append(profile.pk)
    return officer, seeker_ids


def measure(client: Any, seeker_ids: list[int], requests: int, *, cached: bool) -> list[float]:
    from bangfu.matching.queries import clear_pools

    timings = []
    for n in range(requests):
        if not cached:
            clear_pools()
        url = f"/api/v1/seekers/{seeker_ids[n % len(seeker_ids)]}/recommendations"
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200 or not response.json()["items"]:
            raise SystemExit(f"unexpected answer for {url}: {response.status_code} {response.content[:200]!r}")
    return timings


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--openings", type=int, default=20_000)
    parser.add_argument("--seekers", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--baseline-requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20201218)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        _setup(workdir)
        from django.test import Client

        start = time.perf_counter()
        officer, seeker_ids = seed(args.openings, args.seekers, args.seed)
        print(f"seeded {args.openings:,} openings and {args.seekers} seekers in {time.perf_counter() - start:.1f} s")
        client = Client()
        client.force_login(officer)
        start = time.perf_counter()
        measure(client, seeker_ids, 1, cached=True)
        first_ms = (time.perf_counter() - start) * 1000
        print(f"first request (loads the openings and prepares the pool): {first_ms:.0f} ms")
        cached = measure(client, seeker_ids, args.requests, cached=True)
        baseline = measure(client, seeker_ids, args.baseline_requests, cached=False)
        for label, values in (("cached", cached), ("baseline (uncached)", baseline)):
            print(
                f"{label:<20} n={len(values):<4} p50 {statistics.median(values):8.1f} ms   "
                f"p95 {_percentile(values, 0.95):8.1f} ms   max {max(values):8.1f} ms"
            )
        p95 = _percentile(cached, 0.95)
        print(
            f"speed-up at p50: {statistics.median(baseline) / statistics.median(cached):.0f}×; "
            f"target p95 ≤ 50 ms: {'met' if p95 <= 50 else 'NOT met'} ({p95:.1f} ms)"
        )


if __name__ == "__main__":
    main()
