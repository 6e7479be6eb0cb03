"""Benchmark of the household import (prints figures; not a test).

    .venv/bin/python bench/import_households.py                   # 100,000 households (~250,000 member rows)
    .venv/bin/python bench/import_households.py --households 10000 --baseline 500

Generates a workbook in the import template's layout (Faker zh_CN names, valid synthetic ID numbers with
their check digits: bangfu.people.synthetic, as seed_scale makes them; shared strings as Excel writes them),
imports it into a fresh SQLite database through the same service as the command, the upload page and the
API, then imports it again (nothing may change). The baseline is the naive importer — openpyxl read-only and
one ORM save() per record, one transaction per household, the tier assessed per household by the register's
service — on a slice of other households in the same run, scaled to the full size.

Target on the 2-core machine: 100,000 households in ≤ 60 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bangfu.people.synthetic import IdMaker, households, name_pool  # noqa: E402 (the families, as seed_scale's)


def write_workbook(path: Path, rows: Iterator[list[Any]]) -> None:
    from bangfu.people.imports.columns import COLUMNS, DATA_SHEET, ID_NUMBER, PHONE
    from bangfu.people.imports.xlsxwrite import SheetSpec, write_xlsx

    text = frozenset(i for i, c in enumerate(COLUMNS) if c.kind in (ID_NUMBER, PHONE))
    write_xlsx(str(path), [SheetSpec(DATA_SHEET, [c.template_header for c in COLUMNS], rows,
                                     [c.width for c in COLUMNS], text)])


def setup_django(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["BANGFU_VAR_DIR"] = str(workdir / "var")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def org_tree() -> tuple[Any, list[Any]]:
    from bangfu.accounts.models import OrgLevel
    from bangfu.accounts.services import upsert_org_unit

    root = upsert_org_unit(code="CN", name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
    province = upsert_org_unit(code="44", name="广东省总工会", level=OrgLevel.PROVINCE, parent=root,
                               region_code="440000")
    city = upsert_org_unit(code="4401", name="广州市总工会", level=OrgLevel.CITY, parent=province,
                           region_code="440100")
    streets = []
    for district in ("440103", "440104", "440105", "440106", "440111", "440112"):
        unit = upsert_org_unit(code=district, name=f"区{district}总工会", level=OrgLevel.COUNTY, parent=city,
                               region_code=district)
        for s in range(1, 6):
            code = f"{district}{s:03d}"
            streets.append(upsert_org_unit(code=code, name=f"街道{code}总工会", level=OrgLevel.STREET, parent=unit,
                                           region_code=code))
    return city, streets


def baseline(path: Path, org: Any, actor: Any) -> tuple[float, float, int]:
    """The naive importer on `path`: openpyxl read-only, then one save() per record per household."""
    from django.db import transaction
    from openpyxl import load_workbook

    from bangfu.core.idnumbers import parse_id_number
    from bangfu.core.sensitive import blind_index
    from bangfu.people.imports.columns import CAUSE_LABELS, EMPLOYMENT_LABELS, RELATION_LABELS
    from bangfu.people.models import FileEvent, HardshipFile, Household, HouseholdMember, Person
    from bangfu.people.names import pinyin_keys
    from bangfu.people.services.assessment import assessment_fields

    started = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    rows = list(book.active.iter_rows(min_row=2, values_only=True))  # type: ignore[union-attr]
    read_seconds = time.perf_counter() - started
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault(str(row[0]), []).append(row)
    started = time.perf_counter()
    today = dt.date.today()
    units = {unit.code: unit for unit in type(org).objects.filter(path__startswith=org.path)}
    for members in grouped.values():
        with transaction.atomic():
            unit = units[str(members[0][14])]
            people = []
            for row in members:
                facts = parse_id_number(row[3])
                full, initials = pinyin_keys(row[2])
                person = Person(org=unit, created_by=actor, name=row[2], name_pinyin=full, name_initials=initials,
                                id_number=facts.number, id_index=blind_index(facts.number), sex=facts.sex,
                                birth_date=facts.birth_date, phone=row[4] or "")
                person.save()
                people.append(person)
            household = Household(org=unit, created_by=actor, head=people[0], address=members[0][15] or "",
                                  region_code=unit.region_code)
            household.save()
            links = []
            for person, row in zip(people, members, strict=True):
                link = HouseholdMember(household=household, person=person, relation=RELATION_LABELS[row[1]],
                                       employment_status=EMPLOYMENT_LABELS[row[6]],
                                       has_major_illness=row[7] == "是", disability_or_mental_illness=row[8] == "是",
                                       monthly_income_fen=int(row[11] or 0) * 100)
                link.save()
                links.append(link)
            head = members[0]
            hardship_file = HardshipFile(org=unit, created_by=actor, household=household,
                                         primary_cause=CAUSE_LABELS[head[17]],
                                         secondary_causes=[CAUSE_LABELS[c] for c in head[18:21] if c])
            for name, value in assessment_fields(hardship_file, links, as_of=today,
                                                 region_code=household.region_code).items():
                setattr(hardship_file, name, value)
            hardship_file.save()
            FileEvent.objects.create(file=hardship_file, action="apply", to_status="applied", actor=actor)
    return read_seconds, time.perf_counter() - started, len(grouped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=1_000, help="households in the baseline slice")
    parser.add_argument("--seed", type=int, default=20201218)
    parser.add_argument("--keep", action="store_true", help="keep the work directory (workbook and database)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline and the re-import")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bangfu-import-bench-"))
    setup_django(workdir)

    from bangfu.accounts.models import User
    from bangfu.accounts.roles import ensure_roles
    from bangfu.people.imports.service import import_households
    from bangfu.people.models import HardshipFile, HouseholdMember, Person

    city, streets = org_tree()
    groups = ensure_roles()
    actor = User.objects.create_user(username="gz_bench", org=city)
    actor.groups.set([groups["city_officer"]])
    rng = random.Random(args.seed)
    started = time.perf_counter()
    names = name_pool(20_000, args.seed)
    ids = IdMaker(["440103", "440104", "440105", "440106", "440111", "440112"])
    street_codes = [s.code for s in streets]
    source = workdir / "households.xlsx"
    write_workbook(source, households(args.households, rng=rng, ids=ids, names=names, streets=street_codes))
    slice_path = workdir / "baseline.xlsx"
    write_workbook(slice_path, households(args.baseline, rng=rng, ids=ids, names=names, streets=street_codes,
                                          key_prefix="B"))
    print(f"generated {args.households:,} households in {time.perf_counter() - started:.1f} s "
          f"({source.stat().st_size / 1e6:.1f} MB .xlsx)")

    started, cpu_started = time.perf_counter(), time.process_time()
    result = import_households(actor=actor, org=city, source=str(source))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    counts = result.counts()
    rows = counts["rows_read"]
    assert result.errors == [], result.errors[:5]
    assert counts["households_created"] == args.households == HardshipFile.objects.count()
    assert Person.objects.count() == rows == HouseholdMember.objects.count()

    if args.no_baseline:
        print(f"import: {rows:,} rows in {seconds:.1f} s (CPU {cpu_seconds:.1f} s); kept: {workdir}")
        return
    started = time.perf_counter()
    again = import_households(actor=actor, org=city, source=str(source))
    reimport_seconds = time.perf_counter() - started
    assert again.counts()["households_unchanged"] == args.households and not again.applied

    from bangfu.people.imports.export import export_households

    started = time.perf_counter()
    exported = export_households(user=actor, org=city)
    export_seconds = time.perf_counter() - started
    assert exported.households == args.households

    read_seconds, save_seconds, base_households = baseline(slice_path, city, actor)
    scale = args.households / base_households
    base_total = (read_seconds + save_seconds) * scale

    print(f"import: {args.households:,} households, {rows:,} member rows in {seconds:.1f} s "
          f"({rows / seconds:,.0f} rows/s, {args.households / seconds:,.0f} households/s)"
          f" — target ≤ 60 s: {'met' if seconds <= 60 else 'NOT met'}")
    print(f"  CPU time of the import process: {cpu_seconds:.1f} s; load average now: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores; other work on the machine slows the wall time)")
    print(f"re-import of the same file: {reimport_seconds:.1f} s, {args.households:,} households unchanged")
    print(f"export (masked) of the {args.households:,} households: {export_seconds:.1f} s, "
          f"{len(exported.content) / 1e6:.1f} MB")
    print(f"baseline (openpyxl read-only + one ORM save() per record, {base_households:,} households, "
          f"scaled ×{scale:.0f}): read {read_seconds * scale:.1f} s + save {save_seconds * scale:.1f} s"
          f" = {base_total:.1f} s ({rows / base_total:,.0f} rows/s)")
    print(f"ratio: the import is {base_total / seconds:.1f}× faster than the baseline")
    if not args.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"kept: {workdir}")


if __name__ == "__main__":
    main()
