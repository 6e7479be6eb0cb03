"""Talk teams (宣讲团): members (honoured people with their own load limit and reach), talk requests from host
units, the season planner (CP-SAT, see `honours.planner`), talks booked by hand, and the record of a talk held
(audience, a short report, photos taken on a phone — sealed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from bangfu.accounts.models import OrgUnit
from bangfu.assistance.services.visits import proof_file
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.files import seal_file
from bangfu.honours import planner
from bangfu.honours.models import (
    Honour,
    RequestStatus,
    Talk,
    TalkPhoto,
    TalkRequest,
    TalkSpeaker,
    TalkStatus,
    TalkTeam,
    TeamMember,
    TitleLevel,
    VenueKind,
)
from bangfu.honours.services.care import LEVEL_ORDER
from bangfu.honours.services.common import clean_text, require_perm, require_record, require_unit
from bangfu.people.models import Person

MAX_SEASON_DAYS = 185
MAX_DISTRICTS = 30


def create_team(*, actor: Any, org: OrgUnit, name: str, founded_on: dt.date, theme: str = "") -> TalkTeam:
    require_perm(actor, "honours.add_talkteam", "成立宣讲团")
    require_unit(actor, org, "honours.add_talkteam")
    with transaction.atomic():
        team = TalkTeam.objects.create(org=org, name=clean_text(name, "宣讲团名称", 100, required=True),
                                       theme=clean_text(theme, "宣讲主题", 100), founded_on=founded_on,
                                       created_by=actor)
        audit.record("honours.team_create", actor=actor, obj=team)
    return team


def _districts(values: list[str]) -> list[str]:
    cleaned = sorted({clean_text(value, "可到达区县", 50) for value in values if value and value.strip()})
    if len(cleaned) > MAX_DISTRICTS:
        raise ServiceError(f"可到达区县：最多 {MAX_DISTRICTS} 个")
    return cleaned


def _check_limit(max_talks: int) -> int:
    if not isinstance(max_talks, int) or not 1 <= max_talks <= 60:
        raise ServiceError(f"每轮最多场次：应为 1—60 的整数，实际为 {max_talks!r}")
    return max_talks


def best_honour(person: Person) -> Honour | None:
    held = list(Honour.objects.select_related("title").filter(person=person, revoked_on__isnull=True))
    held.sort(key=lambda h: (LEVEL_ORDER.index(TitleLevel(h.title.level)), -h.year))
    return held[0] if held else None


def add_member(*, actor: Any, team: TalkTeam, person: Person, max_talks: int = 6,
               districts: list[str] | None = None) -> TeamMember:
    """A member must hold an honour (劳模、工匠或其他先模人物) that is not revoked."""
    require_perm(actor, "honours.add_teammember", "添加宣讲团成员")
    require_record(actor, person, "people.view_person")
    honour = best_honour(person)
    if honour is None:
        raise ServiceError(f"成员：{person.name}没有有效的荣誉称号，不能加入宣讲团")
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(team=team, org=team.org, person=person, honour=honour,
                                               max_talks=_check_limit(max_talks),
                                               districts=_districts(districts or []), created_by=actor)
            audit.record("honours.member_add", actor=actor, obj=member)
    except IntegrityError:
        raise ConflictError(f"{person.name}已是该宣讲团成员") from None
    return member


def set_member_limit(*, actor: Any, member: TeamMember, max_talks: int, districts: list[str],
                     version: int) -> TeamMember:
    require_perm(actor, "honours.change_teammember", "修改宣讲员安排")
    with transaction.atomic():
        update_versioned(member, version, max_talks=_check_limit(max_talks), districts=_districts(districts))
        audit.record("honours.member_update", actor=actor, obj=member, changes={"max_talks": max_talks})
    return member


@dataclass(frozen=True)
class RequestInput:
    host_unit: str
    venue_kind: str
    district: str
    earliest: dt.date
    latest: dt.date
    speakers_needed: int = 1
    expected_audience: int = 0


def add_request(*, actor: Any, team: TalkTeam, data: RequestInput) -> TalkRequest:
    require_perm(actor, "honours.add_talkrequest", "登记宣讲邀请")
    if data.venue_kind not in VenueKind.values:
        raise ServiceError(f"场所类型：“{data.venue_kind}”不是可选项，应为企业、车间、学校或社区")
    if data.latest < data.earliest:
        raise ServiceError(f"日期：最晚日期 {data.latest} 早于最早日期 {data.earliest}")
    if not 1 <= data.speakers_needed <= 5:
        raise ServiceError("所需宣讲员：应为 1—5 人")
    with transaction.atomic():
        request = TalkRequest.objects.create(
            team=team, org=team.org, host_unit=clean_text(data.host_unit, "邀请单位", 100, required=True),
            venue_kind=data.venue_kind, district=clean_text(data.district, "所在区县", 50, required=True),
            earliest=data.earliest, latest=data.latest, speakers_needed=data.speakers_needed,
            expected_audience=max(0, data.expected_audience), created_by=actor)
        audit.record("honours.request_add", actor=actor, obj=request)
    return request


def _booked_in(team: TalkTeam, start: dt.date, end: dt.date) -> dict[int, list[dt.date]]:
    rows = TalkSpeaker.objects.filter(member__team=team, held_on__gte=start, held_on__lte=end).exclude(
        talk__status=TalkStatus.CANCELLED).values_list("member_id", "held_on")
    booked: dict[int, list[dt.date]] = {}
    for member_id, day in rows:
        booked.setdefault(member_id, []).append(day)
    return booked


def speakers_of(team: TalkTeam, start: dt.date, end: dt.date) -> list[planner.Speaker]:
    """The team's members as the planner sees them: what is left of their limit in this season."""
    booked = _booked_in(team, start, end)
    return [planner.Speaker(key=m.pk, capacity=max(0, m.max_talks - len(booked.get(m.pk, []))),
                            districts=frozenset(m.districts), busy=frozenset(booked.get(m.pk, [])))
            for m in TeamMember.objects.filter(team=team).order_by("pk")]


