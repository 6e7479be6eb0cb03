"""A case from intake to closing: 受理 → 审查 → 指派 → 办理 → 结案, each step one short transaction.

Who may do what: staff of the station's unit take the case in (`add_legalcase`); someone else reviews and
assigns it (`review_legalcase`; whoever took it in does not review it); the assigned lawyer handles it,
records each claimant's plan and result, and closes it (`change_legalcase`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from bangfu.accounts.scoping import org_in_scope, scoped
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.files import seal_file
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.core.sensitive import blind_index
from bangfu.legal import clocks
from bangfu.legal.means import MeansInput, means_test
from bangfu.legal.models import (
    CaseDocument,
    CaseStatus,
    Channel,
    Claimant,
    DisputeType,
    Lawyer,
    LegalAidStation,
    LegalCase,
    MeansResult,
    Outcome,
    ServiceType,
)
from bangfu.people.models import Person
from bangfu.people.services.evidence import check_upload

# Services that take a lawyer's time: every claimant must pass (or be exempt from) the means test.
MEANS_TESTED = (ServiceType.REPRESENTATION, ServiceType.DOCUMENTS)
MAX_CLAIMANTS = 500


@dataclass(frozen=True)
class ClaimantIn:
    name: str
    id_number: str = ""
    phone: str = ""
    migrant_worker: bool = False
    household_size: int | None = None
    declared_income_fen: int | None = None
    claimed_fen: int = 0


def _require(actor: Any, permission: str, what: str) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(permission):
        raise ServiceError(f"您没有{what}的权限。", status=403)


def _require_case_in_scope(actor: Any, case: LegalCase, action: str = "view") -> None:
    if not scoped(LegalCase.objects.filter(pk=case.pk), actor, action).exists():
        raise ServiceError("未找到该案件，或不在您的数据范围内。", status=404)


def _choice(value: str, choices: Any, label: str) -> str:
    if value not in choices.values:
        raise ServiceError(f"{label}：“{value}”不是可选值之一", status=422)
    return value


def _claimant(row: int, data: ClaimantIn) -> tuple[Claimant, str]:
    """A claimant record (unsaved) and the normalised ID number; errors name the row."""
    where = f"第 {row} 位申请人"
    name = (data.name or "").strip()
    if not name:
        raise ServiceError(f"{where}：姓名不能为空", status=422)
    if len(name) > 50:
        raise ServiceError(f"{where}：姓名不能超过 50 个字", status=422)
    number = ""
    if (data.id_number or "").strip():
        try:
            number = parse_id_number(data.id_number).number
        except IdNumberError as exc:
            raise ServiceError(f"{where}：身份证号{exc}", status=422) from None
    if data.claimed_fen < 0:
        raise ServiceError(f"{where}：请求金额不能为负数", status=422)
    if data.declared_income_fen is not None and data.declared_income_fen < 0:
        raise ServiceError(f"{where}：家庭月收入不能为负数", status=422)
    if data.household_size is not None and not 1 <= data.household_size <= 30:
        raise ServiceError(f"{where}：家庭人口应在 1 至 30 之间", status=422)
    claimant = Claimant(row=row, name=name, id_number=number, id_index=blind_index(number) if number else "",
                        phone=(data.phone or "").strip()[:20], migrant_worker=data.migrant_worker,
                        household_size=data.household_size, declared_income_fen=data.declared_income_fen,
                        claimed_fen=data.claimed_fen)
    return claimant, number


def _run_means_test(claimant: Claimant, case: LegalCase) -> None:
    outcome = means_test(
        MeansInput(person_id=claimant.person_id, migrant_worker=claimant.migrant_worker,
                   household_size=claimant.household_size, declared_income_fen=claimant.declared_income_fen),
        dispute_type=case.dispute_type, region_code=case.org.region_code or case.org.code, on=case.intake_date,
    )
    claimant.means_result, claimant.means_reasons = outcome.result, list(outcome.reasons)


def _refresh_totals(case: LegalCase) -> None:
    totals = Claimant.objects.filter(case=case).aggregate(n=Count("pk"), claimed=Sum("claimed_fen"),
                                                          recovered=Sum("recovered_fen"))
    fields = {"claimant_count": totals["n"], "claimed_fen": totals["claimed"] or 0,
              "recovered_fen": totals["recovered"] or 0}
    LegalCase.objects.filter(pk=case.pk).update(**fields)
    for name, value in fields.items():
        setattr(case, name, value)


@transaction.atomic
def intake_case(*, actor: Any, station: LegalAidStation, intake_date: dt.date, employer_name: str,
                dispute_type: str, service_type: str, claimants: list[ClaimantIn], channel: str = Channel.WALK_IN,
                employer_uscc: str = "", summary: str = "", knew_on: dt.date | None = None) -> LegalCase:
    """受理: a case and its claimants (many for a collective case), each means-tested on the register."""
    _require(actor, "legal.add_legalcase", "受理法律援助案件")
    if not org_in_scope(actor, station.org) or not scoped(
            LegalAidStation.objects.filter(pk=station.pk), actor).exists():
        raise ServiceError("未找到该工作站，或不在您的数据范围内。", status=404)
    today = timezone.localdate()
    if intake_date > today:
        raise ServiceError("受理日期：不能晚于今天", status=422)
    if knew_on is not None and knew_on > intake_date:
        raise ServiceError("知道权利受侵害之日：不能晚于受理日期", status=422)
    if not (employer_name or "").strip():
        raise ServiceError("用人单位：不能为空", status=422)
    if not claimants:
        raise ServiceError("申请人：至少填写一位", status=422)
    if len(claimants) > MAX_CLAIMANTS:
        raise ServiceError(f"申请人：一个案件最多 {MAX_CLAIMANTS} 位", status=422)
    case = LegalCase(
        org=station.org, created_by=actor, station=station, intake_date=intake_date,
        channel=_choice(channel, Channel, "受理渠道"), collective=len(claimants) > 1,
        employer_name=employer_name.strip()[:100], employer_uscc=(employer_uscc or "").strip()[:18],
        dispute_type=_choice(dispute_type, DisputeType, "争议类型"),
        service_type=_choice(service_type, ServiceType, "服务类型"), summary=summary or "", knew_on=knew_on,
        review_due_on=clocks.review_due(intake_date),
        limit_on=clocks.arbitration_limit(knew_on) if knew_on else None,
    )
    made = [_claimant(row, data) for row, data in enumerate(claimants, start=1)]
    numbers = [number for _claimant_row, number in made if number]
    if len(numbers) != len(set(numbers)):
        raise ServiceError("申请人：同一身份证号填写了两次", status=422)
    people = dict(Person.objects.filter(id_index__in=[blind_index(n) for n in numbers]).values_list("id_index", "pk"))
    case.save()
    for claimant, _number in made:
        claimant.case, claimant.org, claimant.created_by = case, case.org, actor
        claimant.person_id = people.get(claimant.id_index)
        _run_means_test(claimant, case)
    Claimant.objects.bulk_create([claimant for claimant, _number in made])
    _refresh_totals(case)
    audit.record("legal.case_received", actor=actor, obj=case,
                 changes={"claimants": len(made), "service_type": service_type, "dispute_type": dispute_type})
    return case


def _step(case: LegalCase, to: str) -> None:
    if to not in case.next_statuses():
        raise ConflictError(f"案件当前状态为“{case.get_status_display()}”，不能进行此操作；请刷新后重试。")


@transaction.atomic
def review_case(*, actor: Any, case: LegalCase, expected_version: int, on: dt.date | None = None) -> LegalCase:
    """受理 → 审查. Whoever took the case in does not review it."""
    _require_case_in_scope(actor, case)
    _require(actor, "legal.review_legalcase", "审查法律援助案件")
    if case.created_by_id == actor.pk:
        raise ServiceError("受理人不能审查本人受理的案件，请由其他工作人员审查。", status=403)
    _step(case, CaseStatus.REVIEWING)
    update_versioned(case, expected_version, status=CaseStatus.REVIEWING, reviewed_on=on or timezone.localdate())
    audit.record("legal.case_reviewed", actor=actor, obj=case)
    return case


@transaction.atomic
def assign_case(*, actor: Any, case: LegalCase, lawyer: Lawyer, expected_version: int,
                on: dt.date | None = None) -> LegalCase:
    """审查 → 指派: a lawyer in the actor's scope who takes cases; means-tested services need every claimant to pass."""
    _require_case_in_scope(actor, case)
    _require(actor, "legal.review_legalcase", "指派律师")
    if not scoped(Lawyer.objects.filter(pk=lawyer.pk, active=True), actor).exists():
        raise ServiceError("律师：未找到，或该律师暂不接受新案件", status=422)
    _step(case, CaseStatus.ASSIGNED)
    if case.service_type in MEANS_TESTED:
        failing = list(case.claimants.exclude(means_result__in=(MeansResult.EXEMPT, MeansResult.ELIGIBLE))
                       .values_list("row", "means_result"))
        if failing:
            labels = dict(MeansResult.choices)
            rows = "；".join(f"第 {row} 位申请人：{labels[result]}" for row, result in failing)
            raise ServiceError(f"经济困难审查未通过，不能指派{case.get_service_type_display()}：{rows}", status=400)
    update_versioned(case, expected_version, status=CaseStatus.ASSIGNED, lawyer=lawyer,
                     assigned_on=on or timezone.localdate())
    audit.record("legal.case_assigned", actor=actor, obj=case, changes={"lawyer": lawyer.pk})
    return case


