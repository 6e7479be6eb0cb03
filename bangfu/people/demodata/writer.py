"""Writing demo families in bulk: plans in, people/households/members/files/events out (bulk_create).

The plans are consistent by construction (members' employment, illness and disability agree with the
file's causes and flags); the writer derives size, income per head, flags and tier exactly as the
services do (people.facts, people.tiers), only without a query per row.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from faker import Faker

from bangfu.accounts.models import OrgUnit
from bangfu.core.sensitive import blind_index
from bangfu.people.duplicates import address_match_keys, place_names_for
from bangfu.people.facts import MinimumTable, household_facts
from bangfu.people.idgen import make_id_number
from bangfu.people.models import (
    EmploymentStatus,
    FileEvent,
    FileLevel,
    FileStatus,
    HardshipFile,
    Household,
    HouseholdMember,
    Person,
)
from bangfu.people.names import pinyin_keys
from bangfu.people.services.workflow import one_year_after
from bangfu.people.tiers import TierFacts, TierRuleSpec, compute_tier

E = EmploymentStatus


@dataclass
class MemberPlan:
    name: str
    relation: str
    sex: str
    birth: dt.date
    employment: str
    income_fen: int = 0
    illness: bool = False
    disability: bool = False
    person: dict[str, Any] = field(default_factory=dict)  # extra Person fields (honours, industry, tags …)

    # the protocol people.facts.household_facts reads
    @property
    def employment_status(self) -> str:
        return self.employment

    @property
    def has_major_illness(self) -> bool:
        return self.illness

    @property
    def disability_or_mental_illness(self) -> bool:
        return self.disability

    @property
    def monthly_income_fen(self) -> int:
        return self.income_fen


@dataclass
class FamilyPlan:
    org: OrgUnit
    members: list[MemberPlan]
    primary: str = ""
    secondaries: list[str] = field(default_factory=list)
    status: str = FileStatus.FORMAL
    filed_on: dt.date | None = None
    assessed_on: dt.date | None = None
    incident_on: dt.date | None = None
    address: str = ""
    level: str = FileLevel.GRASSROOTS
    created_by: Any = None
    approved_by: Any = None
    contact: Any = None
    with_file: bool = True
    relief_reason: str = ""


class PeopleMaker:
    """Synthetic people: Faker zh_CN names, valid ID numbers unique within the run, seeded throughout."""

    def __init__(self, rng: random.Random, fake: Faker) -> None:
        self.rng, self.fake = rng, fake
        self.used: set[str] = set(Person.objects.values_list("id_index", flat=True))
        self.sequence = 0

    def id_number(self, region6: str, birth: dt.date, sex: str) -> str:
        while True:
            self.sequence += 1
            number = make_id_number(region6, birth, self.sequence, sex)
            index = blind_index(number)
            if index not in self.used:
                self.used.add(index)
                return number

    def name(self, sex: str, surname: str | None = None) -> str:
        first = self.fake.first_name_male() if sex == "M" else self.fake.first_name_female()
        return (surname or self.fake.last_name()) + first

    def birth(self, start_year: int, end_year: int) -> dt.date:
        start, end = dt.date(start_year, 1, 1), dt.date(end_year, 12, 28)
        return start + dt.timedelta(days=self.rng.randrange((end - start).days))

    def person(self, plan: MemberPlan, org: OrgUnit, region6: str) -> Person:
        number = self.id_number(region6, plan.birth, plan.sex)
        full, initials = pinyin_keys(plan.name)
        return Person(org=org, name=plan.name, name_pinyin=full, name_initials=initials, id_number=number,
                      id_index=blind_index(number), sex=plan.sex, birth_date=plan.birth,
                      phone=f"13{self.rng.randrange(10**9):09d}", **plan.person)


def region6(org: OrgUnit) -> str:
    code = org.region_code or ""
    return code[:6] if len(code) >= 6 and code[:6].isdecimal() else "110101"


@dataclass
class Written:
    files: list[HardshipFile]
    people: list[Person]


# Files on their way through the filing steps are written as applications and then taken through the
# same services as real use (issue 9 §3): 初审 by someone other than the applicant, 入户调查 with its record,
# 公示 from today. Files decided before the platform (in file, relieved, cancelled) are migrated records.
IN_PROGRESS_STEPS: dict[str, tuple[str, ...]] = {
    FileStatus.STREET_REVIEWED: ("review",),
    FileStatus.INVESTIGATED: ("review", "investigate"),
    FileStatus.PUBLICISED: ("review", "investigate", "publicise"),
}


def write_families(plans: list[FamilyPlan], maker: PeopleMaker, rules: list[TierRuleSpec],
                   minimums: MinimumTable, steward: Any = None) -> Written:
    """Bulk-create everything the plans describe; returns the files (and every person). With a `steward`
    (an officer over the plans' units), files in progress are taken through the filing services."""
    people: list[Person] = []
    for plan in plans:
        people += [maker.person(member, plan.org, region6(plan.org)) for member in plan.members]
    Person.objects.bulk_create(people, batch_size=500)
    places: dict[int, list[str]] = {}
    households, cursor = [], 0
    for plan in plans:
        head = people[cursor]
        cursor += len(plan.members)
        if plan.org.pk not in places:
            places[plan.org.pk] = place_names_for(plan.org)
        keys = address_match_keys(plan.address, region_code=plan.org.region_code, place_names=places[plan.org.pk])
        households.append(Household(org=plan.org, head=head, address=plan.address, region_code=plan.org.region_code,
                                    city_code=keys.city_code, address_key=keys.address_key,
                                    address_block=keys.address_block, created_by=plan.created_by))
    Household.objects.bulk_create(households, batch_size=500)
    members, cursor = [], 0
    for plan, household in zip(plans, households, strict=True):
        for member in plan.members:
            members.append(HouseholdMember(household=household, person=people[cursor], relation=member.relation,
                                           employment_status=member.employment, has_major_illness=member.illness,
                                           disability_or_mental_illness=member.disability,
                                           monthly_income_fen=member.income_fen))
            cursor += 1
    HouseholdMember.objects.bulk_create(members, batch_size=500)
    files = [
        _file(plan, household, rules, minimums)
        for plan, household in zip(plans, households, strict=True) if plan.with_file
    ]
    steps = {id(f): IN_PROGRESS_STEPS[f.status] for f in files if steward and f.status in IN_PROGRESS_STEPS}
    for hardship_file in files:
        if id(hardship_file) in steps:
            hardship_file.status = FileStatus.APPLIED
    HardshipFile.objects.bulk_create(files, batch_size=500)
    FileEvent.objects.bulk_create([event for f in files for event in _history(f)], batch_size=500)
    for hardship_file in files:
        if id(hardship_file) in steps:
            _take_steps(hardship_file, steps[id(hardship_file)], steward)
    return Written(files=files, people=people)


def _take_steps(hardship_file: HardshipFile, steps: tuple[str, ...], steward: Any) -> None:
    """The filing steps through the services: the steward reviews (never the applicant), the applicant — or
    the steward for a file entered by an import — investigates and publicises."""
    from bangfu.people.services import InvestigationInput, transition_hardship_file

    worker = hardship_file.created_by or steward
    record = InvestigationInput(
        visited_on=timezone.localdate() - dt.timedelta(days=2), visitors=f"{worker}、社区网格员",
        notes="入户核实：家庭人口、就业和收入情况与申请一致。", no_evidence_reason="纸质证明材料在街道存档，待扫描上传")
    for action in steps:
        actor = steward if action == "review" else worker
        hardship_file = transition_hardship_file(actor=actor, hardship_file=hardship_file, action=action,
                                                 expected_version=hardship_file.version,
                                                 investigation=record if action == "investigate" else None)


def _file(plan: FamilyPlan, household: Household, rules: list[TierRuleSpec], minimums: MinimumTable) -> HardshipFile:
    facts = household_facts(plan.members)
    assessed = plan.assessed_on or plan.filed_on or timezone.localdate()
    minimum = minimums.monthly_fen(plan.org.region_code, assessed)
    result = compute_tier(TierFacts(
        income_per_capita_fen=facts.income_per_capita_fen, local_minimum_fen=minimum, zero_labour=facts.zero_labour,
        major_illness=facts.major_illness, disability_or_mental_illness=facts.disability_or_mental_illness,
        causes=frozenset([plan.primary, *plan.secondaries]), incident_on=plan.incident_on,
        household_size=facts.household_size, as_of=assessed), rules)
    in_file = plan.status in (FileStatus.FORMAL, FileStatus.TEMPORARY, FileStatus.RETURNED)
    decided = plan.status not in (FileStatus.APPLIED, FileStatus.STREET_REVIEWED, FileStatus.INVESTIGATED,
                                  FileStatus.PUBLICISED)
    return HardshipFile(
        org=plan.org, household=household, level=plan.level, primary_cause=plan.primary,
        secondary_causes=plan.secondaries, disability_or_mental_illness=facts.disability_or_mental_illness,
        zero_labour=facts.zero_labour, household_size=facts.household_size,
        income_per_capita_fen=facts.income_per_capita_fen, local_minimum_fen=minimum, tier=result.tier,
        tier_reasons=list(result.reasons), assessed_on=assessed, status=plan.status,
        filed_on=plan.filed_on if decided else None, approved_on=plan.filed_on if decided else None,
        approved_by=plan.approved_by if decided else None, created_by=plan.created_by, contact=plan.contact,
        incident_on=plan.incident_on, last_rechecked_on=plan.assessed_on if in_file else None,
        recheck_due=one_year_after(assessed) if in_file else None,
        relieved_on=assessed if plan.status == FileStatus.RELIEVED else None,
        relief_reason=plan.relief_reason if plan.status == FileStatus.RELIEVED else "",
        cancelled_on=assessed if plan.status == FileStatus.CANCELLED else None,
        cancel_reason=plan.relief_reason if plan.status == FileStatus.CANCELLED else "",
    )


_PATH: dict[str, list[str]] = {
    FileStatus.APPLIED: ["apply"],
    FileStatus.STREET_REVIEWED: ["apply", "review"],
    FileStatus.INVESTIGATED: ["apply", "review", "investigate"],
    FileStatus.PUBLICISED: ["apply", "review", "investigate", "publicise"],
    FileStatus.FORMAL: ["apply", "review", "investigate", "publicise", "approve", "recheck"],
    FileStatus.TEMPORARY: ["apply", "review", "open_temporary"],
    FileStatus.RETURNED: ["apply", "review", "investigate", "publicise", "approve", "relieve", "reopen"],
    FileStatus.RELIEVED: ["apply", "review", "investigate", "publicise", "approve", "relieve"],
    FileStatus.CANCELLED: ["apply", "review", "investigate", "publicise", "approve", "cancel"],
}
_TARGET: dict[str, str] = {
    "apply": FileStatus.APPLIED, "review": FileStatus.STREET_REVIEWED, "investigate": FileStatus.INVESTIGATED,
    "publicise": FileStatus.PUBLICISED, "approve": FileStatus.FORMAL, "open_temporary": FileStatus.TEMPORARY,
    "relieve": FileStatus.RELIEVED, "reopen": FileStatus.RETURNED, "cancel": FileStatus.CANCELLED,
}


def _history(hardship_file: HardshipFile) -> list[FileEvent]:
    """The steps that brought the file where it is, one day apart from its filing date."""
    start = hardship_file.filed_on or hardship_file.assessed_on or timezone.localdate()
    steps = _PATH[hardship_file.status]
    events, status = [], ""
    for offset, action in enumerate(steps):
        target = _TARGET.get(action, status)
        day = hardship_file.assessed_on if action in ("recheck", "relieve", "cancel", "reopen") else \
            start + dt.timedelta(days=offset - len(steps) + 2)
        when = timezone.make_aware(dt.datetime.combine(day or start, dt.time(10, offset)))
        events.append(FileEvent(file=hardship_file, action=action, from_status=status, to_status=target,
                                actor_name="演示数据", occurred_at=when, effective_on=day,
                                reason=hardship_file.relief_reason or hardship_file.cancel_reason
                                if action in ("relieve", "cancel") else ""))
        status = target
    return events

