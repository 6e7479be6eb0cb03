"""Moving a file through its lifecycle (see people.lifecycle for the table)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from bangfu.accounts.scoping import may
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.people.lifecycle import ACTION_NAMES_ZH, ACTIONS, Transition, is_maker, transition_for
from bangfu.people.models import HardshipFile
from bangfu.people.services.assessment import assessment_fields
from bangfu.people.services.common import (
    add_event,
    clean_text,
    locked_file,
    record_audit,
    require_file_in_scope,
    today,
)
from bangfu.people.services.filing import InvestigationInput, record_step
from bangfu.people.vocab import status_name
from bangfu.sysadmin.parameters import RECHECK_MONTHS, parameter_value


def one_year_after(day: dt.date) -> dt.date:
    """The same date a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has none (31 August + 6 → 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return min(day.replace(year=year, month=month, day=1) + dt.timedelta(days=day.day - 1),
               following - dt.timedelta(days=1))


def next_recheck_due(day: dt.date) -> dt.date:
    """When a file approved or re-checked on `day` is due again: the system parameter 复核周期 (months)."""
    return months_after(day, parameter_value(RECHECK_MONTHS))


def _fields_for(row: Transition, hardship_file: HardshipFile, actor: Any, reason: str,
                effective_on: dt.date) -> dict[str, Any]:
    """What the step writes besides the status."""
    fields: dict[str, Any] = {}
    if row.action in ("approve", "confirm", "open_temporary"):
        fields |= {"approved_on": effective_on, "approved_by": actor, "recheck_due": next_recheck_due(effective_on)}
        if hardship_file.filed_on is None:
            fields["filed_on"] = effective_on
    elif row.action == "recheck":
        fields |= {"last_rechecked_on": effective_on, "recheck_due": next_recheck_due(effective_on)}
        members = list(hardship_file.household.members.all())
        fields |= assessment_fields(hardship_file, members, as_of=effective_on,
                                    region_code=hardship_file.household.region_code)
    elif row.action == "relieve":
        fields |= {"relieved_on": effective_on, "relief_reason": reason, "recheck_due": None}
    elif row.action == "cancel":
        fields |= {"cancelled_on": effective_on, "cancel_reason": reason, "recheck_due": None}
    elif row.action == "reopen":
        fields |= {"relieved_on": None, "relief_reason": "", "recheck_due": next_recheck_due(effective_on)}
    return fields


def _refuse_unless_allowed(row: Transition | None, hardship_file: HardshipFile, actor: Any, action: str) -> Transition:
    if action not in ACTIONS:
        raise ServiceError(f"未知的操作“{action}”。")
    if row is None:
        current = status_name(hardship_file.status)
        raise ServiceError(f"档案当前状态为“{current}”，不能执行“{ACTION_NAMES_ZH[action]}”。", status=409)
    if not may(actor, row.permission, hardship_file):  # a role that grants the step AND reaches the file
        raise ServiceError(f"您没有对该档案执行“{row.name_zh}”的权限。", status=403)
    if row.maker_checker and is_maker(actor, hardship_file):
        raise ServiceError(f"该档案由您录入，不能由您本人“{row.name_zh}”：请由其他有审批权限的人员办理。",
                           status=403)
    return row


@transaction.atomic
def transition_hardship_file(*, actor: Any, hardship_file: HardshipFile, action: str, expected_version: int,
                             reason: str = "", effective_on: dt.date | None = None, note: str = "",
                             investigation: InvestigationInput | None = None) -> HardshipFile:
    """Take one step of the lifecycle: checked against the table, the actor's rights, the file's version and
    the four-eyes rules of services.filing (初审 by another, 入户调查 with its record, 公示 run its course)."""
    require_file_in_scope(actor, hardship_file)
    hardship_file = locked_file(hardship_file.pk, "household")
    if hardship_file.version != expected_version:
        raise ConflictError("该档案已被他人处理或修改，请刷新后重试。")
    row = _refuse_unless_allowed(transition_for(hardship_file.status, action), hardship_file, actor, action)
    reason = clean_text(reason, "原因", max_length=200)
    note = clean_text(note, "备注", max_length=500)
    if row.needs_reason and not reason:
        raise ServiceError(f"原因：办理“{row.name_zh}”必须填写原因。")
    if row.needs_date and effective_on is None:
        raise ServiceError(f"日期：办理“{row.name_zh}”必须填写日期。")
    day = effective_on or today()
    if day > today():
        raise ServiceError("日期：不能晚于今天。")
    step_record = record_step(row, hardship_file, actor, day, investigation)
    source = hardship_file.status
    fields = _fields_for(row, hardship_file, actor, reason[:200], day)
    update_versioned(hardship_file, expected_version, status=row.target, updated_at=timezone.now(), **fields)
    changes: dict[str, Any] = {"step": action, "from_status": source, "to_status": row.target, **step_record}
    timeline_changes = changes | ({"tier_after": fields["tier"]} if "tier" in fields else {})
    add_event(hardship_file, actor=actor, action=action, from_status=source, to_status=row.target, reason=reason,
              note=note, effective_on=day, changes=timeline_changes)
    record_audit(f"people.file.{action}", actor=actor, instance=hardship_file, changes=changes)
    return hardship_file

