"""Beneficiary lists: build (eligibility, dedup across groups and campaigns, quotas), submit, approve by
someone else, freeze; revise into a new version and show the difference."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.assistance.models import (
    LIVE_LIST_STATUSES,
    Beneficiary,
    BeneficiaryList,
    CampaignGroup,
    ListStatus,
    Program,
    ProgramKind,
    Quota,
    Visit,
)
from bangfu.assistance.rules.render import render_group
from bangfu.assistance.services.eligibility import Candidate, eligible_people
from bangfu.assistance.services.programs import require_open
from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.people.models import Person


def overlapping_campaigns(program: Program) -> Any:
    """Campaigns whose period overlaps this one's (the same festival): nobody is visited twice."""
    return Program.objects.filter(kind=ProgramKind.CAMPAIGN, starts_on__lte=program.ends_on,
                                  ends_on__gte=program.starts_on)


def claims_elsewhere(program: Program, unit: OrgUnit) -> dict[int, str]:
    """person id → why they are already taken: on another unit's list of this campaign, or on a list
    of another campaign of the same period."""
    rows = (Beneficiary.objects
            .filter(included=True, blist__status__in=LIVE_LIST_STATUSES,
                    blist__program__in=overlapping_campaigns(program))
            .exclude(blist__program=program, blist__org=unit)
            .values_list("person_id", "blist__program_id", "blist__program__name", "blist__org__name"))
    claims: dict[int, str] = {}
    for person_id, program_id, program_name, unit_name in rows:
        if program_id == program.pk:
            claims.setdefault(person_id, f"已列入本活动{unit_name}的名单")
        else:
            claims.setdefault(person_id, f"已列入同期活动“{program_name}”（{unit_name}）的名单")
    return claims


def unit_quotas(program: Program, unit: OrgUnit) -> dict[int, int]:
    return dict(Quota.objects.filter(program=program, org=unit).values_list("campaign_group_id", "max_people"))


def _open_list_for_build(*, actor: Any, program: Program, unit: OrgUnit) -> BeneficiaryList:
    latest = BeneficiaryList.objects.filter(program=program, org=unit).order_by("-revision").first()
    if latest is None:
        return BeneficiaryList.objects.create(program=program, org=unit, created_by=actor)
    if latest.status == ListStatus.DRAFT:
        return latest
    if latest.status == ListStatus.SUBMITTED:
        raise ServiceError(f"{unit.name}的名单（第 {latest.revision} 版）已提交审批，不能重新生成")
    raise ServiceError(f"{unit.name}的名单（第 {latest.revision} 版）已审批冻结；如需调整，请先生成新版本")


def _ordered(candidates: dict[int, Candidate]) -> list[Candidate]:
    # highest-priority group first; among equals, people eligible under more groups first; then stable by id
    return sorted(candidates.values(), key=lambda c: (c.groups[0].priority, -len(c.groups), c.person_id))


def _entries_for(blist: BeneficiaryList, candidates: list[Candidate], claims: dict[int, str],
                 quotas: dict[int, int], person_orgs: dict[int, int], actor: Any) -> list[Beneficiary]:
    taken: Counter[int] = Counter()
    entries = []
    for candidate in candidates:
        group = candidate.groups[0]
        included, why = True, ""
        if candidate.person_id in claims:
            included, why = False, claims[candidate.person_id]
        elif group.pk in quotas and taken[group.pk] >= quotas[group.pk]:
            included, why = False, f"超出“{group.target_group.name}”名额（{quotas[group.pk]} 人）"
        if included:
            taken[group.pk] += 1
        entries.append(Beneficiary(
            blist=blist, person_id=candidate.person_id, campaign_group=group,
            other_groups=[other.target_group.name for other in candidate.groups[1:]], reasons=candidate.reasons,
            amount_fen=group.standard_fen if included else 0, included=included, exclusion_reason=why,
            org_id=person_orgs[candidate.person_id], created_by=actor,
        ))
    return entries


def build_list(*, actor: Any, program: Program, unit: OrgUnit) -> BeneficiaryList:
    """(Re)build the unit's draft list from the rules. Entries added by hand are kept."""
    if program.kind != ProgramKind.CAMPAIGN:
        raise ServiceError("只有节日慰问活动才生成慰问名单")
    require_open(program, "生成名单")
    if not unit.path.startswith(program.org.path):
        raise ServiceError(f"{unit.name}不在本活动的范围内")
    if not program.groups.exists():
        raise ServiceError("本活动还没有设置慰问对象类别")
    candidates = eligible_people(program, unit)
    with transaction.atomic():
        blist = _open_list_for_build(actor=actor, program=program, unit=unit)
        blist.entries.filter(manual=False).delete()
        manual = set(blist.entries.values_list("person_id", flat=True))
        for person_id in manual:
            candidates.pop(person_id, None)
        person_orgs = dict(Person.objects.filter(pk__in=list(candidates)).values_list("pk", "org_id")) \
            if len(candidates) < 900 else dict(Person.objects.filter(org__path__startswith=unit.path)
                                               .values_list("pk", "org_id"))
        entries = _entries_for(blist, _ordered(candidates), claims_elsewhere(program, unit),
                               unit_quotas(program, unit), person_orgs, actor)
        Beneficiary.objects.bulk_create(entries, batch_size=2000)
        blist.built_at = timezone.now()
        blist.rules_snapshot = [
            {"priority": g.priority, "name": g.target_group.name, "rule": g.target_group.rule,
             "text": render_group(g.target_group.name, g.target_group.rule)}
            for g in program.groups.select_related("target_group").order_by("priority")
        ]
        blist.save(update_fields=["built_at", "rules_snapshot", "updated_at"])
        included = sum(1 for entry in entries if entry.included)
        audit.record("assistance.list_build", actor=actor, obj=blist, org=unit,
                     changes={"included": included, "excluded": len(entries) - included})
    return blist


