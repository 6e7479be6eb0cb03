"""A family whose members agree with its causes: the five seed causes decide who works, who is ill …

Seed causes (the Guangzhou report's five): L 下岗失业, D 残疾或精神疾病, S 子女上学, I 重大疾病,
Z 零劳动力. From a set of them we build the members so that the stored facts say the same thing:

- L: a member is unemployed (失业) — the head, or the spouse when the head is ill;
- D: a member has a disability or mental illness — a parent (or, in a zero-labour family, the spouse/head);
- S: a child is at school (student);
- I: the head (the worker himself or herself) has a major illness and cannot work;
- Z: nobody is in the labour force (everyone unable to work, retired, a child or a student).

Z and L exclude each other (an unemployed member is in the labour force). The file's national causes
follow: I → 患重特大疾病, Z or D → 无劳动能力, L → 下岗失业, S → 子女上学.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bangfu.people.demodata.writer import FamilyPlan, MemberPlan, PeopleMaker
from bangfu.people.models import Cause, EmploymentStatus, Relation

E = EmploymentStatus
ROADS = ("中山", "解放", "人民", "建设", "东风", "环市", "花城", "员村", "石牌", "龙口", "五羊", "江南", "工业", "沙河",
         "新港", "昌岗", "广园", "黄石", "同和", "京溪", "长兴", "车陂", "棠下", "岑村", "龙洞", "华景", "天润")
ROAD_KINDS = ("路", "大道", "大街", "街", "西路", "东路", "北路", "南路")
EXTRA_CAUSES = (Cause.NO_SOCIAL_INSURANCE, Cause.INSURANCE_NOT_PAID, Cause.ABLE_NOT_EMPLOYED)


def national_causes(seed_causes: Iterable[str]) -> list[str]:
    """Primary first: I, then Z/D, then L, then S."""
    causes = set(seed_causes)
    ordered = []
    if "I" in causes:
        ordered.append(Cause.MAJOR_ILLNESS)
    if causes & {"Z", "D"}:
        ordered.append(Cause.NO_WORK_CAPACITY)
    if "L" in causes:
        ordered.append(Cause.LAID_OFF)
    if "S" in causes:
        ordered.append(Cause.CHILD_SCHOOLING)
    return [str(cause) for cause in ordered]


def address(maker: PeopleMaker, district: str) -> str:
    rng = maker.rng
    return (f"{district}{rng.choice(ROADS)}{rng.choice(ROAD_KINDS)}{rng.randrange(1, 400)}号"
            f"{rng.randrange(1, 30)}栋{rng.randrange(1, 30)}{rng.randrange(1, 9):02d}室")


def _deep_candidate(causes: set[str]) -> bool:
    return bool(causes & {"Z", "I", "D"})


def _income_per_head(maker: PeopleMaker, causes: set[str], minimum_fen: int) -> int:
    """Within 1.5× the local minimum (every demo family has a tier); at or under it when a flag may make it deep."""
    rng = maker.rng
    if _deep_candidate(causes) and rng.random() < 0.8:
        return rng.randrange(int(minimum_fen * 0.4), minimum_fen, 100)
    return rng.randrange(int(minimum_fen * 0.65), int(minimum_fen * 1.49), 100)


def members_for(maker: PeopleMaker, seed_causes: Iterable[str], minimum_fen: int) -> list[MemberPlan]:
    causes = set(seed_causes)
    rng = maker.rng
    zero, laid_off, ill = "Z" in causes, "L" in causes, "I" in causes
    head_sex = rng.choice("MF")
    surname = maker.fake.last_name()
    head_birth = maker.birth(1960, 1988)
    if zero or ill:
        head_job = E.RETIRED if zero and head_birth.year < 1963 else E.UNABLE
    else:
        head_job = E.UNEMPLOYED if laid_off else E.EMPLOYED
    head = MemberPlan(maker.name(head_sex, surname), Relation.SELF, head_sex, head_birth, head_job, illness=ill)
    members = [head]
    needs_spouse = ill and not zero  # someone must be in the labour force
    if needs_spouse or rng.random() < 0.7:
        spouse_sex = "F" if head_sex == "M" else "M"
        if zero:
            spouse_job = rng.choice((E.UNABLE, E.RETIRED))
        elif ill:
            spouse_job = E.UNEMPLOYED if laid_off else E.EMPLOYED
        else:
            spouse_job = E.EMPLOYED if rng.random() < 0.8 else E.UNABLE
        spouse_birth = head_birth + dt.timedelta(days=rng.randrange(-1500, 1500))
        members.append(MemberPlan(maker.name(spouse_sex), Relation.SPOUSE, spouse_sex, spouse_birth, spouse_job))
    if "S" in causes:
        for i in range(rng.choice((1, 1, 2))):
            sex = rng.choice("MF")
            student = i == 0 or rng.random() < 0.6
            birth = maker.birth(2002, 2013) if student else maker.birth(2016, 2019)
            members.append(MemberPlan(maker.name(sex, surname), Relation.CHILD, sex, birth,
                                      E.STUDENT if student else E.CHILD))
    elif rng.random() < 0.3:
        sex = rng.choice("MF")
        members.append(MemberPlan(maker.name(sex, surname), Relation.CHILD, sex, maker.birth(2016, 2019), E.CHILD))
    if "D" in causes:
        if zero:
            (members[1] if len(members) > 1 and members[1].relation == Relation.SPOUSE else head).disability = True
        else:
            sex = rng.choice("MF")
            members.append(MemberPlan(maker.name(sex, surname if sex == "M" else None), Relation.PARENT, sex,
                                      maker.birth(1935, 1958), E.UNABLE, disability=True))
    _share_income(members, _income_per_head(maker, causes, minimum_fen) * len(members))
    return members


def _share_income(members: list[MemberPlan], total: int) -> None:
    """Earnings go to the employed; otherwise pensions and allowances are counted on the head."""
    earners = [m for m in members if m.employment == E.EMPLOYED] or [members[0]]
    share, rest = divmod(total, len(earners))
    for earner in earners:
        earner.income_fen = share
    earners[0].income_fen += rest


def plan_family(maker: PeopleMaker, org: object, district_name: str, seed_causes: Iterable[str], minimum_fen: int,
                **fields: object) -> FamilyPlan:
    causes = national_causes(seed_causes)
    if len(causes) < 4 and maker.rng.random() < 0.15:
        causes.append(str(maker.rng.choice(EXTRA_CAUSES)))
    members = members_for(maker, seed_causes, minimum_fen)
    return FamilyPlan(org=org, members=members, primary=causes[0], secondaries=causes[1:],  # type: ignore[arg-type]
                      address=address(maker, district_name), **fields)  # type: ignore[arg-type]
