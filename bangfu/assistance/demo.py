"""Demo: Beijing's union runs the 2021 元旦春节送温暖 campaign (1000 万元, eight groups) and a medical-aid program.

The register's demo (people app) has already seeded Beijing's families and workers, marking with work tags
what the campaign rules need (临时困难, 艰苦行业, 节日坚守, 派驻挂职, the major tasks). Here those marks
become PersonFacts with evidence and dates, the eight groups become TargetGroup rows, each district gets
quotas, an approved (frozen) list and its allocation, and visits are recorded: some districts nearly done,
some behind. The 2021 campaign is history (closed at its end date, lists frozen); the campaign of the coming
元旦春节 (`current_period`) runs beside it, made the same way, with live deadlines and part of its visits done.
Idempotent: a campaign that exists is not made again.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.assistance.models import FactKind, PersonFact, Program, ProgramKind, TargetGroup
from bangfu.assistance.rules.seed_groups import BEIJING_GROUPS
from bangfu.assistance.services import ledger, lists, medical, programs, topups, visits
from bangfu.assistance.services.eligibility import eligible_people
from bangfu.core.seeding import DemoContext
from bangfu.people.models import HardshipFile, Person

CAMPAIGN = "2021年元旦春节送温暖活动"
MEDICAL = "2021年大病职工家庭专项医疗救助"
START, END = dt.date(2020, 12, 17), dt.date(2021, 2, 26)  # the notice's date; 元宵
BUDGET_FEN = 1_000_000_000  # 1000 万元
MEDICAL_SETTINGS = {"threshold_fen": 1_000_000, "yearly_cap_fen": 3_000_000,
                    "tiers": [{"upto_fen": 3_000_000, "percent": 50}, {"upto_fen": 5_000_000, "percent": 60},
                              {"upto_fen": None, "percent": 70}]}
# Share of each district's list visited so far, by the district's place in code order: some done, some behind.
LISTS_APPROVED_AT = timezone.make_aware(dt.datetime(2020, 12, 31, 17))  # noqa: DTZ001 - Beijing time, made aware
PROGRESS = (0.96, 0.9, 0.35, 0.85, 0.6, 0.15, 0.75, 0.95, 0.5, 0.25, 0.8, 0.1, 0.65, 0.9, 0.4, 0.7)
TASKS = {"抗击新冠肺炎疫情": "covid", "冬奥场馆建设": "winter_olympics", "城市副中心建设": "sub_centre"}
HARD = {"建筑": "construction", "采矿": "mining", "地质勘探": "geology"}
HOLIDAY = {"环卫": "sanitation", "快递": "courier", "供电": "power_heating", "供热": "power_heating",
           "交通运输": "transport"}
CAUSE_TO_DIFFICULTY = {"laid_off": "unemployment", "major_illness": "own_illness", "child_schooling": "child_schooling",
                       "accident": "accident"}


# 春节 (the first day of the lunar year) by year; the campaign runs from December to 元宵, 14 days after it.
SPRING_FESTIVAL = {2021: (2, 12), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
                   2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8)}


@dataclass(frozen=True)
class CampaignPeriod:
    year: int
    starts_on: dt.date
    deadline: dt.date  # visits due by 春节
    ends_on: dt.date  # 元宵

    @property
    def name(self) -> str:
        return f"{self.year}年元旦春节送温暖活动"


@dataclass(frozen=True)
class VisitWindow:
    first: dt.datetime  # naive, local: the first morning visits may be made
    days: int  # visits fall on this many days from `first`
    share: float  # the part of each district's usual progress done by now
    key_suffix: str = ""


def current_period(today: dt.date) -> CampaignPeriod:
    """The next 元旦春节 campaign from `today` (the one running, or the coming one): it has started already — on
    1 December, or ten days ago when the coming festival is further off — so lists and visits are under way."""
    for year in sorted(SPRING_FESTIVAL):
        festival = dt.date(year, *SPRING_FESTIVAL[year])
        if year > 2021 and festival + dt.timedelta(days=14) >= today:
            starts_on = min(dt.date(year - 1, 12, 1), today - dt.timedelta(days=10))
            return CampaignPeriod(year, starts_on, festival, festival + dt.timedelta(days=14))
    raise ValueError(f"没有 {today.year} 年之后的春节日期：请在 SPRING_FESTIVAL 中补充。")


def _user(username: str, display: str, role: str, org: OrgUnit, password: str) -> User:
    user = User.objects.filter(username=username).first() or User.objects.create_user(username=username)
    user.display_name, user.org, user.must_change_password = display, org, False
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(role_profile__key=role)])
    return user


def _facts(beijing: OrgUnit, rng: random.Random) -> None:
    """The register's work tags, made into dated facts with evidence (what the rules read)."""
    people = Person.objects.filter(org__path__startswith=beijing.path).order_by("pk")
    causes = dict(HardshipFile.objects.filter(org__path__startswith=beijing.path)
                  .values_list("household__head", "primary_cause"))
    facts = []
    for index, person in enumerate(people.only("pk", "org", "job_tags", "industry")):
        tags = set(person.job_tags or [])

        def add(kind: str, detail: str, since: dt.date, until: dt.date | None = None, number: int | None = None,
                evidence: str = "", who: Person = person) -> None:
            facts.append(PersonFact(person=who, kind=kind, detail=detail, valid_from=since, valid_to=until,
                                    number=number, evidence=evidence, org_id=who.org_id))

        if "临时困难" in tags:
            detail = CAUSE_TO_DIFFICULTY.get(causes.get(person.pk, ""), rng.choice(["covid", "family_illness"]))
            add(FactKind.TEMPORARY_DIFFICULTY, detail, START - dt.timedelta(days=rng.randrange(20, 300)),
                evidence="社区出具的困难情况说明")
        elif person.pk not in causes and tags and index % 17 == 0:
            # a worker without a file who fell on hard times this year (COVID-19, illness, an accident)
            add(FactKind.TEMPORARY_DIFFICULTY, rng.choice(["covid", "family_illness", "accident", "own_illness"]),
                START - dt.timedelta(days=rng.randrange(15, 200)), evidence="本人申请及社区证明")
        for tag, task in TASKS.items():
            if tag in tags:
                add(FactKind.MAJOR_TASK_MODEL, task, dt.date(2020, rng.randrange(3, 12), 1), evidence=f"{tag}表彰文件")
        if "艰苦行业" in tags:
            years = rng.choice([6, 8, 10, 12, 15, 18, 22, 25])
            add(FactKind.HARD_INDUSTRY, HARD.get(person.industry, "construction"),
                dt.date(2020 - years, rng.randrange(1, 13), 1), number=years, evidence="单位出具的一线工作证明")
        if "节日坚守" in tags:
            add(FactKind.HOLIDAY_DUTY, HOLIDAY.get(person.industry, "public_service"), dt.date(2020, 12, 31), END,
                evidence="单位两节值班排班表")
        if "派驻挂职" in tags:
            add(FactKind.SECONDED, rng.choice(["outside_city", "grassroots", "remote_long_term"]),
                dt.date(rng.choice([2018, 2019, 2020]), 9, 1), dt.date(2022, 8, 31), evidence="组织部门派驻挂职文件")
    PersonFact.objects.bulk_create(facts, batch_size=1000)


