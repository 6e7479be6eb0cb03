"""Batch work on the register: approve many files, give many files their 帮扶联系人, or schedule their re-checks,
one row at a time through the single-row services, each in its own transaction — a refused row keeps its
reason and the others go through (every row's rules, permission, scope and version are those of the page
for one file)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from bangfu.accounts.scoping import scoped
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.people.models import IN_FILE_STATUSES, HardshipFile
from bangfu.people.services.common import NOT_FOUND, add_event, record_audit, require_file_in_scope, today
from bangfu.people.services.households import update_household
from bangfu.people.services.workflow import transition_hardship_file
from bangfu.people.vocab import status_name

BATCH_ACTIONS = {"approve": "审批建档", "assign_contact": "指定帮扶联系人", "schedule_recheck": "安排复核"}
MAX_BATCH_ROWS = 200
# A re-check is scheduled within the next two years: a later date is a typing slip, not a plan.
RECHECK_HORIZON_DAYS = 2 * 366


@dataclass(frozen=True)
class BatchItem:
    file_id: int
    version: int


@dataclass(frozen=True)
class BatchRowResult:
    file_id: int
    household_id: int | None
    head_name: str
    done: bool
    message: str


@dataclass(frozen=True)
class BatchInput:
    action: str
    items: tuple[BatchItem, ...]
    contact: Any = None  # a User, for assign_contact
    due_on: dt.date | None = None  # for schedule_recheck


def _check_batch(data: BatchInput) -> None:
    if data.action not in BATCH_ACTIONS:
        raise ServiceError(f"批量操作：未知的操作“{data.action}”。")
    if not data.items:
        raise ServiceError("批量操作：请至少勾选一行。")
    if len(data.items) > MAX_BATCH_ROWS:
        raise ServiceError(f"批量操作：一次最多 {MAX_BATCH_ROWS} 行，已勾选 {len(data.items)} 行。")
    if data.action == "assign_contact" and data.contact is None:
        raise ServiceError("帮扶联系人：请选择一名工作人员。")
    if data.action == "schedule_recheck":
        if data.due_on is None:
            raise ServiceError("复核日期：请填写日期。")
        if data.due_on < today():
            raise ServiceError("复核日期：不能早于今天。")
        if data.due_on > today() + dt.timedelta(days=RECHECK_HORIZON_DAYS):
            raise ServiceError("复核日期：不能晚于两年之后。")


@transaction.atomic
def schedule_recheck(*, actor: Any, hardship_file: HardshipFile, expected_version: int,
                     due_on: dt.date) -> HardshipFile:
    """Set the date a file in file (在档) is next re-checked (安排复核); recorded on its timeline and audited."""
    require_file_in_scope(actor, hardship_file, "people.change_hardshipfile")
    hardship_file = HardshipFile.objects.select_for_update().get(pk=hardship_file.pk)
    if hardship_file.version != expected_version:
        raise ConflictError("该档案已被他人处理或修改，请刷新后重试。")
    if hardship_file.status not in IN_FILE_STATUSES:
        raise ServiceError(f"档案当前状态为“{status_name(hardship_file.status)}”，只有在档的档案可以安排复核。",
                           status=409)
    before = hardship_file.recheck_due
    update_versioned(hardship_file, expected_version, recheck_due=due_on, updated_at=timezone.now())
    changes = {"recheck_due": [before.isoformat() if before else None, due_on.isoformat()]}
    add_event(hardship_file, actor=actor, action="schedule_recheck", changes=changes)
    record_audit("people.file.schedule_recheck", actor=actor, instance=hardship_file, changes=changes)
    return hardship_file


def _one_row(actor: Any, data: BatchInput, hardship_file: HardshipFile, version: int) -> None:
    if data.action == "approve":
        transition_hardship_file(actor=actor, hardship_file=hardship_file, action="approve", expected_version=version)
    elif data.action == "assign_contact":
        update_household(actor=actor, hardship_file=hardship_file, expected_version=version,
                         changes={"contact": data.contact})
    else:
        assert data.due_on is not None  # _check_batch refused a schedule without its date
        schedule_recheck(actor=actor, hardship_file=hardship_file, expected_version=version, due_on=data.due_on)


def run_batch(*, actor: Any, data: BatchInput) -> list[BatchRowResult]:
    """Each selected row through its single-row service, in the order given; one result per row.

    Deliberately not one transaction: a refusal (a file the actor entered, a step out of order, a stale
    version) must not undo the rows that were right, and each row's lock is held only for that row.
    """
    _check_batch(data)
    ids = [item.file_id for item in data.items]
    files = {f.pk: f for f in scoped(HardshipFile.objects.filter(pk__in=ids), actor, "view")
             .select_related("household__head")}
    results: list[BatchRowResult] = []
    for item in data.items:
        hardship_file = files.get(item.file_id)
        if hardship_file is None:  # outside scope or not there: the same answer, as for one file (404)
            results.append(BatchRowResult(item.file_id, None, "", False, NOT_FOUND))
            continue
        head = hardship_file.household.head.name if hardship_file.household.head else ""
        try:
            _one_row(actor, data, hardship_file, item.version)
        except ServiceError as exc:
            results.append(BatchRowResult(item.file_id, hardship_file.household_id, head, False, str(exc)))
            continue
        results.append(BatchRowResult(item.file_id, hardship_file.household_id, head, True,
                                      f"已{BATCH_ACTIONS[data.action]}"))
    return results
