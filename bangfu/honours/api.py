"""The honours API, thin: `queries.*_for` read in scope (404 outside), the same services as the pages write
(403 without the permission, 409 stale or duplicate). Lists are bounded by `api_window`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from bangfu.accounts.queries import unit_for
from bangfu.assistance.queries import fund_for
from bangfu.core.pagination import api_window
from bangfu.honours import queries
from bangfu.honours.models import CompetitionEntry, Honour, ModelWorkerCare
from bangfu.honours.report import honours_report
from bangfu.honours.services import care, competitions, honours, talks

router = Router(tags=["劳模工匠与技能人才"])


class HonourOut(Schema):
    id: int
    holder_name: str
    person_id: int | None
    title: str
    title_code: str
    level: str
    year: int
    certificate_number: str
    awarding_document: str
    unit: str
    revoked_on: dt.date | None
    version: int


class HonourPage(Schema):
    count: int
    items: list[HonourOut]


class RegisterQuery(Schema):
    q: str = ""
    title: int | None = None
    level: str = ""
    year: int | None = None
    unit: str = ""
    offset: int = 0
    limit: int = 50


class HonourIn(Schema):
    title_id: int
    year: int
    person_id: int | None = None
    holder_name: str = ""
    org: str | None = None
    certificate_number: str = ""
    awarding_document: str = ""


class CareIn(Schema):
    person_id: int
    kind: str
    year: int
    amount_fen: int
    fund_id: int
    note: str = ""


class CareOut(Schema):
    id: int
    person_id: int
    kind: str
    year: int
    amount_fen: int
    status: str
    reasons: list[str]
    disbursement_status: str | None
    version: int


class DecisionIn(Schema):
    decision: str  # approve / reject
    version: int
    note: str = ""


class MemberOut(Schema):
    id: int
    name: str
    booked: int
    max_talks: int
    districts: list[str]


class TeamOut(Schema):
    id: int
    name: str
    members: list[MemberOut]


class PlanIn(Schema):
    start: dt.date
    end: dt.date


class PlanOut(Schema):
    scheduled: int
    unfilled: int
    greedy_baseline: int
    optimal: bool


class TalkRecordIn(Schema):
    version: int
    audience: int
    report: str = ""
    held: bool = True


class TalkOut(Schema):
    id: int
    held_on: dt.date
    venue_kind: str
    host_unit: str
    district: str
    audience: int
    status: str
    version: int


class ResultIn(Schema):
    version: int
    rank: int
    score: Decimal | None = None
    title_id: int | None = None
    certificate: str = ""


class EntryOut(Schema):
    id: int
    trade: str
    person_id: int
    rank: int | None
    score: Decimal | None
    title_won: str | None
    certificate: str
    version: int


class ReportQuery(Schema):
    org: str | None = None


class HonoursReportOut(Schema):
    unit: str
    by_title: list[dict[str, Any]]
    by_level: list[dict[str, Any]]
    care: list[dict[str, Any]]
    talks_by_venue: list[dict[str, Any]]
    talks_held: int
    talks_planned: int
    audience: int
    teams: int
    speakers: int
    competitions: int
    winners: int
    winners_by_trade: list[dict[str, Any]]
    workstations: list[dict[str, Any]]


def honour_out(honour: Honour) -> HonourOut:
    return HonourOut(id=honour.pk, holder_name=honour.holder_name, person_id=honour.person_id,
                     title=honour.title.name, title_code=honour.title.code, level=honour.title.level,
                     year=honour.year, certificate_number=honour.certificate_number,
                     awarding_document=honour.awarding_document, unit=honour.org.name, revoked_on=honour.revoked_on,
                     version=honour.version)


def care_out(service: ModelWorkerCare) -> CareOut:
    return CareOut(id=service.pk, person_id=service.person_id, kind=service.kind, year=service.year,
                   amount_fen=service.amount_fen, status=service.status, reasons=service.reasons,
                   disbursement_status=service.disbursement.status if service.disbursement else None,
                   version=service.version)


def entry_out(entry: CompetitionEntry) -> EntryOut:
    return EntryOut(id=entry.pk, trade=entry.trade.name, person_id=entry.person_id, rank=entry.rank,
                    score=entry.score, title_won=entry.title_won.name if entry.title_won else None,
                    certificate=entry.certificate, version=entry.version)


@router.get("/honours/register", response=HonourPage, summary="荣誉名册",
            description="数据范围内的有效荣誉，可按称号、级别、年度、单位（含下级）和姓名筛选。")
def list_honours(request: HttpRequest, filters: Query[RegisterQuery]) -> HonourPage:
    unit = unit_for(request.user, filters.unit) if filters.unit else None
    title = queries.title_for(request.user, filters.title) if filters.title else None
    found = queries.register(request.user, title=title, level=filters.level, year=filters.year, unit=unit,
                             text=filters.q)
    return HonourPage(count=found.count(),
                      items=[honour_out(h) for h in found[api_window(filters.limit, filters.offset)]])


@router.post("/honours/register", response={201: HonourOut}, summary="登记荣誉",
             description="人员须在数据范围内；按姓名登记（无人员档案）须指明单位；同一人同一称号同一年度重复为 409。")
def grant_honour_api(request: HttpRequest, payload: HonourIn) -> Status[HonourOut]:
    person = queries.person_for(request.user, payload.person_id) if payload.person_id else None
    org = unit_for(request.user, payload.org) if payload.org else None
    honour = honours.grant_honour(actor=request.user, data=honours.HonourInput(
        title=queries.title_for(request.user, payload.title_id), year=payload.year, person=person,
        holder_name=payload.holder_name, org=org, certificate_number=payload.certificate_number,
        awarding_document=payload.awarding_document))
    return Status(201, honour_out(queries.honour_for(request.user, honour.pk)))


@router.get("/honours/people/{person_id}", response=list[HonourOut], summary="个人荣誉",
            description="该人员的全部荣誉（含已撤销）；不在数据范围内时 404。")
def person_honours(request: HttpRequest, person_id: int) -> list[HonourOut]:
    person = queries.person_for(request.user, person_id)
    return [honour_out(h) for h in queries.honours_of(request.user, person).select_related("org")]


@router.post("/honours/care", response={201: CareOut}, summary="申报劳模服务",
             description="健康体检、疗休养、困难劳模帮扶；资格由荣誉称号和困难档案决定，不符合时 400 并说明原因。")
def propose_care_api(request: HttpRequest, payload: CareIn) -> Status[CareOut]:
    person = queries.person_for(request.user, payload.person_id)
    fund = fund_for(request.user, payload.fund_id)
    service = care.propose_care(actor=request.user, data=care.CareInput(
        person=person, kind=payload.kind, year=payload.year, amount_fen=payload.amount_fen, fund=fund,
        note=payload.note))
    return Status(201, care_out(service))


@router.get("/honours/care/{care_id}", response=CareOut, summary="劳模服务详情")
def get_care(request: HttpRequest, care_id: int) -> CareOut:
    return care_out(queries.care_for(request.user, care_id))


@router.post("/honours/care/{care_id}/decision", response=CareOut, summary="审批劳模服务",
             description="申报人以外的第二人审批（否则 403）；批准即经帮扶资金台账发放，余额不足 409；版本过期 409。")
def decide_care_api(request: HttpRequest, care_id: int, payload: DecisionIn) -> CareOut:
    service = queries.care_for(request.user, care_id)
    if payload.decision == "approve":
        care.approve_care(actor=request.user, care=service, version=payload.version)
    else:
        care.reject_care(actor=request.user, care=service, version=payload.version, note=payload.note)
    return care_out(queries.care_for(request.user, care_id))


@router.get("/honours/teams/{team_id}", response=TeamOut, summary="宣讲团及宣讲员场次")
def get_team(request: HttpRequest, team_id: int) -> TeamOut:
    team = queries.team_for(request.user, team_id)
    return TeamOut(id=team.pk, name=team.name, members=[
        MemberOut(id=m.pk, name=m.person.name, booked=m.booked, max_talks=m.max_talks,  # type: ignore[attr-defined]
                  districts=m.districts) for m in queries.members_of(request.user, team)])


@router.post("/honours/teams/{team_id}/plan", response=PlanOut, summary="排定一轮宣讲",
             description="按每位宣讲员自定的场次上限、每人每天最多一场、可到达区县排定待安排的邀请；"
                         "未能安排的邀请写明原因。")
def plan_team(request: HttpRequest, team_id: int, payload: PlanIn) -> PlanOut:
    team = queries.team_for(request.user, team_id)
    outcome = talks.plan_season(actor=request.user, team=team, start=payload.start, end=payload.end)
    return PlanOut(scheduled=outcome.scheduled, unfilled=outcome.unfilled, greedy_baseline=outcome.greedy_baseline,
                   optimal=outcome.optimal)


@router.post("/honours/talks/{talk_id}/record", response=TalkOut, summary="记录宣讲",
             description="听众人数、简报；照片请在页面上传。版本过期 409。")
def record_talk_api(request: HttpRequest, talk_id: int, payload: TalkRecordIn) -> TalkOut:
    talk = queries.talk_for(request.user, talk_id)
    talks.record_talk(actor=request.user, talk=talk, version=payload.version, audience=payload.audience,
                      report=payload.report, held=payload.held)
    return TalkOut(id=talk.pk, held_on=talk.held_on, venue_kind=talk.venue_kind, host_unit=talk.host_unit,
                   district=talk.district, audience=talk.audience, status=talk.status, version=talk.version)


@router.get("/honours/competitions/{competition_id}/entries", response=list[EntryOut], summary="竞赛成绩")
def competition_entries(request: HttpRequest, competition_id: int) -> list[EntryOut]:
    competition = queries.competition_for(request.user, competition_id)
    return [entry_out(e) for e in queries.entries_of(request.user, competition)[:2000]]


@router.post("/honours/entries/{entry_id}/result", response=EntryOut, summary="登记比赛成绩",
             description="所获称号登记为荣誉；工种技能标签和证书写入求职登记。已登记 409。")
def record_result_api(request: HttpRequest, entry_id: int, payload: ResultIn) -> EntryOut:
    entry = queries.entry_for(request.user, entry_id)
    title = queries.title_for(request.user, payload.title_id) if payload.title_id else None
    competitions.record_result(actor=request.user, entry=entry, version=payload.version, data=competitions.ResultInput(
        rank=payload.rank, score=payload.score, title_won=title, certificate=payload.certificate))
    return entry_out(queries.entry_for(request.user, entry_id))


@router.get("/reports/honours", response=HonoursReportOut, summary="劳模工匠统计",
            description="本单位及下级：荣誉按称号和级别、劳模服务及发放、宣讲场次（按场所、听众）、竞赛获奖（按工种）、"
                        "工作站（按类型和级别）。不在数据范围内的单位 404。")
def honours_report_api(request: HttpRequest, filters: Query[ReportQuery]) -> HonoursReportOut:
    unit = unit_for(request.user, filters.org, permission="honours.view_honour")
    report = honours_report(request.user, unit)
    return HonoursReportOut(
        unit=unit.name, by_title=report.by_title, by_level=report.by_level, care=report.care,
        talks_by_venue=report.talks_by_venue, talks_held=report.talks_held, talks_planned=report.talks_planned,
        audience=report.audience, teams=report.teams, speakers=report.speakers, competitions=report.competitions,
        winners=report.winners, winners_by_trade=report.winners_by_trade, workstations=report.workstations)
