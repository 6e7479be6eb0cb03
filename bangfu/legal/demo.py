"""Demo legal aid for Songjiang, reproducing the seed's four years (Workers' Daily, 2020-12-18):

- the district centre, the sub-centre at the labour arbitration court, and 19 stations — one for each of the
  18 街镇 the seed counts and one for the 经开区. The division data lists 17 街镇 and 3 development zones:
  佘山度假区 is counted among the seed's 18 街镇, and the 经开区 station belongs to 松江工业区 and also
  serves 上海松江出口加工区 (both lie in the 松江经济技术开发区), so every unit of the data has its station;
- 4 contracted law firms with 50 volunteer lawyers (`sj_lawyer` is one of them);
- 24,556 cases taken in from 2016-12-01 to 2020-11-30: 18,666 协商调解, 678 律师代理诉讼仲裁, 5,047 咨询,
  165 代写法律文书, recovering 38,257 万元 in all. One of them is the seed's collective case: 48 workers owed
  three months' wages, each with their own plan, settled — it goes through every step of the workflow
  (intake by `sj_officer`, review and assignment by `sj_legal_reviewer`, handling and closing by `sj_lawyer`).
  The other 24,555 are recorded closed, in bulk, through `record_closed_cases`.

Every figure comes from these records (the report sums them); nothing here is a total. Idempotent: nothing is
added when Songjiang already has a legal aid station.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.models import Group
from faker import Faker

from bangfu.accounts.divisions import children_of
from bangfu.accounts.models import OrgUnit, User
from bangfu.core.seeding import DemoContext
from bangfu.legal import services
from bangfu.legal.models import (
    Channel,
    DisputeType,
    Lawyer,
    LegalAidStation,
    Outcome,
    ServiceType,
    StationKind,
)
from bangfu.legal.services import ClaimantIn, PastCase
from bangfu.people.idgen import make_id_number

PERIOD = (dt.date(2016, 12, 1), dt.date(2020, 11, 30))
SEED_CASES = {
    ServiceType.MEDIATION: 18_666,
    ServiceType.REPRESENTATION: 678,
    ServiceType.CONSULTATION: 5_047,
    ServiceType.DOCUMENTS: 165,
}
SEED_RECOVERED_FEN = 38_257 * 1_000_000  # 38,257 万元
COLLECTIVE_WORKERS = 48
PARTNER = "松江区人力资源和社会保障局"
ZONE_STATION = "松江经济技术开发区职工法律援助工作站"
ZONE_OWNER, ZONE_ALSO = "310117501", "310117507"  # 松江工业区 owns it; 出口加工区 is served too
FIRMS = ("上海申松律师事务所", "上海云间律师事务所", "上海茸城律师事务所", "上海泖湖律师事务所")
LAWYERS = 50
REVIEWER = ("sj_legal_reviewer", "松江区法律援助审查员")
HOME_COUNTIES = ("310117", "340823", "411522", "510922", "430524", "362321", "320721", "420116")
EMPLOYER_WORDS = ("精密机械", "电子科技", "服装", "物流", "食品", "建筑工程", "汽车配件", "包装材料", "物业管理",
                  "餐饮")

# How each service is delivered: where (weights for centre, sub-centre, town stations), by what means,
# its disputes, its outcomes and how many days it takes to close.
DISPUTES = {
    ServiceType.MEDIATION: (DisputeType.WAGES,) * 6 + (DisputeType.CONTRACT,) * 3 + (DisputeType.INSURANCE,) * 2
    + (DisputeType.INJURY,) * 2 + (DisputeType.OTHER,),
    ServiceType.REPRESENTATION: (DisputeType.WAGES,) * 3 + (DisputeType.INJURY,) * 3 + (DisputeType.CONTRACT,) * 2
    + (DisputeType.INSURANCE,),
    ServiceType.CONSULTATION: tuple(DisputeType.values),
    ServiceType.DOCUMENTS: (DisputeType.WAGES, DisputeType.INJURY, DisputeType.CONTRACT),
}
OUTCOMES = {
    ServiceType.MEDIATION: (Outcome.MEDIATED,) * 5 + (Outcome.SETTLED,) * 3 + (Outcome.WITHDRAWN,),
    ServiceType.REPRESENTATION: (Outcome.AWARD,) * 4 + (Outcome.JUDGMENT,) * 2 + (Outcome.SETTLED,) * 2
    + (Outcome.MEDIATED,),
    ServiceType.CONSULTATION: (Outcome.SERVED,),
    ServiceType.DOCUMENTS: (Outcome.SERVED,),
}
DAYS = {ServiceType.MEDIATION: (2, 45), ServiceType.REPRESENTATION: (30, 200), ServiceType.CONSULTATION: (0, 0),
        ServiceType.DOCUMENTS: (1, 7)}
WHERE = {ServiceType.MEDIATION: (1, 2, 12), ServiceType.REPRESENTATION: (6, 4, 0),
         ServiceType.CONSULTATION: (3, 2, 5), ServiceType.DOCUMENTS: (1, 0, 0)}
RECOVERS = (ServiceType.MEDIATION, ServiceType.REPRESENTATION)


def _stations(songjiang: OrgUnit, actor: Any) -> tuple[LegalAidStation, LegalAidStation, list[LegalAidStation]]:
    centre = services.create_station(actor=actor, org=songjiang, name="松江区职工法律援助中心",
                                     kind=StationKind.CENTRE, partner_department=PARTNER)
    subcentre = services.create_station(actor=actor, org=songjiang, name="松江区劳动人事争议仲裁院工作分中心",
                                        kind=StationKind.SUBCENTRE, partner_department=PARTNER)
    units = {unit.code: unit for unit in OrgUnit.objects.filter(parent=songjiang)}
    towns = []
    for place in children_of(songjiang.code):
        if place.code == ZONE_ALSO:
            continue
        unit = units[place.code]
        if place.code == ZONE_OWNER:
            towns.append(services.create_station(actor=actor, org=unit, name=ZONE_STATION, partner_department=PARTNER,
                                                 served_units=[units[ZONE_ALSO]]))
        else:
            towns.append(services.create_station(actor=actor, org=unit, name=f"{place.name}职工法律援助工作站",
                                                 partner_department=PARTNER))
    return centre, subcentre, towns


def _lawyers(rng: random.Random, fake: Faker, songjiang: OrgUnit, actor: Any,
             lawyer_user: User | None) -> list[Lawyer]:
    firms = [services.create_firm(actor=actor, org=songjiang, name=name, contract_start=dt.date(2016, 11, 1),
                                  contract_end=dt.date(2026, 10, 31)) for name in FIRMS]
    made = []
    for number in range(LAWYERS):
        specialities = rng.sample(DisputeType.values[:4], k=rng.randint(1, 3))
        made.append(services.create_lawyer(
            actor=actor, org=songjiang, firm=firms[number % len(firms)], name=fake.name(),
            licence_no=f"1310{rng.randint(10**12, 10**13 - 1)}", specialities=specialities,
            user=lawyer_user if number == 0 else None))
    return made


def _claimant(rng: random.Random, fake: Faker, sequence: int, claimed_fen: int) -> ClaimantIn:
    """A worker of the seed's collective case: a synthetic name and a valid synthetic ID number."""
    birth = dt.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
    sex = rng.choice("MF")
    name = fake.name_male() if sex == "M" else fake.name_female()
    county = rng.choice(HOME_COUNTIES)
    return ClaimantIn(name=name, id_number=make_id_number(county, birth, sequence, sex),
                      migrant_worker=county != "310117", claimed_fen=claimed_fen)


