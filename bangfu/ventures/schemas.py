"""Schemas of the ventures API: money in fen (integers), dates ISO, rates as strings (4 decimals)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class ProjectIn(Schema):
    org: str = Field(..., description="所属单位代码")
    name: str = Field(..., min_length=1, max_length=100)
    sector: str = Field(..., min_length=1, max_length=50)
    level: str = Field(..., description="regiment/division/corps/city/province")
    applicant_id: int | None = None
    group_name: str = Field("", max_length=100)
    location: str = Field("", max_length=200)
    description: str = Field("", max_length=2000)
    submitted_on: dt.date | None = None


class ProjectStepIn(Schema):
    step: str = Field(..., description="review/approve/decline/operate/close")
    version: int
    note: str = Field("", max_length=200)


class ProjectOut(Schema):
    id: int
    name: str
    sector: str
    level: str
    level_label: str
    status: str
    status_label: str
    org_code: str
    applicant_id: int | None
    group_name: str
    submitted_on: dt.date
    approved_on: dt.date | None
    version: int


class ProjectPage(Schema):
    count: int
    items: list[ProjectOut]


class LoanIn(Schema):
    bank: str = Field(..., min_length=1, max_length=100)
    contract_number: str = Field(..., min_length=1, max_length=50)
    principal_fen: int = Field(..., gt=0, le=10**13)
    annual_rate: str = Field(..., description="年利率（%），如 4.35")
    start_on: dt.date
    term_months: int = Field(..., ge=1, le=120)
    plan: str = Field(..., description="equal（等额本息）或 bullet（先息后本）")


class InstalmentOut(Schema):
    number: int
    due_on: dt.date
    days: int
    opening_fen: int
    principal_fen: int
    interest_fen: int
    principal_paid_fen: int
    interest_paid_fen: int
    paid_in_full_on: dt.date | None


class LoanOut(Schema):
    id: int
    project_id: int
    bank: str
    contract_number: str
    principal_fen: int
    annual_rate: str
    start_on: dt.date
    term_months: int
    plan: str
    instalments: list[InstalmentOut]


class RepaymentIn(Schema):
    number: int = Field(..., ge=1, le=120)
    paid_on: dt.date
    principal_fen: int = Field(..., ge=0, le=10**13)
    interest_fen: int = Field(..., ge=0, le=10**13)
    reference: str = Field(..., min_length=1, max_length=64)


class RepaymentOut(Schema):
    id: int
    loan_id: int
    number: int
    paid_on: dt.date
    principal_fen: int
    interest_fen: int
    reference: str
    created: bool


class EmployedIn(Schema):
    worker_name: str = Field(..., min_length=1, max_length=50)
    id_number: str = Field(..., min_length=1, max_length=30)
    employed_on: dt.date
    post: str = Field("", max_length=50)


class EmployedOut(Schema):
    id: int
    project_id: int
    worker_name: str
    id_number_masked: str
    employed_on: dt.date
    post: str
    in_register: bool
    hardship_file_household_id: int | None


class EmployedPage(Schema):
    count: int
    items: list[EmployedOut]


class ImportOut(Schema):
    rows: int
    created: int
    rejected: int
    errors: list[dict[str, str | int]]


class ArrearOut(Schema):
    loan_id: int
    project_name: str
    bank: str
    contract_number: str
    number: int
    due_on: dt.date
    due_fen: int
    paid_fen: int


class ArrearPage(Schema):
    count: int
    items: list[ArrearOut]


class PolicyTermsIn(Schema):
    share_percent: str = Field(..., description="贴息比例（%），如 100")
    cap_per_year_fen: int | None = Field(None, ge=0, le=10**13)
    cap_per_project_fen: int | None = Field(None, ge=0, le=10**13)
    grace_days: int = Field(0, ge=0, le=90)


class PolicyUpdateIn(PolicyTermsIn):
    version: int
    note: str = Field(..., min_length=1, max_length=200)


class PolicyRevisionOut(Schema):
    revision: int
    terms: dict[str, str | int | None]
    note: str
    changed_at: dt.datetime


class PolicyOut(Schema):
    id: int
    name: str
    org_code: str
    fund_id: int
    share_percent: str
    cap_per_year_fen: int | None
    cap_per_project_fen: int | None
    grace_days: int
    revision: int
    version: int
    revisions: list[PolicyRevisionOut]


class RunIn(Schema):
    policy_id: int
    period_start: dt.date
    period_end: dt.date


class RunDecisionIn(Schema):
    decision: str = Field(..., description="submit/approve/reject")
    version: int
    note: str = Field("", max_length=200)


class PaymentOut(Schema):
    id: int
    loan_id: int
    project_name: str
    eligible_interest_fen: int
    computed_fen: int
    amount_fen: int
    status: str
    reasons: list[str]
    disbursement_status: str | None


class RunOut(Schema):
    id: int
    policy_id: int
    policy_revision: int
    period_start: dt.date
    period_end: dt.date
    status: str
    status_label: str
    total_fen: int
    version: int
    lines: list[PaymentOut]


class RunSummaryOut(Schema):
    id: int
    policy_id: int
    policy_name: str
    period_start: dt.date
    period_end: dt.date
    status: str
    version: int


class RunPage(Schema):
    count: int
    items: list[RunSummaryOut]


class FiguresOut(Schema):
    projects: int
    loans_fen: int
    loans_wan_yuan: str
    subsidy_fen: int
    subsidy_wan_yuan: str
    households: int
    hardship: int


class UnitFiguresOut(FiguresOut):
    code: str
    name: str


class YearFiguresOut(FiguresOut):
    year: int


class LevelStatusOut(Schema):
    level: str
    label: str
    counts: dict[str, int]


class VentureReportOut(Schema):
    org_code: str
    org_name: str
    start: dt.date | None
    end: dt.date | None
    total: FiguresOut
    by_unit: list[UnitFiguresOut]
    by_year: list[YearFiguresOut]
    by_level_status: list[LevelStatusOut]
