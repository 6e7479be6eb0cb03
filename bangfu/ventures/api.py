"""The ventures API, thin: `queries.*_for` read in scope (404 outside), the same services as the pages write
(403 without the permission, 409 stale or replayed differently). Lists are bounded by `api_window`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from bangfu.accounts.queries import unit_for
from bangfu.core.errors import ServiceError
from bangfu.core.masking import mask_id_number
from bangfu.core.money import format_wan_yuan
from bangfu.core.pagination import api_window
from bangfu.people.queries import person_for
from bangfu.ventures import queries
from bangfu.ventures.models import EmployedHousehold, Loan, SubsidyPolicy, SubsidyRun, VentureProject
from bangfu.ventures.report import Figures, venture_report
from bangfu.ventures.schemas import (
    ArrearOut,
    ArrearPage,
    EmployedIn,
    EmployedOut,
    EmployedPage,
    FiguresOut,
    ImportOut,
    InstalmentOut,
    LevelStatusOut,
    LoanIn,
    LoanOut,
    PaymentOut,
    PolicyOut,
    PolicyRevisionOut,
    PolicyUpdateIn,
    ProjectIn,
    ProjectOut,
    ProjectPage,
    ProjectStepIn,
    RepaymentIn,
    RepaymentOut,
    RunDecisionIn,
    RunIn,
    RunOut,
    RunPage,
    RunSummaryOut,
    UnitFiguresOut,
    VentureReportOut,
    YearFiguresOut,
)
from bangfu.ventures.services import households, imports, loans, policies, projects, runs

router = Router(tags=["职工创业扶持"])


class ListQuery(Schema):
    q: str = ""
    status: str = ""
    level: str = ""
    offset: int = 0
    limit: int = 50


class WindowQuery(Schema):
    offset: int = 0
    limit: int = 50


class ReportQuery(Schema):
    org: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def project_out(project: VentureProject) -> ProjectOut:
    return ProjectOut(id=project.pk, name=project.name, sector=project.sector, level=project.level,
                      level_label=str(project.get_level_display()), status=project.status,
                      status_label=str(project.get_status_display()), org_code=project.org.code,
                      applicant_id=project.applicant_id, group_name=project.group_name,
                      submitted_on=project.submitted_on, approved_on=project.approved_on, version=project.version)


def loan_out(loan: Loan) -> LoanOut:
    return LoanOut(id=loan.pk, project_id=loan.project_id, bank=loan.bank, contract_number=loan.contract_number,
                   principal_fen=loan.principal_fen, annual_rate=str(loan.annual_rate), start_on=loan.start_on,
                   term_months=loan.term_months, plan=loan.plan,
                   instalments=[InstalmentOut(number=i.number, due_on=i.due_on, days=i.days,
                                              opening_fen=i.opening_fen, principal_fen=i.principal_fen,
                                              interest_fen=i.interest_fen, principal_paid_fen=i.principal_paid_fen,
                                              interest_paid_fen=i.interest_paid_fen,
                                              paid_in_full_on=i.paid_in_full_on) for i in queries.instalments_of(loan)])


def employed_out(household: EmployedHousehold) -> EmployedOut:
    return EmployedOut(id=household.pk, project_id=household.project_id, worker_name=household.worker_name,
                       id_number_masked=mask_id_number(household.id_number), employed_on=household.employed_on,
                       post=household.post, in_register=household.person_id is not None,
                       hardship_file_household_id=household.hardship_file.household_id
                       if household.hardship_file is not None else None)


def policy_out(policy: SubsidyPolicy) -> PolicyOut:
    return PolicyOut(id=policy.pk, name=policy.name, org_code=policy.org.code, fund_id=policy.fund_id,
                     share_percent=str(policy.share_percent), cap_per_year_fen=policy.cap_per_year_fen,
                     cap_per_project_fen=policy.cap_per_project_fen, grace_days=policy.grace_days,
                     revision=policy.revision, version=policy.version,
                     revisions=[PolicyRevisionOut(revision=r.revision, terms=r.terms, note=r.note,
                                                  changed_at=r.changed_at) for r in policy.revisions.all()[:100]])


def run_out(request: HttpRequest, run: SubsidyRun) -> RunOut:
    lines = [PaymentOut(id=p.pk, loan_id=p.loan_id, project_name=p.loan.project.name,
                        eligible_interest_fen=p.eligible_interest_fen, computed_fen=p.computed_fen,
                        amount_fen=p.amount_fen, status=p.status, reasons=p.reasons,
                        disbursement_status=p.disbursement.status if p.disbursement is not None else None)
             for p in queries.payments_of(request.user, run)]
    return RunOut(id=run.pk, policy_id=run.policy_id, policy_revision=run.policy_revision,
                  period_start=run.period_start, period_end=run.period_end, status=run.status,
                  status_label=str(run.get_status_display()), total_fen=sum(line.amount_fen for line in lines),
                  version=run.version, lines=lines)


# --- projects ------------------------------------------------------------------------------------------

@router.get("/ventures/projects", response=ProjectPage, summary="创业扶持项目列表",
            description="数据范围内的项目，可按名称搜索，按状态、认定级别筛选。")
def list_venture_projects(request: HttpRequest, filters: Query[ListQuery]) -> ProjectPage:
    found = queries.projects(request.user, text=filters.q, status=filters.status, level=filters.level)
    return ProjectPage(count=found.count(),
                       items=[project_out(p) for p in found[api_window(filters.limit, filters.offset)]])


@router.post("/ventures/projects", response={201: ProjectOut}, summary="申报创业扶持项目",
             description="单位须在数据范围内；须有申报职工（applicant_id）或合作社/合伙名称。")
def register_venture_project(request: HttpRequest, payload: ProjectIn) -> Status[ProjectOut]:
    org = unit_for(request.user, payload.org)
    applicant = (person_for(request.user, payload.applicant_id) if payload.applicant_id else None)
    project = projects.register_project(
        actor=request.user, org=org, name=payload.name, sector=payload.sector, level=payload.level,
        applicant=applicant, group_name=payload.group_name, location=payload.location,
        description=payload.description, submitted_on=payload.submitted_on)
    return Status(201, project_out(project))


@router.get("/ventures/projects/{project_id}", response=ProjectOut, summary="创业扶持项目详情",
            description="不在数据范围内时返回 404。")
def get_venture_project(request: HttpRequest, project_id: int) -> ProjectOut:
    return project_out(queries.project_for(request.user, project_id))


@router.post("/ventures/projects/{project_id}/steps", response=ProjectOut, summary="项目流转",
             description="审核、立项、不予立项、转入运营、结项；立项须由申报经办人以外的人员（否则 403）；"
                         "须提供版本号，过期时 409。")
def advance_venture_project(request: HttpRequest, project_id: int, payload: ProjectStepIn) -> ProjectOut:
    project = queries.project_for(request.user, project_id)
    return project_out(projects.advance_project(actor=request.user, project=project, step=payload.step,
                                                version=payload.version, note=payload.note))


# --- loans and repayments ------------------------------------------------------------------------------

@router.post("/ventures/projects/{project_id}/loans", response={201: LoanOut}, summary="登记贷款",
             description="仅立项后的项目；同一银行的合同编号不能重复（409）。按 ACT/360、四舍五入到分生成还款计划。")
def register_venture_loan(request: HttpRequest, project_id: int, payload: LoanIn) -> Status[LoanOut]:
    project = queries.project_for(request.user, project_id)
    loan = loans.register_loan(actor=request.user, project=project, **payload.dict())
    return Status(201, loan_out(loan))


@router.get("/ventures/loans/{loan_id}", response=LoanOut, summary="贷款及还款计划",
            description="每期到期日、天数、应还本息、已还金额和还清日期。")
def get_venture_loan(request: HttpRequest, loan_id: int) -> LoanOut:
    return loan_out(queries.loan_for(request.user, loan_id))


@router.post("/ventures/loans/{loan_id}/repayments", response={201: RepaymentOut, 200: RepaymentOut},
             summary="登记还款",
             description="按银行流水号幂等：相同内容重复提交返回原记录（200），内容不同返回 409；"
                         "超过该期应还金额时 400。")
def record_venture_repayment(request: HttpRequest, loan_id: int, payload: RepaymentIn) -> Status[RepaymentOut]:
    loan = queries.loan_for(request.user, loan_id)
    outcome = loans.record_repayment(actor=request.user, loan=loan, **payload.dict())
    row = outcome.repayment
    return Status(201 if outcome.created else 200, RepaymentOut(
        id=row.pk, loan_id=loan.pk, number=payload.number, paid_on=row.paid_on, principal_fen=row.principal_fen,
        interest_fen=row.interest_fen, reference=row.reference, created=outcome.created))


@router.post("/ventures/repayments/import", response=ImportOut, summary="导入银行还款明细（Excel）",
             description="每个正确的行都会登记；错误行列出行号、列名和原因；重复导入不会重复登记。")
def import_venture_repayments(request: HttpRequest, file: File[UploadedFile]) -> ImportOut:
    result = imports.import_repayments(actor=request.user, loans=queries.loans(request.user), source=file)
    return _import_out(result)


@router.get("/ventures/arrears", response=ArrearPage, summary="逾期还款清单",
            description="今天以前到期且未足额归还的各期；逾期期间暂停贴息。")
def list_venture_arrears(request: HttpRequest, window: Query[WindowQuery]) -> ArrearPage:
    found = queries.arrears(request.user)
    return ArrearPage(count=found.count(), items=[
        ArrearOut(loan_id=row.loan_id, project_name=row.loan.project.name, bank=row.loan.bank,
                  contract_number=row.loan.contract_number, number=row.number, due_on=row.due_on,
                  due_fen=row.total_fen, paid_fen=row.paid_fen)
        for row in found[api_window(window.limit, window.offset)]])


# --- employed households -------------------------------------------------------------------------------

@router.get("/ventures/projects/{project_id}/employed", response=EmployedPage, summary="带动就业户列表",
            description="身份证号脱敏；in_register 表示与建档系统中的职工匹配，"
                        "hardship_file_household_id 为其困难档案。")
def list_employed_households(request: HttpRequest, project_id: int, window: Query[WindowQuery]) -> EmployedPage:
    project = queries.project_for(request.user, project_id)
    found = queries.employed(request.user, project)
    return EmployedPage(count=found.count(),
                        items=[employed_out(h) for h in found[api_window(window.limit, window.offset)]])


@router.post("/ventures/projects/{project_id}/employed", response={201: EmployedOut}, summary="登记带动就业户",
             description="身份证号经盲索引与本单位建档职工匹配，在档困难家庭自动关联；同一项目重复登记返回 409。")
def add_employed_household_api(request: HttpRequest, project_id: int, payload: EmployedIn) -> Status[EmployedOut]:
    project = queries.project_for(request.user, project_id)
    household = households.add_employed_household(actor=request.user, project=project, **payload.dict())
    return Status(201, employed_out(household))


@router.post("/ventures/projects/{project_id}/employed/import", response=ImportOut,
             summary="导入带动就业户（Excel）",
             description="列：姓名、身份证号、就业日期、岗位；重复导入不会重复登记。")
def import_employed_households_api(request: HttpRequest, project_id: int, file: File[UploadedFile]) -> ImportOut:
    project = queries.project_for(request.user, project_id)
    return _import_out(imports.import_employed(actor=request.user, project=project, source=file))


def _import_out(result: imports.ImportResult) -> ImportOut:
    return ImportOut(rows=result.rows, created=result.created, rejected=result.rejected_rows,
                     errors=[{"row": e.row, "column": e.column, "message": e.message} for e in result.errors[:500]])


# --- policies and runs ---------------------------------------------------------------------------------

@router.get("/ventures/policies/{policy_id}", response=PolicyOut, summary="贴息政策及其修订记录",
            description="不在数据范围内时返回 404。")
def get_subsidy_policy(request: HttpRequest, policy_id: int) -> PolicyOut:
    return policy_out(queries.policy_for(request.user, policy_id))


@router.put("/ventures/policies/{policy_id}", response=PolicyOut, summary="修改贴息政策",
            description="形成新的修订版本（须填写原因）；已计算的批次保留原条款。须提供版本号，过期时 409。")
def update_subsidy_policy_api(request: HttpRequest, policy_id: int, payload: PolicyUpdateIn) -> PolicyOut:
    policy = queries.policy_for(request.user, policy_id)
    policies.update_policy(actor=request.user, policy=policy, version=payload.version, note=payload.note,
                           **payload.dict(exclude={"version", "note"}))
    return policy_out(queries.policy_for(request.user, policy_id))


@router.get("/ventures/runs", response=RunPage, summary="贴息批次列表", description="数据范围内的贴息批次。")
def list_subsidy_runs(request: HttpRequest, window: Query[WindowQuery]) -> RunPage:
    found = queries.runs(request.user)
    window_rows = found[api_window(window.limit, window.offset)]
    return RunPage(count=found.count(), items=[
        RunSummaryOut(id=r.pk, policy_id=r.policy_id, policy_name=r.policy.name, period_start=r.period_start,
                      period_end=r.period_end, status=r.status, version=r.version) for r in window_rows])


@router.post("/ventures/runs", response={201: RunOut}, summary="计算一个贴息期间",
             description="按政策当前条款计算该期间每笔贷款的贴息（逾期暂停、上限），经办人复核后提交审批。")
def compute_subsidy_run_api(request: HttpRequest, payload: RunIn) -> Status[RunOut]:
    policy = queries.policy_for(request.user, payload.policy_id)
    run = runs.compute_run(actor=request.user, policy=policy, period_start=payload.period_start,
                           period_end=payload.period_end)
    return Status(201, run_out(request, run))


@router.get("/ventures/runs/{run_id}", response=RunOut, summary="贴息批次及各笔明细",
            description="每笔贷款的按时还款利息、计算金额、上限后金额、状态、中文原因和发放状态。")
def get_subsidy_run(request: HttpRequest, run_id: int) -> RunOut:
    return run_out(request, queries.run_for(request.user, run_id))


@router.post("/ventures/runs/{run_id}/decisions", response=RunOut, summary="提交、审批或驳回贴息批次",
             description="审批须由计算、提交人以外的第二人（否则 403）；审批时经帮扶资金台账发放，幂等键 "
                         "venture-subsidy:<明细id>；资金不足则全部不发放（409）。")
def decide_subsidy_run(request: HttpRequest, run_id: int, payload: RunDecisionIn) -> RunOut:
    run = queries.run_for(request.user, run_id)
    if payload.decision == "submit":
        runs.submit_run(actor=request.user, run=run, version=payload.version)
    elif payload.decision == "approve":
        runs.approve_run(actor=request.user, run=run, version=payload.version)
    elif payload.decision == "reject":
        runs.reject_run(actor=request.user, run=run, version=payload.version, note=payload.note)
    else:
        raise ServiceError(f"decision：无效的操作“{payload.decision}”，应为 submit、approve 或 reject")
    return run_out(request, queries.run_for(request.user, run_id))


# --- report --------------------------------------------------------------------------------------------

def _figures(figures: Figures) -> dict[str, Any]:
    return {"projects": figures.projects, "loans_fen": figures.loans_fen,
            "loans_wan_yuan": format_wan_yuan(figures.loans_fen, unit=False), "subsidy_fen": figures.subsidy_fen,
            "subsidy_wan_yuan": format_wan_yuan(figures.subsidy_fen, unit=False),
            "households": figures.households, "hardship": figures.hardship}


@router.get("/reports/ventures", response=VentureReportOut, summary="职工创业扶持报表",
            description="立项项目（按立项日期）、发放贷款（按发放日期）、经台账实际发放的贴息（按期末）、带动就业户、"
                        "帮扶困难职工（不重复的困难档案）；合计、下一级单位、年度；及按级别和状态的项目数。")
def ventures_report_api(request: HttpRequest, filters: Query[ReportQuery]) -> VentureReportOut:
    if not request.user.has_perm("ventures.view_ventureproject"):
        raise PermissionDenied
    unit = unit_for(request.user, filters.org, permission="ventures.view_ventureproject")
    report = venture_report(request.user, unit, filters.start, filters.end)
    return VentureReportOut(
        org_code=unit.code, org_name=unit.name, start=filters.start, end=filters.end,
        total=FiguresOut(**_figures(report.total)),
        by_unit=[UnitFiguresOut(code=u.code, name=u.name, **_figures(f)) for u, f in report.by_unit],
        by_year=[YearFiguresOut(year=year, **_figures(f)) for year, f in report.by_year],
        by_level_status=[LevelStatusOut(level=code, label=label, counts=counts)
                         for code, label, counts in report.by_level_status])
