"""The worker channel's demo records, all made through the services a worker and the staff use.

- 严先生's family in Tianhe (Guangzhou): a worker account (signed in with a one-time code, real name bound),
  a hardship application with a photo of proof, accepted by the street social worker into the register (申请);
  his application for skills training, accepted by the city officer into a home training plan on one of the
  city's home courses, and his application for a job referral, registered as a seeker and referred to an
  opening in Tianhe (when the training and jobs demos made them).
- A Songjiang worker among the 48 owed wages (one of the collective case's claimants) applies for legal aid on
  the phone; the district officer accepts it into that collective case, so the worker follows it.
- A month of 12351 calls to the Guangzhou desk: a few hundred tickets over the city's districts and streets,
  most contacted, answered and closed with a rating on the days they were handled, some still open and a
  few past their limits (escalated to the unit above).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from faker import Faker

from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.channel import queries, services
from bangfu.channel.models import Complexity, Ticket, TicketCategory, Urgency, WorkerAccount
from bangfu.channel.services.applications import MemberIn
from bangfu.core.seeding import DemoContext
from bangfu.legal.models import LegalCase
from bangfu.people.idgen import make_id_number

TICKETS = 300
SONGJIANG_EMPLOYER = "上海茸华精密机械有限公司"  # the seed's collective case (see legal/demo.py)
# A photo of proof as the phone sends it (the PNG signature and an empty image body): synthetic, no real document.
DEMO_PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CATEGORY_WEIGHTS = {TicketCategory.ASSISTANCE: 30, TicketCategory.LEGAL: 20, TicketCategory.EMPLOYMENT: 18,
                    TicketCategory.TRAINING: 10, TicketCategory.CONSULTATION: 15, TicketCategory.COMPLAINT: 7}
SUMMARIES = {
    TicketCategory.ASSISTANCE: ("家人患重病，医疗费负担重，咨询困难职工帮扶", "孩子上大学学费有困难，想申请助学",
                                "下岗后家庭收入低，咨询建档条件"),
    TicketCategory.LEGAL: ("公司拖欠两个月工资", "被辞退未支付经济补偿", "工伤认定后单位不支付待遇"),
    TicketCategory.EMPLOYMENT: ("失业三个月，希望推荐就近的工作", "想找一份夜班保安的工作", "希望推荐适合残疾人的岗位"),
    TicketCategory.TRAINING: ("想参加电工技能培训", "咨询家政服务员培训时间", "希望参加育婴师培训"),
    TicketCategory.CONSULTATION: ("咨询工会会员权益", "咨询送温暖活动对象条件", "咨询职工疗休养政策"),
    TicketCategory.COMPLAINT: ("反映所在企业未组建工会", "建议增加周末服务时间", "对上次来电答复不满意"),
}


def _account(phone: str, name: str, id_number: str) -> WorkerAccount:
    """A worker signs in the way the page does (the console sender shows the code) and binds their name."""
    sent = services.request_code(phone=phone, address="192.0.2.10")
    account = services.verify_code(phone=phone, code=sent.shown_code).account
    return services.bind_real_name(account=account, name=name, id_number=id_number)


def _yan_family(street: OrgUnit, worker: User) -> WorkerAccount:
    from django.core.files.uploadedfile import SimpleUploadedFile

    account = _account("13902001218", "严建国", make_id_number("440106", dt.date(1978, 4, 12), 181, "M"))
    members = (
        MemberIn(name="严建国", id_number=account.id_number, employment_status="unemployed", monthly_income_fen=0),
        MemberIn(name="林秀英", id_number=make_id_number("440106", dt.date(1980, 9, 3), 182, "F"),
                 relation="spouse", employment_status="employed", monthly_income_fen=260_000),
        MemberIn(name="严子涵", id_number=make_id_number("440106", dt.date(2009, 5, 20), 183, "F"),
                 relation="child", employment_status="student", has_major_illness=True),
    )
    application = services.submit_hardship_application(account=account, data=services.HardshipApplicationIn(
        street=street, address=f"{street.name.removesuffix('总工会')}某小区 6 栋 301", primary_cause="major_illness",
        members=members, note="女儿患白血病住院治疗，本人失业照顾，家庭靠妻子一人收入。", consent=True),
        photos=[SimpleUploadedFile("住院费用清单.png", DEMO_PHOTO, content_type="image/png")])
    services.accept_application(actor=worker, application=application, expected_version=application.version,
                                staff_phone="020-87000001")
    return account


def _yan_training_and_job(account: WorkerAccount, street: OrgUnit, officer: User) -> None:
    """严先生 asks for training and a job on the phone; the city officer, who reaches the city's home courses and
    the districts' openings, accepts both (the one the demo's catalogue allows; the other waits)."""
    address = f"{street.name.removesuffix('总工会')}某小区 6 栋 301"
    training = services.submit_training_application(account=account, data=services.TrainingApplicationIn(
        street=street, address=address, wish="本人失业，想学电商运营或电工，在家附近上课", free_time="工作日上午",
        consent=True))
    job = services.submit_job_application(account=account, data=services.JobApplicationIn(
        street=street, address=address, wish="离家近、时间灵活的工作（仓管、电商客服）", wage_floor_fen=400_000,
        free_time="工作日 9–15 时", experience="做过八年仓库管理，会用 Excel", consent=True))
    course = queries.home_courses(officer).first()
    if course is not None:
        services.accept_application(actor=officer, application=training, expected_version=training.version,
                                    staff_phone="020-83000012", choice=queries.Placement(course=course))
    opening = queries.open_openings(officer, district=street.region_code[:6]).first()
    services.accept_application(actor=officer, application=job, expected_version=job.version,
                                staff_phone="020-83000012", choice=queries.Placement(opening=opening))


def _songjiang_worker(street: OrgUnit, officer: User) -> WorkerAccount:
    """One of the 48: their name and ID number are those the collective case holds (synthetic, from its demo)."""
    case = LegalCase.objects.filter(collective=True, employer_name=SONGJIANG_EMPLOYER).order_by("pk").first()
    one = case.claimants.order_by("row").first() if case is not None else None
    name, number = ((one.name, one.id_number) if one is not None
                    else ("周海波", make_id_number("310117", dt.date(1986, 2, 14), 191, "M")))
    account = _account("13701881104", name, number)
    application = services.submit_legal_application(account=account, data=services.LegalApplicationIn(
        street=street, employer_name=SONGJIANG_EMPLOYER, dispute_type="wages",
        summary="公司拖欠 2020 年 8 月至 10 月共 3 个月工资，同车间 48 人都未领到。", knew_on=dt.date(2020, 10, 15),
        claimed_fen=one.claimed_fen if one is not None else 1_650_000, migrant_worker=True, household_size=3,
        declared_income_fen=450_000, consent=True))
    if case is not None:
        services.accept_application(actor=officer, application=application, expected_version=application.version,
                                    choice=queries.Placement(case=case))
    return account


def _ticket_stream(rng: random.Random, fake: Faker, desk: OrgUnit, officer: User) -> int:
    """A month of calls; each handled on the days it was, through the ticket services."""
    units = list(OrgUnit.objects.filter(path__startswith=desk.path, level__in=(OrgLevel.COUNTY, OrgLevel.STREET))
                 .exclude(region_code=""))
    now = timezone.now()
    start = now - dt.timedelta(days=30)
    categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    for _ in range(TICKETS):
        received = start + dt.timedelta(minutes=rng.randint(0, 30 * 24 * 60 - 60))
        category = rng.choices(categories, weights)[0]
        ticket = services.record_ticket(actor=officer, desk=desk, received_at=received, data=services.TicketIn(
            caller_name=f"{fake.last_name()}{rng.choice(('先生', '女士'))}", caller_phone=fake.phone_number(),
            region_code=rng.choice(units).region_code, category=category, summary=rng.choice(SUMMARIES[category]),
            urgency=Urgency.URGENT if rng.random() < 0.08 else Urgency.NORMAL,
            complexity=Complexity.COMPLEX if category in (TicketCategory.LEGAL, TicketCategory.ASSISTANCE)
            and rng.random() < 0.4 else Complexity.SIMPLE))
        _handle(rng, ticket, officer, now)
    return services.escalate_overdue()


def _handle(rng: random.Random, ticket: Ticket, officer: User, now: dt.datetime) -> None:
    """Most tickets are contacted within hours, answered within days and closed; some wait; a few run late."""
    fate = rng.random()
    if fate < 0.04:
        return  # never contacted: overdue once its contact day has passed
    contacted = ticket.received_at + dt.timedelta(hours=rng.uniform(0.5, 30))
    if contacted >= now:
        return
    services.contact_ticket(actor=officer, ticket=ticket, expected_version=ticket.version, at=contacted)
    answered = contacted + dt.timedelta(days=rng.uniform(0.2, 9 if fate < 0.15 else 4))
    if fate < 0.10 or answered >= now:
        return
    services.answer_ticket(actor=officer, ticket=ticket, expected_version=ticket.version, at=answered,
                           answer="已电话答复来电人，告知办理渠道和所需材料，并转相关部门跟进。")
    closed = answered + dt.timedelta(days=rng.uniform(0.5, 3))
    if closed >= now:
        return
    services.close_ticket(actor=officer, ticket=ticket, expected_version=ticket.version, at=closed,
                          satisfaction=rng.choices((5, 4, 3, 2), (70, 20, 7, 3))[0], callback_note="已回访")


def seed(context: DemoContext) -> None:
    if WorkerAccount.objects.exists():
        return
    orgs, users = context.made["orgs"], context.made["users"]
    rng, fake = random.Random(context.seed + 21), Faker("zh_CN")
    fake.seed_instance(context.seed + 21)
    yan = _yan_family(orgs["tianhe_street"], users["th_worker"])
    _yan_training_and_job(yan, orgs["tianhe_street"], users["gz_officer"])
    _songjiang_worker(orgs["songjiang_street"], users["sj_officer"])
    _ticket_stream(rng, fake, orgs["guangzhou"], users["gz_officer"])
