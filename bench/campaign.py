"""Benchmark: building a campaign's eligible list over 100,000 people, in the database vs in Python.

    .venv/bin/python bench/campaign.py                  # 100,000 people in a fresh SQLite file
    .venv/bin/python bench/campaign.py --people 20000

Synthetic, seeded people of Beijing's 16 districts with the register's fields (honours, work injury,
hukou, work tags), 5% heads of households in file with causes, families of the fallen, and the facts the
eight groups read (temporary difficulty, major tasks, hard industries, holiday duty, secondment).
Measured: the eligibility of all eight groups compiled to SQL (what `build_list` runs), the full build of
the list (dedup across groups, quotas, reasons, rows written), and the baseline of loading the same data
and evaluating the same rules in Python person by person; both must select exactly the same people.
Target: the eligible list in ≤ 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOLIDAY_TAGS = ["环卫", "快递", "供电", "供热", "交通运输", "教师", "制造", "医护"]


def _setup(workdir: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/campaign-bench.sqlite3")
    os.environ.setdefault("BANGFU_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_DEBUG", "false")  # as in production: no query log
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _id_number(region: str, birth: dt.date, serial: int) -> str:
    from stdnum.cn import ric

    body = f"{region}{birth:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body)


def generate(count: int, seed: int) -> dict[str, int]:
    """Bulk-insert `count` people with households, files and facts; returns what was made."""
    from bangfu.accounts.models import OrgLevel
    from bangfu.accounts.services import upsert_org_unit
    from bangfu.assistance.models import PersonFact
    from bangfu.core.sensitive import blind_index
    from bangfu.people.extensions import record_titles
    from bangfu.people.models import HardshipFile, Household, HouseholdMember, Person

    rng = random.Random(seed)
    root = upsert_org_unit(code="CN", name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
    beijing = upsert_org_unit(code="11", name="北京市总工会", level=OrgLevel.PROVINCE, parent=root)
    districts = [upsert_org_unit(code=f"1101{n:02d}", name=f"北京第{n}区总工会", level=OrgLevel.COUNTY,
                                 parent=beijing) for n in range(1, 17)]
    people, titles = [], []
    for n in range(count):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(16000))
        unit = districts[n % 16]
        number = _id_number(unit.code, birth, n % 1000)
        roll = rng.random()
        titles.append([rng.choice(["national_model", "provincial_model", "craftsman", "major_task_model"])]
                      if rng.random() < 0.03 else [])  # held in the honours register, recorded below
        people.append(Person(
            org=unit, name=f"职工{n}", id_number=number, id_index=blind_index(f"{number}-{n}"), sex=rng.choice("MF"),
            birth_date=birth, hukou_type="rural" if roll < 0.15 else "urban",
            employer_name="某公司" if rng.random() < 0.85 else "",
            work_injury_disabled=rng.random() < 0.02, occupational_disease=rng.random() < 0.01,
            died_on_duty=rng.random() < 0.002, job_tags=[rng.choice(HOLIDAY_TAGS)] if rng.random() < 0.12 else [],
        ))
    Person.objects.bulk_create(people, batch_size=5000)
    record_titles(holdings={person.pk: held for person, held in zip(people, titles, strict=True) if held}, year=2015)
    ids = list(Person.objects.order_by("pk").values_list("pk", "org_id", "died_on_duty"))
    heads = [row for row in ids if rng.random() < 0.06]
    households = Household.objects.bulk_create(
        [Household(org_id=org, head_id=pk) for pk, org, _dead in heads], batch_size=5000)
    HouseholdMember.objects.bulk_create([HouseholdMember(household=h, person_id=h.head_id, relation="self")
                                         for h in households], batch_size=5000)
    fallen = [pk for pk, _org, dead in ids if dead]
    HouseholdMember.objects.bulk_create([HouseholdMember(household=h, person_id=fallen[i], relation="spouse")
                                         for i, h in enumerate(households[: len(fallen)])], batch_size=5000)
    statuses = ["formal"] * 6 + ["temporary", "returned", "relieved", "applied"]
    causes = ["laid_off", "major_illness", "child_schooling", "no_work_capacity", "accident"]
    files = HardshipFile.objects.bulk_create([
        HardshipFile(org_id=h.org_id, household=h, status=rng.choice(statuses), primary_cause=rng.choice(causes),
                     secondary_causes=rng.sample(causes, rng.randrange(0, 3)), filed_on=dt.date(2019, 6, 1))
        for h in households[len(fallen): len(fallen) + int(len(households) * 0.85)]], batch_size=5000)
    kinds = [("temporary_difficulty", ["covid", "unemployment", "accident", "family_illness"]),
             ("major_task_model", ["covid", "winter_olympics", "sub_centre"]),
             ("hard_industry", ["mining", "construction", "geology"]),
             ("holiday_duty", ["sanitation", "courier", "power_heating", "transport"]),
             ("seconded", ["outside_city", "grassroots"])]
    facts = []
    for pk, org, _dead in ids:
        if rng.random() < 0.08:
            kind, details = rng.choice(kinds)
            since = dt.date(2020, 12, 17) - dt.timedelta(days=rng.randrange(10, 2000))
            facts.append(PersonFact(person_id=pk, org_id=org, kind=kind, detail=rng.choice(details), valid_from=since,
                                    valid_to=None if rng.random() < 0.7 else since + dt.timedelta(days=400),
                                    number=rng.randrange(1, 30) if kind == "hard_industry" else None))
    PersonFact.objects.bulk_create(facts, batch_size=5000)
    return {"people": len(ids), "households": len(households), "files": len(files), "facts": len(facts),
            "beijing": beijing.pk}


def python_baseline(program: object, unit: object) -> tuple[dict[int, int], float, float]:
    """Load every person's data once, then evaluate each group's rule person by person in Python."""
    from bangfu.assistance.rules.validate import validate_rule
    from bangfu.assistance.services.eligibility import campaign_groups, people_of_unit
    from bangfu.assistance.tests.rule_oracle import evaluate, load_snapshots

    started = time.perf_counter()
    snapshots = load_snapshots(people_of_unit(unit))  # type: ignore[arg-type]
    loaded = time.perf_counter()
    groups = [(group, validate_rule(group.target_group.rule)) for group in campaign_groups(program)]  # type: ignore[arg-type]
    as_of = program.starts_on  # type: ignore[attr-defined]
    primary: dict[int, int] = {}
    for snap in snapshots:
        for group, rule in groups:
            if evaluate(rule, snap, as_of):
                primary[snap.person["id"]] = group.priority
                break
    return primary, loaded - started, time.perf_counter() - loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20201218)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bangfu-campaign-bench-")
    _setup(workdir)
    from bangfu.accounts.models import OrgUnit
    from bangfu.assistance.services import lists
    from bangfu.assistance.services.eligibility import eligible_people
    from bangfu.assistance.tests.factories import make_campaign

    started = time.perf_counter()
    made = generate(args.people, args.seed)
    print(f"generated {made['people']:,} people, {made['files']:,} files, {made['facts']:,} facts "
          f"in {time.perf_counter() - started:.1f} s ({os.environ['DATABASE_URL'].split(':')[0]})")
    beijing = OrgUnit.objects.get(pk=made["beijing"])
    program = make_campaign(beijing, budget_fen=0)

    started = time.perf_counter()
    candidates = eligible_people(program, beijing)
    in_db = time.perf_counter() - started
    print(f"eligible list in the database (8 groups, reasons, dedup): {in_db:.2f} s — "
          f"{len(candidates):,} eligible {'OK ≤ 5 s' if in_db <= 5 else 'SLOWER THAN 5 s'}")

    started = time.perf_counter()
    blist = lists.build_list(actor=None, program=program, unit=beijing)
    built = time.perf_counter() - started
    print(f"full build_list (eligibility + claims + quotas + {blist.entries.count():,} rows written): {built:.2f} s")

    primary, load_s, eval_s = python_baseline(program, beijing)
    baseline = load_s + eval_s
    print(f"baseline, the same rules in Python per person: load {load_s:.2f} s + evaluate {eval_s:.2f} s "
          f"= {baseline:.2f} s")
    print(f"ratio (Python / database): {baseline / in_db:.1f}×")
    in_db_primary = {pid: c.groups[0].priority for pid, c in candidates.items()}
    same = in_db_primary == primary
    print(f"agreement: {'identical' if same else 'DIFFERENT'} selection and groups ({len(primary):,} people)")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
