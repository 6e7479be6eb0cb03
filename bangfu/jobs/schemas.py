"""API shapes of the jobs app. Money is integer fen; weekly times are text ("周一至周五 09–18 时")."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class EmployerOut(Schema):
    id: int
    name: str
    uscc: str
    contact_name: str
    contact_phone_masked: str
    district_code: str
    district: str
    address: str
    org_code: str
    version: int


class EmployerIn(Schema):
    org_code: str | None = Field(None, description="所属单位代码；空则为当前用户所在单位（仅新建时）")
    name: str = Field(..., max_length=100)
    uscc: str = Field(..., description="统一社会信用代码（18 位，含校验位）")
    contact_name: str = ""
    contact_phone: str = ""
    district_code: str = ""
    address: str = ""
    version: int | None = Field(None, description="修改时必填：读取时的版本号")


class EmployerPage(Schema):
    count: int
    items: list[EmployerOut]


class OpeningOut(Schema):
    id: int
    employer_id: int
    employer_name: str
    title: str
    occupation_code: str
    occupation_edition: str
    tags: list[str]
    description: str
    district_code: str
    district: str
    street_code: str
    wage_min_fen: int
    wage_max_fen: int
    shifts: str
    positions: int
    positions_filled: int
    positions_left: int
    requirements: str
    accommodations: list[str]
    valid_until: dt.date | None
    org_code: str
    version: int


class OpeningIn(Schema):
    org_code: str | None = Field(None, description="所属单位代码；空则为当前用户所在单位（仅新建时）")
    employer_id: int
    title: str = Field(..., max_length=100)
    occupation_code: str = Field("", description="职业分类大典（2022 年版）编码")
    tags: list[str] = []
    description: str = ""
    district_code: str
    street_code: str = ""
    wage_min_fen: int = Field(..., ge=0)
    wage_max_fen: int | None = Field(None, ge=0)
    shifts: str = Field("", description="班次，如“周一至周五 09–18 时”；空为无固定班次")
    positions: int = Field(1, ge=1)
    requirements: str = ""
    accommodations: list[str] = []
    valid_until: dt.date | None = None
    version: int | None = Field(None, description="修改时必填：读取时的版本号")


class OpeningPage(Schema):
    count: int
    items: list[OpeningOut]


class SeekerOut(Schema):
    id: int
    person_id: int
    name: str
    status: str
    tags: list[str]
    certificates: list[str]
    intended_occupations: list[str]
    intention: str
    home_district: str
    acceptable_districts: list[str]
    commute_limit_km: float | None
    free_time: str
    wage_floor_fen: int
    needs: list[str]
    employment_difficulty: bool
    refusal_count: int
    needs_follow_up: bool
    org_code: str
    version: int


class SeekerPage(Schema):
    count: int
    items: list[SeekerOut]


class ReferralOut(Schema):
    id: int
    seeker_id: int
    seeker_name: str
    opening_id: int
    opening_title: str
    employer_name: str
    status: str
    status_label: str
    source: str
    recommended_on: dt.date
    interview_on: dt.date | None
    decided_on: dt.date | None
    reason: str
    match_score: float | None
    match_reasons: list[str]
    hardship_review: bool
    version: int


class ReferralPage(Schema):
    count: int
    items: list[ReferralOut]


class ReferralIn(Schema):
    seeker_id: int
    opening_id: int
    on: dt.date | None = None


class ReferralStepIn(Schema):
    step: str = Field(..., description="interview（面试）/ hire（录用）/ not_hired（未录用）/ refuse（拒绝）")
    on: dt.date
    reason: str = ""


class FunnelRowOut(Schema):
    district_code: str
    district: str
    recommended: int
    interviewed: int
    hired: int
    retained_3: int
    retained_6: int


class FunnelOut(Schema):
    rows: list[FunnelRowOut]
    total: FunnelRowOut
