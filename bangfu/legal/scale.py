"""Legal-aid stations and cases of `manage.py seed_scale`: a centre per district, one case per hundred households
over the last two years, about a quarter of them still open, each with its claimant (a synthetic worker whose ID
number is encrypted and blind-indexed as the case services store it).

Bulk-created; the encrypted fields (summary, claimant ID number and phone) go through their fields' encryption.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from bangfu.core.seeding import ScaleContext
from bangfu.legal.models import (
    CaseStatus,
    Claimant,
    DisputeType,
    LegalAidStation,
    LegalCase,
    MeansResult,
    Outcome,
    ServiceType,
    StationKind,
)
from bangfu.people.idgen import make_id_number
from bangfu.people.synthetic import name_pool

HOUSEHOLDS_PER_CASE = 100
CHUNK = 2_000
OPEN = (CaseStatus.RECEIVED, CaseStatus.REVIEWING, CaseStatus.HANDLING)


def seed(context: ScaleContext) -> None:
    rng = random.Random(context.seed + 2)
    today = timezone.localdate()
    districts = context.made["districts"]
    with transaction.atomic():
        stations = LegalAidStation.objects.bulk_create([
            LegalAidStation(org=unit, name=f"{unit.name.removesuffix('总工会')}职工法律援助中心",
                            kind=StationKind.CENTRE) for unit in districts])
    names = name_pool(2_000, context.seed + 2)
    total = max(1, context.households // HOUSEHOLDS_PER_CASE)
    for start in range(0, total, CHUNK):
        cases, claimants = [], []
        for n in range(start, min(total, start + CHUNK)):
            station = stations[n % len(stations)]
            case, claimant = _case(rng, station, names, n, today)
            cases.append(case)
            claimants.append(claimant)
        with transaction.atomic():
            LegalCase.objects.bulk_create(cases, batch_size=500)
            for case, claimant in zip(cases, claimants, strict=True):
                claimant.case = case
            Claimant.objects.bulk_create(claimants, batch_size=500)
    context.made["legal_cases"] = total
    context.say(f"    法律援助：工作站 {len(stations):,} 个，案件 {total:,} 件（每件 1 名申请人）")


def _case(rng: random.Random, station: LegalAidStation, names: list[str], n: int,
          today: dt.date) -> tuple[LegalCase, Claimant]:
    intake = today - dt.timedelta(days=rng.randrange(1, 730))
    closed = n % 4 != 0 and intake < today - dt.timedelta(days=30)
    claimed = rng.randrange(2_000, 80_000) * 100
    case = LegalCase(
        org=station.org, station=station, intake_date=intake, employer_name=f"某某{rng.choice('甲乙丙丁')}公司",
        dispute_type=rng.choice(DisputeType.values), service_type=rng.choice(ServiceType.values),
        summary="合成数据：欠付工资与加班费", knew_on=intake - dt.timedelta(days=rng.randrange(1, 200)),
        review_due_on=intake + dt.timedelta(days=7),
        status=CaseStatus.CLOSED if closed else rng.choice(OPEN), claimant_count=1, claimed_fen=claimed,
        closed_on=intake + dt.timedelta(days=30) if closed else None, days_to_close=30 if closed else None,
        outcome=rng.choice((Outcome.SETTLED, Outcome.MEDIATED, Outcome.AWARD)) if closed else "",
        recovered_fen=claimed * rng.randrange(50, 101) // 100 if closed else 0,
    )
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(12_000))
    claimant = Claimant(org=station.org, name=rng.choice(names), phone=f"13{rng.randrange(10**9):09d}",
                        means_result=MeansResult.EXEMPT, claimed_fen=claimed)
    claimant.set_id_number(make_id_number(station.org.code, birth, n // 50_000 + n % 499, rng.choice("MF")))
    return case, claimant
