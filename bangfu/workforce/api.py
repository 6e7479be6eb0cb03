"""The workforce API, thin: `queries.*_for` read in scope (404 outside), the same services as the pages write
(403 without the permission or on one's own record, 409 stale or taken). Lists are bounded by `api_window`."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from bangfu.accounts.queries import unit_for
from bangfu.core.pagination import api_window
from bangfu.people.queries import file_detail
from bangfu.workforce import queries, services
from bangfu.workforce.models import Assessment, AssessmentRun, CareerDecision, SocialWorker
from bangfu.workforce.schemas import (
    AssessmentOut,
    CandidateOut,
    CandidatePage,
    DecideIn,
    DecisionIn,
    DecisionOut,
    DecisionPage,
    FollowUpIn,
    FollowUpOut,
    HireIn,
    LineOut,
    PayIn,
    PayOut,
    ReviewIn,
    RunIn,
    RunOut,
    ShareOut,
    WorkerOut,
    WorkerPage,
    WorkforceReportOut,
)

router = Router(tags=["工会社工队伍"])


class RosterQuery(Schema):
    q: str = ""
    org: str = ""
    post_level: str = ""
    employment_type: str = ""
    certificate_level: str = ""
    status: str = "active"
    offset: int = 0
    limit: int = 50


class DecisionQuery(Schema):
    status: str = ""
    offset: int = 0
    limit: int = 50


class WindowQuery(Schema):
    offset: int = 0
    limit: int = 50


class ReportQuery(Schema):
    org: str | None = None
    as_of: dt.date | None = None


def worker_out(worker: SocialWorker) -> WorkerOut:
    post = worker.post
    return WorkerOut(id=worker.pk, name=worker.person.name, org_code=worker.org.code, post_id=worker.post_id,
                     post_title=post.title if post else "", post_level=post.level if post else "", grade=worker.grade,
                     employment_type=worker.employment_type, certificate_level=worker.certificate_level,
                     hired_on=worker.hired_on, contract_ends_on=worker.contract_ends_on, status=worker.status,
                     version=worker.version)


def assessment_out(assessment: Assessment) -> AssessmentOut:
    run = assessment.run
    return AssessmentOut(
        id=assessment.pk, run_id=run.pk, worker_id=assessment.worker_id, worker_name=assessment.worker.person.name,
        period_start=run.period_start, period_end=run.period_end, status=assessment.status,
        supervisor_score=assessment.supervisor_score,
        total=float(assessment.total) if assessment.total is not None else None, result=assessment.result,
        version=assessment.version,
        lines=[LineOut(indicator=line.indicator, counted=line.counted, achieved=line.achieved,
                       score=float(line.score) if line.score is not None else None, weight=line.weight,
                       explanation=line.explanation, evidence=line.evidence) for line in queries.lines_of(assessment)])


def run_out(request: HttpRequest, run: AssessmentRun) -> RunOut:
    return RunOut(id=run.pk, org_code=run.org.code, scheme_id=run.scheme_id, period_start=run.period_start,
                  period_end=run.period_end,
                  assessments=[assessment_out(a) for a in queries.assessments_of_run(request.user, run)
                               .select_related("run").prefetch_related("lines")[:500]])


def decision_out(decision: CareerDecision) -> DecisionOut:
    return DecisionOut(id=decision.pk, worker_id=decision.worker_id, worker_name=decision.worker.person.name,
                       kind=decision.kind, status=decision.status,
                       assessment_id=decision.assessment_id, new_grade=decision.new_grade,
                       new_pay_fen=decision.new_pay_fen, effective_on=decision.effective_on, reason=decision.reason,
                       proposed_by=decision.created_by.username if decision.created_by else "",
                       decided_by=decision.decided_by.username if decision.decided_by else "",
                       version=decision.version)


@router.get("/workforce/workers", response=WorkerPage, summary="社工花名册",
            description="数据范围内的社会化工会工作者，可按姓名、单位、岗位层级、用工方式、职业资格、状态筛选。")
def list_workforce_workers(request: HttpRequest, filters: Query[RosterQuery]) -> WorkerPage:
    unit = unit_for(request.user, filters.org) if filters.org else None
    found = queries.workers(request.user, queries.RosterFilter(
        text=filters.q, org=unit, post_level=filters.post_level, employment_type=filters.employment_type,
        certificate_level=filters.certificate_level, status=filters.status))
    return WorkerPage(count=found.count(),
                      items=[worker_out(w) for w in found[api_window(filters.limit, filters.offset)]])


@router.post("/workforce/workers", response={201: WorkerOut}, summary="社工入职",
             description="须选择数据范围内的空缺岗位；登记人员（一人一档）、账号（无密码、无角色，由系统管理员开通）、"
                         "1+N 培训档案和首月工资。岗位已有人时 409。")
def hire_workforce_worker(request: HttpRequest, payload: HireIn) -> Status[WorkerOut]:
    post = queries.post_for(request.user, payload.post_id)
    fields = payload.dict()
    fields.pop("post_id")
    worker = services.hire_worker(actor=request.user, data=services.HireInput(post=post, **fields))
    return Status(201, worker_out(queries.worker_for(request.user, worker.pk)))


@router.get("/workforce/workers/{worker_id}", response=WorkerOut, summary="社工详情",
            description="不在数据范围内时返回 404。")
def get_workforce_worker(request: HttpRequest, worker_id: int) -> WorkerOut:
    return worker_out(queries.worker_for(request.user, worker_id))


@router.post("/workforce/workers/{worker_id}/pay", response={201: PayOut}, summary="登记月实得工资",
             description="同一月份相同金额重复提交返回原记录；金额不同 409（调整薪酬走薪酬调整决定）。")
def record_workforce_pay(request: HttpRequest, worker_id: int, payload: PayIn) -> Status[PayOut]:
    worker = queries.worker_for(request.user, worker_id)
    pay = services.record_pay(actor=request.user, worker=worker, month=payload.month,
                              take_home_fen=payload.take_home_fen)
    return Status(201, PayOut(id=pay.pk, worker_id=worker.pk, month=pay.month, take_home_fen=pay.take_home_fen))


@router.post("/workforce/workers/{worker_id}/follow-ups", response={201: FollowUpOut}, summary="登记回访满意度",
             description="回访该社工担任帮扶联系人的家庭；不能由社工本人登记（403）。")
def record_workforce_follow_up(request: HttpRequest, worker_id: int, payload: FollowUpIn) -> Status[FollowUpOut]:
    worker = queries.worker_for(request.user, worker_id)
    hardship_file = file_detail(request.user, payload.household_id)
    call = services.record_follow_up(actor=request.user, worker=worker, hardship_file=hardship_file,
                                     called_on=payload.called_on, satisfaction=payload.satisfaction, note=payload.note)
    return Status(201, FollowUpOut(id=call.pk, worker_id=worker.pk, called_on=call.called_on,
                                   satisfaction=call.satisfaction))


@router.post("/workforce/runs", response={201: RunOut}, summary="发起履职考核",
             description="对单位及下级的在岗社工，按考核方案从平台的个案记录计算各项指标；"
                         "同一考核期同一方案重复发起时 409。")
def run_workforce_assessment(request: HttpRequest, payload: RunIn) -> Status[RunOut]:
    unit = unit_for(request.user, payload.org)
    scheme = queries.scheme_for(request.user, payload.scheme_id)
    run = services.run_assessment(actor=request.user, data=services.RunInput(
        org=unit, scheme=scheme, period_start=payload.period_start, period_end=payload.period_end))
    return Status(201, run_out(request, queries.run_for(request.user, run.pk)))


@router.get("/workforce/runs/{run_id}", response=RunOut, summary="履职考核结果",
            description="每名社工的各项指标、得分、权重、计入的记录，以及上级评价、总分和等次。")
def get_workforce_run(request: HttpRequest, run_id: int) -> RunOut:
    return run_out(request, queries.run_for(request.user, run_id))


@router.post("/workforce/assessments/{assessment_id}/review", response=AssessmentOut, summary="上级评价",
             description="0–100 分；不能评价本人；须提供版本号，过期时 409。评价后按方案计算总分和等次。")
def review_workforce_assessment(request: HttpRequest, assessment_id: int, payload: ReviewIn) -> AssessmentOut:
    assessment = queries.assessment_for(request.user, assessment_id)
    services.review_assessment(actor=request.user, assessment=assessment, score=payload.score,
                               comment=payload.comment, expected_version=payload.version)
    return assessment_out(queries.assessment_for(request.user, assessment_id))


@router.post("/workforce/workers/{worker_id}/decisions", response={201: DecisionOut}, summary="提出职业发展决定",
             description="晋升、降级、薪酬调整、续聘、解聘、择优招录、上挂锻炼、轮岗交流；与考核结果挂钩，"
                         "须由提出人以外的人员审批。")
def propose_workforce_decision(request: HttpRequest, worker_id: int, payload: DecisionIn) -> Status[DecisionOut]:
    worker = queries.worker_for(request.user, worker_id)
    fields = payload.dict()
    post_id, host_code = fields.pop("post_id"), fields.pop("host")
    post = queries.post_for(request.user, post_id) if post_id else None
    host = unit_for(request.user, host_code) if host_code else None
    data = services.DecisionInput(**fields, post=post, host=host)
    decision = services.propose_decision(actor=request.user, worker=worker, data=data)
    return Status(201, decision_out(queries.decision_for(request.user, decision.pk)))


@router.get("/workforce/decisions", response=DecisionPage, summary="职业发展决定",
            description="数据范围内的决定，可按状态（proposed / approved / rejected）筛选。")
def list_workforce_decisions(request: HttpRequest, filters: Query[DecisionQuery]) -> DecisionPage:
    found = queries.decisions(request.user, status=filters.status).select_related("decided_by")
    return DecisionPage(count=found.count(),
                        items=[decision_out(d) for d in found[api_window(filters.limit, filters.offset)]])


@router.post("/workforce/decisions/{decision_id}/decide", response=DecisionOut, summary="审批职业发展决定",
             description="批准后生效（岗位等级、薪酬、合同、岗位、挂职）；提出人本人审批 403；已审批或版本过期 409。")
def decide_workforce_decision(request: HttpRequest, decision_id: int, payload: DecideIn) -> DecisionOut:
    decision = queries.decision_for(request.user, decision_id)
    services.decide(actor=request.user, decision=decision, approve=payload.approve, note=payload.note,
                    expected_version=payload.version)
    return decision_out(queries.decision_for(request.user, decision_id))


@router.get("/workforce/candidates", response=CandidatePage, summary="基层工会专职副主席、主席候选人",
            description="每名候选人附入选规则和依据（职业资格、在岗年限、最近考核）。")
def list_workforce_candidates(request: HttpRequest, filters: Query[WindowQuery]) -> CandidatePage:
    found = queries.candidates(request.user)
    return CandidatePage(count=found.count(), items=[
        CandidateOut(id=c.pk, worker_id=c.worker_id, worker_name=c.worker.person.name, position=c.position,
                     target_code=c.target.code, rule=c.rule, reasons=c.reasons, as_of=c.as_of)
        for c in found[api_window(filters.limit, filters.offset)]])


@router.get("/reports/workforce", response=WorkforceReportOut, summary="工会社工队伍报表",
            description="在岗人数、岗位层级占比（乡镇及社区）、月实得平均工资分段、在岗年限分段、职业资格、"
                        "1+N 培训完成率、最近一期考核等次；单位默认为本人所在单位。")
def workforce_report_api(request: HttpRequest, filters: Query[ReportQuery]) -> WorkforceReportOut:
    unit = unit_for(request.user, filters.org, permission="workforce.view_socialworker")
    report = queries.workforce_report(request.user, unit, filters.as_of)
    fields = dataclasses.asdict(report)
    for key in ("post_levels", "pay_bands", "tenure_bands", "certificates", "assessment_results"):
        fields[key] = [ShareOut(**row) for row in fields[key]]
    return WorkforceReportOut(**fields)