def _target_groups(beijing: OrgUnit, officer: User) -> list[TargetGroup]:
    groups = []
    for spec in BEIJING_GROUPS:
        group = TargetGroup.objects.filter(org=beijing, name=spec["name"]).first() or programs.create_target_group(
            actor=officer, org=beijing, name=spec["name"], rule=spec["rule"], description=spec["description"])
        groups.append(group)
    return groups


def _campaign(beijing: OrgUnit, officer: User, period: CampaignPeriod | None = None) -> Program:
    period = period or CampaignPeriod(2021, START, dt.date(2021, 2, 12), END)
    program = programs.create_program(
        actor=officer, org=beijing, name=period.name, kind=ProgramKind.CAMPAIGN, starts_on=period.starts_on,
        ends_on=period.ends_on, visit_deadline=period.deadline if period.year != 2021 else None,
        festival=f"{period.year}年元旦春节", description="按照“普遍慰问、重点帮扶”的原则，重点慰问8类职工群体；"
        f"送政策、送温暖、送文化、送健康、送法律。活动持续至{period.year}年春节结束。")
    ledger.create_fund(actor=officer, program=program, name=f"{period.year}年元旦春节送温暖资金",
                       budget_fen=BUDGET_FEN, key=f"demo-bj-{period.year}-fund")
    for priority, (group, spec) in enumerate(zip(_target_groups(beijing, officer), BEIJING_GROUPS, strict=True), 1):
        programs.set_campaign_group(actor=officer, program=program, target_group=group, priority=priority,
                                    standard_fen=spec["standard_fen"],
                                    goods_note="福包一个" if priority > 1 else "米面油、福包")
    return program


