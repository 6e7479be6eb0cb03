"""Demo jobs data for Guangzhou: employers and ~300 openings across the 11 districts, seeker profiles
for the working-age unemployed members of the register's Guangzhou families (and 严先生 of 从化区, the
seed's e-commerce trainee caring for a sick daughter), referrals in every state with retention checks.

Idempotent: nothing is added when Guangzhou already has employers. Volume goes through bulk_create;
referrals go through the services, so their steps, capacity and retention checks are the real ones.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db.models import Q
from django.utils import timezone
from stdnum.cn import uscc

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.core.seeding import DemoContext
from bangfu.jobs import services
from bangfu.jobs.demo_catalogue import BRANDS, EMPLOYER_WORDS, KINDS, JobKind
from bangfu.jobs.models import Employer, Opening, Referral, RetentionOutcome, SeekerProfile
from bangfu.jobs.services import OPENINGS, SEEKERS, bump_version
from bangfu.matching import queries as matching_queries
from bangfu.matching.engine import ALL_WEEK, slot_mask
from bangfu.people import services as people_services
from bangfu.people.idgen import make_id_number
from bangfu.people.models import EmploymentStatus, HouseholdMember, Person

EMPLOYERS_PER_DISTRICT = 4
OPENINGS_PER_DISTRICT = 27
WORKING_AGE = (16, 60)
SCHOOL_HOURS = sum(slot_mask(day, 9, 15) for day in range(5))
YAN_NAME = "严志明"
PLACES = ("超市", "工厂", "餐馆", "物业", "网店")
REASONS = {"not_hired": "用人单位认为经验不足", "refuse": "上班时间与照顾家人冲突"}
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def demo_uscc(rng: random.Random, region: str) -> str:
    """91 (an enterprise) + the region + a 9-character organisation code + the check character."""
    body = "91" + region + "".join(rng.choice(_USCC_ALPHABET[:10]) for _ in range(8)) + rng.choice(_USCC_ALPHABET)
    return body + uscc.calc_check_digit(body)


def _districts(guangzhou: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(parent=guangzhou, level=OrgLevel.COUNTY).order_by("code"))


def _short(district: OrgUnit) -> str:
    return district.name.removesuffix("总工会").removesuffix("区")


def make_employers(rng: random.Random, districts: list[OrgUnit], actor: Any) -> dict[str, list[tuple[Employer, str]]]:
    """Per district code: (employer, business word) pairs."""
    made: dict[str, list[tuple[Employer, str]]] = {}
    rows = []
    for district in districts:
        region = district.code[:6]
        for word, _kinds in rng.sample(EMPLOYER_WORDS, EMPLOYERS_PER_DISTRICT):
            name = f"广州{_short(district)}{rng.choice(BRANDS)}{word}有限公司"
            employer = Employer(
                org=district, created_by=actor, name=name, uscc=demo_uscc(rng, region), district_code=region,
                contact_name=f"{rng.choice('陈黄李梁何林张罗')}{rng.choice(('经理', '主管', '小姐', '先生'))}",
                contact_phone=f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
                address=f"广州市{district.name.removesuffix('总工会')}{rng.choice(('工业', '商贸', '创新'))}"
                        f"路{rng.randrange(1, 300)}号",
            )
            rows.append(employer)
            made.setdefault(region, []).append((employer, word))
    Employer.objects.bulk_create(rows)
    return made


def _kind(title: str) -> JobKind:
    return next(kind for kind in KINDS if kind.title == title)


def make_openings(rng: random.Random, employers: dict[str, list[tuple[Employer, str]]], actor: Any,
                  today: dt.date) -> list[Opening]:
    words = dict(EMPLOYER_WORDS)
    rows = []
    for region, pairs in employers.items():
        for n in range(OPENINGS_PER_DISTRICT):
            employer, word = pairs[n % len(pairs)]
            kinds = [_kind(title) for title in words[word]]
            kind = rng.choices(kinds, weights=[k.weight for k in kinds])[0]
            low, high = kind.wage_yuan
            wage_min = rng.randrange(low, (low + high) // 2 + 1, 100) * 100
            positions = rng.choice((1, 1, 2, 2, 3, 5))
            rows.append(Opening(
                org=employer.org, created_by=actor, employer=employer, title=kind.title, occupation_code=kind.code,
                tags=list(kind.tags), description=kind.description, requirements=kind.requirements,
                district_code=region, wage_min_fen=wage_min, wage_max_fen=max(wage_min, high * 100),
                shift_slots=rng.choice(kind.shifts), positions=positions,
                accommodations=[a for a in kind.accommodations if rng.random() < 0.7],
                # a few expired or already filled, so the filters have something to say
                positions_filled=positions if n % 23 == 5 else 0,
                valid_until=today + dt.timedelta(days=-10 if n % 19 == 7 else rng.randrange(30, 240)),
            ))
    Opening.objects.bulk_create(rows)
    bump_version(OPENINGS)
    return rows


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _cares(members: list[HouseholdMember], today: dt.date) -> bool:
    """Someone at home needs care: a young child, or a member with a major illness or disability."""
    return any(
        (m.employment_status == EmploymentStatus.CHILD or m.has_major_illness or m.disability_or_mental_illness)
        for m in members
    ) or any(m.employment_status == EmploymentStatus.STUDENT and _age(m.person.birth_date, today) < 12
             for m in members)


def _profile_for(rng: random.Random, member: HouseholdMember, members: list[HouseholdMember], actor: Any,
                 today: dt.date, district_codes: list[str]) -> SeekerProfile:
    kind = rng.choices(KINDS, weights=[k.weight for k in KINDS])[0]
    org = member.household.org
    home = (member.household.region_code or org.region_code or org.code)[:6]
    caring = _cares(members, today) and rng.random() < 0.6
    disabled = member.disability_or_mental_illness
    needs = []
    if caring and rng.random() < 0.5:
        needs.append("flexible_hours")
    if disabled and rng.random() < 0.5:
        needs.append(rng.choice(("seated_work", "seated_work", "sign_language")))
    others = [code for code in district_codes if code != home]
    districts = [] if rng.random() < 0.5 else [home, *rng.sample(others, rng.randint(1, 2))]
    title = kind.title.split("（")[0]
    return SeekerProfile(
        org=org, created_by=actor, person=member.person, tags=[*kind.tags[:2], rng.choice(("普通话", "粤语", "Excel"))],
        certificates=[f"{title}培训结业"] if rng.random() < 0.3 else [],
        intended_occupations=[kind.code.rsplit("-", 1)[0]], intention=f"{title}，希望离家近一些",
        experience=f"做过{rng.choice(PLACES)}的工作，{rng.choice(kind.tags)}方面有经验",
        home_district=home, acceptable_districts=districts,
        commute_limit_km=20.0 if rng.random() < 0.3 else None,
        free_slots=SCHOOL_HOURS if caring else ALL_WEEK,
        wage_floor_fen=rng.choice((0, 300_000, 350_000, 400_000, 450_000, 650_000)), needs=needs, caring_duties=caring,
        has_disability=disabled, employment_difficulty=rng.random() < 0.8,
    )


def make_profiles(rng: random.Random, guangzhou: OrgUnit, actor: Any, today: dt.date) -> list[SeekerProfile]:
    """The working-age unemployed members of Guangzhou's register families."""
    members = list(
        HouseholdMember.objects.filter(household__org__path__startswith=guangzhou.path)
        .select_related("person", "household__org").order_by("household_id", "pk")
    )
    by_household: dict[int, list[HouseholdMember]] = {}
    for member in members:
        by_household.setdefault(member.household_id, []).append(member)
    district_codes = [unit.code[:6] for unit in _districts(guangzhou)]
    seen: set[int] = set()
    rows = []
    for member in members:
        low, high = WORKING_AGE
        if (member.employment_status != EmploymentStatus.UNEMPLOYED or member.person_id in seen
                or not low <= _age(member.person.birth_date, today) <= high):
            continue
        seen.add(member.person_id)
        rows.append(_profile_for(rng, member, by_household[member.household_id], actor, today, district_codes))
    SeekerProfile.objects.bulk_create(rows)
    return rows