@dataclass(frozen=True)
class SeasonOutcome:
    scheduled: int
    unfilled: int
    greedy_baseline: int
    optimal: bool


def plan_season(*, actor: Any, team: TalkTeam, start: dt.date, end: dt.date, seconds: float = 8.0) -> SeasonOutcome:
    """Book the team's open requests in [start, end]: the planner proposes, the talks are written as planned."""
    require_perm(actor, "honours.add_talk", "安排宣讲")
    if end < start or (end - start).days > MAX_SEASON_DAYS:
        raise ServiceError(f"排期范围：结束日期不能早于开始日期，且不超过 {MAX_SEASON_DAYS} 天")
    open_requests = list(TalkRequest.objects.filter(team=team, status__in=[RequestStatus.OPEN, RequestStatus.UNFILLED],
                                                    earliest__lte=end, latest__gte=start).order_by("pk"))
    requests = [planner.Request(key=r.pk, district=r.district, needed=r.speakers_needed,
                                days=planner.season_days(r.earliest, r.latest, start, end)) for r in open_requests]
    speakers = speakers_of(team, start, end)
    plan = planner.plan_cpsat(requests, speakers, seconds=seconds)  # outside any transaction: it may take seconds
    baseline = planner.plan_greedy(requests, speakers)
    by_pk = {r.pk: r for r in open_requests}
    try:
        with transaction.atomic():
            for request_key, (day, member_keys) in sorted(plan.booked.items()):
                request = by_pk[request_key]
                talk = Talk.objects.create(team=team, org=team.org, request=request, held_on=day,
                                           venue_kind=request.venue_kind, host_unit=request.host_unit,
                                           district=request.district, created_by=actor)
                TalkSpeaker.objects.bulk_create([TalkSpeaker(talk=talk, member_id=key, held_on=day)
                                                 for key in member_keys])
                TalkRequest.objects.filter(pk=request_key).update(status=RequestStatus.SCHEDULED, reason="")
            for request_key, reason in plan.unfilled.items():
                TalkRequest.objects.filter(pk=request_key).update(status=RequestStatus.UNFILLED, reason=reason[:200])
            audit.record("honours.season_plan", actor=actor, obj=team,
                         changes={"scheduled": len(plan.booked), "unfilled": len(plan.unfilled),
                                  "start": start.isoformat(), "end": end.isoformat()})
    except IntegrityError:
        raise ConflictError("排期期间宣讲员的安排有变动，请重新排期") from None
    return SeasonOutcome(len(plan.booked), len(plan.unfilled), len(baseline.booked), plan.optimal)


