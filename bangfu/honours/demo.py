"""Demo: the seed's three reports on model workers and skilled talent, made through the same services as real use.

- Haikou (`hk_officer`): the 4 national model workers and advanced workers of 2020 (刘文民、陆受伦、龚银州、
  陈清琪 — the seed's public figures, recorded by name, without ID numbers), and one synthetic model worker's
  health check proposed by `hk_officer` and approved and paid through the ledger by `hk_approver`.
- Rizhao (`rz_officer`): a 宣讲团 of 32 synthetic model workers and craftsmen; the first talk at 东港实验学校
  (held, with audience and report) and 110 talk requests for the season, booked by the CP-SAT planner (100-plus).
- Yucheng (`yc_officer`): 635 企业技术之星 over 7 years, 8 editions of the vocational skills competition with 416
  leading talents in 电工、电焊工、数控车床、烹饪, 126 金蓝领技师, 10 齐鲁首席技师, 1 山东省突出贡献技师,
  4 山东省技术能手, 1 齐鲁技能大师特色工作站 and 5 德州市技师工作站.

Every other person is synthetic (Faker zh_CN, valid but invented ID numbers). Idempotent: nothing is added when
the three units already have honours.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from faker import Faker

from bangfu.accounts.models import OrgUnit, User
from bangfu.assistance.models import ProgramKind
from bangfu.assistance.services import ledger, programs
from bangfu.core.seeding import DemoContext
from bangfu.honours.models import Honour, HonourTitle, TeamMember
from bangfu.honours.services import care, competitions, honours, talks, workstations
from bangfu.honours.services.titles import ensure_standard_titles
from bangfu.people.demodata.writer import PeopleMaker
from bangfu.people.models import Person
from bangfu.people.services.inputs import PersonInput
from bangfu.people.services.persons import create_person

HAIKOU_2020 = (("刘文民", "national_model"), ("陆受伦", "national_model"), ("龚银州", "national_advanced"),
               ("陈清琪", "national_advanced"))
TECH_STARS_BY_YEAR = {2014: 80, 2015: 85, 2016: 88, 2017: 92, 2018: 95, 2019: 97, 2020: 98}  # 635 in 7 years
TRADES = (("电工", "电工"), ("电焊工", "焊接"), ("数控车床", "数控车床操作"), ("烹饪", "中式烹调"))
WINNERS_PER_TRADE = 13  # × 4 trades × 8 editions = 416 leading talents (400 多名)
GOLDEN_BY_YEAR = {2014: 18, 2015: 18, 2016: 18, 2017: 18, 2018: 18, 2019: 18, 2020: 18}  # 126 金蓝领
PROVINCIAL = (("qilu_chief_technician", 10), ("shandong_outstanding_technician", 1), ("shandong_technical_expert", 4))
RIZHAO_DISTRICTS = ("东港区", "岚山区", "五莲县", "莒县")
TEAM_SIZE = 32  # 30 余人
REQUESTS = 110
SEASON = (dt.date(2020, 12, 1), dt.date(2021, 2, 26))
VENUES = ("enterprise", "workshop", "school", "community")


class _People:
    """Synthetic people registered through the people service, in one unit."""

    def __init__(self, context: DemoContext, officer: User, unit: OrgUnit, region6: str, employers: list[str]):
        fake = Faker("zh_CN")
        fake.seed_instance(context.seed + len(region6) + int(region6[-2:]))
        self.maker = PeopleMaker(random.Random(f"{context.seed}-{region6}"), fake)
        self.officer, self.unit, self.region6, self.employers = officer, unit, region6, employers

    def new(self, born: tuple[int, int] = (1965, 1995)) -> Person:
        sex = self.maker.rng.choice("MMF")
        birth = self.maker.birth(*born)
        return create_person(actor=self.officer, org=self.unit, data=PersonInput(
            name=self.maker.name(sex), id_number=self.maker.id_number(self.region6, birth, sex),
            employer_name=self.maker.rng.choice(self.employers)))


def _grant(officer: User, person: Person, code: str, year: int, number: str = "") -> Honour:
    return honours.grant_honour(actor=officer, data=honours.HonourInput(
        title=HonourTitle.objects.get(code=code), year=year, person=person, certificate_number=number))


def _haikou(context: DemoContext, officer: User, approver: User, haikou: OrgUnit) -> None:
    for name, code in HAIKOU_2020:
        honours.grant_honour(actor=officer, data=honours.HonourInput(
            title=HonourTitle.objects.get(code=code), year=2020, holder_name=name, org=haikou,
            awarding_document="2020年全国劳动模范和先进工作者表彰大会"))
    worker = _People(context, officer, haikou, "460106", ["海口港集团", "海口市公交集团"]).new((1988, 1994))
    _grant(officer, worker, "provincial_model", 2015)
    program = programs.create_program(actor=officer, org=haikou, name="劳模服务", kind=ProgramKind.OTHER,
                                      starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 12, 31))
    fund = ledger.create_fund(actor=officer, program=program, name="劳模服务资金", budget_fen=20_000_000,
                              key="demo-haikou-model-worker-fund")
    check = care.propose_care(actor=officer, data=care.CareInput(person=worker, kind="health_check", year=2020,
                                                                 amount_fen=120_000, fund=fund))
    care.approve_care(actor=approver, care=check, version=check.version)


def _rizhao(context: DemoContext, officer: User, rizhao: OrgUnit) -> None:
    people = _People(context, officer, rizhao, "371102", ["日照港集团", "日照钢铁", "东港区实验学校", "莒县供电公司"])
    rng = people.maker.rng
    team = talks.create_team(actor=officer, org=rizhao, name="日照市劳模工匠宣讲团", founded_on=dt.date(2020, 11, 20),
                             theme="劳动创造幸福")
    members: list[TeamMember] = []
    for index in range(TEAM_SIZE):
        person = people.new((1960, 1990))
        _grant(officer, person, ("city_model", "provincial_model", "craftsman")[index % 3], rng.randint(2005, 2020))
        reach = rng.sample(RIZHAO_DISTRICTS, rng.randint(2, 3))
        members.append(talks.add_member(actor=officer, team=team, person=person, max_talks=rng.choice((4, 4, 5)),
                                        districts=reach))
    first = talks.book_talk(actor=officer, team=team, data=talks.TalkInput(
        held_on=dt.date(2020, 12, 14), venue_kind="school", host_unit="东港实验学校", district="东港区",
        speakers=[m for m in members if "东港区" in m.districts][:3]))
    talks.record_talk(actor=officer, talk=first, version=first.version, audience=600,
                      report="“劳动创造幸福”劳模工匠进学校宣讲活动，劳模工匠讲述成长成才的奋斗经历。")
    start, end = SEASON
    for index in range(REQUESTS):
        earliest = start + dt.timedelta(days=rng.randrange(0, 75))
        talks.add_request(actor=officer, team=team, data=talks.RequestInput(
            host_unit=f"{rng.choice(RIZHAO_DISTRICTS)}{('企业', '车间', '学校', '社区')[index % 4]}{index + 1:03d}",
            venue_kind=VENUES[index % 4], district=rng.choice(RIZHAO_DISTRICTS), earliest=earliest,
            latest=min(end, earliest + dt.timedelta(days=14)), expected_audience=rng.randint(50, 500)))
    talks.plan_season(actor=officer, team=team, start=start, end=end, seconds=10)


def _yucheng(context: DemoContext, officer: User, yucheng: OrgUnit) -> None:
    people = _People(context, officer, yucheng, "371482", ["禹城某机械公司", "禹城某生物科技公司", "禹城某化工公司",
                                                         "禹城某食品公司", "禹城某纺织公司"])
    rng = people.maker.rng
    for year, count in TECH_STARS_BY_YEAR.items():
        for _index in range(count):
            _grant(officer, people.new(), "enterprise_tech_star", year)
    for edition, year in enumerate(range(2013, 2021), start=1):
        competition = competitions.create_competition(actor=officer, org=yucheng, data=competitions.CompetitionInput(
            name="禹城市职业技能大赛", edition=edition, organiser="禹城市总工会、禹城市人力资源和社会保障局",
            held_on=dt.date(year, 9, 20), trades=list(TRADES)))
        leader = HonourTitle.objects.get(code="competition_leader")
        for trade in competition.trades.order_by("pk"):
            for rank in range(1, WINNERS_PER_TRADE + 1):
                entry = competitions.enter(actor=officer, competition=competition, trade=trade, person=people.new())
                competitions.record_result(actor=officer, entry=entry, version=entry.version,
                                           data=competitions.ResultInput(
                                               rank=rank, title_won=leader,
                                               certificate=f"禹城市第{edition}届职业技能大赛{trade.name}获奖证书"))
    golden: list[Person] = []
    for year, count in GOLDEN_BY_YEAR.items():
        for _index in range(count):
            person = people.new((1970, 1992))
            _grant(officer, person, "golden_blue_collar", year)
            golden.append(person)
    rng.shuffle(golden)
    holders = iter(golden)
    chiefs: list[Person] = []
    for code, count in PROVINCIAL:
        for _index in range(count):
            person = next(holders)
            _grant(officer, person, code, rng.randint(2015, 2020))
            if code == "qilu_chief_technician":
                chiefs.append(person)
    stations = [("齐鲁技能大师特色工作站（数控加工）", "master", "provincial")] + [
        (f"德州市技师工作站（{trade}）", "technician", "city") for trade in ("电工", "焊接", "数控", "化工", "食品")]
    for (name, kind, level), master in zip(stations, chiefs, strict=False):
        station = workstations.create_workstation(actor=officer, org=yucheng, data=workstations.WorkstationInput(
            name=name, kind=kind, level=level, host_employer=master.employer_name or "禹城某机械公司", master=master,
            founded_on=dt.date(2017, 6, 1)))
        for year in (2018, 2019, 2020):
            workstations.record_year(actor=officer, station=station, year=year, patents=rng.randint(0, 4),
                                     apprentices=rng.randint(4, 15))


def seed(context: DemoContext) -> None:
    orgs: dict[str, OrgUnit] = context.made["orgs"]
    users: dict[str, User] = context.made["users"]
    units = [orgs["haikou"], orgs["rizhao"], orgs["yucheng"]]
    ensure_standard_titles()
    if Honour.objects.filter(org__in=units).exists():
        return
    with transaction.atomic():
        _haikou(context, users["hk_officer"], users["hk_approver"], orgs["haikou"])
    with transaction.atomic():
        _rizhao(context, users["rz_officer"], orgs["rizhao"])
    with transaction.atomic():
        _yucheng(context, users["yc_officer"], orgs["yucheng"])

