"""API shapes of the training app. Weekly times are text ("周一至周五 09–18 时"); dates ISO."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class CourseIn(Schema):
    org_code: str | None = Field(None, description="所属单位代码；空则为当前用户所在单位（仅新建时）")
    title: str = Field(..., min_length=1, max_length=100)
    occupation_codes: list[str] = Field(default_factory=list, description="职业分类大典 2022 编码")
    skill_tags: list[str] = Field(default_factory=list)
    certificate: str = Field("", max_length=100)
    hours: int = Field(8, ge=1, le=10000)
    mode: str = Field("home", description="home 上门一对一 / class 班级 / online 线上")
    description: str = ""
    version: int | None = Field(None, description="修改时必填：读取时的版本号")


class CourseOut(Schema):
    id: int
    title: str
    occupation_codes: list[str]
    skill_tags: list[str]
    certificate: str
    hours: int
    mode: str
    description: str
    org_code: str
    version: int


class TrainerIn(Schema):
    org_code: str | None = None
    username: str | None = Field(None, description="培训师账号（仅新建时）")
    skills: list[str] = Field(default_factory=list)
    home_district: str = Field(..., description="常住区县代码，如 440117")
    availability: str = Field("", description="每周可用时间，如“周一至周五 09–18 时”；空为不限")
    max_sessions_per_day: int = Field(3, ge=1, le=8)
    active: bool = True
    version: int | None = None


class TrainerOut(Schema):
    id: int
    username: str
    name: str
    skills: list[str]
    home_district: str
    availability: str
    max_sessions_per_day: int
    active: bool
    version: int


class PlanIn(Schema):
    person_id: int
    course_id: int
    goals: str = ""
    sessions_wanted: int = Field(4, ge=1, le=200)
    sessions_per_week: int = Field(1, ge=1, le=7)
    session_hours: int = Field(2, ge=1, le=4)
    district_code: str = Field("", description="空则取求职登记的常住区县或家庭的区划代码")
    address: str = ""
    free_time: str = Field("", description="家庭空闲时间；空则取求职登记的空闲时间")


class PlanOut(Schema):
    id: int
    person_id: int
    person_name: str
    course_id: int
    course_title: str
    goals: str
    sessions_wanted: int
    sessions_per_week: int
    session_hours: int
    district_code: str
    free_time: str
    priority: int
    status: str
    completed_on: dt.date | None
    version: int


class SessionOut(Schema):
    id: int
    plan_id: int
    person_name: str
    course_title: str
    trainer_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    status: str
    attended: bool
    notes: str
    has_photo: bool
    version: int


class PageOf(Schema):
    count: int


class CoursePage(PageOf):
    items: list[CourseOut]


class TrainerPage(PageOf):
    items: list[TrainerOut]


class PlanPage(PageOf):
    items: list[PlanOut]


class SessionPage(PageOf):
    items: list[SessionOut]


class ScheduleIn(Schema):
    org_code: str | None = None
    week_start: dt.date = Field(..., description="周一的日期")


class RunOut(Schema):
    id: int
    week_start: dt.date
    requested: int
    scheduled: int
    greedy_scheduled: int
    solver_status: str
    seconds: float


class UnscheduledOut(Schema):
    plan_id: int
    person_name: str
    course_title: str
    priority: int
    reason: str
    run_id: int


class UnscheduledPage(PageOf):
    items: list[UnscheduledOut]


class VersionIn(Schema):
    version: int
    on: dt.date | None = None


class CohortIn(Schema):
    org_code: str | None = None
    course_id: int
    name: str = Field(..., min_length=1, max_length=100)
    provider: str = Field(..., min_length=1, max_length=100)
    kind: str = Field("open", description="open 普通班 / order 订单式 / named 冠名班 / apprentice 新型学徒制")
    employer_id: int | None = None
    opening_ids: list[int] = Field(default_factory=list)
    starts_on: dt.date
    ends_on: dt.date


class EnrolmentOut(Schema):
    id: int
    person_id: int
    person_name: str
    status: str
    hours_attended: int
    graduated_on: dt.date | None


class CohortOut(Schema):
    id: int
    name: str
    provider: str
    kind: str
    course_id: int
    course_title: str
    employer_id: int | None
    employer_name: str
    opening_ids: list[int]
    starts_on: dt.date
    ends_on: dt.date
    roll: list[EnrolmentOut]


class CohortPage(PageOf):
    items: list[CohortOut]


class EnrolIn(Schema):
    person_id: int


class AttendanceIn(Schema):
    on: dt.date
    hours: int = Field(..., ge=1, le=12)


class GraduateIn(Schema):
    on: dt.date


class ProposalOut(Schema):
    referral_ids: list[int]


class WorkerIn(Schema):
    org_code: str | None = None
    name: str = Field(..., min_length=1, max_length=50)
    post: str = ""
    hired_on: dt.date


class WorkerTrainingIn(Schema):
    kind: str = Field(..., description="initial 初任培训 / job 岗位培训")
    title: str = Field(..., min_length=1, max_length=100)
    completed_on: dt.date
    hours: int = Field(..., ge=1, le=1000)


class WorkerOut(Schema):
    id: int
    name: str
    post: str
    hired_on: dt.date
    initial_due_on: dt.date
    initial_done: bool
    job_trainings: int
    hours: int
    overdue: bool


class WorkerPage(PageOf):
    items: list[WorkerOut]


class CohortRateOut(Schema):
    id: int
    name: str
    kind: str
    employer: str
    enrolled: int
    graduated: int
    employed: int
    employment_rate: float | None


class TrainingReportOut(Schema):
    org_code: str
    sessions_held: int
    people_trained: int
    certificates: int
    employed_after_training: int
    cohorts: list[CohortRateOut]
