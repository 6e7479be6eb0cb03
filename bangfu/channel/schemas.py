"""JSON shapes of the worker channel's staff API; each input builds the same service input the pages build."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class ApplicationOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    org_code: str
    progress: str
    steps: list[str]
    hardship_file_id: int | None
    legal_case_id: int | None
    training_plan_id: int | None = None
    seeker_profile_id: int | None = None
    referral_id: int | None = None
    needed_from_worker: str
    worker_reply: str = ""
    decline_reason: str
    created_at: dt.datetime
    version: int


class ApplicationPage(Schema):
    count: int
    items: list[ApplicationOut]


class DecisionIn(Schema):
    decision: str  # accept / decline / ask
    version: int
    staff_phone: str = ""
    text: str = ""
    station_id: int | None = None
    case_id: int | None = Field(None, description="法律援助：职工加入的集体案件（代替 station_id）")
    course_id: int | None = Field(None, description="技能培训：安排的上门培训课程")
    opening_id: int | None = Field(None, description="推荐就业：推荐的岗位（可不选，先登记求职）")


class TicketIn(Schema):
    caller_name: str
    caller_phone: str
    region_code: str
    category: str
    summary: str
    urgency: str = "normal"
    complexity: str = "simple"
    address: str = ""
    desk_code: str = ""
    received_at: dt.datetime | None = None


class TicketOut(Schema):
    id: int
    number: str
    source: str
    category: str
    category_label: str
    urgency: str
    complexity: str
    status: str
    status_label: str
    org_code: str
    org_name: str
    received_at: dt.datetime
    contact_due_on: dt.date
    answer_due_on: dt.date
    contacted_at: dt.datetime | None
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    satisfaction: int | None
    escalated_to: str | None
    legal_case_id: int | None
    hardship_file_id: int | None = None
    referral_id: int | None = None
    version: int


class TicketPage(Schema):
    count: int
    items: list[TicketOut]


class TicketStepIn(Schema):
    step: str  # contact / answer / close / pass / legal
    version: int
    text: str = ""
    satisfaction: int | None = None
    to_org_code: str = ""
    station_id: int | None = None
    employer_name: str = ""
    dispute_type: str = ""
    service_type: str = ""
    id_number: str = Field("", max_length=30, description="hardship / referral：来电人的身份证号")
    primary_cause: str = Field("", description="hardship：主要致困原因")
    opening_id: int | None = Field(None, description="referral：推荐的岗位")


class TicketReportLine(Schema):
    unit: str
    month: str
    category: str
    total: int
    answered: int
    answered_in_time: int
    closed: int
    satisfaction: float | None


class TicketReportOut(Schema):
    org_code: str
    total: int
    answered_in_time: int
    rows: list[TicketReportLine]
