"""Resolving the duplicate review queue: merge (keep one file) or not a duplicate. City officers only."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from bangfu.accounts.scoping import scoped
from bangfu.core.errors import ServiceError
from bangfu.people.models import DuplicateCandidate, DuplicateStatus, FileStatus, HardshipFile
from bangfu.people.services.common import add_event, clean_text, record_audit, require_permission

DECISIONS = ("merge", "distinct")


def _both_in_scope(actor: Any, candidate: DuplicateCandidate) -> None:
    visible = scoped(HardshipFile.objects.filter(pk__in=[candidate.file_a_id, candidate.file_b_id]), actor, "change")
    if visible.count() != 2:
        raise ServiceError("未找到该疑似重复记录，或其中的档案不在您的数据范围内。", status=404)


@transaction.atomic
def resolve_duplicate(*, actor: Any, candidate: DuplicateCandidate, decision: str, keep_file_id: int | None = None,
                      note: str = "") -> DuplicateCandidate:
    """Merge: the kept file stays, the other becomes 已合并 (pointing at it). Distinct: the pair is closed."""
    require_permission(actor, "people.resolve_duplicatecandidate", "处理疑似重复档案")
    _both_in_scope(actor, candidate)
    if decision not in DECISIONS:
        raise ServiceError("处理结果：应为“合并”或“非重复”。")
    note = clean_text(note, "备注", max_length=300)
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateStatus.OPEN:
        raise ServiceError("该疑似重复记录已处理。", status=409)
    now = timezone.now()
    if decision == "distinct":
        _close(candidate, DuplicateStatus.DISTINCT, actor, note, kept=None)
        record_audit("people.duplicate.distinct", actor=actor, instance=candidate.file_a,
                     changes={"candidate": candidate.pk, "files": [candidate.file_a_id, candidate.file_b_id]})
        return candidate
    if keep_file_id not in (candidate.file_a_id, candidate.file_b_id):
        raise ServiceError("保留档案：应为这两份档案之一。")
    drop_id = candidate.file_b_id if keep_file_id == candidate.file_a_id else candidate.file_a_id
    kept = HardshipFile.objects.select_for_update().get(pk=keep_file_id)
    dropped = HardshipFile.objects.select_for_update().get(pk=drop_id)
    if FileStatus.MERGED in (kept.status, dropped.status):
        raise ServiceError("其中一份档案已被合并，不能再次合并。", status=409)
    source = dropped.status
    HardshipFile.objects.filter(pk=dropped.pk).update(status=FileStatus.MERGED, merged_into=kept, recheck_due=None,
                                                      updated_at=now, version=F("version") + 1)
    dropped.refresh_from_db()
    _close(candidate, DuplicateStatus.MERGED, actor, note, kept=kept)
    superseded = DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN).filter(
        Q(file_a=dropped) | Q(file_b=dropped))
    superseded.update(status=DuplicateStatus.SUPERSEDED, resolved_by=actor, resolved_at=now,
                      note="因另一份档案合并而关闭")
    add_event(dropped, actor=actor, action="merged", from_status=source, to_status=FileStatus.MERGED, note=note,
              changes={"merged_into": kept.pk})
    add_event(kept, actor=actor, action="merge", note=note, changes={"merged_from": dropped.pk})
    record_audit("people.duplicate.merge", actor=actor, instance=kept,
                 changes={"candidate": candidate.pk, "kept": kept.pk, "merged": dropped.pk})
    return candidate


def _close(candidate: DuplicateCandidate, status: str, actor: Any, note: str, kept: HardshipFile | None) -> None:
    candidate.status = status
    candidate.resolved_by = actor
    candidate.resolved_at = timezone.now()
    candidate.note = note.strip()[:300]
    candidate.kept = kept
    candidate.save(update_fields=["status", "resolved_by", "resolved_at", "note", "kept"])
