"""Demo training, made through the same services as real use (the figures come from these records):

* Guangzhou's one-on-one home training (工会的老师上门): trainers (培训师, among them `gz_trainer`), plans for
  job seekers of families in file — 严志明 of 从化 with the e-commerce course (淘宝后台、PS、摄影) — weeks
  scheduled by the CP-SAT scheduler, sessions held and recorded, completions, and hires after training;
* Tangshan: 丰润区综合职业技术教育中心's 订单式 nursing cohort for an elderly-care employer, its roll,
  attendance, graduation, and graduates hired into the employer's openings (the employment rate);
* Sichuan: the social workers' 1+N training, with some initial trainings overdue.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone
from faker import Faker
from stdnum.cn import uscc

from bangfu.accounts.models import OrgUnit, User
from bangfu.accounts.roles import role_spec
from bangfu.core.errors import ServiceError
from bangfu.core.seeding import DemoContext
from bangfu.jobs import services as jobs_services
from bangfu.jobs.demo import YAN_NAME
from bangfu.jobs.models import Opening, SeekerProfile, SeekerStatus
from bangfu.matching.engine import DistrictTable, slot_mask
from bangfu.people import services as people_services
from bangfu.people.idgen import make_id_number
from bangfu.training import services
from bangfu.training.models import Course, CourseMode, HomeTrainingPlan, SessionStatus, TrainingSession

COURSES: tuple[tuple[str, list[str], str, str], ...] = (
    # title, skill tags, certificate, occupation code
    ("电商运营一对一（淘宝后台、PS、摄影）", ["电商", "淘宝后台", "PS", "摄影"], "电子商务技能培训结业证书", "4-01-02"),
    ("南粤家政：家政服务员", ["家政", "保洁"], "家政服务员职业技能等级证书", "4-10-01"),
    ("南粤家政：育婴员", ["育婴"], "育婴员职业技能等级证书", "4-10-01"),
    ("粤菜师傅：中式烹调", ["烹饪", "粤菜"], "中式烹调师职业技能等级证书", "4-03-02"),
)
# gz_trainer is the one e-commerce teacher (严先生's); the others teach the 南粤家政 and 粤菜师傅 courses.
TRAINER_SKILLS = (["电商", "淘宝后台", "PS", "摄影"], ["家政", "育婴"], ["烹饪", "粤菜"], ["烹饪", "家政"],
                  ["家政", "保洁"], ["育婴", "家政"], ["粤菜", "保洁"])
HOME_PLANS = 36  # Guangzhou job seekers given a home training plan besides 严志明


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _uscc(region: str, number: int) -> str:
    body = f"91{region}{number:09d}"
    return body + uscc.calc_check_digit(body)


def _trainers(context: DemoContext, guangzhou: OrgUnit, officer: Any, fake: Faker) -> None:
    group = Group.objects.get(name=role_spec("trainer").name)
    districts = [code for code in DistrictTable.default().codes() if code.startswith("4401")]
    accounts = [context.made["users"]["gz_trainer"]]
    for n in range(2, len(TRAINER_SKILLS) + 1):
        user = User.objects.filter(username=f"gz_trainer{n}").first() or User.objects.create_user(
            username=f"gz_trainer{n}", password=context.password, org=guangzhou)
        user.display_name, user.must_change_password = f"{fake.name()}（培训师）", False
        user.save()
        user.groups.set([group])
        accounts.append(user)
    # 广州培训师 (gz_trainer) lives in 从化 and teaches e-commerce: 严先生's teacher.
    homes = ["440117", *[districts[(3 * n) % len(districts)] for n in range(1, len(accounts))]]
    for n, user in enumerate(accounts):
        days = range(7) if n == 0 else range(n % 2, 6)
        services.create_trainer(actor=officer, org=guangzhou, user=user, skills=TRAINER_SKILLS[n],
                                home_district=homes[n], max_sessions_per_day=3,
                                available_slots=sum(slot_mask(day, 9, 12) | slot_mask(day, 14, 18) for day in days))


def _hold_week(week: dt.date, notes: str) -> None:
    """Every session of the week is held (recorded by its own trainer, as on the phone)."""
    start = timezone.make_aware(dt.datetime.combine(week, dt.time()))
    for session in TrainingSession.objects.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=7),
                                                  status=SessionStatus.SCHEDULED).select_related("trainer__user"):
        services.record_session(actor=session.trainer.user, session=session, expected_version=session.version,
                                attended=True, notes=notes)


def _hire_after_training(officer: Any, plans: list[HomeTrainingPlan], on: dt.date) -> None:
    """Some who completed find a job through a referral within weeks (training listens to 录用)."""
    openings = list(Opening.objects.filter(org__path__startswith=plans[0].org.path[:9], valid_until__gte=on)
                    .order_by("pk")[:40]) if plans else []
    for plan, opening in zip(plans, openings, strict=False):
        seeker = SeekerProfile.objects.filter(person=plan.person, status=SeekerStatus.SEEKING).first()
        if seeker is None or opening.positions_left <= 0:
            continue
        try:
            referral = jobs_services.refer_seeker(actor=officer, seeker=seeker, opening=opening, on=on)
            jobs_services.schedule_interview(actor=officer, referral=referral, on=on + dt.timedelta(days=3))
            jobs_services.record_hire(actor=officer, referral=referral, on=on + dt.timedelta(days=7))
        except ServiceError:
            continue


def guangzhou(context: DemoContext, fake: Faker) -> None:
    orgs, officer = context.made["orgs"], context.made["users"]["gz_officer"]
    city = orgs["guangzhou"]
    today = timezone.localdate()
    _trainers(context, city, officer, fake)
    courses = [services.create_course(actor=officer, org=city, title=title, mode=CourseMode.HOME, skill_tags=tags,
                                      certificate=certificate, occupation_codes=[code], hours=16)
               for title, tags, certificate, code in COURSES]
    yan = SeekerProfile.objects.select_related("person").filter(person__name=YAN_NAME,
                                                                org__path__startswith=city.path).first()
    plans: list[HomeTrainingPlan] = []
    if yan is not None:
        plans.append(services.create_plan(
            actor=officer, person=yan.person, course=courses[0], sessions_wanted=8, sessions_per_week=2,
            session_hours=3, goals="职业生涯规划；掌握淘宝后台、PS 修图和商品摄影，实现居家电商就业",
            address="广州市从化区（家中）"))
    table = DistrictTable.default()
    seekers = (SeekerProfile.objects.select_related("person").filter(
        org__path__startswith=city.path, status=SeekerStatus.SEEKING, home_district__in=table.codes())
        .exclude(person__name=YAN_NAME).order_by("pk")[:HOME_PLANS])
    for n, seeker in enumerate(seekers):
        plans.append(services.create_plan(actor=officer, person=seeker.person, course=courses[1 + n % 3],
                                          sessions_wanted=4, sessions_per_week=1 + n % 2, session_hours=2))
    this_week = _monday(today)
    long_ago = this_week - dt.timedelta(weeks=10)
    services.schedule_unit_week(actor=officer, org=city, week_start=long_ago)
    _hold_week(long_ago, "上门授课：职业生涯规划与技能练习")
    done = [plan for plan in plans[1:13] if plan.sessions.filter(status=SessionStatus.HELD).exists()]
    for plan in done:
        plan.refresh_from_db()
        services.complete_plan(actor=officer, plan=plan, expected_version=plan.version,
                               on=long_ago + dt.timedelta(days=6))
    _hire_after_training(officer, done[:5], long_ago + dt.timedelta(days=20))
    last_week = this_week - dt.timedelta(weeks=1)
    services.schedule_unit_week(actor=officer, org=city, week_start=last_week)
    _hold_week(last_week, "讲解淘宝后台使用、PS 技术应用、商品摄影")
    services.schedule_unit_week(actor=officer, org=city, week_start=this_week)
    services.schedule_unit_week(actor=officer, org=city, week_start=this_week + dt.timedelta(weeks=1))


def tangshan(context: DemoContext, fake: Faker, rng: random.Random) -> None:
    """丰润区综合职业技术教育中心's 订单式 nursing class for an elderly-care home, with its graduates' jobs."""
    orgs = context.made["orgs"]
    fengrun = orgs["fengrun"]
    officer = context.made["users"]["ts_officer"]
    today = timezone.localdate()
    employer = jobs_services.create_employer(actor=officer, org=fengrun, name="唐山市丰润区康颐养老护理院有限公司",
                                             uscc=_uscc("130208", 20201217), district_code="130208",
                                             address="唐山市丰润区")
    opening = jobs_services.create_opening(
        actor=officer, org=fengrun, employer=employer, title="养老护理员", occupation_code="4-10-01",
        tags=["养老护理", "输液护理"], district_code="130208", wage_min_fen=350_000, wage_max_fen=450_000,
        positions=30, valid_until=today + dt.timedelta(days=90), description="订单班结业学员优先录用")
    course = services.create_course(actor=officer, org=fengrun, title="护理专业订单班（养老护理）",
                                    mode=CourseMode.CLASS, skill_tags=["养老护理", "输液护理"],
                                    certificate="养老护理员职业技能等级证书", occupation_codes=["4-10-01"], hours=480)
    starts, ends = today - dt.timedelta(days=200), today - dt.timedelta(days=40)
    cohort = services.create_cohort(actor=officer, org=fengrun, course=course, name="2020级护理专业康颐订单班",
                                    provider="唐山市丰润区综合职业技术教育中心", kind="order", employer=employer,
                                    openings=[opening], starts_on=starts, ends_on=ends)
    enrolments = []
    for n in range(30):
        sex = "F" if n % 5 else "M"
        birth = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        person = people_services.create_person(actor=officer, org=fengrun, data=people_services.PersonInput(
            name=fake.name_female() if sex == "F" else fake.name_male(),
            id_number=make_id_number("130208", birth, 300 + n, sex)))
        jobs_services.create_seeker_profile(actor=officer, person=person, org=fengrun, home_district="130208",
                                            intention="养老护理")
        enrolments.append(services.enrol_person(actor=officer, cohort=cohort, person=person))
    for week in range(0, 20, 2):
        day = starts + dt.timedelta(weeks=week, days=1)
        for enrolment in enrolments:
            if rng.random() < 0.93:
                services.record_attendance(actor=officer, enrolment=enrolment, on=day, hours=6)
    for enrolment in enrolments[:28]:  # two left before the end
        services.graduate(actor=officer, enrolment=enrolment, on=ends)
    referrals = services.propose_graduates(actor=officer, cohort=cohort, on=ends + dt.timedelta(days=2))
    for n, referral in enumerate(referrals):
        jobs_services.schedule_interview(actor=officer, referral=referral, on=ends + dt.timedelta(days=5))
        if n < 24:
            jobs_services.record_hire(actor=officer, referral=referral, on=ends + dt.timedelta(days=10))
        else:
            jobs_services.record_not_hired(actor=officer, referral=referral, on=ends + dt.timedelta(days=10),
                                           reason="面试未通过，另行推荐")


def sichuan(context: DemoContext, fake: Faker, rng: random.Random) -> None:
    """四川's union social workers: the initial training (1) of every new hire, then job-specific ones (N)."""
    org, officer = context.made["orgs"]["sichuan"], context.made["users"]["sc_officer"]
    today = timezone.localdate()
    posts = ("乡镇工会社工", "社区工会社工", "街道职工服务中心社工")
    topics = ("困难职工建档与帮扶", "劳动法律咨询", "职工心理疏导", "工会会员服务", "个案管理")
    for n in range(16):
        hired = today - dt.timedelta(days=rng.randint(20, 900))
        worker = services.add_worker(actor=officer, org=org, name=fake.name(), post=posts[n % 3], hired_on=hired)
        if n % 4 == 3 and (today - hired).days > 120:
            continue  # overdue: no initial training yet
        if (today - hired).days > 30:
            services.record_worker_training(actor=officer, trainee=worker, kind="initial",
                                            title="新聘社会化工会工作者初任培训",
                                            completed_on=hired + dt.timedelta(days=rng.randint(10, 30)), hours=24)
            for topic in rng.sample(topics, k=min(3, (today - hired).days // 200)):
                services.record_worker_training(actor=officer, trainee=worker, kind="job", title=topic,
                                                completed_on=hired + dt.timedelta(days=rng.randint(40, 300)),
                                                hours=rng.choice((4, 8, 12)))


def seed(context: DemoContext) -> None:
    if Course.objects.exists():
        return
    fake = Faker("zh_CN")
    fake.seed_instance(context.seed + 14)
    rng = random.Random(context.seed + 14)
    guangzhou(context, fake)
    tangshan(context, fake, rng)
    sichuan(context, fake, rng)