def mr_yan(orgs: dict[str, OrgUnit], actor: Any) -> SeekerProfile:
    """严先生 of 从化区: trained at home in e-commerce by the union (淘宝后台, PS, 摄影); caring for a
    daughter with a heart condition, he needs work he can do from home at flexible hours."""
    street = OrgUnit.objects.filter(parent=orgs["conghua"]).order_by("code").first() or orgs["conghua"]
    person = Person.objects.filter(name=YAN_NAME, org__path__startswith=orgs["conghua"].path).first()
    if person is None:
        number = make_id_number("440117", dt.date(1986, 4, 18), 37, "M")
        person = people_services.create_person(
            actor=actor, org=street, data=people_services.PersonInput(name=YAN_NAME, id_number=number))
    return services.create_seeker_profile(
        actor=actor, person=person, org=street, tags=["电商", "淘宝", "PS", "摄影"], certificates=["电商技能培训结业"],
        intended_occupations=["4-01-06"], intention="电商运营，希望在家工作",
        experience="做过网店，被骗后停业；11月起工会派老师上门培训淘宝后台使用、PS 技术应用、摄影。",
        home_district="440117", free_slots=sum(slot_mask(day, 9, 12) | slot_mask(day, 14, 17) for day in range(7)),
        wage_floor_fen=300_000, needs=["remote", "flexible_hours"], caring_duties=True,
        constraints_note="女儿患心脏病、生长发育迟缓，需长期照顾。", employment_difficulty=True,
    )