def _past_claimant(rng: random.Random, names: list[str], claimed_fen: int) -> ClaimantIn:
    """A worker of a past case as the stations' yearly ledgers keep them: name, origin, claim — no ID number."""
    return ClaimantIn(name=rng.choice(names), migrant_worker=rng.random() < 0.7, claimed_fen=claimed_fen)


def _split(rng: random.Random, total_fen: int, parts: int) -> list[int]:
    """`parts` amounts in whole 元 with a long tail, summing to `total_fen` exactly (the last takes the rest)."""
    weights = [rng.lognormvariate(0, 0.9) for _ in range(parts)]
    scale = total_fen / sum(weights)
    amounts = [int(w * scale) // 100 * 100 for w in weights[:-1]]
    return [*amounts, total_fen - sum(amounts)]


Stations = tuple[LegalAidStation, LegalAidStation, list[LegalAidStation]]


def _history(rng: random.Random, fake: Faker, stations: Stations,
             lawyers: list[Lawyer], recovered_fen: int, skip: dict[str, int]) -> list[PastCase]:
    centre, subcentre, towns = stations
    span = (PERIOD[1] - PERIOD[0]).days
    plan = [(service, count - skip.get(service, 0)) for service, count in SEED_CASES.items()]
    recovering = sum(count for service, count in plan if service in RECOVERS)
    amounts = iter(_split(rng, recovered_fen, recovering))
    names = [fake.name() for _ in range(3000)]
    cases = []
    for service, count in plan:
        for _ in range(count):
            where = rng.choices(("centre", "subcentre", "town"), weights=WHERE[service])[0]
            station = centre if where == "centre" else subcentre if where == "subcentre" else rng.choice(towns)
            intake = PERIOD[0] + dt.timedelta(days=rng.randint(0, span))
            closed = min(intake + dt.timedelta(days=rng.randint(*DAYS[service])), PERIOD[1] + dt.timedelta(days=17))
            recovered = next(amounts) if service in RECOVERS else 0
            size = rng.choice((1,) * 30 + (2, 3, 5)) if service == ServiceType.MEDIATION else 1
            shares = _split(rng, recovered, size) if size > 1 else [recovered]
            claimants = [_past_claimant(rng, names, share + share // 5 // 100 * 100) for share in shares]
            cases.append(PastCase(
                station=station, intake_date=intake, closed_on=closed, employer_name=_employer(rng),
                dispute_type=rng.choice(DISPUTES[service]), service_type=service,
                outcome=rng.choice(OUTCOMES[service]), claimants=claimants, recovered_fen=shares,
                lawyer=rng.choice(lawyers) if service == ServiceType.REPRESENTATION else None,
                channel=Channel.ARBITRATION if where == "subcentre" else rng.choice((Channel.WALK_IN, Channel.PHONE)),
                knew_on=intake - dt.timedelta(days=rng.randint(3, 200)),
            ))
    return cases


def _employer(rng: random.Random) -> str:
    return f"上海{rng.choice('松茸泖云佘泗车洞')}{rng.choice('华泰鑫盛达兴')}{rng.choice(EMPLOYER_WORDS)}有限公司"


def _collective_case(rng: random.Random, fake: Faker, subcentre: LegalAidStation, officer: User, reviewer: User,
                     lawyer: Lawyer) -> int:
    """The seed's case, step by step: 48 workers owed three months' wages, each with a plan; settled."""
    wages = [rng.randint(45, 75) * 10_000 for _ in range(COLLECTIVE_WORKERS)]  # monthly wage, fen
    claimants = [_claimant(rng, fake, 900_000 + row, 3 * wage) for row, wage in enumerate(wages)]
    case = services.intake_case(
        actor=officer, station=subcentre, intake_date=dt.date(2020, 11, 9), channel=Channel.ARBITRATION,
        employer_name="上海茸华精密机械有限公司", dispute_type=DisputeType.WAGES, service_type=ServiceType.MEDIATION,
        knew_on=dt.date(2020, 10, 15), claimants=claimants,
        summary="48名职工被拖欠2020年8月至10月共3个月工资，集体到区劳动人事争议仲裁院求助。",
    )
    services.review_case(actor=reviewer, case=case, expected_version=case.version, on=dt.date(2020, 11, 10))
    services.assign_case(actor=reviewer, case=case, lawyer=lawyer, expected_version=case.version,
                         on=dt.date(2020, 11, 10))
    services.start_case(actor=lawyer.user, case=case, expected_version=case.version, on=dt.date(2020, 11, 11))
    for claimant in case.claimants.order_by("row"):
        owed = claimant.claimed_fen
        plan = "一次性足额支付拖欠的3个月工资" if claimant.row % 3 else "分两期支付拖欠工资，首期于签订和解协议当日支付"
        services.record_claimant(actor=lawyer.user, claimant=claimant, expected_version=claimant.version, plan=plan,
                                 result=Outcome.SETTLED, recovered_fen=owed, settled_on=dt.date(2020, 12, 4))
    case.refresh_from_db()
    services.close_case(actor=lawyer.user, case=case, outcome=Outcome.SETTLED, expected_version=case.version,
                        on=dt.date(2020, 12, 4),
                        closing_report="经多轮协商，劳资双方达成和解协议，48名职工被拖欠的工资全部按方案兑现。")
    return case.recovered_fen


def _reviewer(context: DemoContext, songjiang: OrgUnit) -> User:
    username, display_name = REVIEWER
    user = User.objects.filter(username=username).first() or User.objects.create_user(username=username,
                                                                                        password=context.password)
    user.display_name, user.org, user.must_change_password = display_name, songjiang, False
    user.set_password(context.password)
    user.save()
    user.groups.set(Group.objects.filter(role_profile__key="district_officer"))
    return user


def seed(context: DemoContext) -> None:
    songjiang = context.made["orgs"]["songjiang"]
    if LegalAidStation.objects.filter(org__path__startswith=songjiang.path).exists():
        return
    users = context.made["users"]
    officer, lawyer_user = users["sj_officer"], users["sj_lawyer"]
    reviewer = _reviewer(context, songjiang)
    rng, fake = random.Random(context.seed + 15), Faker("zh_CN")
    fake.seed_instance(context.seed + 15)
    stations = _stations(songjiang, officer)
    lawyers = _lawyers(rng, fake, songjiang, officer, lawyer_user)
    recovered = _collective_case(rng, fake, stations[1], officer, reviewer, lawyers[0])
    history = _history(rng, fake, stations, lawyers, SEED_RECOVERED_FEN - recovered, {ServiceType.MEDIATION: 1})
    services.record_closed_cases(actor=officer, cases=history, today=dt.date(2020, 12, 17))
