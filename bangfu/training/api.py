"""The training API: courses, trainers, plans, sessions (with the photo), scheduling, cohorts, 1+N, the report.
Thin: `queries` reads in scope, `services` write — the same calls the pages make."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile

from bangfu.accounts.queries import unit_named_or_own, user_named
from bangfu.core.errors import ServiceError, required_version
from bangfu.core.pagination import api_window
from bangfu.jobs import queries as jobs_queries
from bangfu.jobs.slots import SlotsError, format_slots, parse_slots
from bangfu.matching.engine import ALL_WEEK
from bangfu.people.models import Person
from bangfu.people.queries import person_for
from bangfu.training import queries, services
from bangfu.training.models import Cohort, Course, HomeTrainingPlan, Trainer, TrainingSession
from bangfu.training.schemas import (
    AttendanceIn,
    CohortIn,
    CohortOut,
    CohortPage,
    CohortRateOut,
    CourseIn,
    CourseOut,
    CoursePage,
    EnrolIn,
    EnrolmentOut,
    GraduateIn,
    PlanIn,
    PlanOut,
    PlanPage,
    ProposalOut,
    RunOut,
    ScheduleIn,
    SessionOut,
    SessionPage,
    TrainerIn,
    TrainerOut,
    TrainerPage,
    TrainingReportOut,
    UnscheduledOut,
    UnscheduledPage,
    VersionIn,
    WorkerIn,
    WorkerOut,
    WorkerPage,
    WorkerTrainingIn,
)

router = Router(tags=["培训"])
NO_PHOTO = File(None)  # the multipart photo part is optional
RecordT = TypeVar("RecordT", bound=Model)
PageT = TypeVar("PageT", bound=Schema)


class ListQuery(Schema):
    q: str = ""
    offset: int = 0
    limit: int = 50


def _page(page: Callable[..., PageT], found: QuerySet[RecordT], filters: ListQuery,
          out: Callable[[RecordT], Any]) -> PageT:
    return page(count=found.count(), items=[out(r) for r in found[api_window(filters.limit, filters.offset)]])


def _slots(text: str, field: str) -> int:
    try:
        return parse_slots(text, empty=ALL_WEEK)
    except SlotsError as exc:
        raise ServiceError(f"{field}：{exc}", status=422) from None


def _person(request: HttpRequest, pk: int) -> Person:
    return person_for(request.user, pk)


# --- courses and trainers ------------------------------------------------------------------------------


def course_out(course: Course) -> CourseOut:
    return CourseOut(id=course.pk, title=course.title, occupation_codes=course.occupation_codes,
                     skill_tags=course.skill_tags, certificate=course.certificate, hours=course.hours,
                     mode=course.mode, description=course.description, org_code=course.org.code,
                     version=course.version)


@router.get("/training/courses", response=CoursePage, summary="培训课程列表")
def list_training_courses(request: HttpRequest, filters: Query[ListQuery]) -> CoursePage:
    return _page(CoursePage, queries.courses(request.user, text=filters.q), filters, course_out)


@router.post("/training/courses", response={201: CourseOut}, summary="新建培训课程")
def create_training_course(request: HttpRequest, payload: CourseIn) -> Status[CourseOut]:
    course = services.create_course(actor=request.user, org=unit_named_or_own(request.user, payload.org_code),
                                    **payload.dict(exclude={"org_code", "version"}))
    return Status(201, course_out(course))


@router.get("/training/courses/{course_id}", response=CourseOut, summary="培训课程详情")
def get_training_course(request: HttpRequest, course_id: int) -> CourseOut:
    return course_out(queries.course_for(request.user, course_id))


@router.put("/training/courses/{course_id}", response=CourseOut, summary="修改培训课程",
            description="须提供版本号；他人已修改时返回 409。")
def update_training_course(request: HttpRequest, course_id: int, payload: CourseIn) -> CourseOut:
    course = queries.course_for(request.user, course_id)
    services.update_course(actor=request.user, course=course, expected_version=required_version(payload.version),
                           **payload.dict(exclude={"org_code", "version"}))
    return course_out(course)


def trainer_out(trainer: Trainer) -> TrainerOut:
    return TrainerOut(id=trainer.pk, username=trainer.user.username, name=str(trainer.user.display_name or ""),
                      skills=trainer.skills, home_district=trainer.home_district,
                      availability=format_slots(trainer.available_slots, zero="无"),
                      max_sessions_per_day=trainer.max_sessions_per_day, active=trainer.active,
                      version=trainer.version)


def _trainer_fields(payload: TrainerIn) -> dict[str, Any]:
    return {"skills": payload.skills, "home_district": payload.home_district,
            "available_slots": _slots(payload.availability, "每周可用时间"),
            "max_sessions_per_day": payload.max_sessions_per_day, "active": payload.active}


@router.get("/training/trainers", response=TrainerPage, summary="培训师列表")
def list_training_trainers(request: HttpRequest, filters: Query[ListQuery]) -> TrainerPage:
    return _page(TrainerPage, queries.trainers(request.user, text=filters.q), filters, trainer_out)


@router.post("/training/trainers", response={201: TrainerOut}, summary="登记培训师",
             description="账号须在您的数据范围内。")
def create_training_trainer(request: HttpRequest, payload: TrainerIn) -> Status[TrainerOut]:
    if not payload.username:
        raise ServiceError("账号：请填写培训师账号（username）", status=422)
    user = user_named(request.user, payload.username)
    org = unit_named_or_own(request.user, payload.org_code)
    trainer = services.create_trainer(actor=request.user, org=org, user=user, **_trainer_fields(payload))
    return Status(201, trainer_out(trainer))


@router.get("/training/trainers/{trainer_id}", response=TrainerOut, summary="培训师详情")
def get_training_trainer(request: HttpRequest, trainer_id: int) -> TrainerOut:
    return trainer_out(queries.trainer_for(request.user, trainer_id))


@router.put("/training/trainers/{trainer_id}", response=TrainerOut, summary="修改培训师")
def update_training_trainer(request: HttpRequest, trainer_id: int, payload: TrainerIn) -> TrainerOut:
    trainer = queries.trainer_for(request.user, trainer_id)
    services.update_trainer(actor=request.user, trainer=trainer, expected_version=required_version(payload.version),
                            **_trainer_fields(payload))
    return trainer_out(trainer)


# --- plans and sessions --------------------------------------------------------------------------------


def plan_out(plan: HomeTrainingPlan) -> PlanOut:
    return PlanOut(id=plan.pk, person_id=plan.person_id, person_name=plan.person.name, course_id=plan.course_id,
                   course_title=plan.course.title, goals=plan.goals, sessions_wanted=plan.sessions_wanted,
                   sessions_per_week=plan.sessions_per_week, session_hours=plan.session_hours,
                   district_code=plan.district_code, free_time=format_slots(plan.free_slots, zero="无"),
                   priority=plan.priority, status=plan.status, completed_on=plan.completed_on, version=plan.version)


@router.get("/training/plans", response=PlanPage, summary="上门培训计划列表")
def list_training_plans(request: HttpRequest, filters: Query[ListQuery]) -> PlanPage:
    return _page(PlanPage, queries.plans(request.user, text=filters.q), filters, plan_out)


@router.post("/training/plans", response={201: PlanOut}, summary="新建上门培训计划",
             description="区县和空闲时间留空时取自求职登记与家庭档案。")
def create_training_plan(request: HttpRequest, payload: PlanIn) -> Status[PlanOut]:
    person = _person(request, payload.person_id)
    course = queries.course_for(request.user, payload.course_id)
    free = _slots(payload.free_time, "家庭空闲时间") if payload.free_time else None
    plan = services.create_plan(actor=request.user, person=person, course=course, goals=payload.goals,
                                sessions_wanted=payload.sessions_wanted, sessions_per_week=payload.sessions_per_week,
                                session_hours=payload.session_hours, district_code=payload.district_code,
                                address=payload.address, free_slots=free)
    return Status(201, plan_out(plan))


@router.get("/training/plans/{plan_id}", response=PlanOut, summary="上门培训计划详情")
def get_training_plan(request: HttpRequest, plan_id: int) -> PlanOut:
    return plan_out(queries.plan_for(request.user, plan_id))


@router.post("/training/plans/{plan_id}/complete", response=PlanOut, summary="培训结业",
             description="课程的技能标签和证书写入求职登记。")
def complete_training_plan(request: HttpRequest, plan_id: int, payload: VersionIn) -> PlanOut:
    plan = queries.plan_for(request.user, plan_id)
    services.complete_plan(actor=request.user, plan=plan, expected_version=payload.version,
                           on=payload.on or timezone.localdate())
    return plan_out(plan)


def session_out(session: TrainingSession) -> SessionOut:
    return SessionOut(id=session.pk, plan_id=session.plan_id, person_name=session.plan.person.name,
                      course_title=session.plan.course.title, trainer_id=session.trainer_id,
                      starts_at=session.starts_at, ends_at=session.ends_at, place=session.place,
                      status=session.status, attended=session.attended, notes=session.notes,
                      has_photo=bool(session.photo), version=session.version)


class SessionQuery(ListQuery):
    since: dt.date | None = None
    until: dt.date | None = None


@router.get("/training/sessions", response=SessionPage, summary="培训课次列表",
            description="培训师只看到本人的课次。")
def list_training_sessions(request: HttpRequest, filters: Query[SessionQuery]) -> SessionPage:
    from bangfu.training.services.scheduling import week_bounds

    since = week_bounds(filters.since)[0] if filters.since else None
    until = week_bounds(filters.until)[0] if filters.until else None
    return _page(SessionPage, queries.sessions(request.user, since=since, until=until), filters, session_out)


@router.get("/training/sessions/{session_id}", response=SessionOut, summary="培训课次详情")
def get_training_session(request: HttpRequest, session_id: int) -> SessionOut:
    return session_out(queries.session_for(request.user, session_id))


@router.post("/training/sessions/{session_id}/record", response=SessionOut, summary="记录课次",
             description="multipart：version、attended、notes，可附照片（PNG/JPEG/WebP，≤ 5 MB，加密存储）。")
def record_training_session(request: HttpRequest, session_id: int, version: Form[int], attended: Form[bool],
                            notes: Form[str] = "", photo: UploadedFile | None = NO_PHOTO) -> SessionOut:
    session = queries.session_for(request.user, session_id)
    services.record_session(actor=request.user, session=session, expected_version=version, attended=attended,
                            notes=notes, photo=services.session_photo(photo))
    return session_out(session)


# --- scheduling ------------------------------------------------------------------------------------------


@router.post("/training/schedule", response={201: RunOut}, summary="排一周的上门培训",
             description="CP-SAT 排课；排不上的请求带中文原因。")
def schedule_training_week(request: HttpRequest, payload: ScheduleIn) -> Status[RunOut]:
    run = services.schedule_unit_week(actor=request.user, org=unit_named_or_own(request.user, payload.org_code),
                                      week_start=payload.week_start)
    return Status(201, RunOut(id=run.pk, week_start=run.week_start, requested=run.requested, scheduled=run.scheduled,
                              greedy_scheduled=run.greedy_scheduled, solver_status=run.solver_status,
                              seconds=run.seconds))


@router.get("/training/unscheduled", response=UnscheduledPage, summary="未排上的培训请求",
            description="各单位最近一次排课中未排上的请求及原因。")
def list_training_unscheduled(request: HttpRequest, filters: Query[ListQuery]) -> UnscheduledPage:
    def out(row: Any) -> UnscheduledOut:
        return UnscheduledOut(plan_id=row.plan_id, person_name=row.plan.person.name,
                              course_title=row.plan.course.title, priority=row.plan.priority, reason=row.reason,
                              run_id=row.run_id)
    return _page(UnscheduledPage, queries.unscheduled(request.user), filters, out)


# --- cohorts -----------------------------------------------------------------------------------------------


def enrolment_out(enrolment: Any) -> EnrolmentOut:
    return EnrolmentOut(id=enrolment.pk, person_id=enrolment.person_id, person_name=enrolment.person.name,
                        status=enrolment.status, hours_attended=enrolment.hours_attended,
                        graduated_on=enrolment.graduated_on)


def cohort_out(cohort: Cohort, user: Any) -> CohortOut:
    return CohortOut(id=cohort.pk, name=cohort.name, provider=cohort.provider, kind=cohort.kind,
                     course_id=cohort.course_id, course_title=cohort.course.title, employer_id=cohort.employer_id,
                     employer_name=cohort.employer.name if cohort.employer else "",
                     opening_ids=sorted(cohort.openings.values_list("pk", flat=True)), starts_on=cohort.starts_on,
                     ends_on=cohort.ends_on,
                     roll=[enrolment_out(e) for e in queries.enrolments(user, cohort)[:500]])


@router.get("/training/cohorts", response=CohortPage, summary="培训班级列表")
def list_training_cohorts(request: HttpRequest, filters: Query[ListQuery]) -> CohortPage:
    return _page(CohortPage, queries.cohorts(request.user, text=filters.q), filters,
                 lambda cohort: cohort_out(cohort, request.user))


@router.post("/training/cohorts", response={201: CohortOut}, summary="新建培训班级",
             description="订单式、冠名班、新型学徒制须填订单单位；关联岗位须属于订单单位。")
def create_training_cohort(request: HttpRequest, payload: CohortIn) -> Status[CohortOut]:
    course = queries.course_for(request.user, payload.course_id)
    employer = (jobs_queries.employer_for(request.user, payload.employer_id)
                if payload.employer_id else None)
    openings = jobs_queries.openings_among(request.user, payload.opening_ids)
    if len(openings) != len(set(payload.opening_ids)):
        raise ServiceError("关联岗位：有岗位不存在或不在您的数据范围内", status=404)
    org = unit_named_or_own(request.user, payload.org_code)
    cohort = services.create_cohort(actor=request.user, org=org, course=course,
                                    employer=employer, openings=openings, name=payload.name,
                                    provider=payload.provider, kind=payload.kind, starts_on=payload.starts_on,
                                    ends_on=payload.ends_on)
    return Status(201, cohort_out(cohort, request.user))


@router.get("/training/cohorts/{cohort_id}", response=CohortOut, summary="培训班级详情（含名册）")
def get_training_cohort(request: HttpRequest, cohort_id: int) -> CohortOut:
    return cohort_out(queries.cohort_for(request.user, cohort_id), request.user)


@router.post("/training/cohorts/{cohort_id}/enrolments", response={201: EnrolmentOut}, summary="登记学员")
def enrol_training_person(request: HttpRequest, cohort_id: int, payload: EnrolIn) -> Status[EnrolmentOut]:
    cohort = queries.cohort_for(request.user, cohort_id)
    enrolment = services.enrol_person(actor=request.user, cohort=cohort, person=_person(request, payload.person_id))
    return Status(201, enrolment_out(enrolment))


@router.post("/training/enrolments/{enrolment_id}/attendance", response=EnrolmentOut, summary="记录出勤")
def record_training_attendance(request: HttpRequest, enrolment_id: int, payload: AttendanceIn) -> EnrolmentOut:
    enrolment = queries.enrolment_for(request.user, enrolment_id)
    return enrolment_out(services.record_attendance(actor=request.user, enrolment=enrolment, on=payload.on,
                                                    hours=payload.hours))


@router.post("/training/enrolments/{enrolment_id}/graduate", response=EnrolmentOut, summary="学员结业")
def graduate_training_person(request: HttpRequest, enrolment_id: int, payload: GraduateIn) -> EnrolmentOut:
    enrolment = queries.enrolment_for(request.user, enrolment_id)
    return enrolment_out(services.graduate(actor=request.user, enrolment=enrolment, on=payload.on))


@router.post("/training/cohorts/{cohort_id}/propose", response=ProposalOut, summary="结业学员优先推荐订单单位岗位")
def propose_training_graduates(request: HttpRequest, cohort_id: int) -> ProposalOut:
    cohort = queries.cohort_for(request.user, cohort_id)
    made = services.propose_graduates(actor=request.user, cohort=cohort, on=timezone.localdate())
    return ProposalOut(referral_ids=[referral.pk for referral in made])


# --- 1+N ---------------------------------------------------------------------------------------------------


def worker_out(worker: Any) -> WorkerOut:
    return WorkerOut(id=worker.pk, name=worker.name, post=worker.post, hired_on=worker.hired_on,
                     initial_due_on=worker.initial_due_on, initial_done=bool(getattr(worker, "initial_done", 0)),
                     job_trainings=getattr(worker, "job_trainings", 0), hours=getattr(worker, "hours", 0) or 0,
                     overdue=queries.is_overdue(worker))


class WorkerQuery(ListQuery):
    overdue: bool = False


@router.get("/training/workers", response=WorkerPage, summary="社工 1+N 培训",
            description="overdue=true 只列初任培训逾期未完成的社工。")
def list_training_workers(request: HttpRequest, filters: Query[WorkerQuery]) -> WorkerPage:
    return _page(WorkerPage, queries.workers(request.user, overdue_only=filters.overdue, text=filters.q), filters,
                 worker_out)


@router.post("/training/workers", response={201: WorkerOut}, summary="登记社工（1+N）")
def create_training_worker(request: HttpRequest, payload: WorkerIn) -> Status[WorkerOut]:
    org = unit_named_or_own(request.user, payload.org_code)
    worker = services.add_worker(actor=request.user, org=org, name=payload.name,
                                 post=payload.post, hired_on=payload.hired_on)
    return Status(201, worker_out(queries.workers(request.user).get(pk=worker.pk)))


@router.post("/training/workers/{worker_id}/trainings", response={201: WorkerOut}, summary="登记社工培训（1 或 N）")
def record_training_worker(request: HttpRequest, worker_id: int, payload: WorkerTrainingIn) -> Status[WorkerOut]:
    worker = queries.worker_for(request.user, worker_id)
    services.record_worker_training(actor=request.user, trainee=worker, kind=payload.kind, title=payload.title,
                                    completed_on=payload.completed_on, hours=payload.hours)
    return Status(201, worker_out(queries.workers(request.user).get(pk=worker.pk)))


# --- the report --------------------------------------------------------------------------------------------


@router.get("/reports/training", response=TrainingReportOut, summary="培训统计",
            description="单位（org=代码）及下级的课次、受训人数、证书、培训后就业与各班级就业率。")
def training_report_api(request: HttpRequest, org: str = "") -> TrainingReportOut:
    report = queries.training_report(request.user, unit_named_or_own(request.user, org or None))
    return TrainingReportOut(
        org_code=report.org_code, sessions_held=report.sessions_held, people_trained=report.people_trained,
        certificates=report.certificates, employed_after_training=report.employed_after_training,
        cohorts=[CohortRateOut(id=row.id, name=row.name, kind=row.kind, employer=row.employer, enrolled=row.enrolled,
                               graduated=row.graduated, employed=row.employed, employment_rate=row.employment_rate)
                 for row in report.cohorts],
    )
