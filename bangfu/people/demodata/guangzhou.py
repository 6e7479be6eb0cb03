"""Guangzhou's 400 families in file, whose causes reproduce the seed's shares exactly (see people/demo.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import F
from django.utils import timezone

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.people.demodata.families import plan_family
from bangfu.people.demodata.writer import FamilyPlan, PeopleMaker
from bangfu.people.models import Cause, FileStatus, HardshipFile

IN_FILE_FAMILIES = 400
# Seed causes per family and how many families have exactly that set (sums: 400 families; 152 L, 132 D,
# 168 S, 152 I, 60 Z; 96 with two or more). The derivation is in people/demo.py.
ALLOCATION: tuple[tuple[frozenset[str], int], ...] = (
    (frozenset("L"), 96), (frozenset("D"), 48), (frozenset("S"), 84), (frozenset("I"), 56), (frozenset("Z"), 20),
    (frozenset("LDSI"), 44), (frozenset("LSI"), 12), (frozenset("ZDSI"), 28), (frozenset("ZDI"), 12),
)
# Outside the base (not in file): pending applications, and the two stores of those who left.
EXTRA_STATUSES: tuple[tuple[str, int], ...] = (
    (FileStatus.APPLIED, 6), (FileStatus.STREET_REVIEWED, 3), (FileStatus.INVESTIGATED, 3),
    (FileStatus.PUBLICISED, 2), (FileStatus.RELIEVED, 6), (FileStatus.CANCELLED, 4),
)
EXTRA_CAUSES = (frozenset("L"), frozenset("S"), frozenset("I"), frozenset("D"), frozenset("Z"))
ACCIDENT_FAMILIES = 10
DUPLICATE_PAIRS = 3
RELIEF_REASONS = ("再就业后家庭收入稳定超过认定标准", "子女毕业参加工作", "病愈返岗，收入恢复")
CANCEL_REASONS = ("迁出本市", "户主去世，家庭并入其他户", "核查发现隐瞒收入")


def allocation_counts() -> Counter[str]:
    """How many in-file families carry each seed cause, and how many carry two or more (for the tests)."""
    counts: Counter[str] = Counter()
    for causes, n in ALLOCATION:
        for cause in causes:
            counts[cause] += n
        counts["families"] += n
        if len(causes) >= 2:
            counts["two_or_more"] += n
    return counts


def _streets(guangzhou: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(path__startswith=guangzhou.path, level=OrgLevel.STREET).order_by("code"))


def _district_name(street: OrgUnit, districts: dict[str, str]) -> str:
    return districts.get(street.code[:6], "")


def plan_guangzhou(maker: PeopleMaker, orgs: dict[str, OrgUnit], users: dict[str, Any],
                   minimum_fen: int) -> list[FamilyPlan]:
    rng = maker.rng
    today = timezone.localdate()
    streets = _streets(orgs["guangzhou"])
    districts = {unit.code: unit.name.removesuffix("总工会") for unit in OrgUnit.objects.filter(
        parent=orgs["guangzhou"])}
    home = orgs["tianhe_street"]
    sets = [causes for causes, n in ALLOCATION for _ in range(n)]
    rng.shuffle(sets)
    plans: list[FamilyPlan] = []
    for i, causes in enumerate(sets):
        street = home if i < 24 else rng.choice(streets)
        status: str = FileStatus.TEMPORARY if i % 25 == 3 else FileStatus.RETURNED if i % 50 == 7 else FileStatus.FORMAL
        plans.append(_plan(maker, street, districts, causes, minimum_fen, users, home, status=status,
                           filed_on=maker.birth(2017, 2019) + dt.timedelta(days=rng.randrange(300)),
                           assessed_on=today - dt.timedelta(days=rng.randrange(0, 420))))
    _add_accidents(maker, plans)
    _add_duplicate_pairs(maker, plans)
    extra = 0
    for status, n in EXTRA_STATUSES:
        for _ in range(n):
            causes = EXTRA_CAUSES[extra % len(EXTRA_CAUSES)]
            extra += 1
            pending = status not in (FileStatus.RELIEVED, FileStatus.CANCELLED)
            reason = rng.choice(RELIEF_REASONS if status == FileStatus.RELIEVED else CANCEL_REASONS)
            plans.append(_plan(maker, home if pending else rng.choice(streets), districts, causes, minimum_fen, users,
                               home, status=status, relief_reason="" if pending else reason,
                               filed_on=None if pending else maker.birth(2017, 2019),
                               assessed_on=today - dt.timedelta(days=rng.randrange(1, 200))))
    return plans


def _plan(maker: PeopleMaker, street: OrgUnit, districts: dict[str, str], causes: frozenset[str], minimum_fen: int,
          users: dict[str, Any], home: OrgUnit, **fields: Any) -> FamilyPlan:
    at_home = street.pk == home.pk
    worker, officer = users.get("th_worker"), users.get("th_officer")
    return plan_family(maker, street, _district_name(street, districts), causes, minimum_fen,
                       created_by=worker if at_home else None, approved_by=officer if at_home else None,
                       contact=worker if at_home else None, **fields)


def _add_accidents(maker: PeopleMaker, plans: list[FamilyPlan]) -> None:
    """A few families hit by an accident within the year: 意外致困 (the cause does not touch the five shares)."""
    eligible = [p for p in plans if p.primary in (Cause.LAID_OFF, Cause.CHILD_SCHOOLING) and len(p.secondaries) < 3]
    for plan in eligible[:ACCIDENT_FAMILIES]:
        plan.secondaries = [*plan.secondaries, Cause.ACCIDENT]
        plan.incident_on = (plan.assessed_on or timezone.localdate()) - dt.timedelta(days=maker.rng.randrange(20, 300))


def _add_duplicate_pairs(maker: PeopleMaker, plans: list[FamilyPlan]) -> None:
    """Three families filed twice in two districts: the same head (name and birth date) at the same flat, under
    different ID numbers. A head alike alone is chance in a city; with the address it is one family."""
    for first, second in zip(plans[30:30 + DUPLICATE_PAIRS], plans[60:60 + DUPLICATE_PAIRS], strict=True):
        source, copy = first.members[0], second.members[0]
        copy.name, copy.birth, copy.sex = source.name, source.birth, source.sex
        second.address = first.address


def age_some_files(files: list[HardshipFile]) -> None:
    """Files whose last re-check is over a year old were not touched since: they show on the quality list."""
    stale = [f.pk for f in files if f.assessed_on and f.assessed_on < timezone.localdate() - dt.timedelta(days=365)]
    HardshipFile.objects.filter(pk__in=stale).update(
        updated_at=F("created_at") - dt.timedelta(days=400))
