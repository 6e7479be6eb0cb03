"""The matching API: recommendations both ways, runs (start, read), confirming a pair into a referral."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from bangfu.accounts.queries import unit_for
from bangfu.jobs import queries as jobs_queries
from bangfu.matching import queries, services
from bangfu.matching.models import MatchingRun
from bangfu.matching.schemas import (
    CandidateOut,
    ConfirmOut,
    OpeningCandidatesOut,
    PairOut,
    RecommendedOpeningOut,
    RunDetailOut,
    RunIn,
    RunOut,
    RunPage,
    SeekerRecommendationsOut,
    UnassignedOut,
)

router = Router(tags=["人岗匹配"])
MAX_PAIRS = 1000


class TopQuery(Schema):
    k: int = 10


def _k(filters: TopQuery) -> int:
    return max(1, min(filters.k, 50))


@router.get(
    "/seekers/{seeker_id}/recommendations",
    response=SeekerRecommendationsOut,
    summary="求职者的推荐岗位",
    description="数据范围内通过全部硬性条件的岗位，按得分排序，附中文理由；求职者不在范围内时返回 404。",
)
def seeker_recommendations_api(
    request: HttpRequest, seeker_id: int, filters: Query[TopQuery]
) -> SeekerRecommendationsOut:
    profile = jobs_queries.seeker_for(request.user, seeker_id)
    return SeekerRecommendationsOut(
        seeker_id=profile.pk,
        items=[
            RecommendedOpeningOut(
                opening_id=r.pk,
                title=opening.title,
                employer_name=opening.employer.name,
                district_code=opening.district_code,
                wage_min_fen=opening.wage_min_fen,
                wage_max_fen=opening.wage_max_fen,
                rank=r.rank,
                score=r.score,
                parts=r.parts,
                reasons=r.reasons,
            )
            for r, opening in queries.recommended_openings(request.user, profile, k=_k(filters))
        ],
    )


@router.get(
    "/openings/{opening_id}/candidates",
    response=OpeningCandidatesOut,
    summary="岗位的推荐人选",
    description="数据范围内符合岗位条件的求职者，按得分排序，附中文理由；岗位不在范围内时返回 404。",
)
def opening_candidates_api(request: HttpRequest, opening_id: int, filters: Query[TopQuery]) -> OpeningCandidatesOut:
    opening = jobs_queries.opening_for(request.user, opening_id)
    return OpeningCandidatesOut(
        opening_id=opening.pk,
        items=[
            CandidateOut(
                seeker_id=r.pk,
                name=profile.person.name,
                rank=r.rank,
                score=r.score,
                parts=r.parts,
                reasons=r.reasons,
            )
            for r, profile in queries.recommended_seekers(request.user, opening, k=_k(filters))
        ],
    )


def _run_out(run: MatchingRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "org_code": run.org.code,
        "org_name": run.org.name,
        "status": run.status,
        "parameters": run.parameters,
        "seekers_count": run.seekers_count,
        "openings_count": run.openings_count,
        "places_count": run.places_count,
        "candidate_pairs": run.candidate_pairs,
        "assigned_count": run.assigned_count,
        "unassigned_count": run.unassigned_count,
        "total_score": run.total_score,
        "timings": run.timings,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "error": run.error,
    }


@router.get("/matching/runs", response=RunPage, summary="匹配批次列表", description="数据范围内的匹配批次，新的在前。")
def list_matching_runs(request: HttpRequest) -> RunPage:
    runs = queries.visible_runs(request.user)
    return RunPage(count=runs.count(), items=[RunOut(**_run_out(run)) for run in runs[:100]])


@router.post(
    "/matching/runs",
    response={202: RunOut},
    summary="发起匹配",
    description="对所选单位及下级单位的求职者与岗位做一对一最优分配（后台任务）；结果须工作人员确认。",
)
def create_matching_run(request: HttpRequest, payload: RunIn) -> Status[RunOut]:
    org = unit_for(request.user, payload.org_code)
    run = services.start_matching_run(actor=request.user, org=org, top_k=payload.top_k)
    run = queries.run_for(request.user, run.pk)
    return Status(202, RunOut(**_run_out(run)))


@router.get(
    "/matching/runs/{run_id}",
    response=RunDetailOut,
    summary="匹配批次详情",
    description="分配方案（得分、分项、理由）与未分配的求职者及原因；不在数据范围内时返回 404。",
)
def get_matching_run(request: HttpRequest, run_id: int) -> RunDetailOut:
    run = queries.run_for(request.user, run_id)
    pairs = [
        PairOut(
            id=p.pk,
            seeker_id=p.seeker_id,
            seeker_name=p.seeker.person.name,
            opening_id=p.opening_id,
            opening_title=p.opening.title,
            score=p.score,
            parts=p.parts,
            reasons=p.reasons,
            decision=p.decision,
            referral_id=p.referral_id,
        )
        for p in queries.run_pairs(request.user, run)[:MAX_PAIRS]
    ]
    unassigned = [
        UnassignedOut(seeker_id=u.seeker_id, seeker_name=u.seeker.person.name, reason=u.reason)
        for u in queries.run_unassigned(request.user, run)[:MAX_PAIRS]
    ]
    return RunDetailOut(**_run_out(run), pairs=pairs, unassigned=unassigned)


@router.post(
    "/matching/pairs/{pair_id}/confirm",
    response=ConfirmOut,
    summary="确认匹配结果",
    description="工作人员确认一条分配：生成推荐记录（推荐），保留得分与理由。",
)
def confirm_matching_pair(request: HttpRequest, pair_id: int) -> ConfirmOut:
    pair = queries.pair_for(request.user, pair_id)
    referral = services.confirm_pair(actor=request.user, pair=pair)
    return ConfirmOut(pair_id=pair.pk, referral_id=referral.pk)
