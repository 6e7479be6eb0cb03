"""Benchmark of the register's list page at 100,000 files in scope (prints figures; not a test).

    .venv/bin/python bench/hardship_list.py                   # 100,000 files, 200 requests
    .venv/bin/python bench/hardship_list.py --files 20000 --requests 100

Builds a fresh SQLite database under a temporary directory (migrations, a city of 11 districts × 10
streets, bulk-generated families with encrypted ID numbers), signs in a city officer whose scope holds
every file, and requests the real view `people:household_list` through Django's test Client: the first
page, deep pages and filtered pages (district, cause, tier, status, pinyin initials, name).

The baseline, measured in the same run through the same view, is the page query as first written:
`status IN (…)` (SQLite then sorts every row), newest change first, a correlated EXISTS per row for
name search, no select_related (one query per row for household, head and unit). Its name searches
take seconds each, so it runs the first `--baseline-requests` of the plan (every kind, each request
paired back to back with the optimised page). Target: p95 ≤ 200 ms.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅飞鹏辉建国海燕晶文斌宇浩凯林"
DISTRICTS = ("440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114", "440115", "440117",
             "440118")


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_tree() -> tuple[Any, list[Any]]:
    from bangfu.accounts.models import OrgLevel
    from bangfu.accounts.services import upsert_org_unit

    root = upsert_org_unit(code="CN", name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
    province = upsert_org_unit(code="44", name="广东省总工会", level=OrgLevel.PROVINCE, parent=root,
                               region_code="440000")
    city = upsert_org_unit(code="4401", name="广州市总工会", level=OrgLevel.CITY, parent=province,
                           region_code="440100")
    streets = []
    for code in DISTRICTS:
        district = upsert_org_unit(code=code, name=f"区{code}总工会", level=OrgLevel.COUNTY, parent=city,
                                   region_code=code)
        for n in range(1, 11):
            streets.append(upsert_org_unit(code=f"{code}{n:03d}", name=f"街道{code}{n:03d}总工会",
                                           level=OrgLevel.STREET, parent=district, region_code=f"{code}{n:03d}"))
    return city, streets


def generate(files: int, streets: list[Any], seed: int = 20201218) -> None:
    """Bulk-create `files` households with a head (half with a spouse) and a file each."""
    from bangfu.core.sensitive import blind_index
    from bangfu.people.idgen import make_id_number
    from bangfu.people.models import Cause, FileStatus, HardshipFile, Household, HouseholdMember, Person, Tier
    from bangfu.people.names import pinyin_keys

    rng = random.Random(seed)
    statuses = ([FileStatus.FORMAL] * 80 + [FileStatus.TEMPORARY] * 5 + [FileStatus.RETURNED] * 3
                + [FileStatus.APPLIED] * 4 + [FileStatus.PUBLICISED] * 3 + [FileStatus.RELIEVED] * 3
                + [FileStatus.CANCELLED] * 2)
    causes = list(Cause.values)
    pinyin_cache: dict[str, tuple[str, str]] = {}
    batch = 5000
    serial = 0
    for start in range(0, files, batch):
        people: list[Person] = []
        plans = []
        for _ in range(min(batch, files - start)):
            street = rng.choice(streets)
            size = 2 if rng.random() < 0.5 else 1
            for _member in range(size):
                serial += 1
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
                if name not in pinyin_cache:
                    pinyin_cache[name] = pinyin_keys(name)
                full, initials = pinyin_cache[name]
                birth = dt.date(1960, 1, 1) + dt.timedelta(days=serial % 10_000)
                sex = "M" if serial % 2 else "F"
                number = make_id_number(street.code[:6], birth, serial // 10_000, sex)
                people.append(Person(org=street, name=name, name_pinyin=full, name_initials=initials,
                                     id_number=number, id_index=blind_index(number), sex=sex, birth_date=birth))
            plans.append((street, size))
        Person.objects.bulk_create(people, batch_size=1000)
        households, cursor = [], 0
        for street, size in plans:
            households.append(Household(org=street, head=people[cursor], region_code=street.region_code,
                                        city_code="4401", address=f"某路{cursor}号"))
            cursor += size
        Household.objects.bulk_create(households, batch_size=1000)
        members, cursor = [], 0
        for (_street, size), household in zip(plans, households, strict=True):
            for offset in range(size):
                members.append(HouseholdMember(household=household, person=people[cursor + offset],
                                               relation="self" if offset == 0 else "spouse"))
            cursor += size
        HouseholdMember.objects.bulk_create(members, batch_size=1000)
        hardship_files = []
        for (street, size), household in zip(plans, households, strict=True):
            primary = rng.choice(causes)
            secondaries = rng.sample([c for c in causes if c != primary], rng.randrange(0, 4))
            hardship_files.append(HardshipFile(
                org=street, household=household, primary_cause=primary, secondary_causes=secondaries,
                household_size=size, income_per_capita_fen=rng.randrange(30_000, 160_000, 100),
                local_minimum_fen=108_000, tier=rng.choice(Tier.values), tier_reasons=["基准数据"],
                status=rng.choice(statuses), recheck_due=dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(400))))
        HardshipFile.objects.bulk_create(hardship_files, batch_size=1000)
        print(f"  … {start + len(plans):,} files", flush=True)


def request_plan(streets: list[Any], count: int) -> list[tuple[str, dict[str, str]]]:
    kinds: list[tuple[str, dict[str, str]]] = [
        ("first page", {}),
        ("page 100", {"page": "100"}),
        ("district", {"district": "440106"}),
        ("cause", {"cause": "child_schooling"}),
        ("tier", {"tier": "deep"}),
        ("status", {"status": "temporary"}),
        ("initials", {"q": "zw"}),
        ("name", {"q": "王芳"}),
        ("tier+cause", {"tier": "deep", "cause": "major_illness", "page": "3"}),
        ("htmx page 2", {"page": "2", "_htmx": "1"}),
    ]
    return [kinds[i % len(kinds)] for i in range(count)]


def measure(client: Any, url: str, plan: list[tuple[str, dict[str, str]]],
            variants: dict[str, Callable[[], None]]) -> dict[str, dict[str, list[float]]]:
    """Each request once per variant, back to back, so that both meet the same load on the machine."""
    timings: dict[str, dict[str, list[float]]] = {name: {} for name in variants}
    for kind, params in plan:
        query = {k: v for k, v in params.items() if k != "_htmx"}
        headers = {"HX-Request": "true"} if "_htmx" in params else {}
        for name, activate in variants.items():
            activate()
            started = time.perf_counter()
            response = client.get(url, query, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{kind}: HTTP {response.status_code}")
            timings[name].setdefault(kind, []).append(elapsed)
    return timings


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def report(title: str, timings: dict[str, list[float]]) -> tuple[float, float]:
    every = [t for values in timings.values() for t in values]
    p50, p95 = percentile(every, 50), percentile(every, 95)
    print(f"\n{title}: {len(every)} requests, p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    for kind, values in timings.items():
        print(f"  {kind:<12} p50 {statistics.median(values):7.1f} ms   max {max(values):7.1f} ms")
    return p50, p95


def naive_file_list() -> Callable[..., Any]:
    """The page query as first written: a status IN (…) list, newest change first (a sort of every row),
    a correlated EXISTS per row for name search, and every related row fetched one query at a time."""
    from django.db.models import Exists, OuterRef, Q

    from bangfu.accounts.models import OrgUnit
    from bangfu.people import queries
    from bangfu.people.models import HouseholdMember, Person
    from bangfu.people.names import looks_like_pinyin, pinyin_query

    def naive(user: Any, filters: Any) -> Any:
        files = queries.visible_files(user).filter(status__in=queries.STORES[filters.store])
        if filters.status:
            files = files.filter(status=filters.status)
        if filters.tier:
            files = files.filter(tier=filters.tier)
        if filters.cause:
            files = files.filter(Q(primary_cause=filters.cause) | Q(secondary_causes__icontains=f'"{filters.cause}"'))
        if filters.district:
            unit = OrgUnit.objects.get(code=filters.district)
            files = files.filter(org__path__startswith=unit.path)
        if filters.text:
            if looks_like_pinyin(filters.text):
                key = pinyin_query(filters.text)
                person = Q(name_initials__startswith=key) | Q(name_pinyin__startswith=key)
            else:
                person = Q(name__contains=filters.text)
            members = HouseholdMember.objects.filter(household=OuterRef("household"),
                                                     person__in=Person.objects.filter(person))
            files = files.filter(Exists(members))
        return files.order_by("-updated_at", "-id")

    return naive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--baseline-requests", type=int, default=30)
    parser.add_argument("--db", help="keep the generated database at this path and reuse it on the next run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bangfu-bench-") as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / "bench.sqlite3"
        reuse = db_path.exists()
        setup_django(db_path)
        from django.test import Client
        from django.urls import reverse

        from bangfu.accounts.models import User
        from bangfu.accounts.roles import ensure_roles
        from bangfu.people import queries
        from bangfu.people.models import HardshipFile

        groups = ensure_roles()
        city, streets = build_tree()
        if not reuse:
            print(f"Generating {args.files:,} files (SQLite, bulk_create) …")
            started = time.perf_counter()
            generate(args.files, streets)
            print(f"Generated in {time.perf_counter() - started:.1f} s")
        officer, _created = User.objects.get_or_create(username="bench_city", defaults={"org": city})
        officer.groups.set([groups["city_officer"]])
        in_scope = queries.visible_files(officer).count()
        print(f"Files in the city officer's scope: {in_scope:,} (of {HardshipFile.objects.count():,})")
        client = Client()
        client.force_login(officer)
        url = reverse("people:household_list")
        plan = request_plan(streets, args.requests)
        naive = naive_file_list()
        optimised = queries.file_list

        def use(reader: Callable[..., Any]) -> None:
            queries.file_list = reader  # type: ignore[assignment]

        both = {"optimised": lambda: use(optimised), "baseline": lambda: use(naive)}
        measure(client, url, plan[:10], {"optimised": both["optimised"]})  # warm caches and the connection
        timings = measure(client, url, plan, {"optimised": both["optimised"]})
        # The baseline's name searches take seconds each (an EXISTS per row): it runs the first requests
        # of the same plan (every kind, interleaved with the optimised page so both meet the same load).
        paired = measure(client, url, plan[:args.baseline_requests], both)
        use(optimised)
        _p50, p95 = report("Optimised list page (select_related, NOT IN store filter, PK order, subqueries)",
                           timings["optimised"])
        _s50, s95 = report("Optimised, paired with the baseline", paired["optimised"])
        _b50, b95 = report("Baseline: the page query as first written (IN, sort by update time, EXISTS per row, "
                           "N+1)", paired["baseline"])
        print(f"\nPaired requests: p95 optimised {s95:.1f} ms vs baseline {b95:.1f} ms ({b95 / s95:.0f}×)")
        print(f"List page at {in_scope:,} files in scope: p95 {p95:.1f} ms over {len(plan)} requests; "
              f"target p95 ≤ 200 ms: {'met' if p95 <= 200 else 'NOT met'}")


if __name__ == "__main__":
    main()