@transaction.atomic
def start_case(*, actor: Any, case: LegalCase, expected_version: int, on: dt.date | None = None) -> LegalCase:
    """指派 → 办理 (the lawyer accepts the case)."""
    _require_case_in_scope(actor, case, "change")
    _require(actor, "legal.change_legalcase", "办理法律援助案件")
    _step(case, CaseStatus.HANDLING)
    update_versioned(case, expected_version, status=CaseStatus.HANDLING, started_on=on or timezone.localdate())
    audit.record("legal.case_started", actor=actor, obj=case)
    return case


@transaction.atomic
def record_claimant(*, actor: Any, claimant: Claimant, expected_version: int, plan: str | None = None,
                    result: str | None = None, recovered_fen: int | None = None, settled_on: dt.date | None = None,
                    household_size: int | None = None, declared_income_fen: int | None = None) -> Claimant:
    """One claimant's plan, result and amount recovered (while the case is open); a changed income re-runs the
    means test. The case's totals follow in the same transaction."""
    case = LegalCase.objects.select_for_update(of=("self",)).select_related("org").get(pk=claimant.case_id)
    _require_case_in_scope(actor, case, "change")
    _require(actor, "legal.change_claimant", "记录申请人援助方案和结果")
    where = f"第 {claimant.row} 位申请人"
    if not case.is_open:
        raise ConflictError("案件已结案，不能再修改申请人。")
    fields: dict[str, Any] = {}
    if plan is not None:
        fields["plan"] = plan
    outcome_given = result is not None or recovered_fen is not None or settled_on is not None
    if outcome_given and case.status != CaseStatus.HANDLING:
        raise ServiceError(f"{where}：案件办理中才能记录结果", status=409)
    if result is not None:
        fields["result"] = _choice(result, Outcome, f"{where}的结果") if result else ""
    if recovered_fen is not None:
        if recovered_fen < 0:
            raise ServiceError(f"{where}：挽回金额不能为负数", status=422)
        fields["recovered_fen"] = recovered_fen
    if settled_on is not None:
        if settled_on < case.intake_date or settled_on > timezone.localdate():
            raise ServiceError(f"{where}：结果日期应在受理日期与今天之间", status=422)
        fields["settled_on"] = settled_on
    if household_size is not None or declared_income_fen is not None:
        if household_size is not None and not 1 <= household_size <= 30:
            raise ServiceError(f"{where}：家庭人口应在 1 至 30 之间", status=422)
        if declared_income_fen is not None and declared_income_fen < 0:
            raise ServiceError(f"{where}：家庭月收入不能为负数", status=422)
        claimant.household_size = household_size if household_size is not None else claimant.household_size
        claimant.declared_income_fen = (declared_income_fen if declared_income_fen is not None
                                        else claimant.declared_income_fen)
        _run_means_test(claimant, case)
        fields.update(household_size=claimant.household_size, declared_income_fen=claimant.declared_income_fen,
                      means_result=claimant.means_result, means_reasons=claimant.means_reasons)
    update_versioned(claimant, expected_version, **fields)
    _refresh_totals(case)
    audit.record("legal.claimant_recorded", actor=actor, obj=claimant, org=case.org,
                 changes={"fields": sorted(fields)})
    return claimant


