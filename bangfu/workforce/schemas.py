"""API schemas of the workforce app: each `...In` builds the same service input as the page's form."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class WorkerOut(Schema):
    id: int
    name: str
    org_code: str
    post_id: int | None
    post_title: str
    post_level: str
    grade: int
    employment_type: str
    certificate_level: str
    hired_on: dt.date
    contract_ends_on: dt.date | None
    status: str
    version: int


class WorkerPage(Schema):
    count: int
    items: list[WorkerOut]


class HireIn(Schema):
    post_id: int
    name: str
    id_number: str
    employment_type: str
    hired_on: dt.date
    certificate_level: str = "none"
    grade: int = 1
    phone: str = ""
    contract_ends_on: dt.date | None = None
    username: str = ""
    take_home_fen: int | None = None
    pay_month: dt.date | None = None


class RunIn(Schema):
    org: str
    scheme_id: int
    period_start: dt.date
    period_end: dt.date


class LineOut(Schema):
    indicator: str
    counted: int
    achieved: int
    score: float | None
    weight: int
    explanation: str
    evidence: list[dict[str, object]]


class AssessmentOut(Schema):
    id: int
    run_id: int
    worker_id: int
    worker_name: str
    period_start: dt.date
    period_end: dt.date
    status: str
    supervisor_score: int | None
    total: float | None
    result: str
    version: int
    lines: list[LineOut]


class RunOut(Schema):
    id: int
    org_code: str
    scheme_id: int
    period_start: dt.date
    period_end: dt.date
    assessments: list[AssessmentOut]


class ReviewIn(Schema):
    score: int
    comment: str = ""
    version: int


class DecisionIn(Schema):
    kind: str
    reason: str
    effective_on: dt.date
    assessment_id: int | None = None
    new_grade: int | None = None
    new_pay_fen: int | None = None
    new_contract_ends_on: dt.date | None = None
    post_id: int | None = None
    host: str | None = None
    ends_on: dt.date | None = None


class DecideIn(Schema):
    approve: bool
    note: str = ""
    version: int


class DecisionOut(Schema):
    id: int
    worker_id: int
    worker_name: str
    kind: str
    status: str
    assessment_id: int | None
    new_grade: int | None
    new_pay_fen: int | None
    effective_on: dt.date
    reason: str
    proposed_by: str
    decided_by: str
    version: int


class DecisionPage(Schema):
    count: int
    items: list[DecisionOut]


class CandidateOut(Schema):
    id: int
    worker_id: int
    worker_name: str
    position: str
    target_code: str
    rule: str
    reasons: list[str]
    as_of: dt.date


class CandidatePage(Schema):
    count: int
    items: list[CandidateOut]


class ShareOut(Schema):
    key: str
    label: str
    count: int
    share: float


class WorkforceReportOut(Schema):
    org_code: str
    as_of: dt.date
    headcount: int
    post_levels: list[ShareOut]
    grassroots_share: float
    pay_bands: list[ShareOut]
    tenure_bands: list[ShareOut]
    certificates: list[ShareOut]
    initial_training_done: int
    job_trainings: int
    training_completion: float
    assessment_results: list[ShareOut]


class PayIn(Schema):
    month: dt.date
    take_home_fen: int


class PayOut(Schema):
    id: int
    worker_id: int
    month: dt.date
    take_home_fen: int


class FollowUpIn(Schema):
    household_id: int
    called_on: dt.date
    satisfaction: str
    note: str = ""


class FollowUpOut(Schema):
    id: int
    worker_id: int
    called_on: dt.date
    satisfaction: str
