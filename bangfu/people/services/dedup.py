"""Resolving the duplicate review queue: merge (keep one file) or not a duplicate. City officers only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from bangfu.accounts.scoping import scoped
from bangfu.core.errors import ServiceError
from bangfu.people.duplicates import scan_households_after_commit
from bangfu.people.models import (
    DuplicateCandidate,
    DuplicateKey,
    DuplicateStatus,
    Evidence,
    FileEvent,
    FileStatus,
    HardshipFile,
    Household,
    HouseholdMember,
    Person,
    Relation,
)
from bangfu.people.services.assessment import assessment_fields
from bangfu.people.services.common import (
    FROZEN_STATUSES,
    add_event,
    clean_text,
    record_audit,
    require_permission,
    today,
)
from bangfu.people.services.households import MAX_MEMBERS

DECISIONS = ("merge", "distinct")


@dataclass
class MemberMove:
    """Which members of the merged household joined the kept one, and which were there already."""

    moved: list[int] = field(default_factory=list)
    already_there: list[int] = field(default_factory=list)
    relation_changed: list[int] = field(default_factory=list)
    # person merged away → the person kept: the same human filed under another ID number
    same_person: dict[int, int] = field(default_factory=dict)


def _both_in_scope(actor: Any, candidate: DuplicateCandidate) -> None:
    visible = scoped(HardshipFile.objects.filter(pk__in=[candidate.file_a_id, candidate.file_b_id]), actor, "change")
    if visible.count() != 2:
        raise ServiceError("未找到该疑似重复记录，或其中的档案不在您的数据范围内。", status=404)


@transaction.atomic
def resolve_duplicate(*, actor: Any, candidate: DuplicateCandidate, decision: str, keep_file_id: int | None = None,
                      note: str = "") -> DuplicateCandidate:
    """Merge: the kept file stays and takes the other's members and evidence; the other becomes 已合并
    (pointing at it). Distinct: the pair is closed."""
    require_permission(actor, "people.resolve_duplicatecandidate", "处理疑似重复档案")
    _both_in_scope(actor, candidate)
    if decision not in DECISIONS:
        raise ServiceError("处理结果：应为“合并”或“非重复”。")
    note = clean_text(note, "备注", max_length=300)
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateStatus.OPEN:
        raise ServiceError("该疑似重复记录已处理。", status=409)
    if decision == "distinct":
        _close(candidate, DuplicateStatus.DISTINCT, actor, note, kept=None)
        record_audit("people.duplicate.distinct", actor=actor, instance=candidate.file_a,
                     changes={"candidate": candidate.pk, "files": [candidate.file_a_id, candidate.file_b_id]})
        return candidate
    if keep_file_id not in (candidate.file_a_id, candidate.file_b_id):
        raise ServiceError("保留档案：应为这两份档案之一。")
    drop_id = candidate.file_b_id if keep_file_id == candidate.file_a_id else candidate.file_a_id
    # Both rows locked in id order, whichever is kept: two merges over the same files cannot deadlock.
    locked = {f.pk: f for f in HardshipFile.objects.select_for_update(of=("self",))
              .filter(pk__in=[keep_file_id, drop_id])
              .select_related("household").order_by("pk")}
    kept, dropped = locked[keep_file_id], locked[drop_id]
    if FileStatus.MERGED in (kept.status, dropped.status):
        raise ServiceError("其中一份档案已被合并，不能再次合并。", status=409)
    if kept.status in FROZEN_STATUSES:
        raise ServiceError("保留档案：该档案已注销或不予建档，请保留另一份档案。", status=409)
    _merge(actor, candidate, kept, dropped, note)
    return candidate


def _merge(actor: Any, candidate: DuplicateCandidate, kept: HardshipFile, dropped: HardshipFile, note: str) -> None:
    now = timezone.now()
    source = dropped.status
    members = _move_members(dropped.household, kept.household)
    evidence = Evidence.objects.filter(hardship_file=dropped).count()
    merged_household = dropped.household_id
    moved = repoint_references(HardshipFile, dropped.pk, kept.pk, merged_household)  # evidence (files stay as stored)
    moved += repoint_references(Household, merged_household, kept.household_id, merged_household)
    for person_id, kept_person_id in members.same_person.items():
        moved += repoint_references(Person, person_id, kept_person_id, merged_household)
    HardshipFile.objects.filter(pk=dropped.pk).update(status=FileStatus.MERGED, merged_into=kept, recheck_due=None,
                                                      updated_at=now, version=F("version") + 1)
    dropped.refresh_from_db()
    old_tier = kept.tier
    fields = assessment_fields(kept, list(kept.household.members.all()), as_of=today(),
                               region_code=kept.household.region_code) if members.moved else {}
    HardshipFile.objects.filter(pk=kept.pk).update(updated_at=now, version=F("version") + 1, **fields)
    kept.refresh_from_db()
    _close(candidate, DuplicateStatus.MERGED, actor, note, kept=kept)
    DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN).filter(Q(file_a=dropped) | Q(file_b=dropped)).update(
        status=DuplicateStatus.SUPERSEDED, resolved_by=actor, resolved_at=now, note="因另一份档案合并而关闭")
    counts = {"members_moved": len(members.moved), "members_already_there": len(members.already_there),
              "evidence_moved": evidence, "records_repointed": dict(sorted(moved.items()))}
    add_event(dropped, actor=actor, action="merged", from_status=source, to_status=FileStatus.MERGED, note=note,
              changes={"merged_into": kept.pk, **counts})
    summary: dict[str, Any] = {"merged_from": dropped.pk, **counts, "members": [str(pk) for pk in members.moved],
                               "relation_to_other": [str(pk) for pk in members.relation_changed],
                               "size_after": kept.household_size}
    if kept.tier != old_tier:
        summary["tier_changed"] = [old_tier, kept.tier]
    add_event(kept, actor=actor, action="merge", note=note, changes=summary)
    record_audit("people.duplicate.merge", actor=actor, instance=kept,
                 changes={"candidate": candidate.pk, "kept": kept.pk, "merged": dropped.pk, **counts})
    if members.moved:  # the kept family has new members: compared again with them
        scan_households_after_commit([kept.household_id])


def _move_members(source: Household, target: Household) -> MemberMove:
    """The merged household's members join the kept one, except people already in it: the same person, or
    one with the same name pinyin and birth date (the same human filed under another ID number). Relations
    stay; the merged file's head (本人) and a second spouse join as 其他 (to be corrected on the member page)."""
    present = list(target.members.select_related("person"))
    person_ids = {m.person_id for m in present}
    person_keys = {(m.person.name_pinyin, m.person.birth_date) for m in present}
    has_spouse = any(m.relation == Relation.SPOUSE for m in present)
    result = MemberMove()
    joining: list[tuple[HouseholdMember, str]] = []
    kept_by_key = {(m.person.name_pinyin, m.person.birth_date): m.person_id for m in present}
    for member in source.members.select_related("person").order_by("pk"):
        key = (member.person.name_pinyin, member.person.birth_date)
        if member.person_id in person_ids or key in person_keys:
            result.already_there.append(member.pk)
            if member.person_id not in person_ids:
                result.same_person[member.person_id] = kept_by_key[key]
            continue
        relation = member.relation
        if relation == Relation.SELF or (relation == Relation.SPOUSE and has_spouse):
            relation = Relation.OTHER
            result.relation_changed.append(member.pk)
        has_spouse = has_spouse or relation == Relation.SPOUSE
        person_ids.add(member.person_id)
        person_keys.add(key)
        joining.append((member, relation))
    if len(present) + len(joining) > MAX_MEMBERS:
        raise ServiceError(f"合并后家庭成员将达 {len(present) + len(joining)} 人，超过上限 {MAX_MEMBERS} 人："
                           "请先核实两户成员后再合并。")
    for member, relation in joining:
        HouseholdMember.objects.filter(pk=member.pk).update(household=target, relation=relation)
        result.moved.append(member.pk)
    return result


