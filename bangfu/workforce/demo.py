"""The demo's social workers: Sichuan's roster as the seed page describes it (四川省总工会 2019 年调研).

Over 2,000 workers; 44.8 % posted in township and community unions; 3.1 % taking home 4,000 元 or more a
month; 4 % in post over 10 years. Each is hired through `hire_worker` like a real entry: the figures in the
report come from these records, counted by the report's own queries. Sichuan's cities and districts are
added from the division data, with the streets of 成都; one street then has a year of casework (1+N
training, legal-aid intake, follow-up calls), an assessment run reviewed by its supervisor, a promotion
awaiting a second officer's approval (`sc_approver`), and the candidate pool built from the rules.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone
from faker import Faker

from bangfu.accounts.divisions import children_of
from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.accounts.services import upsert_org_unit
from bangfu.core.seeding import DemoContext
from bangfu.people.idgen import make_id_number
from bangfu.training import services as training_services
from bangfu.workforce import services
from bangfu.workforce.models import EmploymentType, Post, SocialWorker

HEADCOUNT = 2050  # "超过2000名工会社工"
GRASSROOTS = 918  # 918 / 2050 = 44.8 % "定岗在乡镇及所辖社区工会"
WELL_PAID = 64  # 64 / 2050 = 3.1 % "月实得平均工资在4000元以上"
LONG_SERVING = 82  # 82 / 2050 = 4.0 % "在岗超过10年"
CERTIFICATES = (("none", 55), ("assistant", 30), ("social", 12), ("senior", 3))
EMPLOYMENT = ((EmploymentType.SOCIAL, 60), (EmploymentType.PUBLIC_WELFARE, 30), (EmploymentType.RETIREE, 10))
DEMO_STREET_WORKERS = 6
# Sichuan's pilot scheme: the supervisor's review and the workers' legal and training work weigh most while the
# street's other casework is being brought onto the platform.
PILOT_WEIGHTS = {"families": 10, "visits_on_time": 5, "rechecks_on_time": 5, "jobs_kept": 5, "legal_training": 30,
                 "satisfaction": 5, "supervisor": 40}


def _union_name(place: str) -> str:
    return f"{place}总工会"


def sichuan_units(sichuan: OrgUnit) -> tuple[list[OrgUnit], list[OrgUnit], list[OrgUnit]]:
    """Cities and districts of Sichuan from the division data; the streets of 成都's districts."""
    cities, counties, streets = [], [], []
    for order, city in enumerate(children_of(sichuan.code)):
        city_unit = upsert_org_unit(code=city.code, name=_union_name(city.name), level=OrgLevel.CITY, parent=sichuan,
                                    region_code=city.code.ljust(6, "0"), sort_order=order)
        cities.append(city_unit)
        for n, county in enumerate(children_of(city.code)):
            county_unit = upsert_org_unit(code=county.code, name=_union_name(county.name), level=OrgLevel.COUNTY,
                                          parent=city_unit, region_code=county.code, sort_order=n)
            counties.append(county_unit)
            if city.code != "5101":
                continue
            for m, street in enumerate(children_of(county.code)):
                streets.append(upsert_org_unit(code=street.code, name=_union_name(street.name), level=OrgLevel.STREET,
                                               parent=county_unit, region_code=street.code, sort_order=m))
    return cities, counties, streets


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


def _units_for(index: int, sichuan: OrgUnit, cities: list[OrgUnit], counties: list[OrgUnit],
               streets: list[OrgUnit]) -> tuple[OrgUnit, str]:
    if index < GRASSROOTS:
        return streets[index % len(streets)], "街道（乡镇）工会社工"
    rest = index - GRASSROOTS
    if rest % 20 == 0:
        return sichuan, "省总工会职工服务中心社工"
    if rest % 5 == 0:
        return cities[rest % len(cities)], "市总工会职工服务中心社工"
    return counties[rest % len(counties)], "区县总工会职工服务中心社工"