def _district_lists(program: Program, districts: list[OrgUnit], officer: User, approver: User,
                    builders: dict[int, User], approved_at: dt.datetime = LISTS_APPROVED_AT) -> list[Any]:
    made = []
    groups = {g.pk: g for g in program.groups.all()}
    for district in districts:
        counts: dict[int, int] = {}
        for candidate in eligible_people(program, district).values():
            counts[candidate.groups[0].pk] = counts.get(candidate.groups[0].pk, 0) + 1
        for group_id, count in counts.items():
            # the holiday front line is large: the quota keeps about four in five of it
            quota = max(1, count * 4 // 5) if groups[group_id].priority == 7 else count
            programs.set_quota(actor=officer, program=program, campaign_group=groups[group_id], unit=district,
                               max_people=quota)
        builder = builders.get(district.pk, officer)
        blist = lists.build_list(actor=builder, program=program, unit=district)
        if not blist.entries.filter(included=True).exists():
            continue
        lists.submit_list(actor=builder, blist=blist)
        # the lists were approved on paper before the visits began (2021-01-04); entered later, as such
        made.append(lists.approve_list(actor=approver, blist=blist, approved_at=approved_at))
    return made


def _allocate_and_visit(program: Program, approved: list[Any], officer: User, workers: dict[int, User],
                        rng: random.Random, window: VisitWindow | None = None) -> None:
    """Allocations to the districts and their visits so far; `window` (first day, days, share of the plan
    visited) defaults to the 2021 campaign: visits from 2021-01-04 over 38 days, nearly all done."""
    window = window or VisitWindow(dt.datetime(2021, 1, 4, 9), 38, 1.0)  # noqa: DTZ001 - naive local, see VisitWindow
    fund = program.funds.get()
    for index, blist in enumerate(approved):
        entries = list(blist.entries.filter(included=True).select_related("person", "org").order_by("pk"))
        planned = sum(entry.amount_fen for entry in entries)
        amount = (planned * 11 // 10 + 999_999) // 1_000_000 * 1_000_000  # planned + 10%, rounded up to 万元
        ledger.allocate(actor=officer, fund=fund, to_unit=blist.org, amount_fen=amount,
                        key=f"demo-alloc-{blist.org.code}" + window.key_suffix, memo="两节送温暖资金下拨")
        visitor = workers.get(blist.org_id, officer)
        share = PROGRESS[index % len(PROGRESS)] * window.share
        for number, entry in enumerate(entries[: round(len(entries) * share)]):
            when = timezone.make_aware(window.first + dt.timedelta(
                days=rng.randrange(0, window.days), minutes=rng.randrange(0, 600)))
            goods = ("米面油", 15_000) if entry.campaign_group.priority == 1 else ("", 0)
            visits.record_visit(actor=visitor, beneficiary=entry, visited_at=when,
                                place=f"{blist.org.name.removesuffix('总工会')}某社区{rng.randrange(1, 40)}号楼",
                                key=f"demo-visit-{blist.pk}-{number}", cash_fen=entry.amount_fen, fubao_count=1,
                                goods_description=goods[0], goods_value_fen=goods[1])
            if index == 0 and number == 0:  # found in worse need at the visit: extra cash waits for a second person
                topups.request_top_up(actor=visitor, beneficiary=entry, amount_fen=entry.amount_fen // 2,
                                      reason="入户发现家中老人住院，申请追加慰问金", key=f"demo-top-up-{blist.pk}")


def _medical(beijing: OrgUnit, dongcheng: OrgUnit, maker: User, approver: User) -> None:
    program = programs.create_program(
        actor=approver, org=beijing, name=MEDICAL, kind=ProgramKind.MEDICAL, starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 12, 31), description="针对患大病导致年度自付医药费比较高的家庭开展专项医疗救助。",
        medical_settings=MEDICAL_SETTINGS, large_amount_fen=2_000_000)
    ledger.create_fund(actor=approver, program=program, name="专项医疗救助资金", budget_fen=200_000_000,
                       key="demo-bj-2021-medical")
    files = list(HardshipFile.objects.filter(org__path__startswith=dongcheng.path).select_related("household__head")
                 .order_by("pk")[:5])
    bills = [(4_860_000, 1_920_000, 0), (2_350_000, 1_120_000, 200_000), (8_940_000, 3_870_000, 500_000),
             (1_560_000, 830_000, 0), (6_100_000, 2_400_000, 300_000)]
    for index, (file, (total, insurance, other)) in enumerate(zip(files, bills, strict=False)):
        claim = medical.submit_claim(actor=maker, program=program, household=file.household,
                                     patient=file.household.head, incurred_on=dt.date(2021, 2 + index, 10),
                                     total_cost_fen=total, insurance_fen=insurance, other_aid_fen=other,
                                     key=f"demo-medical-{index}", hospital="北京市某三甲医院")
        if index < 3:
            medical.approve_claim(actor=approver, claim=claim)


def _seed_current(beijing: OrgUnit, districts: list[OrgUnit], dongcheng: OrgUnit, rng: random.Random) -> Program | None:
    """The campaign of the coming 元旦春节, made through the same services as 2021's: lists approved three days
    after it began, visits since then at about half the 2021 pace, so deadlines and 未走访 figures are live."""
    today = timezone.localdate()
    period = current_period(today)
    if Program.objects.filter(org=beijing, name=period.name).exists():
        return None
    people = {user.username: user for user in User.objects.filter(
        username__in=["bj_officer", "bj_approver", "dc_officer", *(f"bj_sw_{d.code}" for d in districts)])}
    officer, approver = people["bj_officer"], people["bj_approver"]
    workers = {d.pk: people[f"bj_sw_{d.code}"] for d in districts if f"bj_sw_{d.code}" in people}
    builders = {dongcheng.pk: people["dc_officer"]} if "dc_officer" in people else {}
    approved_at = timezone.make_aware(dt.datetime.combine(period.starts_on + dt.timedelta(days=3), dt.time(17)))
    first = dt.datetime.combine(period.starts_on + dt.timedelta(days=4), dt.time(9))
    window = VisitWindow(first, max(1, (today - first.date()).days), 0.45, key_suffix=f"-{period.year}")
    with transaction.atomic():
        program = _campaign(beijing, officer, period)
        approved = _district_lists(program, districts, officer, approver, builders, approved_at)
        _allocate_and_visit(program, approved, officer, workers, rng, window)
    return program


def seed(context: DemoContext) -> None:
    orgs: dict[str, OrgUnit] = context.made["orgs"]
    beijing = orgs["beijing"]
    districts = list(OrgUnit.objects.filter(parent=beijing, level=OrgLevel.COUNTY).order_by("code"))
    rng = random.Random(context.seed)
    if not Program.objects.filter(org=beijing, name=CAMPAIGN).exists():
        context.made["assistance"] = {"campaign": _seed_2021(context, beijing, districts, rng).pk}
    # 2021's campaign is history: closed at its end date, its lists frozen, reconciled
    programs.close_ended_campaigns(as_of=timezone.localdate(), actor_name="seed_demo")
    current = _seed_current(beijing, districts, orgs["dongcheng"], rng)
    if current is not None:
        context.made.setdefault("assistance", {})["current_campaign"] = current.pk


def _seed_2021(context: DemoContext, beijing: OrgUnit, districts: list[OrgUnit], rng: random.Random) -> Program:
    orgs: dict[str, OrgUnit] = context.made["orgs"]
    users = context.made.get("users", {})
    dongcheng = orgs["dongcheng"]
    with transaction.atomic():
        officer = users.get("bj_officer") or _user("bj_officer", "北京市总帮扶干部", "city_officer", beijing,
                                                    context.password)
        approver = _user("bj_approver", "北京市总复核干部", "city_officer", beijing, context.password)
        dc_officer = users.get("dc_officer") or _user("dc_officer", "东城区总工会干部", "district_officer", dongcheng,
                                                       context.password)
        workers = {d.pk: _user(f"bj_sw_{d.code}", f"{d.name.removesuffix('总工会')}社工", "street_social_worker", d,
                               context.password) for d in districts}
        _facts(beijing, rng)
        program = _campaign(beijing, officer)
        approved = _district_lists(program, districts, officer, approver, {dongcheng.pk: dc_officer})
        _allocate_and_visit(program, approved, officer, workers, rng)
        root = ledger.root_allocation(program.funds.get())
        ledger.disburse(actor=officer, allocation=root, amount_fen=800_000, key="demo-large-1",
                        purpose="市级劳模特困慰问（大额，待复核）")
        _medical(beijing, dongcheng, dc_officer, approver)
    return program
