"""API shapes of the legal aid app. Money is integer fen; claimants' ID numbers are masked."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class StationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    address: str
    phone: str
    partner_department: str
    org_code: str
    served_unit_codes: list[str]
    version: int


class StationIn(Schema):
    org_code: str | None = Field(None, description="所属单位代码；空则为当前用户所在单位（仅新建时）")
    name: str = Field(..., max_length=100)
    kind: str = Field("station", description="centre / subcentre / station")
    address: str = Field("", max_length=200)
    phone: str = Field("", max_length=20)
    partner_department: str = Field("", max_length=100)
    served_unit_codes: list[str] = Field(default_factory=list, description="另外服务的单位代码")
    version: int | None = Field(None, description="修改时必填：读取时的版本号")


class StationPage(Schema):
    count: int
    items: list[StationOut]


class FirmOut(Schema):
    id: int
    name: str
    uscc: str
    contract_start: dt.date
    contract_end: dt.date
    phone: str
    org_code: str
    version: int


class FirmIn(Schema):
    org_code: str | None = None
    name: str = Field(..., max_length=100)
    uscc: str = Field("", max_length=18)
    contract_start: dt.date
    contract_end: dt.date
    phone: str = Field("", max_length=20)
    version: int | None = None


class FirmPage(Schema):
    count: int
    items: list[FirmOut]


class LawyerOut(Schema):
    id: int
    name: str
    kind: str
    firm_id: int | None
    firm_name: str
    licence_no: str
    specialities: list[str]
    active: bool
    open_cases: int
    org_code: str
    version: int


class LawyerIn(Schema):
    org_code: str | None = None
    firm_id: int | None = None
    name: str = Field(..., max_length=50)
    kind: str = Field("volunteer", description="volunteer / staff")
    licence_no: str = Field("", max_length=30)
    specialities: list[str] = Field(default_factory=list, description="wages / injury / contract / insurance / other")
    phone: str = Field("", max_length=20)
    active: bool = True
    version: int | None = None


class LawyerPage(Schema):
    count: int
    items: list[LawyerOut]


class ClaimantInSchema(Schema):
    name: str = Field(..., max_length=50)
    id_number: str = Field("", max_length=30)
    phone: str = Field("", max_length=20)
    migrant_worker: bool = False
    household_size: int | None = Field(None, ge=1, le=30)
    declared_income_fen: int | None = Field(None, ge=0, description="家庭月收入（分）")
    claimed_fen: int = Field(0, ge=0)


class ClaimantOut(Schema):
    id: int
    row: int
    name: str
    id_number_masked: str
    migrant_worker: bool
    means_result: str
    means_reasons: list[str]
    claimed_fen: int
    recovered_fen: int
    plan: str
    result: str
    settled_on: dt.date | None
    version: int


class ClaimantAddIn(ClaimantInSchema):
    version: int = Field(..., description="案件的版本号（他人已修改时返回 409）")


class ClaimantUpdate(Schema):
    version: int
    plan: str | None = Field(None, max_length=2000)
    result: str | None = None
    recovered_fen: int | None = Field(None, ge=0)
    settled_on: dt.date | None = None
    household_size: int | None = Field(None, ge=1, le=30)
    declared_income_fen: int | None = Field(None, ge=0)


class CaseIn(Schema):
    station_id: int
    intake_date: dt.date
    channel: str = "walk_in"
    employer_name: str = Field(..., max_length=100)
    employer_uscc: str = Field("", max_length=18)
    dispute_type: str = Field(..., description="wages / injury / contract / insurance / other")
    service_type: str = Field(..., description="mediation / representation / consultation / documents")
    knew_on: dt.date | None = None
    summary: str = Field("", max_length=5000)
    claimants: list[ClaimantInSchema] = Field(..., min_length=1, max_length=500)


class CaseOut(Schema):
    id: int
    number: str
    station_id: int
    station_name: str
    intake_date: dt.date
    channel: str
    collective: bool
    employer_name: str
    dispute_type: str
    service_type: str
    status: str
    status_label: str
    outcome: str
    lawyer_id: int | None
    review_due_on: dt.date
    limit_on: dt.date | None
    closed_on: dt.date | None
    claimant_count: int
    claimed_fen: int
    recovered_fen: int
    version: int


class CaseDetailOut(CaseOut):
    claimants: list[ClaimantOut]


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class CaseStepIn(Schema):
    step: str = Field(..., description="review / assign / start / close")
    version: int
    lawyer_id: int | None = Field(None, description="指派时必填")
    outcome: str | None = Field(None, description="结案时必填：settled / mediated / award / judgment / withdrawn / "
                                                  "terminated / served")
    closing_report: str = Field("", max_length=5000)
    on: dt.date | None = None


class SuggestionOut(Schema):
    lawyer_id: int
    name: str
    open_cases: int
    speciality_match: bool
    reasons: list[str]


class ReportLine(Schema):
    key: str
    label: str
    cases: int
    by_service_type: dict[str, int]
    recovered_fen: int
    recovered_wan_yuan: str
    claimants: int
    closed: int
    average_days_to_close: float | None


class LegalReportOut(Schema):
    since: dt.date | None
    until: dt.date | None
    total: ReportLine
    stations: list[ReportLine]