def _require_status(blist: BeneficiaryList, *statuses: str) -> None:
    if blist.status not in statuses:
        raise ConflictError(f"名单当前状态为“{blist.get_status_display()}”，不能进行此操作")


def check_quotas(blist: BeneficiaryList) -> None:
    quotas = unit_quotas(blist.program, blist.org)
    counts = Counter(blist.entries.filter(included=True).values_list("campaign_group_id", flat=True))
    for group in CampaignGroup.objects.filter(pk__in=list(quotas)).select_related("target_group"):
        if counts[group.pk] > quotas[group.pk]:
            raise ServiceError(f"“{group.target_group.name}”列入 {counts[group.pk]} 人，超过名额 {quotas[group.pk]} 人")


def submit_list(*, actor: Any, blist: BeneficiaryList) -> BeneficiaryList:
    require_open(blist.program, "提交名单")
    _require_status(blist, ListStatus.DRAFT)
    if not blist.entries.filter(included=True).exists():
        raise ServiceError("名单中没有列入任何人，不能提交")
    check_quotas(blist)
    with transaction.atomic():
        if BeneficiaryList.objects.filter(pk=blist.pk, status=ListStatus.DRAFT).update(
                status=ListStatus.SUBMITTED, submitted_by=actor, submitted_at=timezone.now(),
                rejection_note="") != 1:
            raise ConflictError("名单状态已被他人改变，请刷新")
        audit.record("assistance.list_submit", actor=actor, obj=blist)
    blist.refresh_from_db()
    return blist


def _check_not_maker(actor: Any, blist: BeneficiaryList) -> None:
    makers = {blist.created_by_id, blist.submitted_by_id}
    if getattr(actor, "pk", None) in makers:
        raise ServiceError("名单的编制人或提交人不能审批自己的名单，须由他人审批", status=403)


def approve_list(*, actor: Any, blist: BeneficiaryList, approved_at: dt.datetime | None = None) -> BeneficiaryList:
    """Approve and freeze; the previous approved version (if any) becomes superseded. `approved_at` records a
    paper approval entered later (never in the future): visits cannot be dated before it."""
    _check_not_maker(actor, blist)
    _require_status(blist, ListStatus.SUBMITTED)
    now = timezone.now()
    if approved_at is not None and approved_at > now:
        raise ServiceError("审批时间：不能晚于当前时间")
    with transaction.atomic():
        BeneficiaryList.objects.filter(program=blist.program, org=blist.org, status=ListStatus.APPROVED).update(
            status=ListStatus.SUPERSEDED)
        if BeneficiaryList.objects.filter(pk=blist.pk, status=ListStatus.SUBMITTED).update(
                status=ListStatus.APPROVED, approved_by=actor, approved_at=approved_at or now) != 1:
            raise ConflictError("名单状态已被他人改变，请刷新")
        audit.record("assistance.list_approve", actor=actor, obj=blist,
                     changes={"included": blist.entries.filter(included=True).count()})
    blist.refresh_from_db()
    return blist


def reject_list(*, actor: Any, blist: BeneficiaryList, note: str) -> BeneficiaryList:
    _check_not_maker(actor, blist)
    _require_status(blist, ListStatus.SUBMITTED)
    if not note.strip():
        raise ServiceError("退回时请填写原因")
    with transaction.atomic():
        if BeneficiaryList.objects.filter(pk=blist.pk, status=ListStatus.SUBMITTED).update(
                status=ListStatus.DRAFT, rejection_note=note.strip()[:300]) != 1:
            raise ConflictError("名单状态已被他人改变，请刷新")
        audit.record("assistance.list_reject", actor=actor, obj=blist)
    blist.refresh_from_db()
    return blist