@transaction.atomic
def add_claimant(*, actor: Any, case: LegalCase, data: ClaimantIn, expected_version: int) -> Claimant:
    """追加申请人: one more worker joins an open collective case (a worker owed the same wages who came later,
    by the phone channel or at the desk). Means-tested like those taken in; the case's totals follow."""
    _require_case_in_scope(actor, case, "change")
    _require(actor, "legal.add_claimant", "追加集体案件申请人")
    locked = LegalCase.objects.select_for_update(of=("self",)).select_related("org").get(pk=case.pk)
    if locked.version != expected_version:
        raise ConflictError("该案件已被他人修改，请刷新后重试。")
    if not locked.is_open:
        raise ConflictError("案件已结案，不能再追加申请人。")
    if not locked.collective:
        raise ServiceError("只有集体案件可以追加申请人；个人案件请另行受理。", status=409)
    rows = list(Claimant.objects.filter(case=locked).values_list("row", "id_index"))
    if len(rows) >= MAX_CLAIMANTS:
        raise ServiceError(f"申请人：一个案件最多 {MAX_CLAIMANTS} 位", status=422)
    row = max((number for number, _index in rows), default=0) + 1
    claimant, number = _claimant(row, data)
    if number and claimant.id_index in {index for _number, index in rows}:
        raise ConflictError(f"第 {row} 位申请人：该身份证号已是本案申请人。")
    claimant.case, claimant.org, claimant.created_by = locked, locked.org, actor
    if number:
        claimant.person_id = Person.objects.filter(id_index=claimant.id_index).values_list("pk", flat=True).first()
    _run_means_test(claimant, locked)
    claimant.save()
    _refresh_totals(locked)
    update_versioned(case, expected_version, claimant_count=locked.claimant_count, claimed_fen=locked.claimed_fen,
                     recovered_fen=locked.recovered_fen)
    audit.record("legal.claimant_added", actor=actor, obj=claimant, org=locked.org, changes={"row": row})
    return claimant