@dataclass(frozen=True)
class TalkInput:
    held_on: dt.date
    venue_kind: str
    host_unit: str
    speakers: list[TeamMember]
    district: str = ""


def book_talk(*, actor: Any, team: TalkTeam, data: TalkInput) -> Talk:
    """A talk booked by hand: the same rules as the planner's (one a day, within each speaker's limit)."""
    require_perm(actor, "honours.add_talk", "安排宣讲")
    if data.venue_kind not in VenueKind.values:
        raise ServiceError(f"场所类型：“{data.venue_kind}”不是可选项")
    if not data.speakers:
        raise ServiceError("宣讲员：至少一人")
    for member in data.speakers:
        if member.team_id != team.pk:
            raise ServiceError("宣讲员：不是本宣讲团成员", status=404)
        if data.district and member.districts and data.district not in member.districts:
            raise ServiceError(f"宣讲员第 {data.speakers.index(member) + 1} 位：不能到达{data.district}")
    loads = dict(TeamMember.objects.filter(pk__in=[m.pk for m in data.speakers]).annotate(
        n=Count("bookings", filter=~Q(bookings__talk__status=TalkStatus.CANCELLED))).values_list("pk", "n"))
    for position, member in enumerate(data.speakers, start=1):
        if loads.get(member.pk, 0) >= member.max_talks:
            raise ServiceError(f"宣讲员第 {position} 位：已达本人设定的 {member.max_talks} 场上限")
    try:
        with transaction.atomic():
            talk = Talk.objects.create(team=team, org=team.org, held_on=data.held_on, venue_kind=data.venue_kind,
                                       host_unit=clean_text(data.host_unit, "邀请单位", 100, required=True),
                                       district=clean_text(data.district, "所在区县", 50), created_by=actor)
            TalkSpeaker.objects.bulk_create([TalkSpeaker(talk=talk, member=m, held_on=data.held_on)
                                             for m in data.speakers])
            audit.record("honours.talk_book", actor=actor, obj=talk, changes={"speakers": len(data.speakers)})
    except IntegrityError:
        raise ConflictError(f"宣讲员在 {data.held_on} 已有其他宣讲安排（每人每天最多一场）") from None
    return talk


def talk_photo(upload: Any) -> ContentFile | None:
    """A photo of the talk: a PNG/JPEG/WebP of at most 5 MB (the visits' rule)."""
    return proof_file(upload, "照片")


def record_talk(*, actor: Any, talk: Talk, version: int, audience: int, report: str,
                photos: list[ContentFile] | None = None, held: bool = True) -> Talk:
    """The talk as it went: held (audience, short report, photos) or cancelled."""
    require_perm(actor, "honours.change_talk", "记录宣讲")
    if not isinstance(audience, int) or not 0 <= audience <= 100_000:
        raise ServiceError("听众人数：应为 0—100000 的整数")
    if held and audience == 0:
        raise ServiceError("听众人数：已举办的宣讲应填写听众人数")
    status = TalkStatus.HELD if held else TalkStatus.CANCELLED
    with transaction.atomic():
        update_versioned(talk, version, audience=audience, report=clean_text(report, "简报", 2000), status=status)
        for photo in photos or []:
            row = TalkPhoto(talk=talk, uploaded_by=actor)
            seal_file(row.image, photo.name or "photo", photo)
            row.save()
        audit.record("honours.talk_record", actor=actor, obj=talk,
                     changes={"status": status, "audience": audience, "photos": len(photos or [])})
    return talk