def _first_recommendation(officer: Any, profile: SeekerProfile, skip: set[int]) -> Opening | None:
    for recommended in matching_queries.recommend_openings(officer, profile, k=5):
        if recommended.pk not in skip:
            return Opening.objects.get(pk=recommended.pk)
    return None


def _walk(officer: Any, referral: Referral, steps: list[tuple[str, int]], today: dt.date) -> None:
    """Apply (step, days ago) steps; a retention check is written "3:employed" (months:outcome)."""
    for step, days_ago in steps:
        on = today - dt.timedelta(days=days_ago)
        if ":" in step:
            months_text, outcome = step.split(":")
            months = int(months_text)
            check = referral.retention_checks.get(months=months)
            services.record_retention(actor=officer, check=check, outcome=outcome, on=on)
        else:
            services.advance_referral(actor=officer, referral=referral, step=step, on=on,
                                      reason=REASONS.get(step, ""))


E, L = RetentionOutcome.EMPLOYED, RetentionOutcome.LEFT
# Referral stories: steps with how many days ago each happened.
STORIES: tuple[tuple[int, list[tuple[str, int]]], ...] = (
    (240, [("interview", 236), ("hire", 230), (f"3:{E}", 137), (f"6:{E}", 45)]),
    (235, [("interview", 230), ("hire", 225), (f"3:{E}", 132), (f"6:{E}", 40)]),
    (230, [("interview", 225), ("hire", 220), (f"3:{E}", 128), (f"6:{L}", 35)]),
    (170, [("interview", 166), ("hire", 160), (f"3:{E}", 68)]),
    (160, [("interview", 155), ("hire", 150), (f"3:{E}", 58)]),
    (150, [("interview", 145), ("hire", 140), (f"3:{L}", 48)]),
    (60, [("interview", 55), ("hire", 50)]),
    (40, [("interview", 35), ("hire", 30)]),
    (30, [("interview", 25), ("hire", 20)]),
    (25, [("interview", 20)]),
    (20, [("interview", 15)]),
    (18, [("interview", 12), ("not_hired", 8)]),
    (15, [("not_hired", 10)]),
    (14, [("refuse", 12)]),
    (12, []),
    (10, []),
    (6, []),
)


def make_referrals(officer: Any, profiles: list[SeekerProfile], yan: SeekerProfile, today: dt.date) -> None:
    for profile, (days_ago, steps) in zip(profiles, STORIES, strict=False):
        opening = _first_recommendation(officer, profile, set())
        if opening is None:
            continue
        referral = services.refer_seeker(actor=officer, seeker=profile, opening=opening,
                                         on=today - dt.timedelta(days=days_ago))
        _walk(officer, referral, steps, today)
    refuser = profiles[len(STORIES)] if len(profiles) > len(STORIES) else None
    if refuser is not None:  # three refusals: flagged for a social worker's follow-up
        tried: set[int] = set()
        for n in range(3):
            opening = _first_recommendation(officer, refuser, tried)
            if opening is None:
                break
            tried.add(opening.pk)
            referral = services.refer_seeker(actor=officer, seeker=refuser, opening=opening,
                                             on=today - dt.timedelta(days=30 - 8 * n))
            _walk(officer, referral, [("refuse", 28 - 8 * n)], today)
    opening = _first_recommendation(officer, yan, set())
    if opening is not None:
        referral = services.refer_seeker(actor=officer, seeker=yan, opening=opening, on=today - dt.timedelta(days=5))
        _walk(officer, referral, [("interview", 2)], today)


def seed(context: DemoContext) -> None:
    orgs: dict[str, OrgUnit] = context.made["orgs"]
    guangzhou = orgs["guangzhou"]
    if Employer.objects.filter(Q(org__path__startswith=guangzhou.path)).exists():
        return
    officer = context.made["users"]["gz_officer"]
    rng = random.Random(context.seed + 5)
    today = timezone.localdate()
    employers = make_employers(rng, _districts(guangzhou), officer)
    make_openings(rng, employers, officer, today)
    profiles = make_profiles(rng, guangzhou, officer, today)
    yan = mr_yan(orgs, officer)
    bump_version(SEEKERS)
    make_referrals(officer, profiles, yan, today)