def hire_roster(officer: Any, units: tuple[list[OrgUnit], list[OrgUnit], list[OrgUnit]], sichuan: OrgUnit,
                fake: Faker, rng: random.Random) -> list[SocialWorker]:
    today = timezone.localdate()
    this_month = today.replace(day=1)
    well_paid = set(rng.sample(range(HEADCOUNT), WELL_PAID))
    long_serving = set(rng.sample(range(HEADCOUNT), LONG_SERVING))
    made = []
    for index in range(HEADCOUNT):
        org, title = _units_for(index, sichuan, *units)
        post = services.create_post(actor=officer, org=org, title=title, grade=rng.randint(1, 4))
        years = rng.uniform(10.2, 14.5) if index in long_serving else rng.uniform(0.2, 9.8)
        hired_on = today - dt.timedelta(days=int(years * 365.25))
        pay = rng.randrange(400_000, 480_000, 100) if index in well_paid else rng.randrange(220_000, 395_000, 100)
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randint(0, 12000))
        data = services.HireInput(
            post=post, name=fake.name(), id_number=make_id_number("510104", birth, index % 1000, rng.choice("MF")),
            employment_type=_weighted(rng, EMPLOYMENT), certificate_level=_weighted(rng, CERTIFICATES),
            hired_on=hired_on, grade=post.grade, take_home_fen=pay, pay_month=max(this_month, hired_on.replace(day=1)),
            username=f"sc_sw{index + 1:04d}")
        made.append(services.hire_worker(actor=officer, data=data))
    return made


def approver(context: DemoContext, sichuan: OrgUnit) -> User:
    """A second Sichuan officer: whoever proposes a decision does not approve it."""
    user = User.objects.filter(username="sc_approver").first() or User.objects.create_user(
        username="sc_approver", password=context.password, org=sichuan)
    user.display_name, user.org, user.must_change_password = "四川省总工会审批干部", sichuan, False
    user.save()
    user.groups.set([Group.objects.get(role_profile__key="city_officer")])
    return user


def street_casework(officer: Any, street: OrgUnit, workers: list[SocialWorker], rng: random.Random) -> None:
    """A year of the street's own records: 1+N training and legal-aid intake by the workers' accounts."""
    year_start = dt.date(timezone.localdate().year - 1, 1, 1)
    for n, worker in enumerate(workers):
        assert worker.trainee is not None
        if worker.trainee.trainings.exists():
            continue
        training_services.record_worker_training(actor=officer, trainee=worker.trainee, kind="initial",
                                                 title="新聘社会化工会工作者初任培训", hours=24,
                                                 completed_on=max(worker.hired_on, year_start) + dt.timedelta(days=20))
        for topic in ("困难职工建档与帮扶", "劳动法律咨询", "职工心理疏导", "个案管理")[: 4 - n % 4]:
            on = max(worker.hired_on + dt.timedelta(days=30), year_start + dt.timedelta(days=rng.randint(60, 300)))
            training_services.record_worker_training(actor=officer, trainee=worker.trainee, kind="job", title=topic,
                                                     completed_on=on, hours=rng.choice((4, 8, 12)))


def street_assessment(officer: Any, street: OrgUnit, workers: list[SocialWorker]) -> None:
    """Assess the street's workers over last year, review them, propose a promotion for the best."""
    year = timezone.localdate().year - 1
    scheme = services.create_scheme(actor=officer, org=street.parent or street,
                                    data=services.SchemeInput(name="四川省社会化工会工作者履职考核（试行）",
                                                              weights=PILOT_WEIGHTS))
    run = services.run_assessment(actor=officer, data=services.RunInput(
        org=street, scheme=scheme, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31)))
    scores = (98, 92, 85, 80, 70, 55)
    for worker, score in zip(workers, scores, strict=False):
        assessment = run.assessments.get(worker=worker)
        services.review_assessment(actor=officer, assessment=assessment, score=score, comment="",
                                   expected_version=assessment.version)
    best = max(run.assessments.all(), key=lambda a: a.total or 0)
    if best.result in ("excellent", "qualified") and best.worker.grade < 10:
        services.propose_decision(actor=officer, worker=best.worker, data=services.DecisionInput(
            kind="promote", reason=f"{year} 年度履职考核{best.get_result_display()}，晋升一级",
            effective_on=dt.date(year + 1, 1, 1), assessment_id=best.pk, new_grade=best.worker.grade + 1))


def seed(context: DemoContext) -> None:
    if SocialWorker.objects.exists():
        return
    sichuan, officer = context.made["orgs"]["sichuan"], context.made["users"]["sc_officer"]
    fake = Faker("zh_CN")
    fake.seed_instance(context.seed + 17)
    rng = random.Random(context.seed + 17)
    units = sichuan_units(sichuan)
    approver(context, sichuan)
    workers = hire_roster(officer, units, sichuan, fake, rng)
    street = units[2][0]
    on_street = [w for w in workers if w.org_id == street.pk][:DEMO_STREET_WORKERS]
    street_casework(officer, street, on_street, rng)
    street_assessment(officer, street, on_street)
    services.build_candidate_pool(actor=officer, org=sichuan, as_of=timezone.localdate())
    context.made["workforce_street"] = street
    context.made["workforce_posts"] = Post.objects.filter(org=street).count()