def _close(candidate: DuplicateCandidate, status: str, actor: Any, note: str, kept: HardshipFile | None) -> None:
    candidate.status = status
    candidate.resolved_by = actor
    candidate.resolved_at = timezone.now()
    candidate.note = note.strip()[:300]
    candidate.kept = kept
    candidate.save(update_fields=["status", "resolved_by", "resolved_at", "note", "kept"])


# What a merged record keeps of its own: its history, its membership and its place in the duplicate queue. Every
# other reference — in any app, including apps added later — moves to the record kept.
OWN_REFERENCES = frozenset({
    (HardshipFile, "household"), (HardshipFile, "merged_into"), (FileEvent, "file"), (HouseholdMember, "household"),
    (DuplicateCandidate, "file_a"), (DuplicateCandidate, "file_b"), (DuplicateCandidate, "kept"),
    (DuplicateKey, "household"),  # its keys as last compared; the kept household is compared again after a merge
})


def references_to(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key (one-to-one included) of every installed model, M2M tables too, pointing at `model`."""
    return [key for related in apps.get_models(include_auto_created=True)
            for key in related._meta.concrete_fields
            if isinstance(key, models.ForeignKey) and key.remote_field.model is model]


def repoint_references(model: type[models.Model], old_pk: int, new_pk: int, merged_household: int) -> Counter[str]:
    """Make every reference to record `old_pk` of `model` point at `new_pk` instead (but the merged record's own).

    Found by introspection, so an app added later is covered without a change here. A reference that cannot
    move (a constraint allows one such record, and both have one: two seeker profiles, two medical totals for
    one year) refuses the whole merge, naming the record: nothing is left pointing at the merged record."""
    moved: Counter[str] = Counter()
    for key in references_to(model):
        if (key.model, key.name) in OWN_REFERENCES:
            continue
        rows = key.model._base_manager.filter(**{key.attname: old_pk})
        # The membership and head of this merged family, and of any merged before, are their own history.
        if key.model is HouseholdMember and key.name == "person":
            rows = rows.exclude(Q(household_id=merged_household)
                                | Q(household__hardship_file__status=FileStatus.MERGED))
        if key.model is Household and key.name == "head":
            rows = rows.exclude(Q(pk=merged_household) | Q(hardship_file__status=FileStatus.MERGED))
        try:
            with transaction.atomic():
                count = rows.update(**{key.attname: new_pk})
        except IntegrityError:
            what = key.model._meta.verbose_name
            raise ServiceError(f"不能合并：两份档案都有“{what}”记录，且该记录只能有一份（{key.model._meta.label}）。"
                               "请先核对并处理其中一份后再合并。", status=409) from None
        if count:
            moved[key.model._meta.label] += count
    return moved
