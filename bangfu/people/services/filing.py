"""Four eyes on a family's file (issue 9 §3): the checks of the filing steps beyond the lifecycle table, and
the objections raised during the public notice.

- 初审 is done by someone other than the applicant (whoever entered the file);
- 入户调查 needs its record: the date, who visited, the findings, and evidence on file or a stated reason why
  there is none;
- 公示 lasts the system parameter 公示天数 (default `BANGFU_PUBLICITY_DAYS`, 7) days;
  approval is possible once it has run its course and
  every objection raised during it has been answered.

`step_refusal` gives the reason a step cannot be taken now, in Chinese: the service raises it, the page shows
it beside the step instead of just hiding the button.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from bangfu.core.errors import ConflictError, ServiceError
from bangfu.people.lifecycle import Transition, is_maker
from bangfu.people.models import (
    Evidence,
    FileEvent,
    FileStatus,
    HardshipFile,
    HomeInvestigation,
    Publicity,
    PublicityObjection,
)
from bangfu.people.services.common import (
    add_event,
    clean_text,
    record_audit,
    require_file_in_scope,
    require_permission,
    today,
)
from bangfu.sysadmin.parameters import PUBLICITY_DAYS, parameter_value

REVIEW_BY_OTHERS = "初审须由申请人以外的人员办理：该档案由您录入（申请），请由其他社工或干部初审。"

@dataclass(frozen=True)
class InvestigationInput:
    """What the 入户调查 step records."""

    visited_on: dt.date | None
    visitors: str
    notes: str
    no_evidence_reason: str = ""


def publicity_days() -> int:
    """The system parameter 公示天数 (参数设置), read each time: a change holds for the next step."""
    return parameter_value(PUBLICITY_DAYS)


def current_period(hardship_file: HardshipFile) -> tuple[dt.date, dt.date] | None:
    """The notice period under way: its record, or for a file publicised before records were kept, the
    date of its 公示 step and the configured length."""
    publicity = Publicity.objects.filter(file=hardship_file).order_by("-starts_on", "-id").first()
    if publicity is not None:
        return publicity.starts_on, publicity.ends_on
    event = (FileEvent.objects.filter(file=hardship_file, action="publicise").order_by("-occurred_at", "-id")
             .first())
    if event is None:
        return None
    start = event.effective_on or timezone.localdate(event.occurred_at)
    return start, start + dt.timedelta(days=publicity_days())


def open_objections(hardship_file: HardshipFile) -> int:
    return PublicityObjection.objects.filter(file=hardship_file, answered_at__isnull=True).count()


def step_refusal(row: Transition, hardship_file: HardshipFile, actor: Any, day: dt.date) -> tuple[str, int] | None:
    """Why `actor` cannot take this step on `day` (message, status), or None when the file allows it."""
    if row.action == "review" and is_maker(actor, hardship_file):
        return REVIEW_BY_OTHERS, 403
    if row.action in ("approve", "reject") and row.source == FileStatus.PUBLICISED:
        period = current_period(hardship_file)
        if row.action == "approve" and (period is None or day < period[1]):
            until = f"至 {period[1]:%Y-%m-%d}" if period else ""
            return (f"公示期{until}尚未结束（公示 {publicity_days()} 天），期满后方可审批。", 409)
        waiting = open_objections(hardship_file)
        if row.action == "approve" and waiting:
            return f"公示期间有 {waiting} 条异议尚未答复，答复后方可审批。", 409
    return None


@dataclass(frozen=True)
class _Checked:
    visited_on: dt.date
    visitors: str
    notes: str
    no_evidence_reason: str


def _investigation(hardship_file: HardshipFile, data: InvestigationInput | None, day: dt.date) -> _Checked:
    if data is None:
        raise ServiceError("入户调查：请填写调查记录（走访日期、走访人员、调查情况，以及证明材料或无材料的原因）。")
    visitors = clean_text(data.visitors, "走访人员", max_length=200)
    notes = clean_text(data.notes, "调查情况", max_length=2000)
    reason = clean_text(data.no_evidence_reason, "无证明材料的原因", max_length=300)
    if data.visited_on is None:
        raise ServiceError("走访日期：必须填写。")
    if data.visited_on > day:
        raise ServiceError("走访日期：不能晚于办理日期。")
    if hardship_file.created_at and data.visited_on < timezone.localdate(hardship_file.created_at) - dt.timedelta(
            days=366):
        raise ServiceError("走访日期：早于申请一年以上，请重新入户调查。")
    if not visitors:
        raise ServiceError("走访人员：必须填写（至少一人）。")
    if not notes:
        raise ServiceError("调查情况：必须填写入户看到和核实的情况。")
    if not Evidence.objects.filter(hardship_file=hardship_file).exists() and not reason:
        raise ServiceError("证明材料：档案还没有任何证明材料；请先上传，或说明无法提供的原因。")
    return _Checked(data.visited_on, visitors, notes, reason)


def record_step(row: Transition, hardship_file: HardshipFile, actor: Any, day: dt.date,
                investigation: InvestigationInput | None) -> dict[str, Any]:
    """Checks, then writes the step's own record (inside the transition's transaction); returns what the
    timeline and audit should say about it."""
    refusal = step_refusal(row, hardship_file, actor, day)
    if refusal is not None:
        raise ServiceError(refusal[0], status=refusal[1])
    if row.action == "investigate":
        data = _investigation(hardship_file, investigation, day)
        evidence = Evidence.objects.filter(hardship_file=hardship_file).count()
        HomeInvestigation.objects.create(file=hardship_file, visited_on=data.visited_on, visitors=data.visitors,
                                         notes=data.notes, no_evidence_reason=data.no_evidence_reason,
                                         evidence_count=min(evidence, 32_767), recorded_by=actor)
        return {"visited_on": str(data.visited_on), "evidence": evidence,
                "no_evidence_reason": bool(data.no_evidence_reason)}
    if row.action == "publicise":
        if day != today():  # a back-dated start would let the approval skip the notice period
            raise ServiceError(f"公示日期：公示期从办理当日（{today():%Y-%m-%d}）起算，不能记为 {day:%Y-%m-%d}。")
        ends = day + dt.timedelta(days=publicity_days())
        Publicity.objects.create(file=hardship_file, starts_on=day, ends_on=ends, started_by=actor)
        return {"notice_until": str(ends)}
    return {}


def _require_publicised(hardship_file: HardshipFile) -> tuple[dt.date, dt.date]:
    period = current_period(hardship_file)
    if hardship_file.status != FileStatus.PUBLICISED or period is None:
        raise ServiceError("只有公示中的档案可以登记异议。", status=409)
    return period


@transaction.atomic
def raise_objection(*, actor: Any, hardship_file: HardshipFile, content: str, raised_by: str = "",
                    raised_on: dt.date | None = None) -> PublicityObjection:
    """Record an objection to a file in public notice; it must be answered before the file is approved."""
    require_permission(actor, "people.add_publicityobjection", "登记公示异议")
    require_file_in_scope(actor, hardship_file)
    hardship_file = HardshipFile.objects.select_for_update().get(pk=hardship_file.pk)
    start, end = _require_publicised(hardship_file)
    day = raised_on or today()
    if day > today():
        raise ServiceError("异议日期：不能晚于今天。")
    if not start <= day <= end:
        raise ServiceError(f"异议日期：应在公示期内（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）。")
    content = clean_text(content, "异议内容", max_length=1000)
    if not content:
        raise ServiceError("异议内容：必须填写。")
    publicity = Publicity.objects.filter(file=hardship_file).order_by("-starts_on", "-id").first()
    if publicity is None:  # publicised before periods were recorded: record the period it is in
        publicity = Publicity.objects.create(file=hardship_file, starts_on=start, ends_on=end)
    objection = PublicityObjection.objects.create(
        file=hardship_file, publicity=publicity, raised_on=day, raised_by=clean_text(raised_by, "异议人",
                                                                                    max_length=100),
        content=content, recorded_by=actor)
    add_event(hardship_file, actor=actor, action="objection", effective_on=day, note=content[:500],
              changes={"objection": objection.pk})
    record_audit("people.file.objection", actor=actor, instance=hardship_file, changes={"objection": objection.pk})
    return objection


@transaction.atomic
def answer_objection(*, actor: Any, objection: PublicityObjection, answer: str) -> PublicityObjection:
    """Answer an objection (once): what was checked and the conclusion."""
    require_permission(actor, "people.change_publicityobjection", "答复公示异议")
    require_file_in_scope(actor, objection.file)
    answer = clean_text(answer, "答复", max_length=1000)
    if not answer:
        raise ServiceError("答复：必须填写核实情况和结论。")
    if not PublicityObjection.objects.filter(pk=objection.pk, answered_at__isnull=True).update(
            answer=answer, answered_by=actor, answered_at=timezone.now()):
        raise ConflictError("该异议已答复，不能重复答复。")
    objection.refresh_from_db()
    add_event(objection.file, actor=actor, action="objection_answer", note=answer[:500],
              changes={"objection": objection.pk})
    record_audit("people.file.objection_answer", actor=actor, instance=objection.file,
                 changes={"objection": objection.pk})
    return objection
