"""Beijing for the 2021 holiday campaign (送温暖): 200 families in file and 300 workers of the other groups.

The campaign's eight target groups (Workers' Daily, 2020-12-18) need people to select; docs/register.md
lists which Person fields and `job_tags` each group can read:

1. 建档困难职工 — files in file (formal / temporary / returned);
2. 生活临时困难 — the 40 temporary files (causes: unemployment, illness, schooling, accident), tag 临时困难;
3. 工伤职业病致残、因公牺牲家属 — work_injury_disabled / occupational_disease; households with a member died_on_duty;
4. 全国或省部级劳模、先进工作者 — honours national_model, provincial_model, national_advanced, provincial_advanced;
5. 重大任务中涌现的先进模范 — honours major_task_model, tags 抗击新冠肺炎疫情 / 冬奥场馆建设 / 城市副中心建设;
6. 艰苦行业一线 — tags 艰苦行业 and 一线, industry 建筑 / 采矿 / 地质勘探;
7. 节日坚守一线 — industry and tag 环卫 / 快递 / 供电 / 供热 / 交通运输, tag 节日坚守; many rural hukou (农民工);
8. 派驻挂职 — tag 派驻挂职.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.people.demodata.families import plan_family
from bangfu.people.demodata.writer import FamilyPlan, MemberPlan, PeopleMaker
from bangfu.people.extensions import record_titles
from bangfu.people.models import Cause, EmploymentStatus, FileStatus, HukouType, Person, Relation

FILES = 200
TEMPORARY = 40
MIXES: tuple[frozenset[str], ...] = (frozenset("L"), frozenset("I"), frozenset("S"), frozenset("D"), frozenset("Z"),
                                     frozenset("LS"), frozenset("IS"), frozenset("ZDI"), frozenset("LDSI"))
# (group key, how many, the Person fields that put them in it)
WORKER_GROUPS: tuple[tuple[str, int], ...] = (
    ("work_injury", 30), ("occupational_disease", 15), ("model_worker", 60), ("major_task", 40),
    ("hard_industry", 50), ("holiday_duty", 60), ("seconded", 25),
)
DIED_ON_DUTY_FAMILIES = 10
MAJOR_TASKS = ("抗击新冠肺炎疫情", "冬奥场馆建设", "城市副中心建设")
HARD_INDUSTRIES = ("建筑", "采矿", "地质勘探")
HOLIDAY_INDUSTRIES = ("环卫", "快递", "供电", "供热", "交通运输")
# title codes of the honours register (bangfu.honours.titles_seed), recorded there through people.extensions
MODEL_HONOURS = ("national_model", "provincial_model", "national_advanced", "provincial_advanced")
MAJOR_TASK_MODEL = "major_task_model"
HONOURS_YEAR = 2015  # the year the demo's model workers were honoured (before the 2021 campaign)


def districts(beijing: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(parent=beijing, level=OrgLevel.COUNTY).order_by("code"))


def plan_files(maker: PeopleMaker, orgs: dict[str, OrgUnit], users: dict[str, Any],
               minimum_fen: int) -> list[FamilyPlan]:
    rng = maker.rng
    today = timezone.localdate()
    units = districts(orgs["beijing"])
    plans = []
    for i in range(FILES):
        unit = orgs["dongcheng"] if i % 8 == 0 else rng.choice(units)
        temporary = i < TEMPORARY
        causes = frozenset(rng.choice("LIS")) if temporary else rng.choice(MIXES)
        plan = plan_family(maker, unit, unit.name.removesuffix("总工会"), causes, minimum_fen,
                           status=FileStatus.TEMPORARY if temporary else FileStatus.FORMAL,
                           filed_on=today - dt.timedelta(days=rng.randrange(30, 1200) if not temporary
                                                         else rng.randrange(10, 200)),
                           assessed_on=today - dt.timedelta(days=rng.randrange(0, 300)),
                           approved_by=users.get("dc_officer") if unit.pk == orgs["dongcheng"].pk else None)
        if temporary:
            plan.members[0].person["job_tags"] = ["临时困难"]
            if i % 10 == 0:
                plan.secondaries = [*plan.secondaries, Cause.ACCIDENT][:3]
                plan.incident_on = today - dt.timedelta(days=rng.randrange(10, 150))
        plans.append(plan)
    return plans


def _worker_fields(group: str, rng: Any) -> dict[str, Any]:
    if group == "work_injury":
        return {"work_injury_disabled": True, "disability_type": "肢体", "disability_grade": rng.randrange(5, 11),
                "industry": rng.choice(HARD_INDUSTRIES)}
    if group == "occupational_disease":
        return {"occupational_disease": True, "industry": rng.choice(("采矿", "化工", "建筑"))}
    if group == "model_worker":
        return {"honours": [rng.choice(MODEL_HONOURS)], "industry": rng.choice(("制造", "供电", "交通运输", "教育"))}
    if group == "major_task":
        return {"honours": [MAJOR_TASK_MODEL], "job_tags": [rng.choice(MAJOR_TASKS)],
                "industry": rng.choice(("医疗卫生", "建筑", "社区服务"))}
    if group == "hard_industry":
        industry = rng.choice(HARD_INDUSTRIES)
        return {"industry": industry, "job_tags": ["艰苦行业", "一线", industry]}
    if group == "holiday_duty":
        industry = rng.choice(HOLIDAY_INDUSTRIES)
        return {"industry": industry, "job_tags": [industry, "节日坚守"],
                "hukou_type": HukouType.RURAL if rng.random() < 0.6 else HukouType.URBAN}
    return {"job_tags": ["派驻挂职"], "industry": rng.choice(("机关", "国有企业", "事业单位"))}


def make_workers(maker: PeopleMaker, orgs: dict[str, OrgUnit]) -> list[Person]:
    """Workers without a file, each in one of the campaign's groups 3–8 (the people only; no household)."""
    rng = maker.rng
    units = districts(orgs["beijing"])
    people: list[Person] = []
    titles: list[list[str]] = []
    for group, count in WORKER_GROUPS:
        for _ in range(count):
            sex = rng.choice("MF")
            fields: dict[str, Any] = {"hukou_type": HukouType.URBAN, "employer_name": maker.fake.company(),
                                      "is_union_member": rng.random() < 0.9} | _worker_fields(group, rng)
            titles.append(fields.pop("honours", []))  # held in the honours register, not on the person
            plan = MemberPlan(maker.name(sex), Relation.SELF, sex, maker.birth(1965, 1995), EmploymentStatus.EMPLOYED,
                              person=fields)
            unit = rng.choice(units)
            people.append(maker.person(plan, unit, unit.region_code[:6]))
    Person.objects.bulk_create(people, batch_size=500)
    record_titles(holdings={person.pk: codes for person, codes in zip(people, titles, strict=True) if codes},
                  year=HONOURS_YEAR)
    return people


def plan_died_on_duty(maker: PeopleMaker, orgs: dict[str, OrgUnit]) -> list[FamilyPlan]:
    """Families of workers who died on duty (因公牺牲): the survivor heads the household; no hardship file."""
    rng = maker.rng
    units = districts(orgs["beijing"])
    plans = []
    for _ in range(DIED_ON_DUTY_FAMILIES):
        sex = rng.choice("MF")
        birth = maker.birth(1965, 1988)
        survivor = MemberPlan(maker.name(sex), Relation.SELF, sex, birth, EmploymentStatus.EMPLOYED, 400_000)
        deceased_sex = "M" if sex == "F" else "F"
        deceased = MemberPlan(maker.name(deceased_sex), Relation.SPOUSE, deceased_sex, birth, EmploymentStatus.UNABLE,
                              person={"died_on_duty": True, "industry": rng.choice(("消防", "公安", "医疗卫生"))})
        unit = rng.choice(units)
        plans.append(FamilyPlan(org=unit, members=[survivor, deceased], with_file=False,
                                address=f"{unit.name.removesuffix('总工会')}某小区{rng.randrange(1, 30)}号楼"))
    return plans
