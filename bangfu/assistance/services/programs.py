"""Programs, the groups a campaign visits (priority, standard), quotas per unit and group, target groups
(rules as data) and the facts about people that rules read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum

from bangfu.accounts.models import OrgUnit
from bangfu.assistance.models import (
    CampaignGroup,
    FactKind,
    PersonFact,
    Program,
    ProgramKind,
    ProgramStatus,
    Quota,
    TargetGroup,
)
from bangfu.assistance.models.facts import fact_detail_dictionary
from bangfu.assistance.rules.validate import refuse_disabled_fields, validate_rule
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.sysadmin.dictionaries import choices as dictionary_choices


@transaction.atomic
def create_program(*, actor: Any, org: OrgUnit, name: str, kind: str, starts_on: dt.date, ends_on: dt.date,
                   visit_deadline: dt.date | None = None, festival: str = "", description: str = "",
                   large_amount_fen: int | None = None, medical_settings: dict[str, Any] | None = None) -> Program:
    if ends_on < starts_on:
        raise ServiceError(f"结束日期 {ends_on} 早于开始日期 {starts_on}")
    if kind not in ProgramKind.values:
        raise ServiceError(f"项目类型“{kind}”不存在")
    if medical_settings:
        from bangfu.assistance.medical_calc import MedicalSettings

        MedicalSettings.from_json(medical_settings)  # refuses bad settings with a Chinese message
    program = Program.objects.create(
        org=org, name=name.strip(), kind=kind, starts_on=starts_on, ends_on=ends_on, visit_deadline=visit_deadline,
        festival=festival, description=description, large_amount_fen=large_amount_fen,
        medical_settings=medical_settings or {}, created_by=actor,
    )
    audit.record("assistance.program_create", actor=actor, obj=program, changes={"kind": kind})
    return program


def set_campaign_group(*, actor: Any, program: Program, target_group: TargetGroup, priority: int,
                       standard_fen: int, goods_note: str = "") -> CampaignGroup:
    if program.kind != ProgramKind.CAMPAIGN:
        raise ServiceError("只有节日慰问活动才有慰问对象类别")
    if priority < 1:
        raise ServiceError("优先级应为从 1 开始的整数（1 为最高）")
    if standard_fen < 0:
        raise ServiceError("慰问标准不能为负数")
    try:
        with transaction.atomic():
            group, _created = CampaignGroup.objects.update_or_create(
                program=program, target_group=target_group,
                defaults={"priority": priority, "standard_fen": standard_fen, "goods_note": goods_note})
            audit.record("assistance.campaign_group_set", actor=actor, obj=program,
                         changes={"target_group": target_group.pk, "priority": priority})
    except IntegrityError:
        raise ConflictError(f"优先级 {priority} 已被本活动的另一类对象使用") from None
    return group


def set_quota(*, actor: Any, program: Program, campaign_group: CampaignGroup, unit: OrgUnit,
              max_people: int) -> Quota:
    """A unit's quota for one group. Quotas of the units below may not add up to more than the unit's own."""
    if campaign_group.program_id != program.pk:
        raise ServiceError("该类别不属于本活动")
    if not unit.path.startswith(program.org.path):
        raise ServiceError(f"{unit.name}不在本活动的范围内")
    if max_people < 0:
        raise ServiceError("名额不能为负数")
    with transaction.atomic():
        parent_quota = (Quota.objects.filter(program=program, campaign_group=campaign_group,
                                             org__path__in=_strict_ancestor_paths(unit))
                        .order_by("-org__depth").first())
        if parent_quota is not None:
            siblings = (Quota.objects.filter(program=program, campaign_group=campaign_group,
                                             org__parent=unit.parent).exclude(org=unit)
                        .aggregate(total=Sum("max_people"))["total"] or 0)
            if parent_quota.org_id == unit.parent_id and siblings + max_people > parent_quota.max_people:
                raise ServiceError(
                    f"{unit.name}的“{campaign_group.target_group.name}”名额 {max_people} 人加上同级单位的"
                    f" {siblings} 人，超过上级{parent_quota.org.name}的名额 {parent_quota.max_people} 人")
        children = (Quota.objects.filter(program=program, campaign_group=campaign_group, org__parent=unit)
                    .aggregate(total=Sum("max_people"))["total"] or 0)
        if children > max_people:
            raise ServiceError(f"下级单位已分配 {children} 人，{unit.name}的名额不能少于此数")
        quota, _created = Quota.objects.update_or_create(
            program=program, campaign_group=campaign_group, org=unit,
            defaults={"max_people": max_people, "created_by": actor})
        audit.record("assistance.quota_set", actor=actor, obj=quota, org=unit,
                     changes={"group": campaign_group.pk, "max_people": max_people})
    return quota


def _strict_ancestor_paths(unit: OrgUnit) -> list[str]:
    from bangfu.assistance.services.ledger import ancestor_paths

    return ancestor_paths(unit)[:-1]


@transaction.atomic
def create_target_group(*, actor: Any, org: OrgUnit, name: str, rule: Any, description: str = "") -> TargetGroup:
    name = name.strip()
    if not name:
        raise ServiceError("类别名称不能为空")
    normalized = validate_rule(rule)
    refuse_disabled_fields(normalized)
    if TargetGroup.objects.filter(org=org, name=name).exists():
        raise ConflictError(f"{org.name}已有名为“{name}”的慰问对象类别")
    group = TargetGroup.objects.create(org=org, name=name, rule=normalized, description=description,
                                       created_by=actor)
    audit.record("assistance.target_group_create", actor=actor, obj=group, changes={"rule": normalized})
    return group


@transaction.atomic
def update_target_group(*, actor: Any, group: TargetGroup, expected_version: int, name: str, rule: Any,
                        description: str = "", is_active: bool = True) -> TargetGroup:
    normalized = validate_rule(rule)
    refuse_disabled_fields(normalized, kept=group.rule)
    update_versioned(group, expected_version, name=name.strip(), rule=normalized, description=description,
                     is_active=is_active)
    audit.record("assistance.target_group_update", actor=actor, obj=group, changes={"rule": normalized})
    return group


@transaction.atomic
def record_fact(*, actor: Any, person: Any, kind: str, detail: str, valid_from: dt.date,
                valid_to: dt.date | None = None, number: int | None = None, evidence: str = "") -> PersonFact:
    if kind not in FactKind.values:
        raise ServiceError(f"情况类型“{kind}”不存在")
    allowed = dict(dictionary_choices(fact_detail_dictionary(kind)))  # disabled details are no longer recorded
    if detail not in allowed:
        raise ServiceError(f"具体情况：“{FactKind(kind).label}”没有可选的具体情况“{detail}”")
    if valid_to is not None and valid_to < valid_from:
        raise ServiceError(f"截止日期 {valid_to} 早于起始日期 {valid_from}")
    if number is not None and number < 0:
        raise ServiceError("数值不能为负数")
    fact = PersonFact.objects.create(person=person, kind=kind, detail=detail, number=number,
                                     valid_from=valid_from, valid_to=valid_to, evidence=evidence,
                                     org=person.org, created_by=actor)
    audit.record("assistance.fact_record", actor=actor, obj=fact, changes={"kind": kind, "detail": detail})
    return fact


CAMPAIGN_CLOSED = "活动“{name}”已于 {ends_on} 结束并关闭，名单已冻结，不能再{what}。"


def require_open(program: Program, what: str) -> None:
    """A closed campaign's lists and visits are frozen: every write to them is refused (409), naming the act."""
    if program.status == ProgramStatus.CLOSED:
        raise ServiceError(CAMPAIGN_CLOSED.format(name=program.name, ends_on=program.ends_on.isoformat(), what=what),
                           status=409)


@transaction.atomic
def close_program(*, actor: Any, program: Program, actor_name: str = "") -> bool:
    """Close a program (its lists freeze, no more visits); False when it was not active. Recorded."""
    closed = Program.objects.filter(pk=program.pk, status=ProgramStatus.ACTIVE).update(status=ProgramStatus.CLOSED)
    if closed:
        program.status = ProgramStatus.CLOSED
        audit.record("assistance.program_close", actor=actor, obj=program, actor_name=actor_name,
                     changes={"ends_on": program.ends_on.isoformat()})
    return bool(closed)


def close_ended_campaigns(*, as_of: dt.date, actor_name: str = "close_ended_campaigns") -> list[Program]:
    """Close every active campaign whose period ended before `as_of` (run daily: a campaign closes at its end
    date). Each in its own transaction, so one failure does not keep the others open."""
    ended = list(Program.objects.filter(kind=ProgramKind.CAMPAIGN, status=ProgramStatus.ACTIVE, ends_on__lt=as_of)
                 .select_related("org").order_by("ends_on", "pk"))
    return [program for program in ended if close_program(actor=None, program=program, actor_name=actor_name)]