@transaction.atomic
def close_case(*, actor: Any, case: LegalCase, outcome: str, expected_version: int, closing_report: str = "",
               on: dt.date | None = None) -> LegalCase:
    """办理 → 结案. A collective case closes when every claimant has a result; a single claimant without one
    takes the case's outcome (the close form says so)."""
    _require_case_in_scope(actor, case, "change")
    _require(actor, "legal.change_legalcase", "结案")
    _choice(outcome, Outcome, "结案方式")
    _step(case, CaseStatus.CLOSED)
    on = on or timezone.localdate()
    if on < case.intake_date:
        raise ServiceError("结案日期：不能早于受理日期", status=422)
    claimants = list(case.claimants.all())
    missing = [c.row for c in claimants if not c.result]
    if missing and len(claimants) > 1:
        rows = "、".join(str(row) for row in missing)
        raise ServiceError(f"集体案件须先记录每位申请人的结果：第 {rows} 位申请人尚无结果", status=400)
    if missing:
        Claimant.objects.filter(pk=claimants[0].pk).update(result=outcome, settled_on=on)
    update_versioned(case, expected_version, status=CaseStatus.CLOSED, outcome=outcome, closed_on=on,
                     days_to_close=(on - case.intake_date).days, closing_report=closing_report or "")
    audit.record("legal.case_closed", actor=actor, obj=case, changes={"outcome": outcome})
    return case


@transaction.atomic
def add_document(*, actor: Any, case: LegalCase, title: str, upload: UploadedFile) -> CaseDocument:
    _require_case_in_scope(actor, case)
    _require(actor, "legal.add_casedocument", "上传案件材料")
    if not (title or "").strip():
        raise ServiceError("材料名称：不能为空", status=422)
    content_type = check_upload(upload)
    document = CaseDocument(case=case, org=case.org, created_by=actor, title=title.strip()[:100],
                            content_type=content_type, size=upload.size or 0)
    seal_file(document.upload, upload.name or "upload", upload)
    document.save()
    audit.record("legal.document_added", actor=actor, obj=case, changes={"document": document.pk,
                                                                         "size": document.size})
    return document
