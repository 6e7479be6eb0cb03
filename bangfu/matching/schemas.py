"""API shapes of the matching app: recommendations with their reasons, runs with their plan."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class RecommendedOpeningOut(Schema):
    opening_id: int
    title: str
    employer_name: str
    district_code: str
    wage_min_fen: int
    wage_max_fen: int
    rank: int
    score: float
    parts: dict[str, float]
    reasons: list[str]


class SeekerRecommendationsOut(Schema):
    seeker_id: int
    items: list[RecommendedOpeningOut]


class CandidateOut(Schema):
    seeker_id: int
    name: str
    rank: int
    score: float
    parts: dict[str, float]
    reasons: list[str]


class OpeningCandidatesOut(Schema):
    opening_id: int
    items: list[CandidateOut]


class RunIn(Schema):
    org_code: str = Field(..., description="匹配范围：该单位及其下级单位的求职者与岗位")
    top_k: int = Field(20, ge=1, le=100, description="每位求职者的候选岗位数")


class PairOut(Schema):
    id: int
    seeker_id: int
    seeker_name: str
    opening_id: int
    opening_title: str
    score: float
    parts: dict[str, float]
    reasons: list[str]
    decision: str
    referral_id: int | None


class UnassignedOut(Schema):
    seeker_id: int
    seeker_name: str
    reason: str


class RunOut(Schema):
    id: int
    org_code: str
    org_name: str
    status: str
    parameters: dict[str, object]
    seekers_count: int
    openings_count: int
    places_count: int
    candidate_pairs: int
    assigned_count: int
    unassigned_count: int
    total_score: float
    timings: dict[str, int]
    created_at: dt.datetime
    finished_at: dt.datetime | None
    error: str


class RunDetailOut(RunOut):
    pairs: list[PairOut]
    unassigned: list[UnassignedOut]


class RunPage(Schema):
    count: int
    items: list[RunOut]


class ConfirmOut(Schema):
    pair_id: int
    referral_id: int