def revise_list(*, actor: Any, blist: BeneficiaryList) -> BeneficiaryList:
    """A frozen list is never edited: a new draft version is made from it (entries copied)."""
    _require_status(blist, ListStatus.APPROVED)
    require_open(blist.program, "生成名单新版本")
    try:
        with transaction.atomic():
            draft = BeneficiaryList.objects.create(
                program=blist.program, org=blist.org, revision=blist.revision + 1, previous=blist,
                rules_snapshot=blist.rules_snapshot, built_at=blist.built_at, created_by=actor)
            Beneficiary.objects.bulk_create([
                Beneficiary(blist=draft, person_id=e.person_id, campaign_group_id=e.campaign_group_id,
                            other_groups=e.other_groups, reasons=e.reasons, amount_fen=e.amount_fen,
                            included=e.included, exclusion_reason=e.exclusion_reason, manual=e.manual,
                            org_id=e.org_id, created_by=actor)
                for e in blist.entries.all()
            ], batch_size=2000)
            audit.record("assistance.list_revise", actor=actor, obj=draft, changes={"from_revision": blist.revision})
    except IntegrityError:
        raise ConflictError("该名单已有一个正在编辑或待审批的新版本") from None
    return draft


def _editable(entry_or_list: Beneficiary | BeneficiaryList) -> BeneficiaryList:
    blist = entry_or_list.blist if isinstance(entry_or_list, Beneficiary) else entry_or_list
    if blist.status != ListStatus.DRAFT:
        raise ConflictError("名单已提交或已审批冻结，不能修改；请生成新版本")
    require_open(blist.program, "修改名单")
    return blist


def add_entry(*, actor: Any, blist: BeneficiaryList, person: Person, campaign_group: CampaignGroup,
              amount_fen: int, reason: str) -> Beneficiary:
    _editable(blist)
    if campaign_group.program_id != blist.program_id:
        raise ServiceError("该类别不属于本活动")
    if not person.org.path.startswith(blist.org.path):
        raise ServiceError(f"{person.name}不属于{blist.org.name}")
    if amount_fen < 0:
        raise ServiceError("金额不能为负数")
    if not reason.strip():
        raise ServiceError("人工添加须填写理由")
    claim = claims_elsewhere(blist.program, blist.org).get(person.pk)
    if claim:
        raise ConflictError(f"{person.name}{claim}，同一节日不重复慰问")
    try:
        with transaction.atomic():
            entry = Beneficiary.objects.create(
                blist=blist, person=person, campaign_group=campaign_group, amount_fen=amount_fen, manual=True,
                reasons=[f"人工添加（{campaign_group.target_group.name}）：{reason.strip()[:150]}"], org=person.org,
                created_by=actor)
            audit.record("assistance.list_entry_add", actor=actor, obj=blist, changes={"entry": entry.pk})
    except IntegrityError:
        raise ConflictError(f"{person.name}已在名单中") from None
    return entry


def change_entry(*, actor: Any, entry: Beneficiary, amount_fen: int | None = None,
                 included: bool | None = None, note: str = "") -> Beneficiary:
    blist = _editable(entry)
    fields: dict[str, Any] = {}
    if amount_fen is not None:
        if amount_fen < 0:
            raise ServiceError("金额不能为负数")
        fields["amount_fen"] = amount_fen
    if included is not None and included != entry.included:
        if not included and Visit.objects.filter(program=blist.program, person=entry.person_id).exists():
            raise ConflictError("已走访的人员不能从名单中移除")
        if included:
            claim = claims_elsewhere(blist.program, blist.org).get(entry.person_id)
            if claim:
                raise ConflictError(f"该人员{claim}，同一节日不重复慰问")
        fields["included"] = included
        fields["exclusion_reason"] = "" if included else f"人工移除：{note.strip()[:150] or '未说明'}"
    with transaction.atomic():
        Beneficiary.objects.filter(pk=entry.pk).update(**fields)
        audit.record("assistance.list_entry_change", actor=actor, obj=blist,
                     changes={"entry": entry.pk, **{k: v for k, v in fields.items() if k != "exclusion_reason"}})
    entry.refresh_from_db()
    return entry


@dataclass
class EntryChange:
    person_id: int
    name: str
    group: str
    old_fen: int
    new_fen: int


@dataclass
class ListDiff:
    added: list[EntryChange] = field(default_factory=list)
    removed: list[EntryChange] = field(default_factory=list)
    changed: list[EntryChange] = field(default_factory=list)

    def summary(self) -> str:
        return f"新增 {len(self.added)} 人，移除 {len(self.removed)} 人，调整金额 {len(self.changed)} 人"


def _included(blist: BeneficiaryList | None) -> dict[int, tuple[str, str, int]]:
    if blist is None:
        return {}
    return {pid: (name, group, amount) for pid, name, group, amount in blist.entries.filter(included=True)
            .values_list("person_id", "person__name", "campaign_group__target_group__name", "amount_fen")}


def list_diff(blist: BeneficiaryList, previous: BeneficiaryList | None = None) -> ListDiff:
    """What this version changes against the previous one (by person: added, removed, amount changed)."""
    old, new = _included(previous or blist.previous), _included(blist)
    diff = ListDiff()
    for pid, (name, group, amount) in new.items():
        if pid not in old:
            diff.added.append(EntryChange(pid, name, group, 0, amount))
        elif old[pid][2] != amount:
            diff.changed.append(EntryChange(pid, name, group, old[pid][2], amount))
    for pid, (name, group, amount) in old.items():
        if pid not in new:
            diff.removed.append(EntryChange(pid, name, group, amount, 0))
    return diff

