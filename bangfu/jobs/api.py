"""The jobs API: employers, openings, seekers, referrals and the funnel. Thin: queries read, services write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from bangfu.accounts.queries import unit_named_or_own
from bangfu.core.errors import ServiceError, required_version
from bangfu.core.masking import mask_phone
from bangfu.jobs import queries, services
from bangfu.jobs.models import Employer, Opening, Referral, SeekerProfile
from bangfu.jobs.schemas import (
    EmployerIn,
    EmployerOut,
    EmployerPage,
    FunnelOut,
    FunnelRowOut,
    OpeningIn,
    OpeningOut,
    OpeningPage,
    ReferralIn,
    ReferralOut,
    ReferralPage,
    ReferralStepIn,
    SeekerOut,
    SeekerPage,
)
from bangfu.jobs.slots import SlotsError, format_slots, parse_slots

router = Router(tags=["就业与岗位"])
MAX_LIMIT = 200
RecordT = TypeVar("RecordT", bound=Model)
PageT = TypeVar("PageT", bound=Schema)


class ListQuery(Schema):
    q: str = ""
    offset: int = 0
    limit: int = 50


def _window(filters: ListQuery) -> slice:
    offset = max(0, filters.offset)
    return slice(offset, offset + max(1, min(filters.limit, MAX_LIMIT)))


def _page(page: Callable[..., PageT], found: QuerySet[RecordT], filters: ListQuery,
          out: Callable[[RecordT], Schema]) -> PageT:
    """One window of a list: the count of every record found, the items of the window."""
    return page(count=found.count(), items=[out(record) for record in found[_window(filters)]])


def employer_out(employer: Employer) -> EmployerOut:
    return EmployerOut(
        id=employer.pk, name=employer.name, uscc=employer.uscc, contact_name=employer.contact_name,
        contact_phone_masked=mask_phone(employer.contact_phone), district_code=employer.district_code,
        district=queries.district_name(employer.district_code), address=employer.address, org_code=employer.org.code,
        version=employer.version,
    )


def opening_out(opening: Opening) -> OpeningOut:
    return OpeningOut(
        id=opening.pk, employer_id=opening.employer_id, employer_name=opening.employer.name, title=opening.title,
        occupation_code=opening.occupation_code, occupation_edition=opening.occupation_edition, tags=opening.tags,
        description=opening.description, district_code=opening.district_code,
        district=queries.district_name(opening.district_code), street_code=opening.street_code,
        wage_min_fen=opening.wage_min_fen, wage_max_fen=opening.wage_max_fen, shifts=format_slots(opening.shift_slots),
        positions=opening.positions, positions_filled=opening.positions_filled, positions_left=opening.positions_left,
        requirements=opening.requirements, accommodations=opening.accommodations, valid_until=opening.valid_until,
        org_code=opening.org.code, version=opening.version,
    )


def seeker_out(profile: SeekerProfile) -> SeekerOut:
    return SeekerOut(
        id=profile.pk, person_id=profile.person_id, name=profile.person.name, status=profile.status, tags=profile.tags,
        certificates=profile.certificates, intended_occupations=profile.intended_occupations,
        intention=profile.intention, home_district=profile.home_district,
        acceptable_districts=profile.acceptable_districts, commute_limit_km=profile.commute_limit_km,
        free_time=format_slots(profile.free_slots), wage_floor_fen=profile.wage_floor_fen, needs=profile.needs,
        employment_difficulty=profile.employment_difficulty, refusal_count=profile.refusal_count,
        needs_follow_up=profile.needs_follow_up, org_code=profile.org.code, version=profile.version,
    )


def referral_out(referral: Referral) -> ReferralOut:
    return ReferralOut(
        id=referral.pk, seeker_id=referral.seeker_id, seeker_name=referral.seeker.person.name,
        opening_id=referral.opening_id, opening_title=referral.opening.title,
        employer_name=referral.opening.employer.name, status=referral.status,
        status_label=str(referral.get_status_display()), source=referral.source,
        recommended_on=referral.recommended_on, interview_on=referral.interview_on, decided_on=referral.decided_on,
        reason=referral.reason, match_score=referral.match_score, match_reasons=referral.match_reasons,
        hardship_review=referral.hardship_review, version=referral.version,
    )


# --- employers ------------------------------------------------------------------------------------


@router.get("/employers", response=EmployerPage, summary="用人单位列表",
            description="数据范围内的用人单位，可按名称或信用代码搜索。")
def list_employers(request: HttpRequest, filters: Query[ListQuery]) -> EmployerPage:
    return _page(EmployerPage, queries.employers(request.user, text=filters.q), filters, employer_out)


@router.get("/employers/{employer_id}", response=EmployerOut, summary="用人单位详情",
            description="不在数据范围内时返回 404。")
def get_employer(request: HttpRequest, employer_id: int) -> EmployerOut:
    return employer_out(queries.employer_for(request.user, employer_id))


def _employer_fields(payload: EmployerIn) -> dict[str, Any]:
    return payload.dict(exclude={"org_code", "version"})


@router.post("/employers", response={201: EmployerOut}, summary="新建用人单位",
             description="统一社会信用代码须有效且未登记过。")
def create_employer_api(request: HttpRequest, payload: EmployerIn) -> Status[EmployerOut]:
    employer = services.create_employer(actor=request.user, org=unit_named_or_own(request.user, payload.org_code),
                                        **_employer_fields(payload))
    return Status(201, employer_out(employer))


@router.put("/employers/{employer_id}", response=EmployerOut, summary="修改用人单位",
            description="须提供版本号；他人已修改时返回 409。")
def update_employer_api(request: HttpRequest, employer_id: int, payload: EmployerIn) -> EmployerOut:
    employer = queries.employer_for(request.user, employer_id, "change")
    services.update_employer(actor=request.user, employer=employer, expected_version=required_version(payload.version),
                             **_employer_fields(payload))
    return employer_out(employer)


# --- openings -------------------------------------------------------------------------------------


class OpeningQuery(ListQuery):
    district: str = ""
    open_only: bool = False


@router.get("/openings", response=OpeningPage, summary="招聘岗位列表",
            description="数据范围内的岗位，可按名称、单位、职业编码、区县筛选。")
def list_openings(request: HttpRequest, filters: Query[OpeningQuery]) -> OpeningPage:
    found = queries.openings(request.user, text=filters.q, district=filters.district, open_only=filters.open_only)
    return _page(OpeningPage, found, filters, opening_out)


@router.get("/openings/{opening_id}", response=OpeningOut, summary="招聘岗位详情",
            description="不在数据范围内时返回 404。")
def get_opening(request: HttpRequest, opening_id: int) -> OpeningOut:
    return opening_out(queries.opening_for(request.user, opening_id))


def _opening_fields(request: HttpRequest, payload: OpeningIn) -> dict[str, Any]:
    fields = payload.dict(exclude={"org_code", "version", "employer_id", "shifts"})
    fields["employer"] = queries.employer_for(request.user, payload.employer_id)
    if fields["wage_max_fen"] is None:
        fields["wage_max_fen"] = fields["wage_min_fen"]
    try:
        fields["shift_slots"] = parse_slots(payload.shifts, empty=0)
    except SlotsError as exc:
        raise ServiceError(f"班次：{exc}", status=422) from None
    return fields


@router.post("/openings", response={201: OpeningOut}, summary="新建招聘岗位",
             description="岗位归属所选单位；用人单位须在数据范围内。")
def create_opening_api(request: HttpRequest, payload: OpeningIn) -> Status[OpeningOut]:
    opening = services.create_opening(actor=request.user, org=unit_named_or_own(request.user, payload.org_code),
                                      **_opening_fields(request, payload))
    return Status(201, opening_out(queries.opening_for(request.user, opening.pk)))


@router.put("/openings/{opening_id}", response=OpeningOut, summary="修改招聘岗位",
            description="须提供版本号；他人已修改时返回 409。")
def update_opening_api(request: HttpRequest, opening_id: int, payload: OpeningIn) -> OpeningOut:
    opening = queries.opening_for(request.user, opening_id, "change")
    services.update_opening(actor=request.user, opening=opening, expected_version=required_version(payload.version),
                            **_opening_fields(request, payload))
    return opening_out(queries.opening_for(request.user, opening.pk))


# --- seekers and referrals ------------------------------------------------------------------------


class SeekerQuery(ListQuery):
    status: str = ""
    flagged: bool = False


@router.get("/seekers", response=SeekerPage, summary="求职者列表",
            description="数据范围内的求职档案，可按姓名、拼音首字母、意向搜索。")
def list_seekers(request: HttpRequest, filters: Query[SeekerQuery]) -> SeekerPage:
    found = queries.seekers(request.user, text=filters.q, status=filters.status, flagged=filters.flagged)
    return _page(SeekerPage, found, filters, seeker_out)


@router.get("/seekers/{seeker_id}", response=SeekerOut, summary="求职档案详情",
            description="不在数据范围内时返回 404。")
def get_seeker(request: HttpRequest, seeker_id: int) -> SeekerOut:
    profile = queries.seeker_for(request.user, seeker_id)
    return seeker_out(profile)


class ReferralQuery(ListQuery):
    status: str = ""
    hardship_review: bool = False


@router.get("/referrals", response=ReferralPage, summary="推荐记录列表",
            description="数据范围内的推荐记录，可按状态筛选。")
def list_referrals(request: HttpRequest, filters: Query[ReferralQuery]) -> ReferralPage:
    found = queries.referrals(request.user, status=filters.status, hardship_review=filters.hardship_review)
    return _page(ReferralPage, found, filters, referral_out)


@router.get("/referrals/{referral_id}", response=ReferralOut, summary="推荐记录详情",
            description="不在数据范围内时返回 404。")
def get_referral(request: HttpRequest, referral_id: int) -> ReferralOut:
    return referral_out(queries.referral_for(request.user, referral_id))


@router.post("/referrals", response={201: ReferralOut}, summary="推荐岗位",
             description="工作人员把求职者推荐到岗位（推荐）。")
def create_referral_api(request: HttpRequest, payload: ReferralIn) -> Status[ReferralOut]:
    seeker = queries.seeker_for(request.user, payload.seeker_id)
    opening = queries.opening_for(request.user, payload.opening_id)
    referral = services.refer_seeker(actor=request.user, seeker=seeker, opening=opening, on=payload.on)
    return Status(201, referral_out(queries.referral_for(request.user, referral.pk)))


@router.post("/referrals/{referral_id}/steps", response=ReferralOut, summary="推荐进展",
             description="面试 / 录用 / 未录用 / 拒绝；录用占用一个岗位名额，第三次拒绝标记跟进。")
def advance_referral_api(request: HttpRequest, referral_id: int, payload: ReferralStepIn) -> ReferralOut:
    referral = queries.referral_for(request.user, referral_id, "change")
    services.advance_referral(actor=request.user, referral=referral, step=payload.step, on=payload.on,
                              reason=payload.reason)
    return referral_out(queries.referral_for(request.user, referral_id))


@router.get("/reports/placement-funnel", response=FunnelOut, summary="就业漏斗",
            description="按求职者居住区统计：推荐 → 面试 → 录用 → 3个月在岗 → 6个月在岗。")
def placement_funnel_api(request: HttpRequest) -> FunnelOut:
    rows = queries.placement_funnel(request.user)
    total = queries.funnel_total(rows)
    return FunnelOut(rows=[FunnelRowOut(**row.__dict__) for row in rows], total=FunnelRowOut(**total.__dict__))
